import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../main/core/backend';
import { scopeRow } from '../../../main/core/read-scopes';
import { onShiftAt, overlaps, rotationPlan, shiftHours, shiftWindow } from '../../../shared/rota';
import { addDays } from '../../../shared/time';
import type { TestWorld } from '../../helpers/db';
import { buildWorld, type World } from '../../helpers/world';

/** 值班表 (shared/rota.ts, main/rota/): shifts, rotation, swaps, the duty reviewer. The test's own center, fixed clock. */

// Wednesday 2027-03-10, 10:00 in Shanghai.
const NOW = Date.UTC(2027, 2, 10, 2, 0, 0);
const H = 3600_000;
const NEXT_MONDAY = '2027-03-15';
let w: TestWorld | null = null;
afterEach(() => {
  w?.close();
  w = null;
});

const shiftId = (t: TestWorld, name: string): string => t.db.prepare<[string], { id: string }>('SELECT id FROM shift_types WHERE name = ?').get(name)!.id;
const onCell = (t: TestWorld, date: string, shift: string): string[] =>
  t.db
    .prepare<[string, string], { name: string }>(
      'SELECT p.name FROM rota_entries e JOIN people p ON p.id = e.person_id WHERE e.date = ? AND e.shift_type_id = ? ORDER BY p.name',
    )
    .all(date, shiftId(t, shift))
    .map((r) => r.name);
const logCount = (t: TestWorld, command: string): number =>
  t.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM activity_log WHERE command = ?').get(command)!.n;

describe('shift windows and rotation (shared/rota.ts)', () => {
  it('a shift ending at or before its start runs into the next day; windows are half-open', () => {
    const early = shiftWindow('2027-03-10', 7 * 60, 15 * 60);
    const late = shiftWindow('2027-03-10', 15 * 60, 23 * 60);
    const night = shiftWindow('2027-03-10', 23 * 60, 7 * 60);
    const nextEarly = shiftWindow('2027-03-11', 7 * 60, 15 * 60);
    expect(shiftHours(23 * 60, 7 * 60)).toBe(8);
    expect(shiftHours(8 * 60, 8 * 60)).toBe(24);
    expect(overlaps(early, late)).toBe(false);
    expect(overlaps(late, night)).toBe(false);
    expect(overlaps(night, nextEarly)).toBe(false);
    expect(overlaps(early, shiftWindow('2027-03-10', 8 * 60, 22 * 60))).toBe(true);
    // 03:00 on the 11th is the 10th's night shift.
    expect(onShiftAt('2027-03-10', 23 * 60, 7 * 60, Date.UTC(2027, 2, 10, 19, 0, 0))).toBe(true);
    expect(onShiftAt('2027-03-10', 7 * 60, 15 * 60, early.end)).toBe(false);
  });

  it('a rotation takes the people in turn on the chosen weekdays, perDay at a time, from the offset', () => {
    const plan = rotationPlan({ from: NEXT_MONDAY, to: addDays(NEXT_MONDAY, 6), personIds: ['a', 'b', 'c'], perDay: 1, weekdays: [1, 2, 3, 4, 5] });
    expect(plan.map((d) => `${d.date.slice(8)}${d.personIds.join('')}`)).toEqual(['15a', '16b', '17c', '18a', '19b']);
    const two = rotationPlan({ from: NEXT_MONDAY, to: addDays(NEXT_MONDAY, 2), personIds: ['a', 'b', 'c'], perDay: 2, weekdays: [1, 2, 3, 4, 5, 6, 7], offset: 2 });
    expect(two.map((d) => d.personIds.join(''))).toEqual(['ca', 'bc', 'ab']);
    expect(rotationPlan({ from: NEXT_MONDAY, to: NEXT_MONDAY, personIds: ['a'], perDay: 3, weekdays: [1] })).toEqual([{ date: NEXT_MONDAY, personIds: ['a'] }]);
  });
});

/**
 * Two managers (陈思远 is today's 值班主编), a convener, three members; the four shift types
 * 早班 07–15, 晚班 15–23, 夜班 23–07 and 值班主编 08–22; the conference coverage 唐若溪
 * convenes, with two deliverables 宋可欣 owns.
 */
async function center(now: number): Promise<World> {
  const t = await buildWorld({ now });
  await t.people({
    陈思远: { team: 'copy', role: 'manager' },
    何静怡: { team: 'newmedia', role: 'manager' },
    唐若溪: { team: 'reporting', role: 'convener' },
    王小川: { team: 'shortvideo' },
    宋可欣: { team: 'copy' },
    马骁: { team: 'camera' },
  });
  const manager = t.as('陈思远');
  for (const [name, start, end] of [['早班', '07:00', '15:00'], ['晚班', '15:00', '23:00'], ['夜班', '23:00', '07:00'], ['值班主编', '08:00', '22:00']] as const) {
    await t.call(manager, 'rota.saveShiftType', { name, start, end });
  }
  await t.call(manager, 'rota.setCell', { date: '2027-03-10', shiftTypeId: shiftId(t, '值班主编'), personIds: [manager.actorId!] });
  const conf = await t.project({ name: '全国县级融媒体发展大会报道', convener: '唐若溪', start: '2027-03-03', end: '2027-03-24', members: ['宋可欣', '王小川'], status: 'active' });
  await t.deliverable(conf, { title: '开幕式图文快讯', platform: 'wechat', productForm: 'text_image', owner: '宋可欣' });
  await t.deliverable(conf, { title: '开幕式视频直播', platform: 'app', productForm: 'live', owner: '宋可欣' });
  return t;
}

async function setup() {
  w = await center(NOW);
  const t = w;
  return { t, manager: t.as('陈思远'), admin: t.as('周岚'), member: t.as('王小川'), colleague: t.as('宋可欣'), other: t.as('马骁') };
}

describe('planning the rota', () => {
  it('only managers and admins plan; a person is never on two shifts at once', async () => {
    const { t, manager, member, colleague } = await setup();
    const planned = logCount(t, 'rota.setCell'); // the set-up's own cell
    const early = shiftId(t, '早班');
    const editor = shiftId(t, '值班主编');
    const err = await t.fail(member, 'rota.setCell', { date: NEXT_MONDAY, shiftTypeId: early, personIds: [member.actorId!] });
    expect(err.code).toBe('FORBIDDEN');
    await t.call(manager, 'rota.setCell', { date: NEXT_MONDAY, shiftTypeId: early, personIds: [member.actorId!, colleague.actorId!] });
    expect(onCell(t, NEXT_MONDAY, '早班')).toEqual(['宋可欣', '王小川'].sort());
    // 值班主编 08:00–22:00 overlaps 早班 07:00–15:00: refused, naming both.
    const clash = await t.fail(manager, 'rota.setCell', { date: NEXT_MONDAY, shiftTypeId: editor, personIds: [member.actorId!] });
    expect(clash.code).toBe('CONFLICT');
    expect(clash.localized.zh).toContain('王小川 在 2027-03-15 已排早班');
    // Replacing the cell removes who is left out.
    await t.call(manager, 'rota.setCell', { date: NEXT_MONDAY, shiftTypeId: early, personIds: [colleague.actorId!] });
    expect(onCell(t, NEXT_MONDAY, '早班')).toEqual(['宋可欣']);
    expect(logCount(t, 'rota.setCell')).toBe(planned + 2);
  });

  it('a rotation fills next week in one command; planned days are kept unless replaced; a clash refuses it all', async () => {
    const { t, manager, member, colleague, other } = await setup();
    const late = shiftId(t, '晚班');
    await t.call(manager, 'rota.setCell', { date: addDays(NEXT_MONDAY, 2), shiftTypeId: late, personIds: [other.actorId!] });
    const r = await t.call(manager, 'rota.fill', {
      from: NEXT_MONDAY,
      to: addDays(NEXT_MONDAY, 6),
      shiftTypeId: late,
      personIds: [member.actorId!, colleague.actorId!],
      perDay: 1,
      weekdays: [1, 2, 3, 4, 5],
    });
    expect(r).toEqual({ filled: 4, skipped: 1 });
    expect(onCell(t, NEXT_MONDAY, '晚班')).toEqual(['王小川']);
    expect(onCell(t, addDays(NEXT_MONDAY, 1), '晚班')).toEqual(['宋可欣']);
    expect(onCell(t, addDays(NEXT_MONDAY, 2), '晚班')).toEqual(['马骁']); // kept
    expect(onCell(t, addDays(NEXT_MONDAY, 5), '晚班')).toEqual([]); // Saturday not chosen
    expect(logCount(t, 'rota.fill')).toBe(1);
    await t.call(manager, 'rota.fill', { from: NEXT_MONDAY, to: addDays(NEXT_MONDAY, 6), shiftTypeId: late, personIds: [colleague.actorId!], perDay: 1, weekdays: [3], replace: true });
    expect(onCell(t, addDays(NEXT_MONDAY, 2), '晚班')).toEqual(['宋可欣']);
    // 宋可欣 on 值班主编 on Thursday would overlap her 晚班: the whole fill is refused, nothing written.
    const editor = shiftId(t, '值班主编');
    const err = await t.fail(manager, 'rota.fill', { from: NEXT_MONDAY, to: addDays(NEXT_MONDAY, 6), shiftTypeId: editor, personIds: [other.actorId!, colleague.actorId!], perDay: 1, weekdays: [1, 2, 3, 4, 5] });
    expect(err.code).toBe('CONFLICT');
    expect(onCell(t, NEXT_MONDAY, '值班主编')).toEqual([]);
    const tooLong = await t.fail(manager, 'rota.fill', { from: NEXT_MONDAY, to: addDays(NEXT_MONDAY, 100), shiftTypeId: late, personIds: [member.actorId!], perDay: 1, weekdays: [1] });
    expect(tooLong.code).toBe('VALIDATION');
  });

  it('shift types: managers add and archive them; a duplicate name is refused; an archived shift takes no one', async () => {
    const { t, manager, member } = await setup();
    expect((await t.fail(member, 'rota.saveShiftType', { name: '午班', start: '11:00', end: '19:00' })).code).toBe('FORBIDDEN');
    const s = await t.call(manager, 'rota.saveShiftType', { name: '午班', start: '11:00', end: '19:00' });
    expect(s).toMatchObject({ name: '午班', hours: 8, archived: false });
    expect((await t.fail(manager, 'rota.saveShiftType', { name: '早班', start: '06:00', end: '14:00' })).code).toBe('CONFLICT');
    expect((await t.fail(manager, 'rota.saveShiftType', { name: '坏班', start: '25:00', end: '14:00' })).code).toBe('VALIDATION');
    await t.call(manager, 'rota.saveShiftType', { id: s.id, name: '午班', start: '11:00', end: '19:00', archived: true });
    expect((await t.fail(manager, 'rota.setCell', { date: NEXT_MONDAY, shiftTypeId: s.id, personIds: [member.actorId!] })).code).toBe('CONFLICT');
  });
});

describe('swaps', () => {
  async function planned() {
    const s = await setup();
    const late = shiftId(s.t, '晚班');
    const early = shiftId(s.t, '早班');
    await s.t.call(s.manager, 'rota.setCell', { date: NEXT_MONDAY, shiftTypeId: late, personIds: [s.member.actorId!] });
    await s.t.call(s.manager, 'rota.setCell', { date: addDays(NEXT_MONDAY, 1), shiftTypeId: early, personIds: [s.colleague.actorId!] });
    const entry = (date: string, shift: string) =>
      s.t.db.prepare<[string, string], { id: string }>('SELECT id FROM rota_entries WHERE date = ? AND shift_type_id = ?').get(date, shiftId(s.t, shift))!.id;
    return { ...s, mine: entry(NEXT_MONDAY, '晚班'), theirs: entry(addDays(NEXT_MONDAY, 1), '早班') };
  }

  it('a member asks for their own coming shift; a manager approves and the rota changes (an exchange changes both)', async () => {
    const { t, manager, member, colleague, mine, theirs } = await planned();
    const swap = await t.call(member, 'rota.requestSwap', { entryId: mine, substituteId: colleague.actorId!, withEntryId: theirs, reason: '孩子开家长会' });
    expect(swap.status).toBe('requested');
    // One open request per shift.
    expect((await t.fail(member, 'rota.requestSwap', { entryId: mine, substituteId: colleague.actorId!, reason: '再申请一次' })).code).toBe('CONFLICT');
    expect((await t.fail(member, 'rota.decideSwap', { swapId: swap.id, approve: true })).code).toBe('FORBIDDEN');
    const done = await t.call(manager, 'rota.decideSwap', { swapId: swap.id, approve: true, comment: '同意' });
    expect(done).toMatchObject({ status: 'approved', decidedByName: '陈思远', comment: '同意' });
    expect(onCell(t, NEXT_MONDAY, '晚班')).toEqual(['宋可欣']);
    expect(onCell(t, addDays(NEXT_MONDAY, 1), '早班')).toEqual(['王小川']);
    expect((await t.fail(manager, 'rota.decideSwap', { swapId: swap.id, approve: false })).code).toBe('CONFLICT');
  });

  it('refused: someone else’s shift, a shift already begun, oneself; declined and withdrawn leave the rota as it was', async () => {
    const { t, manager, member, colleague, other, mine } = await planned();
    expect((await t.fail(other, 'rota.requestSwap', { entryId: mine, substituteId: other.actorId!, reason: '我来替' })).code).toBe('FORBIDDEN');
    expect((await t.fail(member, 'rota.requestSwap', { entryId: mine, substituteId: member.actorId!, reason: '自己换自己' })).code).toBe('VALIDATION');
    expect((await t.fail(member, 'rota.requestSwap', { entryId: mine, substituteId: colleague.actorId!, reason: '' })).code).toBe('VALIDATION');
    // This Wednesday's 值班主编 (陈思远, since 08:00) has begun.
    const today = t.db.prepare<[string], { id: string }>("SELECT id FROM rota_entries WHERE date = '2027-03-10' AND shift_type_id = ?").get(shiftId(t, '值班主编'))!.id;
    expect((await t.fail(manager, 'rota.requestSwap', { entryId: today, substituteId: t.as('何静怡').actorId!, reason: '临时出差' })).code).toBe('CONFLICT');
    const a = await t.call(member, 'rota.requestSwap', { entryId: mine, substituteId: colleague.actorId!, reason: '身体不适' });
    await t.call(manager, 'rota.decideSwap', { swapId: a.id, approve: false, comment: '人手不足' });
    const b = await t.call(member, 'rota.requestSwap', { entryId: mine, substituteId: colleague.actorId!, reason: '身体不适' });
    expect((await t.fail(colleague, 'rota.withdrawSwap', { swapId: b.id })).code).toBe('FORBIDDEN');
    expect((await t.call(member, 'rota.withdrawSwap', { swapId: b.id })).status).toBe('withdrawn');
    expect(onCell(t, NEXT_MONDAY, '晚班')).toEqual(['王小川']);
  });

  it('the reason is for the two people and managers: others read the swap without it, here and from the hub', async () => {
    const { t, manager, member, colleague, other, mine } = await planned();
    await t.call(member, 'rota.requestSwap', { entryId: mine, substituteId: colleague.actorId!, reason: '家属住院陪护' });
    const range = { from: NEXT_MONDAY, to: addDays(NEXT_MONDAY, 6) };
    for (const [who, sees] of [[member, true], [colleague, true], [manager, true], [other, false]] as [Session, boolean][]) {
      const r = await t.call(who, 'rota.get', range);
      expect(r.swaps).toHaveLength(1);
      expect(r.swaps[0]!.reason).toBe(sees ? '家属住院陪护' : '');
    }
    const row = t.db.prepare<[], Record<string, unknown>>('SELECT * FROM rota_swaps').get()!;
    const change = { table: 'rota_swaps', id: String(row.id), data: row, version: 1 };
    const pulled = scopeRow({ id: other.actorId!, role: 'member' }, change as never);
    expect(pulled.data?.reason).toBe('');
    expect(scopeRow({ id: colleague.actorId!, role: 'member' }, change as never).data?.reason).toBe('家属住院陪护');
    // The log's images of the request are a people record: the other member reads the line, not the reason.
    const log = await t.call(other, 'activity.list', { entityType: 'rota_swap', limit: 5 });
    expect(JSON.stringify(log)).not.toContain('家属住院陪护');
  });
});

describe('the duty reviewer (值班主编 in a review chain)', () => {
  it('a step naming a duty shift is signed by whoever is on it when the work is submitted; nobody on duty refuses the submission', async () => {
    const { t, admin } = await setup();
    const editor = shiftId(t, '值班主编');
    await t.call(admin, 'reviews.setChain', {
      projectId: null,
      platform: null,
      steps: [
        { name: '初审', rule: 'any', reviewers: [{ kind: 'convener' }] },
        { name: '值班主编审', rule: 'any', reviewers: [{ kind: 'duty', shiftTypeId: editor }] },
      ],
    });
    const owner = t.as('宋可欣');
    const d = t.db.prepare<[], { id: string }>("SELECT id FROM deliverables WHERE title = '开幕式图文快讯'").get()!.id;
    // Wednesday: 陈思远 is the duty editor.
    const got = await t.call(owner, 'reviews.get', { deliverableId: d });
    expect(got.chain.steps[1]!.people.map((p) => p.name)).toEqual(['陈思远']);
    const round = await t.call(owner, 'reviews.submit', { deliverableId: d, content: 'https://example.com/preview/kx' });
    expect(round.steps[1]!.reviewers.map((p) => p.name)).toEqual(['陈思远']);
    // 何静怡 is a manager but not on duty: not hers to sign.
    await t.call(t.as('唐若溪'), 'reviews.decide', { roundId: round.id, decision: 'approve' });
    expect((await t.fail(t.as('何静怡'), 'reviews.decide', { roundId: round.id, decision: 'approve' })).code).toBe('FORBIDDEN');
    await t.call(t.as('陈思远'), 'reviews.decide', { roundId: round.id, decision: 'approve' });
    // Nobody on that shift today: the submission is refused and names the step.
    await t.call(t.as('陈思远'), 'rota.setCell', { date: '2027-03-10', shiftTypeId: editor, personIds: [] });
    const d2 = t.db.prepare<[], { id: string }>("SELECT id FROM deliverables WHERE title = '开幕式视频直播'").get()!.id;
    const err = await t.fail(t.as('宋可欣'), 'reviews.submit', { deliverableId: d2, content: 'https://example.com/preview/live' });
    expect(err.localized.zh).toContain('值班主编审');
  });

  it('at 03:00 the duty is the night shift that began the evening before', async () => {
    w = await center(Date.UTC(2027, 2, 10, 19, 0, 0)); // 03:00 on Thursday 03-11
    const t = w;
    const night = shiftId(t, '夜班');
    await t.call(t.as('陈思远'), 'rota.setCell', { date: '2027-03-10', shiftTypeId: night, personIds: [t.as('马骁').actorId!] });
    await t.call(t.as('陈思远'), 'rota.setCell', { date: '2027-03-11', shiftTypeId: night, personIds: [t.as('王小川').actorId!] });
    const { onDuty } = await import('../../../main/rota');
    expect(onDuty(t.db, night, Date.UTC(2027, 2, 10, 19, 0, 0)).map((p) => p.name)).toEqual(['马骁']);
    // At noon nobody's night shift runs: the day's own night shift answers.
    expect(onDuty(t.db, night, Date.UTC(2027, 2, 11, 4, 0, 0)).map((p) => p.name)).toEqual(['王小川']);
  });
});
