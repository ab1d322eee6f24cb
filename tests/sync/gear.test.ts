import { describe, expect, it } from 'vitest';
import { addDays, fromLocalDateTime, localDate } from '../../shared/time';
import { startCenter } from './harness';
import { usePostgres } from './use-postgres';
import { expectConverged } from './converged';

/**
 * Issue 17 part 3 (equipment and vehicles): bookings sync through the hub,
 * which replays the same handler and so the same clash rule. Two desktops
 * booking the one live kit for the same afternoon while offline: the first
 * to reach the hub keeps it; the second is refused there, the person is told
 * (the sync notice and the bell name the other project and time), and every
 * desktop ends with the one booking.
 */

const pgServer = usePostgres();

const liveBookings = (c: { db: import('../../main/db/connection').Db }): string[] =>
  c.db
    .prepare<[], { project: string }>("SELECT p.name AS project FROM gear_bookings b JOIN projects p ON p.id = b.project_id WHERE b.status = 'booked' ORDER BY p.name")
    .all()
    .map((r) => r.project);

describe('equipment bookings across desktops', () => {
  it('two desktops book the same kit offline: the hub refuses the over-capacity one and the person is told', async () => {
    const center = await startCenter(pgServer());
    try {
      const manager = await center.client('陈思远');
      const convener = await center.client('林晓峰');
      const first = await center.client('王小川');
      const second = await center.client('宋可欣');
      const day = addDays(localDate(Date.now()), 10);
      const kit = await manager.call('gear.saveItem', { kind: 'live_kit', name: '直播包一号', quantity: 1 });
      const spring = await convener.call('projects.create', { name: '新春大直播', startDate: day, endDate: addDays(day, 5), convenerId: center.people.get('林晓峰') });
      const fair = await convener.call('projects.create', { name: '非遗市集直播', startDate: day, endDate: addDays(day, 5), convenerId: center.people.get('林晓峰') });
      await convener.call('projects.group.add', { projectId: spring.id, personId: center.people.get('王小川')! });
      await convener.call('projects.group.add', { projectId: fair.id, personId: center.people.get('宋可欣')! });
      await manager.sync.sync();
      await convener.sync.sync();
      for (const c of [first, second]) await c.sync.sync();
      expect((await second.call('gear.catalogue', {})).items.map((i) => i.name)).toEqual(['直播包一号']);

      // At two venues, offline: each books the kit for the same afternoon; each desktop accepts it, as far as it knows.
      first.transport.offline = true;
      second.transport.offline = true;
      const range = { start: fromLocalDateTime(`${day} 13:00`), end: fromLocalDateTime(`${day} 18:00`) };
      await first.call('gear.book', { itemIds: [kit.id], projectId: spring.id, ...range });
      const [mine] = await second.call('gear.book', { itemIds: [kit.id], projectId: fair.id, start: fromLocalDateTime(`${day} 14:00`), end: fromLocalDateTime(`${day} 20:00`) });
      expect(mine!.status).toBe('booked');

      // 王小川's booking reaches the hub first; 宋可欣's is refused there.
      first.transport.offline = false;
      await first.sync.sync();
      second.transport.offline = false;
      await second.sync.sync();
      await second.sync.sync();
      const st = second.sync.status();
      expect(st.pending).toBe(0); // refused, not stuck
      const told = st.notices.map((n) => n.message.zh).join('\n');
      expect(told).toContain(`“直播包一号”共 1 台，已被“新春大直播”（${day.slice(5)} 13:00–${day.slice(5)} 18:00，1 台）预约`);
      const bell = (await second.call('notifications.list', { limit: 50 })).items.filter((n) => n.kind === 'sync_refused');
      expect(bell).toHaveLength(1);
      expect(bell[0]!.detail).toMatch(/新春大直播/);

      // Every desktop holds the one booking the hub kept.
      for (const c of [manager, convener, first]) await c.sync.sync();
      for (const c of [manager, convener, first, second]) expect(liveBookings(c), c.name).toEqual(['新春大直播']);
      const cal = await second.call('gear.calendar', { from: day, to: day });
      expect(cal.bookings.map((b) => [b.projectName, b.clash])).toEqual([['新春大直播', false]]);
      await expectConverged(center, [manager, convener, first, second]);
    } finally {
      await center.close();
    }
  });
});
