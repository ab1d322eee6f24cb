import { useEffect, useState } from 'react';

/**
 * The time, updated on each new minute (for "due today" and "overdue" that
 * change while a screen stays open). One timer to the next minute boundary at
 * a time, not a polling interval.
 */
export function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setTimeout(() => setNow(Date.now()), 60_000 - (now % 60_000) + 50);
    return () => clearTimeout(timer);
  }, [now]);
  return now;
}
