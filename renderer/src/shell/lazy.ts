import { createElement, use, type ComponentType, type ReactElement } from 'react';

/** A screen (or a part of one) whose code is its own chunk: render it like the component it loads. */
export interface LazyScreen<P extends object> {
  (props: P): ReactElement;
  /** Starts loading the chunk (once; again after a failure) and resolves when it can render without waiting. */
  preload: () => Promise<ComponentType<P>>;
}

/**
 * A screen whose code is its own chunk, loaded the first time it shows or earlier through
 * `preload` (the boot path loads the first screen's chunk beside the boot call and waits for it).
 *
 * Unlike `React.lazy`, a chunk already loaded renders at once: `React.lazy` suspends on the first
 * render even then, and a Suspense boundary that has shown its fallback is revealed by React at
 * the earliest 300 ms after the last fallback appeared (its throttling of retries) — a board whose
 * data and code were both in by 250 ms showed its first card at 490 ms (issue 18). While the chunk
 * is on its way, the component suspends and the Suspense boundary around it shows a spinner or a
 * skeleton. A failed load (offline, a new build on the host) throws to the error boundary; the next
 * render or preload tries again.
 */
export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): LazyScreen<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = (): Promise<ComponentType<P>> => {
    loading ??= load().then(
      (component) => (loaded = component),
      (e: unknown) => {
        loading = null;
        throw e;
      },
    );
    return loading;
  };
  const Screen = (props: P): ReactElement => createElement(loaded ?? use(preload()), props);
  Screen.preload = preload;
  return Screen;
}
