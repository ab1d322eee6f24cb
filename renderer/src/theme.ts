import type { ThemeConfig } from 'antd';

/**
 * The app's antd theme. Its styles are generated once, at build time, from this same object
 * (build/antd-styles.ts, a static CSS file) instead of by antd at run time in every component's
 * first render (issue 18: antd's run-time style work was a large part of the first card's time).
 * Class names are not hashed: one theme, one stylesheet.
 */
export const THEME: ThemeConfig = {
  hashed: false,
  token: { colorPrimary: '#c8102e', borderRadius: 6, fontFamily: '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif' },
};

/** What the app renders with: the theme, its component styles from the build's stylesheet. */
export const RUNTIME_THEME: ThemeConfig = { ...THEME, zeroRuntime: true };
