import { describe, expect, it } from 'vitest';
import { addDays, dayStart, isoWeek, localDate, localDateTime, weekStart } from '../../../shared/time';

describe('center time (Asia/Shanghai)', () => {
  it('shows an instant as the local date and time', () => {
    const ms = Date.UTC(2026, 11, 31, 16, 30); // 2027-01-01 00:30 in Shanghai
    expect(localDate(ms)).toBe('2027-01-01');
    expect(localDateTime(ms)).toBe('2027-01-01 00:30');
    expect(dayStart('2027-01-01')).toBe(Date.UTC(2026, 11, 31, 16, 0));
  });

  it('uses ISO weeks starting Monday, across a year end', () => {
    expect(isoWeek('2026-12-31')).toEqual({ year: 2026, week: 53 });
    expect(isoWeek('2027-01-03')).toEqual({ year: 2026, week: 53 });
    expect(isoWeek('2027-01-04')).toEqual({ year: 2027, week: 1 });
    expect(isoWeek('2024-12-30')).toEqual({ year: 2025, week: 1 });
    expect(weekStart('2027-01-03')).toBe('2026-12-28');
    expect(weekStart('2026-11-23')).toBe('2026-11-23');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
  });
});
