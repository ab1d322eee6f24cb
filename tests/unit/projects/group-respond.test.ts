import { afterEach, describe, expect, it } from 'vitest';
import { loadForWeeks } from '../../../main/workload/load';
import { buildWorld, type World } from '../../helpers/world';

/**
 * 派单确认 for a group place (projects.group.respond, shared/assignments.ts) and unconfirmed
 * load (the grid's "tentative"): the test's own center on a fixed clock, everything made through
 * real calls.
 */

let w: World | null = null;
afterEach(() => {
  w?.close();
  w = null;
});

async function setup() {
  w = await buildWorld();
  const t = w;
  await t.people({ 林晓峰: { team: 'live', role: 'convener' }, 王小川: { team: 'shortvideo' }, 宋可欣: { team: 'copy' }, 赵一鸣: { team: 'camera', role: 'manager' } });
  // Active from today for four weeks; 王小川 and 宋可欣 are given 10 h a week by the convener.
  const p = await t.project({ name: '乡村振兴系列', convener: '林晓峰', start: 0, end: 27, status: 'active', members: [{ name: '王小川', hoursPerWeek: 10 }, { name: '宋可欣', hoursPerWeek: 10 }] });
  return { t, p, convener: t.as('林晓峰'), member: t.as('王小川'), colleague: t.as('宋可欣'), manager: t.as('赵一鸣') };
}

const placeOf = (detail: { group: { personId: string; response: string; reason: string; respondedAt: number | null }[] }, id: string) =>
  detail.group.find((g) => g.personId === id);

describe('projects.group.respond', () => {
  it('a place given by someone else waits; the convener’s own is accepted; the person accepts, or declines with a reason, and may change their mind', async () => {
    const { t, p, convener, member, colleague } = await setup();
    const detail = await t.call(convener, 'projects.get', { id: p.id });
    expect(placeOf(detail, convener.actorId!)).toMatchObject({ response: 'accepted' });
    expect(placeOf(detail, member.actorId!)).toMatchObject({ response: 'pending', reason: '', respondedAt: null });

    const accepted = await t.call(member, 'projects.group.respond', { projectId: p.id, accept: true });
    expect(accepted).toMatchObject({ personId: member.actorId, response: 'accepted', reason: '', respondedAt: t.clock.now() });
    expect((await t.fail(member, 'projects.group.respond', { projectId: p.id, accept: true })).code).toBe('CONFLICT');

    t.clock.advance(60_000);
    expect((await t.fail(member, 'projects.group.respond', { projectId: p.id, accept: false, reason: ' ' })).code).toBe('VALIDATION');
    const declined = await t.call(member, 'projects.group.respond', { projectId: p.id, accept: false, reason: '下周在外地驻点采访' });
    expect(declined).toMatchObject({ response: 'declined', reason: '下周在外地驻点采访', respondedAt: t.clock.now() });
    // Withdrawn: accepted after all.
    expect(await t.call(member, 'projects.group.respond', { projectId: p.id, accept: true })).toMatchObject({ response: 'accepted', reason: '' });

    // Every answer is one attributed log row.
    const rows = t.db
      .prepare<[string], { actor_id: string; summary: string }>("SELECT actor_id, summary FROM activity_log WHERE command = 'projects.group.respond' AND project_id = ? ORDER BY at, rowid")
      .all(p.id);
    expect(rows).toEqual([
      { actor_id: member.actorId, summary: '接受项目 乡村振兴系列 的小组席位' },
      { actor_id: member.actorId, summary: '婉拒项目 乡村振兴系列 的小组席位：下周在外地驻点采访' },
      { actor_id: member.actorId, summary: '接受项目 乡村振兴系列 的小组席位' },
    ]);
    // 宋可欣 has not answered: still waiting.
    expect(placeOf(await t.call(colleague, 'projects.get', { id: p.id }), colleague.actorId!)).toMatchObject({ response: 'pending' });
  });

  it('only the person in the place answers, never for someone else; the convener cannot decline their own project; a wrapped or archived project takes no answer', async () => {
    const { t, p, convener, member, manager } = await setup();
    // Not in the group (even a manager): refused.
    expect((await t.fail(manager, 'projects.group.respond', { projectId: p.id, accept: true })).code).toBe('FORBIDDEN');
    expect((await t.fail(convener, 'projects.group.respond', { projectId: p.id, accept: false, reason: '太忙了' })).code).toBe('CONFLICT');
    // The input names no person: there is no way to answer for another one.
    await t.call(member, 'projects.group.respond', { projectId: p.id, accept: true, personId: convener.actorId } as never);
    expect(placeOf(await t.call(convener, 'projects.get', { id: p.id }), convener.actorId!)).toMatchObject({ response: 'accepted' });
    await t.call(convener, 'projects.setStatus', { id: p.id, status: 'wrapped' });
    expect((await t.fail(member, 'projects.group.respond', { projectId: p.id, accept: false, reason: '已结束' })).code).toBe('CONFLICT');
    expect((await t.fail(member, 'projects.group.respond', { projectId: 'nope', accept: true })).code).toBe('VALIDATION');
  });

  it('the member is asked (a notification) and the convener is told of a decline with the reason; taken out and put back, the place waits again', async () => {
    const { t, p, convener, member } = await setup();
    const asked = (await t.call(member, 'notifications.list', {})).items.filter((n) => n.kind === 'group_invited');
    expect(asked).toMatchObject([{ actorName: '林晓峰', projectId: p.id, projectName: '乡村振兴系列', subject: null }]);
    await t.call(member, 'projects.group.respond', { projectId: p.id, accept: false, reason: '与值班冲突' });
    // Answered: no longer asked.
    expect((await t.call(member, 'notifications.list', {})).items.filter((n) => n.kind === 'group_invited')).toEqual([]);
    const told = (await t.call(convener, 'notifications.list', {})).items.filter((n) => n.kind === 'place_declined');
    expect(told).toMatchObject([{ actorName: '王小川', projectId: p.id, detail: '与值班冲突' }]);

    await t.call(convener, 'projects.group.remove', { projectId: p.id, personId: member.actorId! });
    const again = await t.addMember(p, { name: '王小川', hoursPerWeek: 10 });
    expect(again).toMatchObject({ response: 'pending', reason: '' });
  });
});

describe('tentative load', () => {
  it('an unanswered place and a pending task are tentative; a declined place is no load; confirmed-only leaves the tentative part out', async () => {
    const { t, p, member, colleague } = await setup();
    const week = t.clock.monday();
    const loads = (opts?: { tentative: boolean }) => {
      const l = loadForWeeks(t.db, [member.actorId!, colleague.actorId!], [week], opts);
      return { member: l.get(member.actorId!)![0]!, colleague: l.get(colleague.actorId!)![0]! };
    };
    // Today is Wednesday: three working days of the project this week → 10 h × 3/5 = 6 h each, all tentative.
    expect(loads().member).toMatchObject({ allocatedHours: 6, totalHours: 6, tentativeHours: 6 });
    expect(loads({ tentative: false }).member).toMatchObject({ allocatedHours: 0, totalHours: 0, tentativeHours: 0 });

    // A task given to 王小川 (estimate 4 h, due this week) waits too.
    await t.task(p, { title: '村民访谈', assignees: ['王小川'], estimateHours: 4, dueInDays: 1 });
    expect(loads().member).toMatchObject({ totalHours: 10, tentativeHours: 10 });
    await t.call(member, 'projects.group.respond', { projectId: p.id, accept: true });
    expect(loads().member).toMatchObject({ totalHours: 10, tentativeHours: 4 });
    expect(loads({ tentative: false }).member).toMatchObject({ allocatedHours: 6, taskHours: 0, totalHours: 6 });

    // 宋可欣 declines her place: none of its hours count, tentative or not.
    await t.call(colleague, 'projects.group.respond', { projectId: p.id, accept: false, reason: '手头的专题还没结束' });
    expect(loads().colleague).toMatchObject({ allocatedHours: 0, totalHours: 0, tentativeHours: 0 });
  });

  it('a place in a proposed project is tentative even once accepted; the grid reports the tentative part and can leave it out', async () => {
    w = await buildWorld();
    const t = w;
    await t.people({ 林晓峰: { team: 'live', role: 'convener' }, 王小川: { team: 'shortvideo' } });
    const p = await t.project({ name: '元宵晚会（策划中）', convener: '林晓峰', start: 0, end: 20, members: [{ name: '王小川', hoursPerWeek: 20 }] });
    await t.call(t.as('王小川'), 'projects.group.respond', { projectId: p.id, accept: true });
    const cell = async (tentative: boolean) => {
      const grid = await t.call(t.admin, 'workload.grid', { weeks: 1, tentative });
      return grid.teams.flatMap((x) => x.people).find((x) => x.name === '王小川')!.cells[0]!;
    };
    expect(await cell(true)).toMatchObject({ allocatedHours: 12, totalHours: 12, tentativeHours: 12, level: 'free' });
    expect(await cell(false)).toMatchObject({ allocatedHours: 0, totalHours: 0, tentativeHours: 0 });
    const detail = await t.call(t.admin, 'workload.cell', { personId: t.id('王小川'), weekStart: t.clock.monday() });
    expect(detail.allocations).toMatchObject([{ projectName: '元宵晚会（策划中）', hours: 12, tentative: true }]);
    // Approved: confirmed.
    await t.call(p.convener, 'projects.setStatus', { id: p.id, status: 'active' });
    expect(await cell(true)).toMatchObject({ totalHours: 12, tentativeHours: 0 });
  });
});
