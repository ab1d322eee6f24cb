import { createElement, lazy, Suspense } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { lazyScreen } from '../../../renderer/src/shell/lazy';

const Board = ({ name }: { name: string }) => createElement('p', null, `board ${name}`);
/** The markup of one synchronous render inside a Suspense boundary, without React's boundary comments. */
const page = (node: ReturnType<typeof createElement>) =>
  renderToString(createElement(Suspense, { fallback: createElement('i', null, 'loading') }, node)).replace(/<!--.*?-->/g, '');

describe('lazyScreen (issue 18: a loaded chunk renders at once, no Suspense fallback)', () => {
  it('renders the loaded component in the first render once its chunk is in', async () => {
    const Screen = lazyScreen(() => Promise.resolve(Board));
    await Screen.preload();
    expect(page(createElement(Screen, { name: '春运' }))).toBe('<p>board 春运</p>');
  });

  it('React.lazy, by contrast, shows the fallback first even with the module loaded (why lazyScreen exists)', async () => {
    const module = Promise.resolve({ default: Board });
    await module;
    const Lazy = lazy(() => module);
    expect(page(createElement(Lazy, { name: '春运' }))).toContain('loading');
  });

  it('suspends while the chunk is on its way; preload loads it once', async () => {
    let calls = 0;
    let resolve!: (c: typeof Board) => void;
    const Screen = lazyScreen(() => {
      calls += 1;
      return new Promise<typeof Board>((r) => (resolve = r));
    });
    expect(page(createElement(Screen, { name: 'a' }))).toContain('loading');
    const p = Screen.preload();
    resolve(Board);
    await p;
    expect(calls).toBe(1);
    expect(page(createElement(Screen, { name: 'b' }))).toBe('<p>board b</p>');
  });

  it('a failed load is tried again by the next preload (offline, a new build)', async () => {
    let calls = 0;
    const Screen = lazyScreen(() => (++calls === 1 ? Promise.reject(new Error('offline')) : Promise.resolve(Board)));
    await expect(Screen.preload()).rejects.toThrow('offline');
    await expect(Screen.preload()).resolves.toBe(Board);
    expect(calls).toBe(2);
  });
});
