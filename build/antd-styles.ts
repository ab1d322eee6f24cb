import { extractStyle } from '@ant-design/static-style-extract';
import { createRequire } from 'node:module';
import { createElement, type ReactElement } from 'react';
import type { Plugin } from 'vite';
import { THEME } from '../renderer/src/theme';

/** The ids the renderer imports: the first paint's styles (renderer/src/App.tsx) and the rest (renderer/src/rest-styles.ts). */
export const FIRST_ID = 'virtual:antd-styles.css';
export const REST_ID = 'virtual:antd-styles-rest.css';

/** A custom property each stylesheet sets on :root, so that the build (and a test) can tell them apart. */
export const MARKER = { first: '--crewdesk-antd-first', rest: '--crewdesk-antd-rest' } as const;

/**
 * The antd components whose styles stand between a board link and its first card: the shell, the
 * header's tools, the board (the entry chunk, the board's chunk and the header tools' chunks use
 * nothing else from antd). Every other component's styles are in the second stylesheet, which the
 * chunks that use them bring (`import '…/rest-styles'`), so a start does not parse ≈ 510 kB of
 * rules it does not use (issue 18: first card of a cold 1,000-card board ≈ −100 ms). The build checks the split (`checkSplit`): a chunk that can run before the second
 * stylesheet is in and uses another component fails the build, naming the component.
 */
export const FIRST_PAINT = [
  // The shell: the sidebar, the header, the language switch, the messages and dialogs antd's App gives.
  ...['App', 'Avatar', 'Button', 'Layout', 'Menu', 'Modal', 'Popover', 'Segmented', 'Skeleton', 'Space', 'Spin', 'Tag', 'Tooltip', 'message', 'notification'],
  // The board: its bar, its filters, its tabs, its columns and cards; the header's tools.
  ...['Alert', 'Badge', 'Card', 'Col', 'Dropdown', 'Empty', 'Input', 'Progress', 'Row', 'Select', 'Statistic', 'Tabs', 'Typography'],
];

/**
 * The components whose styles an antd module brings: a component's code imports its styles
 * (`antd/es/<folder>/style/`), whether antd generates them at run time or not, so a chunk that
 * can render a component holds that folder's style module (`date-picker` → DatePicker).
 */
export function componentsOf(moduleId: string): string[] {
  const folder = /node_modules\/antd\/es\/([^/]+)\/style\//.exec(moduleId)?.[1];
  if (!folder) return [];
  const special: Record<string, string[]> = { 'qr-code': ['QRCode'], grid: ['Row', 'Col'], message: ['message'], notification: ['notification'] };
  return special[folder] ?? [folder.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase())];
}

/**
 * The two stylesheets for the app's theme (renderer/src/theme.ts), rendered in Node as antd's own
 * stylesheet is (@ant-design/static-style-extract: each component inside a ConfigProvider with the
 * theme, the CSS-in-JS cache read out), with the theme's CSS variables; a rule is in one of them
 * only (the second reads out of the same cache what the first did not). The app then runs antd
 * with `zeroRuntime`: no component generates styles in the browser.
 */
export function antdStylesheets(): { first: string; rest: string } {
  // The CommonJS builds, the ones static-style-extract renders with (one React context each).
  const require = createRequire(import.meta.url);
  const cssinjs = require('@ant-design/cssinjs') as typeof import('@ant-design/cssinjs');
  const { ConfigProvider } = require('antd') as typeof import('antd');
  const cache = cssinjs.createCache();
  const withTheme = (node: ReactElement) => createElement(cssinjs.StyleProvider, { cache }, createElement(ConfigProvider, { theme: THEME }, node));
  extractStyle({ includes: FIRST_PAINT, customTheme: withTheme });
  const first = cssinjs.extractStyle(cache, { plain: true, once: true });
  extractStyle({ excludes: FIRST_PAINT, customTheme: withTheme });
  const rest = cssinjs.extractStyle(cache, { plain: true, once: true });
  // The icons' own base rules (`.anticon`), which @ant-design/icons inserts at run time unless
  // antd runs with zeroRuntime (its CommonJS build: the ES one is not loadable by Node as is).
  const { iconStyles } = require('@ant-design/icons/lib/utils') as { iconStyles: string };
  return { first: `${iconStyles}${first}:root{${MARKER.first}:1}`, rest: `${rest}:root{${MARKER.rest}:1}` };
}

/** The output chunks as the check needs them (Rollup's OutputChunk with Vite's metadata). */
interface ChunkInfo {
  fileName: string;
  isEntry: boolean;
  isDynamicEntry: boolean;
  facadeModuleId: string | null;
  imports: string[];
  /** The modules whose code is in the chunk (Rollup's `modules` with a rendered length). */
  moduleIds: string[];
  importedCss: Set<string>;
}

/**
 * What is wrong with the split: for each chunk that can start running (the entry, a dynamic
 * import), with the chunks it imports, either the second stylesheet is among their CSS (the
 * browser has it before the chunk runs) or every antd component they use is a first-paint one.
 */
export function checkSplit(chunks: ChunkInfo[], restCss: string): string[] {
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const problems: string[] = [];
  for (const start of chunks.filter((c) => c.isEntry || c.isDynamicEntry)) {
    const seen = new Set<string>();
    const stack = [start.fileName];
    while (stack.length) {
      const name = stack.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      stack.push(...(byName.get(name)?.imports ?? []));
    }
    const closure = [...seen].map((n) => byName.get(n)).filter((c): c is ChunkInfo => c !== undefined);
    if (closure.some((c) => c.importedCss.has(restCss))) {
      if (start.isEntry) problems.push(`${start.fileName} loads the second antd stylesheet at the start: a chunk it imports holds renderer/src/rest-styles.ts`);
      continue;
    }
    const used = new Set(closure.flatMap((c) => c.moduleIds.flatMap(componentsOf)));
    const missing = [...used].filter((c) => !FIRST_PAINT.includes(c)).sort();
    if (missing.length)
      problems.push(`${start.fileName} (${start.facadeModuleId ?? '?'}) uses ${missing.join(', ')} without the second antd stylesheet: import it there (renderer/src/rest-styles.ts) or add them to FIRST_PAINT`);
  }
  return problems;
}

/** A Vite plugin serving the two stylesheets as virtual CSS modules (computed once per build) and checking the split. */
export function antdStyles(): Plugin {
  let sheets: { first: string; rest: string } | null = null;
  return {
    name: 'crewdesk:antd-styles',
    resolveId: (id) => (id === FIRST_ID || id === REST_ID ? `\0${id}` : null),
    load(id) {
      if (id !== `\0${FIRST_ID}` && id !== `\0${REST_ID}`) return null;
      sheets ??= antdStylesheets();
      return id === `\0${FIRST_ID}` ? sheets.first : sheets.rest;
    },
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const assets = Object.values(bundle).filter((a) => a.type === 'asset' && a.fileName.endsWith('.css'));
        const restCss = assets.find((a) => a.type === 'asset' && String(a.source).includes(MARKER.rest));
        if (!restCss) return this.error('the second antd stylesheet is not in the build');
        const chunks: ChunkInfo[] = [];
        for (const c of Object.values(bundle))
          if (c.type === 'chunk')
            chunks.push({
              fileName: c.fileName,
              isEntry: c.isEntry,
              isDynamicEntry: c.isDynamicEntry,
              facadeModuleId: c.facadeModuleId,
              imports: c.imports,
              moduleIds: Object.entries(c.modules).flatMap(([id, m]) => (m.renderedLength > 0 ? [id] : [])),
              importedCss: c.viteMetadata?.importedCss ?? new Set(),
            });
        const problems = checkSplit(chunks, restCss.fileName);
        if (problems.length) this.error(`antd stylesheets (build/antd-styles.ts):\n${problems.join('\n')}`);
      },
    },
  };
}
