import { App, Button, Card, Checkbox, Form, Select, Space, Switch, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import type { ProjectSummary } from '../../../../shared/contract';
import { NOTIFICATION_KINDS, type NotificationKind, type NotificationPrefs } from '../../../../shared/notifications';
import { callQuiet } from '../../api/client';
import { useLabel, useT } from '../../i18n';
import { desktopSupported, selectPrefs, useNotifications } from './store';

const toTime = (m: number | null): Dayjs | null => (m === null ? null : dayjs().startOf('day').add(m, 'minute'));
const toMinutes = (d: Dayjs | null): number | null => (d ? d.hour() * 60 + d.minute() : null);

/** Settings → 通知设置: kinds, muted projects, desktop pop-ups and quiet hours (the person's own, synced). */
export function NotificationsCard() {
  const t = useT();
  const label = useLabel();
  const { message } = App.useApp();
  const prefs = useNotifications(selectPrefs);
  const { load, setPrefs } = useNotifications.getState();
  const [projects, setProjects] = useState<ProjectSummary[]>([]);
  const [permission, setPermission] = useState(() => (desktopSupported() ? Notification.permission : 'denied'));
  useEffect(() => {
    void load();
    void callQuiet('projects.list', {}).then(setProjects, () => undefined);
  }, [load]);
  if (!prefs) return null;
  const save = async (patch: Partial<NotificationPrefs>) => {
    await setPrefs({ ...prefs, ...patch });
    message.success(t('notifications.saved'));
  };
  const enabled = NOTIFICATION_KINDS.map((k) => k.code).filter((k) => !prefs.disabledKinds.includes(k));
  return (
    <Card size="small" title={t('notifications.settingsTitle')} data-testid="notifications-card">
      <Typography.Paragraph type="secondary">{t('notifications.settingsHint')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('notifications.kinds')}>
          <Checkbox.Group
            value={enabled}
            onChange={(v) => void save({ disabledKinds: NOTIFICATION_KINDS.map((k) => k.code).filter((k) => !(v as NotificationKind[]).includes(k)) })}
            options={NOTIFICATION_KINDS.map((k) => ({ value: k.code, label: label(NOTIFICATION_KINDS, k.code) }))}
          />
        </Form.Item>
        <Form.Item label={t('notifications.muted')}>
          <Select
            mode="multiple"
            aria-label={t('notifications.muted')}
            placeholder={t('notifications.mutedPlaceholder')}
            style={{ maxWidth: 560 }}
            value={prefs.mutedProjects}
            optionFilterProp="label"
            onChange={(mutedProjects: string[]) => void save({ mutedProjects })}
            options={projects.map((p) => ({ value: p.id, label: p.name }))}
          />
        </Form.Item>
        <Form.Item label={t('notifications.desktop')} extra={t('notifications.desktopHint')}>
          <Space wrap>
            <Switch aria-label={t('notifications.desktop')} checked={prefs.desktop} onChange={(desktop) => void save({ desktop })} />
            {desktopSupported() && permission !== 'granted' && (
              <Button
                size="small"
                disabled={permission === 'denied'}
                onClick={() => void Notification.requestPermission().then(setPermission)}
              >
                {t('notifications.allowDesktop')}
              </Button>
            )}
            {permission === 'denied' && <Typography.Text type="warning">{t('notifications.desktopDenied')}</Typography.Text>}
          </Space>
        </Form.Item>
        <Form.Item label={t('notifications.quiet')} extra={t('notifications.quietHint')}>
          <TimePicker.RangePicker
            format="HH:mm"
            minuteStep={15}
            order={false}
            aria-label={t('notifications.quiet')}
            placeholder={[t('notifications.quietFrom'), t('notifications.quietTo')]}
            value={prefs.quietStart === null ? null : [toTime(prefs.quietStart), toTime(prefs.quietEnd)]}
            onChange={(v) => void save({ quietStart: toMinutes(v?.[0] ?? null), quietEnd: toMinutes(v?.[1] ?? null) })}
          />
        </Form.Item>
      </Form>
    </Card>
  );
}
