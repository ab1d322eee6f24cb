import { SwapOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Layout, Menu, Modal, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ROLE_LABELS } from '../../../shared/domain';
import { PickPerson } from '../features/workspace/PickPerson';
import { useLocaleStore, useT } from '../i18n';
import { navigate, useRouter } from './router';
import { useSession } from '../features/workspace/store';
import { SyncIndicator } from '../features/sync/SyncIndicator';
import { GlobalSearch } from '../features/search/GlobalSearch';
import { LanguageSwitch } from './LanguageSwitch';
import { ReviewDrawer } from '../features/reviews/ReviewDrawer';
import { ReviewQueueBadge } from '../features/reviews/ReviewQueueBadge';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { HOME_BY_ROLE, ROUTES } from './routes';

export function Shell() {
  const t = useT();
  const locale = useLocaleStore((s) => s.locale);
  const segment = useRouter((s) => s.segments[0]);
  const actor = useSession((s) => s.actor)!;
  const [switching, setSwitching] = useState(false);
  const [collapsed, setCollapsed] = useState(() => window.innerWidth < 1200);
  // A new screen starts at its top, not at the scroll position of the last one.
  const path = useRouter((s) => s.segments.join('/'));
  const content = useRef<HTMLElement>(null);
  useEffect(() => {
    content.current?.scrollTo?.(0, 0);
    window.scrollTo?.(0, 0);
  }, [path]);
  const route = ROUTES.find((r) => r.key === segment);

  useEffect(() => {
    if (!route) navigate(`/${HOME_BY_ROLE[actor.role]}`);
  }, [route, actor.role]);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {/* Below 1200 px the sidebar folds to its icons (a 1024 px laptop keeps room for the board). */}
      <Layout.Sider
        width={200}
        theme="light"
        breakpoint="xl"
        collapsedWidth={64}
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        style={{ borderRight: '1px solid #f0f0f0' }}
        data-testid="sidebar"
        data-collapsed={collapsed}
      >
        <div style={{ padding: collapsed ? '18px 0 12px' : '18px 20px 12px', textAlign: collapsed ? 'center' : undefined }}>
          <Typography.Title level={4} style={{ margin: 0, color: '#c8102e' }} title={t('app.name')}>
            {collapsed ? t('app.name').slice(0, 1) : t('app.name')}
          </Typography.Title>
          {!collapsed && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('app.subtitle')}
            </Typography.Text>
          )}
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
            <NotificationBell key={`bell-${actor.id}`} personId={actor.id} />
            <ReviewQueueBadge key={actor.id} />
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
        <Layout.Content key={actor.id} ref={content} style={{ padding: 24, overflow: "auto" }}>
          {route?.render()}
          <ReviewDrawer />
        </Layout.Content>
      </Layout>
      <Modal open={switching} title={t('shell.switchUser')} footer={null} onCancel={() => setSwitching(false)} destroyOnHidden>
        <PickPerson enterButton={false} onDone={() => setSwitching(false)} />
      </Modal>
    </Layout>
  );
}
