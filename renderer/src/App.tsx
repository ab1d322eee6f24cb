import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { Suspense, useEffect } from 'react';
import { useLocaleStore } from './i18n';
import { Shell } from './shell/Shell';
import { useMaintenance } from './features/maintenance/store';
import { useSession } from './features/workspace/store';
import { ErrorReporter } from './shell/ErrorReporter';
import { startBoot } from './shell/boot';
import { lazyScreen } from './shell/lazy';
import { RUNTIME_THEME } from './theme';
import 'virtual:antd-styles.css';

// Screens a signed-in person's start never shows: their own chunks (issue 18).
const SignIn = lazyScreen(() => import('./features/workspace/SignIn').then((m) => m.SignIn));
const Welcome = lazyScreen(() => import('./features/workspace/Welcome').then((m) => m.Welcome));
const RecoveryScreen = lazyScreen(() => import('./features/maintenance/RecoveryScreen').then((m) => m.RecoveryScreen));

/** While the boot call or a screen's code is on its way: one spinner, never another screen first. */
const booting = <Spin size="large" style={{ display: 'block', marginTop: '30vh' }} data-testid="booting" />;

export function App() {
  const locale = useLocaleStore((s) => s.locale);
  useEffect(() => {
    dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <ConfigProvider
      locale={locale === "en" ? enUS : zhCN}
      button={{ autoInsertSpace: false }}
      theme={RUNTIME_THEME}
    >
      <AntApp>
        <ErrorReporter />
        <Root />
      </AntApp>
    </ConfigProvider>
  );
}

function Root() {
  return (
    <Suspense fallback={booting}>
      <FirstScreen />
    </Suspense>
  );
}

/** The recovery screen, the welcome, the sign-in or the shell, as app.boot says (shell/boot.ts). */
function FirstScreen() {
  const loaded = useSession((s) => s.loaded);
  const initialized = useSession((s) => s.status?.initialized ?? false);
  const actor = useSession((s) => s.actor);
  const mode = useMaintenance((s) => s.mode);
  useEffect(() => {
    void startBoot();
  }, []);
  if (mode === 'recovery') return <RecoveryScreen />;
  if (mode === 'checking' || !loaded) return booting;
  if (!initialized) return <Welcome />;
  if (!actor) return <SignIn />;
  return <Shell />;
}
