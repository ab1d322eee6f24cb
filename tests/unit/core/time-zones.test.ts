import dayjs from 'dayjs';
import { afterAll, describe, expect, it } from 'vitest';
import { fromLocalDateTime, localDateTime, localShortDateTime } from '../../../shared/time';

/**
 * The renderer formats every instant through shared/time.ts in the center's zone, whatever the
 * PC is set to: a card, the drawer, My tasks and the workload drawer read the same time. Node
 * applies a new process.env.TZ at once, so each zone below really is the machine's zone.
 */
const ZONES = ['UTC', 'America/New_York', 'Asia/Shanghai', 'Pacific/Kiritimati'];
const original = process.env.TZ;
afterAll(() => {
  process.env.TZ = original;
});

/** 18:00 on 1 December 2026 in Shanghai. */
const SIX_PM = Date.UTC(2026, 11, 1, 10, 0);

describe('instants in the center’s zone on any machine', () => {
  for (const zone of ZONES) {
    it(`TZ=${zone}: 18:00 Shanghai reads 18:00, and a picker round trip keeps the instant`, () => {
      process.env.TZ = zone;
      // The zone took: the machine's own offset is the zone's (New York is UTC−5 in December).
      if (zone === 'America/New_York') expect(new Date(SIX_PM).getHours()).toBe(5);
      expect(localDateTime(SIX_PM)).toBe('2026-12-01 18:00');
      expect(localShortDateTime(SIX_PM)).toBe('12-01 18:00');
      // What a date-time picker (dayjs, machine zone) is given and gives back.
      const picked = dayjs(localDateTime(SIX_PM));
      expect(picked.format('HH:mm')).toBe('18:00');
      expect(fromLocalDateTime(picked.format('YYYY-MM-DD HH:mm'))).toBe(SIX_PM);
      // Just after midnight in Shanghai is still the previous day in UTC: the center's date wins.
      expect(localShortDateTime(Date.UTC(2026, 11, 1, 16, 30))).toBe('12-02 00:30');
    });
  }
});
