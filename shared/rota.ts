import { addDays, DAY_MS, dayStart, isoWeekday } from './time';

/**
 * 值班表 — the duty rota. The rules live here once: main enforces them
 * (main/rota/), the screens read them to show and to offer.
 *
 * A shift type is a named window of the center's day (早班 07:00–15:00,
 * 夜班 22:00–06:00: an end at or before the start runs into the next day;
 * start = end is a 24-hour duty). A rota entry puts one person on one shift
 * type on one date; a date's shift is the window starting on that date.
 * Windows are half-open: a shift ending at 15:00 and one starting at 15:00
 * do not overlap.
 */

export const MAX_SHIFT_TYPES = 30;
export const MAX_PER_SHIFT = 20;
/** The longest range one rota call reads or fills (a month and a bit, or a quarter to fill). */
export const MAX_ROTA_DAYS = 92;

/** 'HH:mm' to minutes after midnight, or null. */
export function minutesOf(hhmm: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** How long a shift runs, in minutes (an end at or before the start is on the next day). */
export function shiftMinutes(startMin: number, endMin: number): number {
  return endMin > startMin ? endMin - startMin : endMin + 1440 - startMin;
}

export const shiftHours = (startMin: number, endMin: number): number => shiftMinutes(startMin, endMin) / 60;

/** The shift of `date` as a half-open window [start, end) in epoch ms. */
export function shiftWindow(date: string, startMin: number, endMin: number): { start: number; end: number } {
  const start = dayStart(date) + startMin * 60_000;
  return { start, end: start + shiftMinutes(startMin, endMin) * 60_000 };
}

/** Do two half-open windows overlap. */
export const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;

/** Is `at` inside the shift of `date`. */
export function onShiftAt(date: string, startMin: number, endMin: number, at: number): boolean {
  const w = shiftWindow(date, startMin, endMin);
  return w.start <= at && at < w.end;
}

/** The dates from `from` to `to` inclusive (empty when to < from). */
export function datesFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length <= MAX_ROTA_DAYS * 4; d = addDays(d, 1)) out.push(d);
  return out;
}

export const daysInRange = (from: string, to: string): number => Math.round((dayStart(to) - dayStart(from)) / DAY_MS) + 1;

/**
 * A rotation (轮换排班): the listed people take the shift in turn, `perDay`
 * at a time, on the chosen weekdays (1 = Monday … 7 = Sunday) between
 * `from` and `to`; `offset` says who starts (a rota continued from last week
 * starts where it stopped). Returns each date's people, in list order.
 */
export function rotationPlan(opts: {
  from: string;
  to: string;
  personIds: readonly string[];
  perDay: number;
  weekdays: readonly number[];
  offset?: number;
}): { date: string; personIds: string[] }[] {
  const n = opts.personIds.length;
  if (n === 0 || opts.perDay < 1) return [];
  const perDay = Math.min(opts.perDay, n);
  const days = new Set(opts.weekdays);
  let next = (((opts.offset ?? 0) % n) + n) % n;
  const out: { date: string; personIds: string[] }[] = [];
  for (const date of datesFrom(opts.from, opts.to)) {
    if (!days.has(isoWeekday(date))) continue;
    const ids: string[] = [];
    for (let i = 0; i < perDay; i++) ids.push(opts.personIds[(next + i) % n]!);
    next = (next + perDay) % n;
    out.push({ date, personIds: ids });
  }
  return out;
}

export type SwapStatus = 'requested' | 'approved' | 'declined' | 'withdrawn';
export const SWAP_STATUSES = [
  { code: 'requested', zh: '待审批', en: 'Waiting' },
  { code: 'approved', zh: '已批准', en: 'Approved' },
  { code: 'declined', zh: '未批准', en: 'Declined' },
  { code: 'withdrawn', zh: '已撤回', en: 'Withdrawn' },
] as const;

export const MIN_SWAP_REASON = 2;
