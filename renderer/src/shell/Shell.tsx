import { SwapOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Layout, Menu, Modal, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ROLE_LABELS } from '../../../shared/domain';
import { PickPerson } from '../features/workspace/PickPerson';
import { useLocaleStore, useT } from '../i18n';
import { navigate, useRouter } from './router';
import { useSession } from '../features/workspace/store';
import { SyncIndicator } from '../features/sync/SyncIndicator';
import { GlobalSearch } from '../features/search/GlobalSearch';
import { LanguageSwitch } from './LanguageSwitch';
import { HOME_BY_ROLE, ROUTES } from './routes';

export function Shell() {
  const t = useT();
  const locale = useLocaleStore((s) => s.locale);
  const segment = useRouter((s) => s.segments[0]);
  const actor = useSession((s) => s.actor)!;
  const [switching, setSwitching] = useState(false);
  const route = ROUTES.find((r) => r.key === segment);

  useEffect(() => {
    if (!route) navigate(`/${HOME_BY_ROLE[actor.role]}`);
  }, [route, actor.role]);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={200} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '18px 20px 12px' }}>
          <Typography.Title level={4} style={{ margin: 0, color: '#c8102e' }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('app.subtitle')}
          </Typography.Text>
        </div>
        <Menu
          mode="inline"
          selectedKeys={route ? [route.key] : []}
          onClick={(e) => navigate(`/${e.key}`)}
          items={ROUTES.map((r) => ({ key: r.key, icon: r.icon, label: t(r.label) }))}
          style={{ borderInlineEnd: 'none' }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{ background: '#fff', borderBottom: '1px solid #f0f0f0', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', paddingInline: 24 }}
        >
          <Space size={16}>
            <GlobalSearch />
            <SyncIndicator />
            <LanguageSwitch />
            <Space size={8} data-testid="current-user">
              <Avatar size="small" icon={<UserOutlined />} />
              <span>{actor.name}</span>
              <Tag color="red">{ROLE_LABELS[actor.role][locale === 'en' ? 'en' : 'zh']}</Tag>
            </Space>
            <Button size="small" icon={<SwapOutlined />} onClick={() => setSwitching(true)}>
              {t('shell.switchUser')}
            </Button>
          </Space>
        </Layout.Header>
        {/* Keyed by who acts, so every view reloads its data after switching user. */}
        <Layout.Content key={actor.id} style={{ padding: 24, overflow: "auto" }}>
          {route?.render()}
        </Layout.Content>
      </Layout>
      <Modal open={switching} title={t('shell.switchUser')} footer={null} onCancel={() => setSwitching(false)} destroyOnHidden>
        <PickPerson enterButton={false} onDone={() => setSwitching(false)} />
      </Modal>
    </Layout>
  );
}
