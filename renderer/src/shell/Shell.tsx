import { SwapOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Layout, Menu, Modal, Skeleton, Space, Spin, Tag } from 'antd';
import { Suspense, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { ROLE_LABELS } from '../../../shared/domain';
import { useLocaleStore, useT } from '../i18n';
import { navigate, useRouter } from './router';
import { useSession } from '../features/workspace/store';
import { selectOpenReview } from '../features/reviews/store';
import { LanguageSwitch } from './LanguageSwitch';
import { HOME_BY_ROLE, ROUTES } from './routes';
import { mark } from './boot';
import { lazyScreen } from './lazy';
import { Heading, SecondaryText } from '../components/Plain';

// The header's tools and the drawers load beside the first screen, not before it (issue 18);
// each keeps its place in the header meanwhile.
const PickPerson = lazyScreen(() => import('../features/workspace/PickPerson').then((m) => m.PickPerson));
const SyncIndicator = lazyScreen(() => import('../features/sync/SyncIndicator').then((m) => m.SyncIndicator));
const GlobalSearch = lazyScreen(() => import('../features/search/GlobalSearch').then((m) => m.GlobalSearch));
const ReviewDrawer = lazyScreen(() => import('../features/reviews/ReviewDrawer').then((m) => m.ReviewDrawer));
const ReviewQueueBadge = lazyScreen(() => import('../features/reviews/ReviewQueueBadge').then((m) => m.ReviewQueueBadge));
const NotificationBell = lazyScreen(() => import('../features/notifications/NotificationBell').then((m) => m.NotificationBell));

/** Where a header tool will be while its code loads. */
const slot = (width: number) => <span style={{ display: 'inline-block', width, height: 32 }} />;

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
  const reviewOpen = useRouter((s) => selectOpenReview(s) !== null);
  useLayoutEffect(() => mark('shell'), []);

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
          <Heading level={4} style={{ margin: 0, color: '#c8102e' }} title={t('app.name')}>
            {collapsed ? t('app.name').slice(0, 1) : t('app.name')}
          </Heading>
          {!collapsed && <SecondaryText style={{ fontSize: 12 }}>{t('app.subtitle')}</SecondaryText>}
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
            <Suspense fallback={slot(180)}>
              <GlobalSearch />
            </Suspense>
            <Suspense fallback={slot(32)}>
              <NotificationBell key={`bell-${actor.id}`} personId={actor.id} />
            </Suspense>
            <Suspense fallback={slot(32)}>
              <ReviewQueueBadge key={actor.id} />
            </Suspense>
            <Suspense fallback={slot(32)}>
              <SyncIndicator />
            </Suspense>
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
          {/* A screen's code loads on first use: its skeleton meanwhile (shell/lazy.ts). */}
          <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} data-testid="screen-loading" />}>{route?.render()}</Suspense>
          {/* Its code (Steps, Form, Collapse, Descriptions) only once a review is open (`?review=`): not beside the first screen. */}
          {reviewOpen && (
            <Suspense fallback={null}>
              <ReviewDrawer />
            </Suspense>
          )}
        </Layout.Content>
      </Layout>
      <Modal open={switching} title={t('shell.switchUser')} footer={null} onCancel={() => setSwitching(false)} destroyOnHidden>
        <Suspense fallback={<Spin />}>
          <PickPerson enterButton={false} onDone={() => setSwitching(false)} />
        </Suspense>
      </Modal>
    </Layout>
  );
}
