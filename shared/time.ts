/**
 * Times are stored as UTC milliseconds; calendar dates (start/end dates, key
 * dates, time off) as 'YYYY-MM-DD' strings in the center's zone. The center is
 * in Asia/Shanghai, which has had no daylight saving since 1991, so a fixed
 * +08:00 offset is exact and needs no time-zone database.
 */
export const CENTER_UTC_OFFSET_MS = 8 * 3600_000;
export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** 'YYYY-MM-DD' of an instant, in the center's zone. */
export function localDate(ms: number): string {
  const d = new Date(ms + CENTER_UTC_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** 'YYYY-MM-DD HH:mm' of an instant, in the center's zone. */
export function localDateTime(ms: number): string {
  const d = new Date(ms + CENTER_UTC_OFFSET_MS);
  return `${localDate(ms)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** 'MM-DD HH:mm' of an instant, in the center's zone (cards, lists: the year is implied). */
export function localShortDateTime(ms: number): string {
  return localDateTime(ms).slice(5);
}

/**
 * The center's wall clock for a date-time picker and back: a picker works in
 * the machine's zone, so it is handed 'YYYY-MM-DD HH:mm' as the center reads
 * it, and what the person picks is read as the center's time again. On a PC set
 * to New York, 17:30 in the picker is 17:30 in the center, as on the card.
 */
export function fromLocalDateTime(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})/.exec(text);
  if (!m) throw new RangeError(`not a date-time: ${text}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])) - CENTER_UTC_OFFSET_MS;
}

/** The instant a local calendar day starts (00:00 in the center's zone). */
export function dayStart(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - CENTER_UTC_OFFSET_MS;
}

export function addDays(date: string, days: number): string {
  return localDate(dayStart(date) + days * DAY_MS);
}

/** Day of week of a local date, ISO numbering: Monday = 1 … Sunday = 7. */
export function isoWeekday(date: string): number {
  const wd = new Date(dayStart(date) + CENTER_UTC_OFFSET_MS).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/** Monday of the ISO week that holds the date. */
export function weekStart(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** ISO-8601 week: the year it belongs to and its number (1–53). Weeks start on Monday. */
export function isoWeek(date: string): { year: number; week: number } {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const jan1 = `${year}-01-01`;
  const week = Math.floor((dayStart(thursday) - dayStart(jan1)) / WEEK_MS) + 1;
  return { year, week };
}

/** Whole days from a to b (b − a), both local dates. */
export function daysBetween(a: string, b: string): number {
  return Math.round((dayStart(b) - dayStart(a)) / DAY_MS);
}

export const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
