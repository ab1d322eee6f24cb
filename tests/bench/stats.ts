import type { Page } from 'playwright';

/** The nearest-rank quantile of numbers already sorted ascending (NaN when there are none). */
export const quantileSorted = (sorted: readonly number[], q: number): number => {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
};

/** The nearest-rank quantile of numbers in any order. */
export const quantile = (xs: readonly number[], q: number): number => quantileSorted([...xs].sort((a, b) => a - b), q);

/** Frame times (ms) collected by requestAnimationFrame while `action` runs. */
export async function frames(page: Page, action: () => Promise<void>): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__frames = [];
    w.__stop = false;
    let last = performance.now();
    const tick = (t: number): void => {
      w.__frames.push(t - last);
      last = t;
      if (!w.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await action();
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__stop = true;
    return w.__frames.slice(1);
  });
}
