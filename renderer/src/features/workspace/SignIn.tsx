import { Card, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { Team } from '../../../../shared/contract';
import { call } from '../../api/client';
import { useT } from '../../i18n';
import { LanguageSwitch } from '../../shell/LanguageSwitch';
import { PickPerson } from './PickPerson';

/** In a workspace that has people: pick who you are (on a synced desktop, others need their hub password). */
export function SignIn() {
  const t = useT();
  const [teams, setTeams] = useState<Team[]>([]);
  useEffect(() => {
    void call('teams.list', {}).then(setTeams);
  }, []);
  return (
    <div style={{ maxWidth: 560, margin: '14vh auto', padding: 24 }}>
      <Card
        title={
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <span>{t('signin.title')}</span>
            <LanguageSwitch />
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('signin.hint')}</Typography.Paragraph>
        <PickPerson teams={teams} enterButton />
      </Card>
    </div>
  );
}
