import { localDate, localDateTime } from '../../../../shared/time';

/** Numbers as Chinese office software shows them: 1,234,567. */
export const fmtNum = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : n.toLocaleString('zh-CN'));

/** Reached share of the expected views, e.g. 84%; — without an expectation. */
export const fmtRate = (actual: number, expected: number | null): string =>
  expected ? `${Math.round((actual / expected) * 100)}%` : '—';

export const rateColor = (actual: number, expected: number | null): string | undefined =>
  !expected ? undefined : actual >= expected ? 'green' : actual >= expected * 0.6 ? 'gold' : 'red';

export const fmtDay = (ms: number | null): string => (ms === null ? '—' : localDate(ms));
export const fmtTime = (ms: number | null): string => (ms === null ? '—' : localDateTime(ms));

/** Today in the center's zone. */
export const todayLocal = (): string => localDate(Date.now());
