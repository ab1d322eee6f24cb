import { afterEach, describe, expect, it } from 'vitest';
import { bookingClash, clashingBookings, overlaps, peakUse, type BookingLike } from '../../../shared/gear';
import { fromLocalDateTime as at } from '../../../shared/time';
import { buildWorld, type World } from '../../helpers/world';
import type { GearBooking } from '../../../shared/contract';

const one = (p: Promise<GearBooking[]>): Promise<GearBooking> => p.then((l) => l[0]!);

/** 设备与车辆 (shared/gear.ts, main/gear/): the catalogue, bookings, clashes, repairs. The test's own center, fixed clock. */

let w: World | null = null;
afterEach(() => {
  w?.close();
  w = null;
});

const b = (id: string, start: string, end: string, quantity = 1, itemId = 'kit'): BookingLike => ({ id, itemId, start: at(start), end: at(end), quantity });
const logCount = (t: World, command: string): number =>
  t.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM activity_log WHERE command = ?').get(command)!.n;

describe('clash rules (shared/gear.ts)', () => {
  it('ranges are half-open: a booking ending at 14:00 and one starting at 14:00 do not overlap', () => {
    expect(overlaps(b('a', '2027-01-20 08:00', '2027-01-20 14:00'), b('b', '2027-01-20 14:00', '2027-01-20 18:00'))).toBe(false);
    expect(overlaps(b('a', '2027-01-20 08:00', '2027-01-20 14:01'), b('b', '2027-01-20 14:00', '2027-01-20 18:00'))).toBe(true);
    const kit = { id: 'kit', quantity: 1, repair: null };
    expect(bookingClash(kit, [b('a', '2027-01-20 08:00', '2027-01-20 14:00')], b('n', '2027-01-20 14:00', '2027-01-20 18:00'))).toBeNull();
    expect(bookingClash(kit, [b('a', '2027-01-20 08:00', '2027-01-20 14:00')], b('n', '2027-01-20 13:59', '2027-01-20 18:00'))?.kind).toBe('capacity');
  });

  it('capacity counts the units in use at the same instant, not every booking that touches the range', () => {
    // Two mics: a 08–12 and b 12–16 never overlap each other, so a third over 10–14 fits.
    const mics = { id: 'kit', quantity: 2, repair: null };
    const day = [b('a', '2027-01-20 08:00', '2027-01-20 12:00'), b('b', '2027-01-20 12:00', '2027-01-20 16:00')];
    expect(peakUse(day, b('n', '2027-01-20 10:00', '2027-01-20 14:00')).peak).toBe(1);
    expect(bookingClash(mics, day, b('n', '2027-01-20 10:00', '2027-01-20 14:00'))).toBeNull();
    // With c 11–13 too, 11:00–12:00 holds a and c: a third unit is refused, naming both holders.
    const busy = [...day, b('c', '2027-01-20 11:00', '2027-01-20 13:00')];
    const clash = bookingClash(mics, busy, b('n', '2027-01-20 10:00', '2027-01-20 14:00'));
    expect(clash?.kind === 'capacity' && clash.holders.map((h) => h.id).sort()).toEqual(['a', 'c']);
    // Two units at once on a quantity-2 item alone is fine; three is not.
    expect(bookingClash(mics, [], b('n', '2027-01-20 10:00', '2027-01-20 14:00', 2))).toBeNull();
    expect(bookingClash(mics, [], b('n', '2027-01-20 10:00', '2027-01-20 14:00', 3))?.kind).toBe('capacity');
    // Bookings of other items do not count; the candidate itself (by id) does not count.
    expect(bookingClash(mics, [b('x', '2027-01-20 10:00', '2027-01-20 14:00', 2, 'other'), b('n', '2027-01-20 10:00', '2027-01-20 14:00', 2)], b('n', '2027-01-20 10:00', '2027-01-20 14:00', 2))).toBeNull();
  });

  it('a repair takes the item out for its half-open range; the calendar flags what clashes as things stand', () => {
    const repair = { start: at('2027-01-21 00:00'), end: at('2027-01-23 00:00'), note: '镜头送修' };
    const van = { id: 'kit', quantity: 1, repair };
    expect(bookingClash(van, [], b('n', '2027-01-22 09:00', '2027-01-22 10:00'))).toEqual({ kind: 'repair', repair });
    expect(bookingClash(van, [], b('n', '2027-01-23 00:00', '2027-01-23 10:00'))).toBeNull();
    expect(bookingClash(van, [], b('n', '2027-01-20 09:00', '2027-01-21 00:00'))).toBeNull();
    const flagged = clashingBookings([van], [b('in', '2027-01-22 09:00', '2027-01-22 10:00'), b('out', '2027-01-24 09:00', '2027-01-24 10:00'), b('o1', '2027-01-25 09:00', '2027-01-25 12:00'), b('o2', '2027-01-25 11:00', '2027-01-25 13:00')]);
    expect([...flagged].sort()).toEqual(['in', 'o1', 'o2']);
  });
});

/** A manager, two conveners with their projects, a member of the first group, a member outside it; a live kit, the van, two mics. */
async function center() {
  const t = await buildWorld();
  w = t;
  await t.people({
    陈思远: { team: 'copy', role: 'manager' },
    林晓峰: { team: 'live', role: 'convener' },
    唐若溪: { team: 'reporting', role: 'convener' },
    马骁: { team: 'camera' },
    王小川: { team: 'shortvideo' },
  });
  const manager = t.as('陈思远');
  const spring = await t.project({ name: '新春大直播', convener: '林晓峰', members: ['马骁'], status: 'active' });
  const conf = await t.project({ name: '融媒体大会报道', convener: '唐若溪', status: 'active' });
  const kit = await t.call(manager, 'gear.saveItem', { kind: 'live_kit', name: '直播包一号', quantity: 1, teamId: t.team('live') });
  const van = await t.call(manager, 'gear.saveItem', { kind: 'vehicle', name: '采访车（青A·12345）', quantity: 1 });
  const mics = await t.call(manager, 'gear.saveItem', { kind: 'microphone', name: '无线话筒', quantity: 2 });
  return { t, manager, spring, conf, kit, van, mics, convener: t.as('林晓峰'), other: t.as('唐若溪'), member: t.as('马骁'), outsider: t.as('王小川') };
}

describe('the catalogue', () => {
  it('only managers and admins keep it; a name is used once; each change is one activity row', async () => {
    const { t, manager, convener, member, kit } = await center();
    expect((await t.fail(convener, 'gear.saveItem', { kind: 'drone', name: '无人机', quantity: 1 })).code).toBe('FORBIDDEN');
    expect((await t.fail(member, 'gear.setRepair', { itemId: kit.id, repair: null })).code).toBe('FORBIDDEN');
    const dup = await t.fail(manager, 'gear.saveItem', { kind: 'live_kit', name: '直播包一号', quantity: 2 });
    expect(dup.code).toBe('CONFLICT');
    const more = await t.call(t.admin, 'gear.saveItem', { id: kit.id, kind: 'live_kit', name: '直播包一号', quantity: 2, teamId: t.team('live') });
    expect(more).toMatchObject({ quantity: 2, teamName: '直播团队', teamNameEn: 'Live streaming', repair: null, archived: false });
    expect(logCount(t, 'gear.saveItem')).toBe(4);
    const summary = t.db.prepare<[], { summary: string }>("SELECT summary FROM activity_log WHERE command = 'gear.saveItem' ORDER BY at DESC, rowid DESC").get()!.summary;
    expect(summary).toBe('修改设备“直播包一号”（数量 1 → 2）');
    // Retired items leave the calendar but stay in the catalogue with includeArchived.
    await t.call(manager, 'gear.saveItem', { id: kit.id, kind: 'live_kit', name: '直播包一号', quantity: 2, archived: true });
    expect((await t.call(member, 'gear.catalogue', {})).items.map((i) => i.name)).not.toContain('直播包一号');
    expect((await t.call(member, 'gear.catalogue', { includeArchived: true })).items.map((i) => i.name)).toContain('直播包一号');
    expect((await t.call(member, 'gear.catalogue', {})).canManage).toBe(false);
  });
});

describe('bookings', () => {
  it('the convener and group members book; someone outside the group cannot; over capacity is refused naming the other project and time', async () => {
    const { t, spring, conf, kit, van, convener, member, other, outsider } = await center();
    const mine = await one(t.call(convener, 'gear.book', { itemIds: [kit.id], projectId: spring.id, start: at('2027-01-20 08:00'), end: at('2027-01-20 18:00') }));
    expect(mine).toMatchObject({ itemName: '直播包一号', projectName: '新春大直播', bookedByName: '林晓峰', clash: false, canCancel: true });
    await one(t.call(member, 'gear.book', { itemIds: [van.id], projectId: spring.id, start: at('2027-01-20 07:00'), end: at('2027-01-20 20:00'), note: '拉机位' }));
    expect((await t.fail(outsider, 'gear.book', { itemIds: [van.id], projectId: spring.id, start: at('2027-01-21 07:00'), end: at('2027-01-21 20:00') })).code).toBe('FORBIDDEN');
    // The other convener wants the same kit that afternoon: refused, told who has it and when.
    const clash = await t.fail(other, 'gear.book', { itemIds: [kit.id], projectId: conf.id, start: at('2027-01-20 14:00'), end: at('2027-01-20 22:00') });
    expect(clash.code).toBe('CONFLICT');
    expect(clash.localized.zh).toBe('“直播包一号”共 1 台，已被“新春大直播”（01-20 08:00–01-20 18:00，1 台）预约，这段时间余 0 台，不够 1 台');
    expect(clash.localized.en).toContain('booked by “新春大直播” (01-20 08:00–01-20 18:00, 1); 0 left');
    // From 18:00 on it is free (half-open).
    const evening = await one(t.call(other, 'gear.book', { itemIds: [kit.id], projectId: conf.id, start: at('2027-01-20 18:00'), end: at('2027-01-20 22:00') }));
    expect(evening.clash).toBe(false);
    expect(logCount(t, 'gear.book')).toBe(3);
    const mineNow = await t.call(convener, 'gear.projectBookings', { projectId: spring.id });
    expect(mineNow.bookings.map((x) => x.itemName)).toEqual(['采访车（青A·12345）', '直播包一号']);
    expect(mineNow.canBook).toBe(true);
    expect((await t.call(outsider, 'gear.projectBookings', { projectId: spring.id })).canBook).toBe(false);
    const cal = await t.call(outsider, 'gear.calendar', { from: '2027-01-18', to: '2027-01-24' });
    expect(cal.bookings).toHaveLength(3);
    expect(cal.items.map((i) => i.kind)).toEqual(['live_kit', 'microphone', 'vehicle']);
  });

  it('several items for the same time go in one command, all or none: one clash books none of them', async () => {
    const { t, spring, conf, kit, van, mics, convener, other } = await center();
    const both = await t.call(convener, 'gear.book', { itemIds: [kit.id, van.id], projectId: spring.id, start: at('2027-01-20 08:00'), end: at('2027-01-20 18:00') });
    expect(both.map((x) => x.itemName)).toEqual(['直播包一号', '采访车（青A·12345）']);
    expect(t.db.prepare<[], { summary: string }>("SELECT summary FROM activity_log WHERE command = 'gear.book'").all().map((r) => r.summary)).toEqual([
      '预约设备：直播包一号、采访车（青A·12345），01-20 08:00–01-20 18:00，项目“新春大直播”',
    ]);
    const err = await t.fail(other, 'gear.book', { itemIds: [mics.id, kit.id], projectId: conf.id, start: at('2027-01-20 12:00'), end: at('2027-01-20 13:00') });
    expect(err.code).toBe('CONFLICT');
    expect(t.db.prepare("SELECT count(*) AS n FROM gear_bookings WHERE item_id = ?").get(mics.id)).toEqual({ n: 0 });
    expect(logCount(t, 'gear.book')).toBe(1);
  });

  it('a booking may name a task of its project; a range must end after it starts, be ahead and fit the quantity', async () => {
    const { t, spring, conf, mics, convener } = await center();
    const task = await t.task(spring, { title: '舞台机位' });
    const confTask = await t.task(conf, { title: '开幕式' });
    const r = await one(t.call(convener, 'gear.book', { itemIds: [mics.id], projectId: spring.id, taskId: task.id, quantity: 2, start: at('2027-01-20 08:00'), end: at('2027-01-20 12:00') }));
    expect(r).toMatchObject({ taskTitle: '舞台机位', quantity: 2 });
    expect((await t.fail(convener, 'gear.book', { itemIds: [mics.id], projectId: spring.id, taskId: confTask.id, start: at('2027-01-21 08:00'), end: at('2027-01-21 12:00') })).code).toBe('VALIDATION');
    expect((await t.fail(convener, 'gear.book', { itemIds: [mics.id], projectId: spring.id, start: at('2027-01-21 12:00'), end: at('2027-01-21 12:00') })).code).toBe('VALIDATION');
    expect((await t.fail(convener, 'gear.book', { itemIds: [mics.id], projectId: spring.id, start: at('2027-01-10 08:00'), end: at('2027-01-10 12:00') })).code).toBe('VALIDATION');
    expect((await t.fail(convener, 'gear.book', { itemIds: [mics.id], projectId: spring.id, quantity: 3, start: at('2027-01-21 08:00'), end: at('2027-01-21 12:00') })).code).toBe('VALIDATION');
    expect(logCount(t, 'gear.book')).toBe(1);
  });

  it('an item under repair cannot be booked in the repair; a repair set over a booking shows it as a clash', async () => {
    const { t, manager, spring, van, convener } = await center();
    const before = await one(t.call(convener, 'gear.book', { itemIds: [van.id], projectId: spring.id, start: at('2027-01-22 08:00'), end: at('2027-01-22 18:00') }));
    const item = await t.call(manager, 'gear.setRepair', { itemId: van.id, repair: { start: at('2027-01-21 00:00'), end: at('2027-01-24 00:00'), note: '更换轮胎' } });
    expect(item.repair).toEqual({ start: at('2027-01-21 00:00'), end: at('2027-01-24 00:00'), note: '更换轮胎' });
    const refused = await t.fail(convener, 'gear.book', { itemIds: [van.id], projectId: spring.id, start: at('2027-01-23 08:00'), end: at('2027-01-23 18:00') });
    expect(refused.code).toBe('CONFLICT');
    expect(refused.localized.zh).toBe('“采访车（青A·12345）”在 01-21 00:00–01-24 00:00 维修中（更换轮胎），不能预约');
    const flagged = (await t.call(convener, 'gear.projectBookings', { projectId: spring.id })).bookings;
    expect(flagged.map((x) => [x.id, x.clash])).toEqual([[before.id, true]]);
    expect(t.db.prepare<[], { summary: string }>("SELECT summary FROM activity_log WHERE command = 'gear.setRepair'").get()!.summary).toContain('与 1 个预约冲突');
    await t.call(manager, 'gear.setRepair', { itemId: van.id, repair: null });
    expect((await one(t.call(convener, 'gear.book', { itemIds: [van.id], projectId: spring.id, start: at('2027-01-23 08:00'), end: at('2027-01-23 18:00') }))).clash).toBe(false);
  });

  it('the calendar flags a booking running past the week’s end that clashes with one just after it (a quantity lowered)', async () => {
    const { t, manager, spring, conf, mics, convener, other } = await center();
    const late = await one(t.call(convener, 'gear.book', { itemIds: [mics.id], projectId: spring.id, start: at('2027-01-24 20:00'), end: at('2027-01-25 10:00') }));
    const next = await one(t.call(other, 'gear.book', { itemIds: [mics.id], projectId: conf.id, start: at('2027-01-25 08:00'), end: at('2027-01-25 12:00') }));
    expect([late.clash, next.clash]).toEqual([false, false]);
    await t.call(manager, 'gear.saveItem', { id: mics.id, kind: 'microphone', name: '无线话筒', quantity: 1 });
    const week = await t.call(convener, 'gear.calendar', { from: '2027-01-18', to: '2027-01-24' });
    expect(week.bookings.map((x) => [x.id, x.clash])).toEqual([[late.id, true]]);
    const after = await t.call(convener, 'gear.calendar', { from: '2027-01-25', to: '2027-01-31' });
    expect(after.bookings.map((x) => [x.id, x.clash]).sort()).toEqual([[late.id, true], [next.id, true]].sort());
    // Retired items leave the calendar with their bookings.
    await t.call(manager, 'gear.saveItem', { id: mics.id, kind: 'microphone', name: '无线话筒', quantity: 1, archived: true });
    expect((await t.call(convener, 'gear.calendar', { from: '2027-01-18', to: '2027-01-24' })).bookings).toEqual([]);
  });

  it('the booker, the convener or a manager cancels; others cannot; a cancelled booking frees the slot', async () => {
    const { t, manager, spring, conf, kit, convener, member, other, outsider } = await center();
    const byMember = await one(t.call(member, 'gear.book', { itemIds: [kit.id], projectId: spring.id, start: at('2027-01-20 08:00'), end: at('2027-01-20 18:00') }));
    expect((await t.fail(outsider, 'gear.cancel', { bookingId: byMember.id })).code).toBe('FORBIDDEN');
    expect((await t.fail(other, 'gear.cancel', { bookingId: byMember.id })).code).toBe('FORBIDDEN');
    const cancelled = await t.call(convener, 'gear.cancel', { bookingId: byMember.id });
    expect(cancelled).toMatchObject({ status: 'cancelled', canCancel: false });
    expect((await t.fail(convener, 'gear.cancel', { bookingId: byMember.id })).code).toBe('CONFLICT');
    const theirs = await one(t.call(other, 'gear.book', { itemIds: [kit.id], projectId: conf.id, start: at('2027-01-20 08:00'), end: at('2027-01-20 18:00') }));
    const mine = await one(t.call(member, 'gear.book', { itemIds: [kit.id], projectId: spring.id, start: at('2027-01-21 08:00'), end: at('2027-01-21 18:00') }));
    await t.call(member, 'gear.cancel', { bookingId: mine.id });
    await t.call(manager, 'gear.cancel', { bookingId: theirs.id });
    expect(logCount(t, 'gear.cancel')).toBe(3);
    const summary = t.db.prepare<[string], { summary: string }>("SELECT summary FROM activity_log WHERE command = 'gear.cancel' AND entity_id = ?").get(theirs.id)!.summary;
    expect(summary).toBe('取消设备预约：直播包一号，01-20 08:00–01-20 18:00，项目“融媒体大会报道”');
    expect((await t.call(outsider, 'gear.calendar', { from: '2027-01-18', to: '2027-01-24' })).bookings).toEqual([]);
  });
});

describe('the gear a project needs', () => {
  it('is set with the project (one row per kind, by its manager only) and weighed against the units booked at one instant', async () => {
    const { t, spring, kit, van, mics, convener, member } = await center();
    // Two mics and the van; the same kind named twice adds up.
    const set = await t.call(convener, 'projects.update', {
      id: spring.id,
      gearNeeds: [{ kind: 'microphone', count: 1 }, { kind: 'vehicle', count: 1, note: '拉机位' }, { kind: 'microphone', count: 1, note: '主持人' }],
    });
    expect(set.gearNeeds).toEqual([{ kind: 'microphone', count: 2, note: '主持人' }, { kind: 'vehicle', count: 1, note: '拉机位' }]);
    const log = t.db.prepare<[], { before: string; after: string }>("SELECT before, after FROM activity_log WHERE command = 'projects.update' ORDER BY at DESC, rowid DESC LIMIT 1").get()!;
    expect(JSON.parse(log.before).gearNeeds).toEqual([]);
    expect(JSON.parse(log.after).gearNeeds).toEqual(set.gearNeeds);
    // A group member may book, but not change what the project needs.
    expect((await t.fail(member, 'projects.update', { id: spring.id, gearNeeds: [] })).code).toBe('FORBIDDEN');
    expect((await t.fail(convener, 'projects.update', { id: spring.id, gearNeeds: [{ kind: 'spaceship', count: 1 }] } as never)).code).toBe('VALIDATION');

    const needs = async () => (await t.call(member, 'gear.projectBookings', { projectId: spring.id })).needs;
    expect(await needs()).toEqual([
      { kind: 'microphone', count: 2, note: '主持人', booked: 0, missing: 2 },
      { kind: 'vehicle', count: 1, note: '拉机位', booked: 0, missing: 1 },
    ]);
    // One mic in the morning and one in the afternoon is one at a time: still one short. Both at once covers it.
    await t.call(member, 'gear.book', { itemIds: [mics.id], projectId: spring.id, start: at('2027-01-20 08:00'), end: at('2027-01-20 12:00') });
    await t.call(member, 'gear.book', { itemIds: [mics.id], projectId: spring.id, start: at('2027-01-20 12:00'), end: at('2027-01-20 16:00') });
    expect((await needs())[0]).toMatchObject({ booked: 1, missing: 1 });
    await t.call(member, 'gear.book', { itemIds: [mics.id], projectId: spring.id, start: at('2027-01-20 09:00'), end: at('2027-01-20 10:00') });
    expect((await needs())[0]).toMatchObject({ booked: 2, missing: 0 });
    // The kit is booked but not needed: it is a booking, not a need.
    await t.call(convener, 'gear.book', { itemIds: [kit.id, van.id], projectId: spring.id, start: at('2027-01-21 08:00'), end: at('2027-01-21 18:00') });
    expect((await needs()).map((n) => [n.kind, n.booked, n.missing])).toEqual([['microphone', 2, 0], ['vehicle', 1, 0]]);
    // Cleared as a whole.
    expect((await t.call(convener, 'projects.update', { id: spring.id, gearNeeds: [] })).gearNeeds).toEqual([]);
  });
});
