import { Alert, Button, Card, Descriptions, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { localDateTime } from '../../../../shared/time';
import { useLocalized, useT } from '../../i18n';
import { useSession } from '../../stores/session';
import { useSync, useSyncPolling } from './store';

interface ConnectForm {
  hubUrl: string;
  name: string;
  password: string;
}

/** Settings → hub address and sign-in; or, when connected, where and as whom. */
export function SyncSettingsCard() {
  const t = useT();
  const loc = useLocalized();
  useSyncPolling(5000);
  const status = useSync((s) => s.status);
  const connect = useSync((s) => s.connect);
  const disconnect = useSync((s) => s.disconnect);
  const syncNow = useSync((s) => s.syncNow);
  const initialized = useSession((s) => s.status?.initialized ?? false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<ConnectForm>();

  const submit = (values: ConnectForm): void => {
    const go = (replaceLocal: boolean): void => {
      setBusy(true);
      void connect({ ...values, replaceLocal })
        .then(() => window.location.reload()) // the workspace (and who acts) came from the hub
        .finally(() => setBusy(false));
    };
    if (!initialized) return go(false);
    Modal.confirm({ title: t('sync.replaceTitle'), content: t('sync.replaceBody'), okText: t('sync.replaceOk'), onOk: () => go(true) });
  };

  return (
    <Card size="small" title={t('sync.card')} data-testid="sync-settings">
      {status?.configured ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={t('sync.hubUrl')}>{status.hubUrl}</Descriptions.Item>
            <Descriptions.Item label={t('sync.name')}>{status.hubUser}</Descriptions.Item>
            <Descriptions.Item label={t('sync.indicator')}>
              {status.online ? t('sync.online') : t('sync.offline')} · {status.pending ? t('sync.pending', { n: status.pending }) : t('sync.upToDate')}
            </Descriptions.Item>
            <Descriptions.Item label={t('sync.lastSync', { at: '' }).replace(/[:：]\s*$/, '')}>
              {status.lastSyncAt ? localDateTime(status.lastSyncAt) : t('sync.never')}
            </Descriptions.Item>
          </Descriptions>
          {status.lastError && <Alert type="warning" showIcon title={loc(status.lastError)} />}
          <Space>
            <Button type="primary" onClick={() => void syncNow()} loading={status.syncing}>{t('sync.now')}</Button>
            <Button onClick={() => void disconnect()} disabled={status.pending > 0}>{t('sync.disconnect')}</Button>
          </Space>
          <Form<{ password: string }>
            name="hubAgain"
            layout="inline"
            disabled={busy}
            onFinish={(v) => {
              setBusy(true);
              void connect({ hubUrl: status.hubUrl ?? '', name: status.hubLogin ?? status.hubUser ?? '', password: v.password, replaceLocal: false }).finally(() => setBusy(false));
            }}
          >
            <Form.Item name="password" label={t('sync.password')} rules={[{ required: true }]} extra={t('sync.signInAgainHint')}>
              <Input.Password style={{ width: 200 }} />
            </Form.Item>
            <Form.Item>
              <Button htmlType="submit" loading={busy}>{t('sync.signInAgain')}</Button>
            </Form.Item>
          </Form>
        </Space>
      ) : (
        <Form<ConnectForm> form={form} name="hub" layout="inline" onFinish={submit} disabled={busy}>
          <Form.Item name="hubUrl" label={t('sync.hubUrl')} rules={[{ required: true }]} extra={t('sync.hubUrlHint')}>
            <Input placeholder="http://" style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="name" label={t('sync.login')} rules={[{ required: true }]}>
            <Input style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="password" label={t('sync.password')} rules={[{ required: true }]}>
            <Input.Password style={{ width: 160 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>{t('sync.connect')}</Button>
          </Form.Item>
        </Form>
      )}
    </Card>
  );
}
