import { Segmented } from 'antd';
import { useLocaleStore, type Locale } from '../i18n';

export function LanguageSwitch() {
  const locale = useLocaleStore((s) => s.locale);
  const setLocale = useLocaleStore((s) => s.setLocale);
  return (
    <Segmented<Locale>
      size="small"
      aria-label="language"
      value={locale}
      onChange={(v) => setLocale(v)}
      options={[
        // Each language by its own name, marked as that language (screen readers, the English-UI check).
        { label: <span lang="zh-CN">中文</span>, value: 'zh-CN' },
        { label: <span lang="en">English</span>, value: 'en' },
      ]}
    />
  );
}
