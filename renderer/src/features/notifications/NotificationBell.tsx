import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, List, Popover, Space, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppNotification } from '../../../../shared/contract';
import { localShortDateTime } from '../../../../shared/time';
import { useLive } from '../../api/live';
import { useT } from '../../i18n';
import { navigate } from '../../shell/router';
import { hrefOf, popUpNew, selectItems, selectUnread, useNotifications } from './store';

/** The line a notification reads as, for the list and for a desktop pop-up. */
export function useNotificationText(): (n: AppNotification) => { title: string; body: string } {
  const t = useT();
  return useCallback(
    (n: AppNotification) => ({
      title: t(`notifications.kind.${n.kind}`, { actor: n.actorName ?? t('notifications.someone'), title: n.subject?.title ?? n.projectName ?? '' }),
      body: [n.projectName, n.detail].filter(Boolean).join(' · '),
    }),
    [t],
  );
}

/** The bell in the header: the unread count, the list, 全部已读; a click opens the thing and marks it read. */
export function NotificationBell({ personId }: { personId: string }) {
  const t = useT();
  const text = useNotificationText();
  const unread = useNotifications(selectUnread);
  const items = useNotifications(selectItems);
  const list = useNotifications((s) => s.list);
  const { load, read, readAll } = useNotifications.getState();
  const [open, setOpen] = useState(false);
  const first = useRef(true);

  useEffect(() => {
    // Another person's list (before a switch of user) is never shown or popped up as this one's.
    useNotifications.setState({ list: null });
    void load();
  }, [load]);
  useLive(() => load(), ['data', 'sync', 'reset']);

  const go = useCallback(
    (n: AppNotification) => {
      setOpen(false);
      if (!n.read) void read([n.key]);
      navigate(hrefOf(n).slice(1));
    },
    [read],
  );

  useEffect(() => {
    if (!list) return;
    popUpNew(personId, list, text, first.current, go);
    first.current = false;
  }, [list, personId, text, go]);

  const content = (
    <div style={{ width: 380 }} data-testid="notification-list">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Text strong>{t('notifications.title')}</Typography.Text>
        <Button size="small" type="link" disabled={unread === 0} onClick={() => void readAll()}>
          {t('notifications.readAll')}
        </Button>
      </Space>
      <List
        size="small"
        dataSource={items}
        locale={{ emptyText: t('notifications.empty') }}
        style={{ maxHeight: 420, overflow: 'auto' }}
        renderItem={(n) => {
          const { title, body } = text(n);
          return (
            <List.Item
              data-testid="notification"
              data-kind={n.kind}
              data-read={n.read}
              style={{ cursor: 'pointer', background: n.read ? undefined : '#fff7f7', paddingInline: 8 }}
              onClick={() => go(n)}
            >
              <List.Item.Meta
                avatar={<Badge dot={!n.read} />}
                title={<Typography.Text strong={!n.read}>{title}</Typography.Text>}
                description={
                  <Space orientation="vertical" size={0}>
                    {body && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{body}</Typography.Text>}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {localShortDateTime(n.at)}
                    </Typography.Text>
                  </Space>
                }
              />
            </List.Item>
          );
        }}
      />
    </div>
  );

  return (
    <Popover open={open} onOpenChange={setOpen} trigger="click" placement="bottomRight" content={content}>
      <Badge count={unread} size="small" offset={[-4, 4]}>
        <Button type="text" icon={<BellOutlined />} aria-label={t('notifications.bellCount', { n: unread })} data-testid="notification-bell" data-count={unread} />
      </Badge>
    </Popover>
  );
}
