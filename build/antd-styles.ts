import { extractStyle } from '@ant-design/static-style-extract';
import { ConfigProvider } from 'antd';
import { createRequire } from 'node:module';
import { createElement } from 'react';
import type { Plugin } from 'vite';
import { THEME } from '../renderer/src/theme';

/** The id the renderer imports (`import 'virtual:antd-styles.css'`, renderer/src/App.tsx). */
const ID = 'virtual:antd-styles.css';
const RESOLVED = `\0${ID}`;

/**
 * Every antd component's styles for the app's theme (renderer/src/theme.ts), rendered once in
 * Node as antd's own stylesheet is (@ant-design/static-style-extract: each component inside a
 * ConfigProvider with the theme, the CSS-in-JS cache read out), with the theme's CSS variables.
 * The app then runs antd with `zeroRuntime`: no component generates styles in the browser.
 */
export function antdStylesheet(): string {
  // The icons' own base rules (`.anticon`), which @ant-design/icons inserts at run time unless
  // antd runs with zeroRuntime (its CommonJS build: the ES one is not loadable by Node as is).
  const { iconStyles } = createRequire(import.meta.url)('@ant-design/icons/lib/utils') as { iconStyles: string };
  return iconStyles + extractStyle((node) => createElement(ConfigProvider, { theme: THEME }, node));
}

/** A Vite plugin serving the stylesheet as a virtual CSS module (computed once per build). */
export function antdStyles(): Plugin {
  let css: string | null = null;
  return {
    name: 'crewdesk:antd-styles',
    resolveId: (id) => (id === ID ? RESOLVED : null),
    load(id) {
      if (id !== RESOLVED) return null;
      css ??= antdStylesheet();
      return css;
    },
  };
}
