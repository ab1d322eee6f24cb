import { App, Button, Card, Descriptions, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import type { BackupInfo } from '../../../../shared/contract';
import { localDateTime } from '../../../../shared/time';
import { useT } from '../../i18n';
import { useSession } from '../workspace/store';
import { useMaintenance } from './store';
import { useSync } from '../sync/store';
import { isAdmin as roleIsAdmin } from '../../../../shared/policy/roles';

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const KIND_COLOR: Record<BackupInfo['kind'], string> = { manual: 'blue', daily: 'green', 'pre-migration': 'orange', 'pre-restore': 'purple' };

/** Settings → Backup & restore: where the data lives, the backups, back up now, restore one. */
export function BackupCard() {
  const t = useT();
  const { message } = App.useApp();
  const isAdmin = useSession((s) => roleIsAdmin(s.actor?.role));
  const status = useMaintenance((s) => s.status);
  const backups = useMaintenance((s) => s.backups);
  const busy = useMaintenance((s) => s.busy);
  const loadBackups = useMaintenance((s) => s.loadBackups);
  const backup = useMaintenance((s) => s.backup);
  const restore = useMaintenance((s) => s.restore);
  const checkMode = useMaintenance((s) => s.checkMode);
  const synced = useSync((s) => s.status?.configured ?? false);

  // Paths are for admins only (main/core/read-scopes): the status read at start, before anyone
  // signed in, has none, so an admin's card reads it again.
  const needsPaths = isAdmin && status !== null && status.mode === 'normal' && status.dataFile === null;
  const askedAgain = useRef(false);
  useEffect(() => {
    if (!status) void checkMode();
    else if (needsPaths && !askedAgain.current) {
      askedAgain.current = true;
      void checkMode();
    }
    if (isAdmin) void loadBackups();
  }, [isAdmin, status, needsPaths, checkMode, loadBackups]);

  const onRestore = async (b: BackupInfo): Promise<void> => {
    const r = await restore(b.name);
    void message.success(t('maintenance.restored', { kept: r.previousKeptAs ?? '—' }), 2);
    setTimeout(() => window.location.reload(), 1500);
  };

  return (
    <Card size="small" title={t('maintenance.card')} data-testid="backup-card">
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('maintenance.dataFile')}>
            {status?.dataFile
              ? <Typography.Text code copyable>{status.dataFile}</Typography.Text>
              : <Typography.Text type="secondary">{status && !isAdmin ? t('maintenance.pathsAdminsOnly') : '…'}</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label={t('maintenance.backupsDir')}>
            {status?.backupsDir
              ? <Typography.Text code copyable>{status.backupsDir}</Typography.Text>
              : <Typography.Text type="secondary">{status && !isAdmin ? t('maintenance.pathsAdminsOnly') : '…'}</Typography.Text>}
          </Descriptions.Item>
        </Descriptions>
        <Typography.Text type="secondary">{t('maintenance.policy')}</Typography.Text>
        {!isAdmin ? (
          <Typography.Text type="secondary">{t('maintenance.adminOnly')}</Typography.Text>
        ) : (
          <>
            <Button
              type="primary"
              loading={busy}
              onClick={() => void backup().then((b) => message.success(t('maintenance.backedUp', { name: b.name })))}
            >
              {t('maintenance.backupNow')}
            </Button>
            <Table<BackupInfo>
              rowKey="name"
              size="small"
              dataSource={backups}
              locale={{ emptyText: t('maintenance.none') }}
              pagination={{ pageSize: 8, hideOnSinglePage: true }}
              columns={[
                { title: t('maintenance.col.at'), dataIndex: 'at', width: 170, render: (at: number) => localDateTime(at) },
                {
                  title: t('maintenance.col.kind'),
                  dataIndex: 'kind',
                  width: 120,
                  render: (k: BackupInfo['kind']) => <Tag color={KIND_COLOR[k]}>{t(`maintenance.kind.${k}`)}</Tag>,
                },
                { title: t('maintenance.col.size'), dataIndex: 'size', width: 90, render: (s: number) => formatSize(s) },
                { title: t('maintenance.col.version'), dataIndex: 'schemaVersion', width: 100 },
                {
                  title: '',
                  key: 'restore',
                  width: 90,
                  render: (_: unknown, b) => (
                    <Popconfirm
                      title={t('maintenance.restoreTitle')}
                      description={<div style={{ maxWidth: 360 }}>{t(synced ? 'maintenance.restoreBodySynced' : 'maintenance.restoreBody', { at: localDateTime(b.at) })}</div>}
                      okText={t('maintenance.restoreOk')}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => onRestore(b)}
                    >
                      <Button size="small" disabled={busy}>
                        {t('maintenance.restore')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]}
            />
          </>
        )}
      </Space>
    </Card>
  );
}
