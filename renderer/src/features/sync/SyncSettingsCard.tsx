import { Alert, Button, Card, Descriptions, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { localDateTime } from '../../../../shared/time';
import { useLocalized, useT } from '../../i18n';
import { useSession } from '../workspace/store';
import { SyncQueuePanel } from './SyncQueuePanel';
import { useSync, useSyncStatus } from './store';

interface ConnectForm {
  hubUrl: string;
  name: string;
  password: string;
}

type T = ReturnType<typeof useT>;

/**
 * Shows the fingerprint the hub presents and resolves with it once the person says it matches
 * what the hub admin printed (as SSH asks on first connect); null when they cancel.
 */
function confirmFingerprint(t: T, fingerprint: string, changed: boolean): Promise<string | null> {
  return new Promise((resolve) => {
    Modal.confirm({
      title: t('sync.fingerprintTitle'),
      width: 560,
      content: (
        <Space direction="vertical">
          <Typography.Text>{t('sync.fingerprintBody')}</Typography.Text>
          {changed && <Alert type="error" showIcon title={t('sync.fingerprintChanged')} />}
          <Typography.Text code copyable data-testid="hub-fingerprint" style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
            {fingerprint}
          </Typography.Text>
        </Space>
      ),
      okText: t('sync.fingerprintOk'),
      cancelText: t('sync.fingerprintCancel'),
      onOk: () => resolve(fingerprint),
      onCancel: () => resolve(null),
    });
  });
}

/** Settings → hub address and sign-in; or, when connected, where and as whom. */
export function SyncSettingsCard() {
  const t = useT();
  const loc = useLocalized();
  useSyncStatus();
  const status = useSync((s) => s.status);
  const connect = useSync((s) => s.connect);
  const probe = useSync((s) => s.probe);
  const disconnect = useSync((s) => s.disconnect);
  const syncNow = useSync((s) => s.syncNow);
  const initialized = useSession((s) => s.status?.initialized ?? false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<ConnectForm>();

  /** The fingerprint to pin: unchanged → no question; new or changed → the person compares it. */
  const checkCertificate = async (hubUrl: string, pinned: string | null): Promise<{ fingerprint?: string } | null> => {
    const seen = await probe(hubUrl);
    if (seen.fingerprint === null) return {}; // http:// to this machine
    if (pinned && seen.fingerprint === pinned) return {};
    const ok = await confirmFingerprint(t, seen.fingerprint, pinned !== null);
    return ok ? { fingerprint: ok } : null;
  };

  const submit = (values: ConnectForm): void => {
    const go = (replaceLocal: boolean, pin: { fingerprint?: string }): void => {
      setBusy(true);
      void connect({ ...values, ...pin, replaceLocal })
        .then(() => window.location.reload()) // the workspace (and who acts) came from the hub
        .finally(() => setBusy(false));
    };
    setBusy(true);
    void checkCertificate(values.hubUrl, null)
      .then((pin) => {
        if (!pin) return;
        if (!initialized) return go(false, pin);
        Modal.confirm({ title: t('sync.replaceTitle'), content: t('sync.replaceBody'), okText: t('sync.replaceOk'), onOk: () => go(true, pin) });
      })
      .finally(() => setBusy(false));
  };

  return (
    <Card size="small" title={t('sync.card')} data-testid="sync-settings">
      {status?.configured ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={t('sync.hubUrl')}>{status.hubUrl}</Descriptions.Item>
            <Descriptions.Item label={t('sync.name')}>{status.hubUser}</Descriptions.Item>
            {status.hubFingerprint && (
              <Descriptions.Item label={t('sync.fingerprint')} span={2}>
                <Typography.Text code style={{ fontSize: 11 }}>{status.hubFingerprint}</Typography.Text>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('sync.indicator')}>
              {status.online ? t('sync.online') : t('sync.offline')} · {status.pending ? t('sync.pending', { n: status.pending }) : t('sync.upToDate')}
            </Descriptions.Item>
            <Descriptions.Item label={t('sync.lastSync', { at: '' }).replace(/[:：]\s*$/, '')}>
              {status.lastSyncAt ? localDateTime(status.lastSyncAt) : t('sync.never')}
            </Descriptions.Item>
          </Descriptions>
          {status.lastError && !status.stuck && <Alert type="warning" showIcon title={loc(status.lastError)} />}
          <SyncQueuePanel />
          <Space wrap>
            <Button type="primary" onClick={() => void syncNow()} loading={status.syncing}>{t('sync.now')}</Button>
            {/* Enabled with changes waiting: main answers why it cannot disconnect yet and what to do. */}
            <Button onClick={() => void disconnect().catch(() => undefined)} data-testid="sync-disconnect">{t('sync.disconnect')}</Button>
            {status.pending > 0 && <Typography.Text type="secondary">{t('sync.queue.disconnectHint')}</Typography.Text>}
          </Space>
          <Form<{ password: string; hubUrl?: string }>
            name="hubAgain"
            layout="inline"
            disabled={busy}
            onFinish={(v) => {
              setBusy(true);
              const hubUrl = v.hubUrl ?? status.hubUrl ?? '';
              void checkCertificate(hubUrl, status.hubFingerprint)
                .then((pin) => pin && connect({ hubUrl, name: status.hubLogin ?? status.hubUser ?? '', password: v.password, replaceLocal: false, ...pin }))
                .finally(() => setBusy(false));
            }}
          >
            {legacyHttp(status.hubUrl) && (
              // Joined over http:// before TLS: the same hub at its new https:// address keeps the queue.
              <Form.Item name="hubUrl" label={t('sync.hubUrl')} initialValue={status.hubUrl?.replace(/^http:/, 'https:')} rules={[{ required: true }]}>
                <Input style={{ width: 240 }} />
              </Form.Item>
            )}
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
            <Input placeholder="https://" style={{ width: 240 }} />
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

/** An address saved before desktops required https (http:// to another machine): it must move to https://. */
function legacyHttp(url: string | null): boolean {
  if (!url?.startsWith('http:')) return false;
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return !(host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host));
  } catch {
    return true;
  }
}
