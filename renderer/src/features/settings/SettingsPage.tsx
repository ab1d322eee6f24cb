import '../../rest-styles';
import { Card, Descriptions, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { ActivityEntry } from '../../../../shared/contract';
import { localDateTime } from '../../../../shared/time';
import { call } from '../../api/client';
import { useT } from '../../i18n';
import { LanguageSwitch } from '../../shell/LanguageSwitch';
import { BackupCard } from '../maintenance/BackupCard';
import { useSession } from '../workspace/store';
import { SyncSettingsCard } from '../sync/SyncSettingsCard';
import { ChainsCard } from '../reviews/ChainsCard';
import { NotificationsCard } from '../notifications/NotificationsCard';
import { useActivityLine } from './activity';

export function SettingsPage() {
  const t = useT();
  const status = useSession((s) => s.status);
  const line = useActivityLine();
  const [activity, setActivity] = useState<ActivityEntry[]>([]);
  useEffect(() => {
    void call('activity.list', { limit: 50 }).then(setActivity);
  }, []);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('settings.title')}</Typography.Title>
      <Card size="small" title={t('settings.language')}>
        <LanguageSwitch />
      </Card>
      <NotificationsCard />
      <SyncSettingsCard />
      <Card size="small" title={t('settings.workspace')}>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('settings.appVersion')}>{status?.appVersion}</Descriptions.Item>
          <Descriptions.Item label={t('settings.schemaVersion')}>{status?.schemaVersion}</Descriptions.Item>
          <Descriptions.Item label={t('settings.demo')}>{status?.demo ? t('common.yes') : t('common.no')}</Descriptions.Item>
        </Descriptions>
      </Card>
      <ChainsCard />
      <BackupCard />
      <Card size="small" title={t('settings.activity')}>
        <Table<ActivityEntry>
          rowKey="id"
          size="small"
          dataSource={activity}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: t('settings.activity.at'), dataIndex: 'at', width: 170, render: (at: number) => localDateTime(at) },
            { title: t('settings.activity.who'), dataIndex: 'actorName', width: 120 },
            { title: t('settings.activity.what'), key: 'what', render: (_: unknown, e: ActivityEntry) => line(e) },
          ]}
        />
      </Card>
    </Space>
  );
}
