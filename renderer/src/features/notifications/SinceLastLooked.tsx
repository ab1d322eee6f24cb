import { Card, Collapse, Empty, List, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { SINCE_LOOKED_KINDS } from '../../../../shared/notifications';
import { localShortDateTime } from '../../../../shared/time';
import { useT } from '../../i18n';
import { navigate } from '../../shell/router';
import { useNotificationText } from './NotificationBell';
import { hrefOf, selectItems, useNotifications } from './store';

/**
 * The top of My tasks: what changed on my tasks and deliverables since I last
 * opened this page — new assignments, mentions, others' edits, reviews decided —
 * grouped by project. Opening the page moves "last looked" on (for the next visit, on
 * this desktop); this visit keeps the list it opened with.
 */
export function SinceLastLooked({ personId }: { personId: string }) {
  const t = useT();
  const text = useNotificationText();
  const items = useNotifications(selectItems);
  const [since, setSince] = useState<number | null>(null);
  useEffect(() => {
    // Per desktop, in the window's storage: looking is not a change to the center's data (no
    // command, nothing queued for the hub), so it stays on this machine.
    const key = `crewdesk.looked.${personId}`;
    let prev = 0;
    try {
      prev = Number(localStorage.getItem(key) ?? 0) || 0;
      localStorage.setItem(key, String(Date.now()));
    } catch {
      // No storage: every visit shows the last two weeks.
    }
    setSince(prev);
  }, [personId]);
  const groups = useMemo(() => {
    if (since === null) return [];
    const map = new Map<string, typeof items>();
    for (const n of items) {
      if (n.at <= since || !SINCE_LOOKED_KINDS.includes(n.kind)) continue;
      const key = n.projectName ?? '—';
      map.set(key, [...(map.get(key) ?? []), n]);
    }
    return [...map.entries()];
  }, [items, since]);
  if (since === null) return null;
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="since-last-looked"
      title={t('notifications.since')}
      extra={<Typography.Text type="secondary">{since ? t('notifications.sinceAt', { at: localShortDateTime(since) }) : t('notifications.sinceNever')}</Typography.Text>}
    >
      {groups.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.sinceNothing')} />
      ) : (
        <Collapse
          size="small"
          ghost
          defaultActiveKey={groups.map(([p]) => p)}
          items={groups.map(([project, list]) => ({
            key: project,
            label: `${project}（${list.length}）`,
            children: (
              <List
                size="small"
                dataSource={list.slice(0, 10)}
                renderItem={(n) => (
                  <List.Item data-testid="since-item" style={{ cursor: 'pointer' }} onClick={() => navigate(hrefOf(n).slice(1))}>
                    <Typography.Text>{text(n).title}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {localShortDateTime(n.at)}
                    </Typography.Text>
                  </List.Item>
                )}
              />
            ),
          }))}
        />
      )}
    </Card>
  );
}
