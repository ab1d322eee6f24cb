import { Alert, App, Button, Modal, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { SyncQueue, SyncQueueItem } from '../../../../shared/contract';
import { localDateTime } from '../../../../shared/time';
import { call, desktop } from '../../api/client';
import { useLocalized, useT } from '../../i18n';
import { useSync } from './store';

/**
 * Settings → sync: what is waiting to reach the hub. When the hub keeps failing on the oldest
 * change, says so with the hub's answer, and lets the person export the queue and clear it.
 */
export function SyncQueuePanel() {
  const t = useT();
  const loc = useLocalized();
  const { message } = App.useApp();
  const status = useSync((s) => s.status);
  const refresh = useSync((s) => s.refresh);
  const [queue, setQueue] = useState<SyncQueue | null>(null);
  const [busy, setBusy] = useState(false);
  const pending = status?.pending ?? 0;
  const stuckId = status?.stuck?.mutationId ?? null;

  const load = useCallback(() => void call('sync.queue', { limit: 100 }).then(setQueue).catch(() => undefined), []);
  useEffect(load, [load, pending, stuckId]);

  if (!status?.configured || !queue || (queue.total === 0 && !pending)) return null;
  const stuck = queue.stuck ?? status.stuck ?? null;
  const last = queue.items[queue.items.length - 1]?.mutationId ?? 0;

  const exportQueue = async (): Promise<void> => {
    setBusy(true);
    try {
      const file = await call('sync.exportQueue', {});
      const where = await desktop.saveFile('export', file.fileName, file.json, 'application/json');
      if (where) void message.success(t('sync.queue.exported', { n: file.count, path: where }));
    } finally {
      setBusy(false);
    }
  };

  const clear = (through: number, n: number): void => {
    Modal.confirm({
      title: t('sync.queue.clearTitle', { n }),
      content: t('sync.queue.clearBody'),
      okText: t('sync.queue.clearOk'),
      okButtonProps: { danger: true },
      onOk: async () => {
        const r = await call('sync.clearQueue', { through, confirm: true });
        void message.success(t('sync.queue.cleared', { n: r.cleared }));
        await refresh();
        load();
      },
    });
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="sync-queue">
      <Typography.Text strong>{t('sync.queue.title')}</Typography.Text>
      {stuck && (
        <Alert
          type="error"
          showIcon
          data-testid="sync-stuck"
          title={t('sync.queue.stuckTitle', { name: stuck.name })}
          description={
            <Space direction="vertical" size={2}>
              <Typography.Text>{t('sync.queue.stuckReason', { n: stuck.attempts, reason: loc(stuck.error) })}</Typography.Text>
              <Typography.Text type="secondary">{t('sync.queue.stuckHint')}</Typography.Text>
            </Space>
          }
        />
      )}
      <Typography.Text type="secondary">{t('sync.queue.count', { n: queue.total })}</Typography.Text>
      <Table<SyncQueueItem>
        rowKey="mutationId"
        size="small"
        dataSource={queue.items}
        pagination={{ pageSize: 5, hideOnSinglePage: true }}
        rowClassName={(r) => (r.mutationId === stuck?.mutationId ? 'ant-table-row-selected' : '')}
        columns={[
          { title: t('sync.queue.at'), dataIndex: 'at', width: 160, render: (at: number) => localDateTime(at) },
          { title: t('sync.queue.who'), dataIndex: 'actorName', width: 100 },
          {
            title: t('sync.queue.what'),
            dataIndex: 'summary',
            render: (s: string, r) => (
              <Space direction="vertical" size={0}>
                <Typography.Text ellipsis style={{ maxWidth: 420 }}>{s}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.name}</Typography.Text>
              </Space>
            ),
          },
        ]}
      />
      <Space wrap>
        <Button onClick={() => void exportQueue()} loading={busy} data-testid="sync-queue-export">{t('sync.queue.export')}</Button>
        {stuck && (
          <Button danger onClick={() => clear(stuck.mutationId, 1)} data-testid="sync-queue-clear-head">{t('sync.queue.clearHead')}</Button>
        )}
        <Button danger onClick={() => clear(last, queue.items.length)} disabled={!last} data-testid="sync-queue-clear-all">{t('sync.queue.clearAll')}</Button>
      </Space>
    </Space>
  );
}
