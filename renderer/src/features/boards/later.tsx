import { Suspense, useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { lazyScreen } from '../../shell/lazy';

/**
 * The parts of the board that open later — the task drawer, the dialogs, the deliverables tab —
 * are their own chunks (issue 18): DatePicker, Table, Form, Steps and the rest do not stand
 * between a board link and its first card. `preload` starts a part's chunk early (on idle, on
 * hover or focus of what opens it), so that opening it does not wait; it loads once.
 */
export function later<P extends object>(load: () => Promise<ComponentType<P>>) {
  const Component = lazyScreen(load);
  return { Component, preload: (): void => void Component.preload().catch(() => undefined) };
}

/** Runs `fn` when the main thread is next idle (after the board has painted), at the latest after `timeout` ms. */
export function whenIdle(fn: () => void, timeout = 2000): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(fn, { timeout });
    return () => window.cancelIdleCallback(id);
  }
  const id = window.setTimeout(fn, 200);
  return () => window.clearTimeout(id);
}

/** Starts `preload` on idle once `ready` (the board is shown). */
export function usePreloadWhenIdle(ready: boolean, ...preloads: (() => void)[]): void {
  useEffect(() => {
    if (!ready) return;
    return whenIdle(() => preloads.forEach((p) => p()));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the loaders are module constants
  }, [ready]);
}

/**
 * `children` from the first time `open` is true on (in its own Suspense boundary, `fallback`
 * meanwhile), then kept: a closing drawer or dialog still animates out and returns the focus.
 */
export function WhenOpened({ open, fallback = null, children }: { open: boolean; fallback?: ReactNode; children: ReactNode }) {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  return opened ? <Suspense fallback={fallback}>{children}</Suspense> : null;
}
