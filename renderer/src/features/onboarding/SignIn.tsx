import { Button, Card, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { Team } from '../../../../shared/contract';
import { call } from '../../api/client';
import { PersonSelect } from '../../components/PersonSelect';
import { useT } from '../../i18n';
import { LanguageSwitch } from '../../shell/LanguageSwitch';
import { useSession } from '../../stores/session';

/** In a workspace that has people: pick who you are. Everything you do is recorded under that name. */
export function SignIn() {
  const t = useT();
  const signIn = useSession((s) => s.signIn);
  const [personId, setPersonId] = useState<string | null>(null);
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
        <Space.Compact style={{ width: '100%' }}>
          <PersonSelect
            aria-label={t('signin.placeholder')}
            autoFocus
            teams={teams}
            value={personId}
            onChange={(id) => setPersonId(id)}
            placeholder={t('signin.placeholder')}
            style={{ flex: 1 }}
          />
          <Button type="primary" disabled={!personId} onClick={() => personId && void signIn(personId)}>
            {t('signin.enter')}
          </Button>
        </Space.Compact>
      </Card>
    </div>
  );
}
