import { addDays, dayStart, localDate, weekStart } from '../time';

/**
 * Date buckets ("today", "this week") in the center's zone, whatever zone the
 * machine showing them is set to. Weeks run Monday to Sunday.
 */
export interface DueWindows {
  /** 00:00 today, center time. */
  todayStart: number;
  /** 00:00 tomorrow, center time (exclusive end of today). */
  todayEnd: number;
  /** 00:00 next Monday, center time (exclusive end of this week). */
  weekEnd: number;
}

export function dueWindows(now: number): DueWindows {
  const today = localDate(now);
  return {
    todayStart: dayStart(today),
    todayEnd: dayStart(addDays(today, 1)),
    weekEnd: dayStart(addDays(weekStart(today), 7)),
  };
}
