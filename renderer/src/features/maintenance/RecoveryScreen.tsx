import '../../rest-styles';
import { Alert, App, Button, Card, List, Result, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { BackupInfo } from '../../../../shared/contract';
import { localDateTime } from '../../../../shared/time';
import { callQuiet } from '../../api/client';
import { useLocalized, useT } from '../../i18n';
import { LanguageSwitch } from '../../shell/LanguageSwitch';
import { formatSize } from './BackupCard';
import { useMaintenance } from './store';

/**
 * Shown instead of the app when the database could not be opened at start
 * (damaged, unreadable, or from a newer version). Nothing is overwritten until
 * a person picks a backup here.
 */
export function RecoveryScreen() {
  const t = useT();
  const localized = useLocalized();
  const { message } = App.useApp();
  const status = useMaintenance((s) => s.status);
  const backups = useMaintenance((s) => s.backups);
  const loadBackups = useMaintenance((s) => s.loadBackups);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void loadBackups();
  }, [loadBackups]);

  const done = (): void => {
    void message.success(t('maintenance.recovery.done'), 1.5);
    setTimeout(() => window.location.reload(), 1200);
  };

  /** Tries the backups newest first; a damaged one is skipped with its reason. */
  const restoreFrom = async (list: BackupInfo[]): Promise<void> => {
    setBusy(true);
    setError(null);
    const reasons: string[] = [];
    try {
      for (const b of list) {
        try {
          await callQuiet('maintenance.restore', { name: b.name });
          done();
          return;
        } catch (e) {
          const err = e as { localized?: { zh: string; en: string }; message?: string };
          reasons.push(`${b.name}: ${err.localized ? localized(err.localized) : err.message}`);
          if ((e as { code?: string }).code !== 'VALIDATION') break;
        }
      }
      setError(reasons.join('\n'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ maxWidth: 820, margin: '40px auto', padding: 16 }} data-testid="recovery-screen">
      <div style={{ textAlign: 'right' }}>
        <LanguageSwitch />
      </div>
      <Result
        status="error"
        title={t('maintenance.recovery.title')}
        subTitle={status?.problem ? localized(status.problem) : ''}
        extra={
          backups.length ? (
            <Button type="primary" size="large" loading={busy} onClick={() => void restoreFrom(backups)}>
              {t('maintenance.recovery.newest')}
            </Button>
          ) : null
        }
      >
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Paragraph>{t('maintenance.recovery.intro')}</Typography.Paragraph>
          <Typography.Text>
            {t('maintenance.dataFile')}: <Typography.Text code>{status?.dataFile}</Typography.Text>
          </Typography.Text>
          {error && <Alert type="error" showIcon description={<pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{error}</pre>} />}
          {backups.length === 0 ? (
            <Alert type="warning" showIcon description={t('maintenance.recovery.noBackups')} />
          ) : (
            <Card size="small" title={t('maintenance.recovery.pick')}>
              <List<BackupInfo>
                size="small"
                dataSource={backups}
                renderItem={(b) => (
                  <List.Item
                    actions={[
                      <Button key="r" size="small" disabled={busy} onClick={() => void restoreFrom([b])}>
                        {t('maintenance.restore')}
                      </Button>,
                    ]}
                  >
                    <Space>
                      <span>{localDateTime(b.at)}</span>
                      <Tag>{t(`maintenance.kind.${b.kind}`)}</Tag>
                      <Typography.Text type="secondary">{formatSize(b.size)}</Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            </Card>
          )}
        </Space>
      </Result>
    </div>
  );
}
