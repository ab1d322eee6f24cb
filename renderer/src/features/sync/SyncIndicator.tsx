import { CloudOutlined, CloudSyncOutlined, DisconnectOutlined, LaptopOutlined } from '@ant-design/icons';
import { Badge, Button, notification, Popover, Space, Tag, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { localDateTime } from '../../../../shared/time';
import { useLocalized, useT } from '../../i18n';
import { ConflictList, useConflictPopups } from './ConflictNotices';
import { useSync, useSyncStatus } from './store';

/** Always in the header: online/offline, changes waiting, last sync, and "sync now". */
export function SyncIndicator() {
  const t = useT();
  const loc = useLocalized();
  useSyncStatus();
  const status = useSync((s) => s.status);
  const syncNow = useSync((s) => s.syncNow);
  const dismiss = useSync((s) => s.dismissNotices);
  const seen = useRef(new Set<number>());

  // A change the hub refused was undone here: say so once, clearly.
  useEffect(() => {
    for (const n of status?.notices ?? []) {
      if (seen.current.has(n.id)) continue;
      seen.current.add(n.id);
      const title = t(n.command === 'sync.clearQueue' ? 'sync.clearedTitle' : 'sync.rejectedTitle');
      notification.warning({ key: `sync-${n.id}`, title, description: loc(n.message), duration: 0 });
    }
  }, [status?.notices, t, loc]);

  // A later change at the hub replaced one of the person's: say so once, with both values.
  useConflictPopups(status?.conflicts);

  if (!status) return null;
  if (!status.configured) {
    return (
      <Popover content={t('sync.localHint')}>
        <Tag icon={<LaptopOutlined />} data-testid="sync-status">{t('sync.local')}</Tag>
      </Popover>
    );
  }
  const state = status.syncing ? 'syncing' : status.online ? 'online' : 'offline';
  const icon = state === 'syncing' ? <CloudSyncOutlined spin /> : state === 'online' ? <CloudOutlined /> : <DisconnectOutlined />;
  const color = state === 'offline' ? 'orange' : 'green';
  const details = (
    <Space direction="vertical" size={4} style={{ maxWidth: 320 }}>
      <Typography.Text>{t('sync.connectedAs', { name: status.hubUser ?? '', url: status.hubUrl ?? '' })}</Typography.Text>
      <Typography.Text>{status.pending ? t('sync.pending', { n: status.pending }) : t('sync.upToDate')}</Typography.Text>
      <Typography.Text type="secondary">
        {status.lastSyncAt ? t('sync.lastSync', { at: localDateTime(status.lastSyncAt) }) : t('sync.never')}
      </Typography.Text>
      {status.stuck && (
        <Typography.Text type="danger" data-testid="sync-stuck-line">
          {t('sync.queue.stuckTitle', { name: status.stuck.name })}: {loc(status.stuck.error)}
        </Typography.Text>
      )}
      {status.lastError && !status.stuck && <Typography.Text type="warning">{loc(status.lastError)}</Typography.Text>}
      {status.notices.length > 0 && (
        <>
          <Typography.Text strong>{t('sync.notices')}</Typography.Text>
          {status.notices.map((n) => (
            <Typography.Text key={n.id} type="danger">{loc(n.message)}</Typography.Text>
          ))}
          <Button size="small" onClick={() => void dismiss()}>{t('sync.dismiss')}</Button>
        </>
      )}
      <ConflictList conflicts={status.conflicts ?? []} />
      <Button type="primary" size="small" icon={<CloudSyncOutlined />} loading={status.syncing} onClick={() => void syncNow()}>
        {t('sync.now')}
      </Button>
    </Space>
  );
  return (
    <Popover content={details} title={t('sync.indicator')} trigger="click">
      <span data-testid="sync-badge">
        <Badge count={status.pending} size="small" offset={[-4, 2]} dot={!status.pending && (status.conflicts ?? []).length > 0}>
          <Tag icon={icon} color={color} style={{ cursor: 'pointer' }} data-testid="sync-status" data-state={state}>
            {t(state === 'syncing' ? 'sync.syncing' : state === 'online' ? 'sync.online' : 'sync.offline')}
          </Tag>
        </Badge>
      </span>
    </Popover>
  );
}
