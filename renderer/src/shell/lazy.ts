import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * A screen whose code is its own chunk, loaded the first time it shows (or earlier, by calling
 * the same loader: the boot path starts the first screen's chunk with the boot call). The
 * Suspense boundary around it shows a spinner or a skeleton meanwhile.
 */
export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): LazyExoticComponent<ComponentType<P>> {
  return lazy(async () => ({ default: await load() }));
}
