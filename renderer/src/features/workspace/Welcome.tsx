import '../../rest-styles';
import { Button, Card, Col, Form, Input, Row, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { STANDARD_TEAMS } from '../../../../shared/domain';
import { useLocaleStore, useT } from '../../i18n';
import { LanguageSwitch } from '../../shell/LanguageSwitch';
import { useSession } from './store';
import { SyncSettingsCard } from '../sync/SyncSettingsCard';

/** First run: a demo center to look around, or an empty one with its first admin. */
export function Welcome() {
  const t = useT();
  const locale = useLocaleStore((s) => s.locale);
  const setupDemo = useSession((s) => s.setupDemo);
  const setupEmpty = useSession((s) => s.setupEmpty);
  const [busy, setBusy] = useState<'demo' | 'empty' | null>(null);
  const [form] = Form.useForm<{ name: string; title: string; teamKey: string }>();

  const run = async (which: 'demo' | 'empty', fn: () => Promise<void>) => {
    setBusy(which);
    try {
      await fn();
    } finally {
      setBusy(null);
    }
  };

  return (
    <div style={{ maxWidth: 920, margin: '8vh auto', padding: 24 }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('onboarding.welcome')}
        </Typography.Title>
        <LanguageSwitch />
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('onboarding.intro')}
      </Typography.Paragraph>
      <Row gutter={24} style={{ marginTop: 24 }}>
        <Col span={12}>
          <Card title={t('onboarding.emptyTitle')}>
            <Typography.Paragraph>{t('onboarding.emptyText')}</Typography.Paragraph>
            <Form
              form={form}
              layout="vertical"
              initialValues={{ name: '', title: '', teamKey: STANDARD_TEAMS[0]!.key }}
              onFinish={(v) => run('empty', () => setupEmpty(v.name, v.title, v.teamKey))}
            >
              <Form.Item name="name" label={t('onboarding.adminName')} rules={[{ required: true, whitespace: true, message: t('onboarding.nameRequired') }]}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="title" label={t('onboarding.adminTitle')}>
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item name="teamKey" label={t('onboarding.adminTeam')}>
                <Select options={STANDARD_TEAMS.map((tm) => ({ value: tm.key, label: locale === 'en' ? tm.en : tm.zh }))} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy === 'empty'} disabled={busy !== null}>
                {t('onboarding.createAdmin')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col span={12}>
          <Card title={t('onboarding.demoTitle')}>
            <Typography.Paragraph>{t('onboarding.demoText')}</Typography.Paragraph>
            <Button onClick={() => run('demo', setupDemo)} loading={busy === 'demo'} disabled={busy !== null}>
              {t('onboarding.demoButton')}
            </Button>
          </Card>
        </Col>
      </Row>
      <div style={{ marginTop: 24 }}><SyncSettingsCard /></div>
    </div>
  );
}
