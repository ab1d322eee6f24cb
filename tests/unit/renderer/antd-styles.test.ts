import { extractStyle } from '@ant-design/static-style-extract';
import { createRequire } from 'node:module';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { antdStylesheets, checkSplit, componentsOf, FIRST_PAINT, MARKER } from '../../../build/antd-styles';
import { THEME } from '../../../renderer/src/theme';

/** A stylesheet's top-level rules (a block with its nested blocks is one rule). */
function rules(css: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < css.length; i++) {
    if (css[i] === '{') depth++;
    else if (css[i] === '}' && --depth === 0) {
      out.push(css.slice(start, i + 1).trim());
      start = i + 1;
    }
  }
  return out;
}

describe('the two antd stylesheets (issue 18)', () => {
  const { first, rest } = antdStylesheets();

  it('hold every rule of the single stylesheet, each component in one of them only', () => {
    const { ConfigProvider } = createRequire(import.meta.url)('antd') as typeof import('antd');
    const whole = new Set(rules(extractStyle((node) => createElement(ConfigProvider, { theme: THEME }, node))));
    const split = new Set([...rules(first), ...rules(rest)]);
    // Not compared: the cache's path map, and variables scoped to a React id (`.css-var-_R_29n_`), which differ per render.
    const lost = [...whole].filter((r) => !split.has(r) && !r.includes('data-ant-cssinjs-cache-path') && !/^\.css-var-_R_/.test(r));
    expect(lost).toEqual([]);
    // The rules of a component are where FIRST_PAINT says: a button's in the first, a table's in the second.
    expect(first).toContain('.ant-btn-primary');
    expect(rest).not.toContain('.ant-btn-primary{');
    expect(rest).toContain('.ant-table-wrapper');
    expect(first).not.toContain('.ant-table-wrapper');
    expect(first).not.toContain('.ant-picker-dropdown');
    // In the app's colours, with the markers the build finds them by.
    expect(first).toContain('#c8102e');
    expect(first).toContain(MARKER.first);
    expect(rest).toContain(MARKER.rest);
    // The first is the smaller part by far.
    expect(first.length).toBeLessThan((first.length + rest.length) * 0.6);
  });
});

describe('checkSplit', () => {
  const style = (folder: string) => `/x/node_modules/antd/es/${folder}/style/index.js`;
  const chunk = (fileName: string, moduleIds: string[], more: Partial<Parameters<typeof checkSplit>[0][number]> = {}) => ({
    fileName,
    isEntry: false,
    isDynamicEntry: false,
    facadeModuleId: `/src/${fileName}.tsx`,
    imports: [],
    moduleIds,
    importedCss: new Set<string>(),
    ...more,
  });

  it('names the folders’ components', () => {
    expect(componentsOf(style('date-picker'))).toEqual(['DatePicker']);
    expect(componentsOf(style('grid'))).toEqual(['Row', 'Col']);
    expect(componentsOf(style('qr-code'))).toEqual(['QRCode']);
    expect(componentsOf('/x/node_modules/antd/es/date-picker/locale/zh_CN.js')).toEqual([]);
  });

  it('passes a start that uses first-paint components only, or that brings the second stylesheet', () => {
    const shared = chunk('shared', [style('table')], { importedCss: new Set(['rest.css']) });
    const chunks = [
      chunk('index', [style('button'), style('layout')], { isEntry: true }),
      chunk('People', [style('button')], { isDynamicEntry: true, imports: ['shared'] }),
      shared,
    ];
    expect(checkSplit(chunks, 'rest.css')).toEqual([]);
    expect(FIRST_PAINT).toContain('Button');
  });

  it('fails a start that uses another component without the second stylesheet, through its imports too', () => {
    const chunks = [
      chunk('index', [style('button')], { isEntry: true }),
      chunk('Gear', [], { isDynamicEntry: true, imports: ['vendor'] }),
      chunk('vendor', [style('date-picker'), style('table')]),
    ];
    const problems = checkSplit(chunks, 'rest.css');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('Gear');
    expect(problems[0]).toContain('DatePicker, Table');
  });

  it('fails an entry that loads the second stylesheet at the start', () => {
    const chunks = [chunk('index', [style('button')], { isEntry: true, imports: ['shared'] }), chunk('shared', [], { importedCss: new Set(['rest.css']) })];
    expect(checkSplit(chunks, 'rest.css')[0]).toContain('loads the second antd stylesheet at the start');
  });
});
