import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect } from 'react';
import { useLocaleStore } from './i18n';
import { Shell } from './shell/Shell';
import { SignIn } from './features/workspace/SignIn';
import { Welcome } from './features/workspace/Welcome';
import { RecoveryScreen } from './features/maintenance/RecoveryScreen';
import { useMaintenance } from './features/maintenance/store';
import { useSession } from './features/workspace/store';
import { ErrorReporter } from './shell/ErrorReporter';

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
      theme={{ token: { colorPrimary: '#c8102e', borderRadius: 6, fontFamily: '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif' } }}
    >
      <AntApp>
        <ErrorReporter />
        <Root />
      </AntApp>
    </ConfigProvider>
  );
}

function Root() {
  const loaded = useSession((s) => s.loaded);
  const initialized = useSession((s) => s.status?.initialized ?? false);
  const actor = useSession((s) => s.actor);
  const load = useSession((s) => s.load);
  // First: can the database be opened at all? If not, the recovery screen.
  const mode = useMaintenance((s) => s.mode);
  const checkMode = useMaintenance((s) => s.checkMode);
  useEffect(() => {
    void checkMode();
  }, [checkMode]);
  useEffect(() => {
    if (mode === 'normal') void load();
  }, [mode, load]);
  if (mode === 'recovery') return <RecoveryScreen />;
  if (!loaded) return <Spin size="large" style={{ display: 'block', marginTop: '30vh' }} />;
  if (!initialized) return <Welcome />;
  if (!actor) return <SignIn />;
  return <Shell />;
}
