import { afterEach, describe, expect, it } from 'vitest';
import type { ProjectTimeline } from '../../../shared/contract';
import { dependencyConflicts, inConflict, shiftSpan, spanOf, startDayOf, wouldCycle } from '../../../shared/timeline';
import { dayStart, fromLocalDateTime as at } from '../../../shared/time';
import { buildWorld, type BuiltProject, type World } from '../../helpers/world';

/** 项目时间线 (shared/timeline.ts, main/timeline/): dependencies, their rules and conflicts, re-dating. The test's own center, fixed clock (Wed 2027-01-13). */

let w: World | null = null;
afterEach(() => {
  w?.close();
  w = null;
});

const logCount = (t: World, command: string): number =>
  t.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM activity_log WHERE command = ?').get(command)!.n;
const depCount = (t: World): number => t.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM task_dependencies').get()!.n;

describe('timeline rules (shared/timeline.ts)', () => {
  it('a bar runs from its start day to its due time; no start of its own: the due day; none later than the due day', () => {
    const due = at('2027-01-20 18:00');
    expect(startDayOf(null, due)).toBe('2027-01-20');
    expect(startDayOf('2027-01-15', due)).toBe('2027-01-15');
    expect(startDayOf('2027-01-22', due)).toBe('2027-01-20');
    expect(startDayOf('2027-01-15', null)).toBeNull();
    expect(spanOf('2027-01-15', due)).toEqual({ start: dayStart('2027-01-15'), end: due });
    expect(shiftSpan('2027-01-15', due, 3)).toEqual({ startDate: '2027-01-18', dueAt: at('2027-01-23 18:00') });
  });

  it('finish-to-start: a conflict when the predecessor ends after its successor starts (due at 00:00 that day is not)', () => {
    const succ = spanOf('2027-01-21', at('2027-01-22 18:00'))!;
    expect(inConflict(spanOf(null, at('2027-01-21 18:00'))!, succ)).toBe(true);
    expect(inConflict(spanOf(null, at('2027-01-20 18:00'))!, succ)).toBe(false);
    expect(inConflict(spanOf('2027-01-20', at('2027-01-21 00:00'))!, succ)).toBe(false);
    const spans = new Map([
      ['a', spanOf(null, at('2027-01-21 18:00'))!],
      ['b', succ],
    ]);
    const deps = [
      { predecessorId: 'a', successorId: 'b' },
      { predecessorId: 'b', successorId: 'x' }, // x has no bar: no conflict
    ];
    expect(dependencyConflicts(spans, deps)).toEqual([deps[0]]);
  });

  it('a cycle is any path back: itself, a direct pair reversed, a longer way round', () => {
    const deps = [
      { predecessorId: 'a', successorId: 'b' },
      { predecessorId: 'b', successorId: 'c' },
    ];
    expect(wouldCycle(deps, 'a', 'a')).toBe(true);
    expect(wouldCycle(deps, 'b', 'a')).toBe(true);
    expect(wouldCycle(deps, 'c', 'a')).toBe(true);
    expect(wouldCycle(deps, 'a', 'c')).toBe(false);
    expect(wouldCycle(deps, 'c', 'd')).toBe(false);
  });
});

async function center() {
  const t = await buildWorld();
  w = t;
  await t.people({
    林晓峰: { team: 'live', role: 'convener' },
    马骁: { team: 'camera' },
    宋雨桐: { team: 'newmedia' },
    何明远: { team: 'reporting', role: 'manager' },
  });
  const p = await t.project({
    name: '春节联欢直播',
    convener: '林晓峰',
    members: ['马骁'],
    status: 'active',
    start: '2027-01-15',
    end: '2027-02-15',
    keyDates: [{ date: '2027-02-10', label: '除夕直播' }],
  });
  const shoot = await t.task(p, { title: '外景拍摄', due: at('2027-01-20 18:00'), assignees: ['马骁'] });
  const edit = await t.task(p, { title: '成片剪辑', due: at('2027-01-25 18:00') });
  const post = await t.task(p, { title: '发布预告', due: at('2027-01-28 12:00') });
  return { t, p, shoot, edit, post, convener: t.as('林晓峰'), member: t.as('马骁'), outsider: t.as('宋雨桐'), manager: t.as('何明远') };
}

const depOf = (tl: ProjectTimeline, predecessorId: string, successorId: string) =>
  tl.dependencies.find((d) => d.predecessorId === predecessorId && d.successorId === successorId);

describe('dependencies (main/timeline/)', () => {
  it('the group adds and removes a dependency, one activity row each; the project timeline shows it', async () => {
    const c = await center();
    const tl = await c.t.call(c.member, 'timeline.addDependency', { predecessorId: c.shoot.id, successorId: c.edit.id });
    expect(depOf(tl, c.shoot.id, c.edit.id)).toEqual({ predecessorId: c.shoot.id, successorId: c.edit.id, conflict: false });
    expect(logCount(c.t, 'timeline.addDependency')).toBe(1);
    const again = await c.t.fail(c.convener, 'timeline.addDependency', { predecessorId: c.shoot.id, successorId: c.edit.id });
    expect(again.code).toBe('CONFLICT');
    const after = await c.t.call(c.convener, 'timeline.removeDependency', { predecessorId: c.shoot.id, successorId: c.edit.id });
    expect(after.dependencies).toEqual([]);
    expect(logCount(c.t, 'timeline.removeDependency')).toBe(1);
    expect((await c.t.fail(c.convener, 'timeline.removeDependency', { predecessorId: c.shoot.id, successorId: c.edit.id })).code).toBe('NOT_FOUND');
  });

  it('no cycles: directly, the long way round, or a task on itself — refused, nothing written', async () => {
    const c = await center();
    await c.t.call(c.convener, 'timeline.addDependency', { predecessorId: c.shoot.id, successorId: c.edit.id });
    await c.t.call(c.convener, 'timeline.addDependency', { predecessorId: c.edit.id, successorId: c.post.id });
    const back = await c.t.fail(c.convener, 'timeline.addDependency', { predecessorId: c.post.id, successorId: c.shoot.id });
    expect(back.code).toBe('CONFLICT');
    expect(back.localized.zh).toContain('循环');
    expect((await c.t.fail(c.convener, 'timeline.addDependency', { predecessorId: c.edit.id, successorId: c.shoot.id })).code).toBe('CONFLICT');
    expect((await c.t.fail(c.convener, 'timeline.addDependency', { predecessorId: c.edit.id, successorId: c.edit.id })).code).toBe('VALIDATION');
    expect(depCount(c.t)).toBe(2);
    expect(logCount(c.t, 'timeline.addDependency')).toBe(2);
  });

  it('only tasks of the same project', async () => {
    const c = await center();
    const other = await c.t.project({ name: '非遗市集', convener: '林晓峰', status: 'active' });
    const stall = await c.t.task(other, { title: '摊位踩点', due: at('2027-01-19 12:00') });
    const e = await c.t.fail(c.convener, 'timeline.addDependency', { predecessorId: stall.id, successorId: c.edit.id });
    expect(e.code).toBe('VALIDATION');
    expect(e.localized.en).toMatch(/same project/);
    expect(depCount(c.t)).toBe(0);
  });

  it('rights are the board’s: someone outside the group is refused; a manager may; an archived project is read-only', async () => {
    const c = await center();
    const e = await c.t.fail(c.outsider, 'timeline.addDependency', { predecessorId: c.shoot.id, successorId: c.edit.id });
    expect(e.code).toBe('FORBIDDEN');
    expect((await c.t.fail(c.outsider, 'timeline.moveTask', { taskId: c.shoot.id, startDate: '2027-01-18', dueAt: at('2027-01-21 18:00') })).code).toBe('FORBIDDEN');
    expect((await c.t.call(c.outsider, 'timeline.project', { projectId: c.p.id })).canEdit).toBe(false);
    await c.t.call(c.manager, 'timeline.addDependency', { predecessorId: c.shoot.id, successorId: c.edit.id });
    expect((await c.t.fail(c.outsider, 'timeline.removeDependency', { predecessorId: c.shoot.id, successorId: c.edit.id })).code).toBe('FORBIDDEN');
    expect(depCount(c.t)).toBe(1);
    for (const status of ['wrapped', 'archived'] as const) await c.t.call(c.convener, 'projects.setStatus', { id: c.p.id, status });
    expect((await c.t.fail(c.convener, 'timeline.addDependency', { predecessorId: c.edit.id, successorId: c.post.id })).code).toBe('FORBIDDEN');
    expect((await c.t.call(c.convener, 'timeline.project', { projectId: c.p.id })).canEdit).toBe(false);
  });
});

describe('re-dating a task (timeline.moveTask)', () => {
  it('a predecessor moved to end after its dependent starts shows the conflict; the dependent is not moved', async () => {
    const c = await center();
    await c.t.call(c.convener, 'timeline.moveTask', { taskId: c.edit.id, startDate: '2027-01-22', dueAt: at('2027-01-25 18:00') });
    await c.t.call(c.convener, 'timeline.addDependency', { predecessorId: c.shoot.id, successorId: c.edit.id });
    // 外景拍摄 two days later: now due 01-22 18:00, after 成片剪辑 starts (01-22 00:00).
    const tl = await c.t.call(c.member, 'timeline.moveTask', { taskId: c.shoot.id, startDate: '2027-01-19', dueAt: at('2027-01-22 18:00') });
    expect(depOf(tl, c.shoot.id, c.edit.id)?.conflict).toBe(true);
    const edit = tl.tasks.find((x) => x.id === c.edit.id)!;
    expect([edit.startDate, edit.dueAt]).toEqual(['2027-01-22', at('2027-01-25 18:00')]);
    const shoot = tl.tasks.find((x) => x.id === c.shoot.id)!;
    expect([shoot.startDate, shoot.dueAt]).toEqual(['2027-01-19', at('2027-01-22 18:00')]);
    // The board sees the new due time too (one column, the boards' own).
    expect((await c.t.call(c.convener, 'tasks.get', { id: c.shoot.id })).dueAt).toBe(at('2027-01-22 18:00'));
    const log = c.t.db.prepare<[], { summary: string }>("SELECT summary FROM activity_log WHERE command = 'timeline.moveTask' ORDER BY at DESC, rowid DESC").get()!;
    expect(log.summary).toContain('与“成片剪辑”的依赖冲突');
    // Back to 01-21: ends 01-21 18:00, before 01-22: no conflict.
    const fixed = await c.t.call(c.member, 'timeline.moveTask', { taskId: c.shoot.id, startDate: '2027-01-18', dueAt: at('2027-01-21 18:00') });
    expect(depOf(fixed, c.shoot.id, c.edit.id)?.conflict).toBe(false);
  });

  it('refuses a due time before the start day and an over-long task; undo puts the dates back', async () => {
    const c = await center();
    expect((await c.t.fail(c.convener, 'timeline.moveTask', { taskId: c.shoot.id, startDate: '2027-01-21', dueAt: at('2027-01-20 18:00') })).code).toBe('VALIDATION');
    expect((await c.t.fail(c.convener, 'timeline.moveTask', { taskId: c.shoot.id, startDate: '2026-01-01', dueAt: at('2027-01-20 18:00') })).code).toBe('VALIDATION');
    await c.t.call(c.convener, 'timeline.moveTask', { taskId: c.shoot.id, startDate: '2027-01-17', dueAt: at('2027-01-23 18:00') });
    await c.t.call(c.convener, 'boards.undo', { projectId: c.p.id });
    const tl = await c.t.call(c.convener, 'timeline.project', { projectId: c.p.id });
    const shoot = tl.tasks.find((x) => x.id === c.shoot.id)!;
    expect([shoot.startDate, shoot.dueAt]).toEqual(['2027-01-20', at('2027-01-20 18:00')]);
    expect(c.t.db.prepare('SELECT count(*) AS n FROM task_starts').get()).toEqual({ n: 0 });
  });
});

describe('the season (timeline.season)', () => {
  it('proposed, running and wrapped projects overlapping the range, proposed ones tentative, key dates as milestones; archived and far-off ones not', async () => {
    const c = await center();
    await c.t.project({ name: '春耕报道', convener: '林晓峰', start: '2027-02-01', end: '2027-03-10', keyDates: [{ date: '2027-02-20', label: '专题上线' }] });
    const old = await c.t.project({ name: '秋收回顾', convener: '林晓峰', start: '2026-10-01', end: '2026-10-30', status: 'active' });
    const gone = await c.t.project({ name: '已归档项目', convener: '林晓峰', start: '2027-01-20', end: '2027-01-30', status: 'archived' });
    const s = await c.t.call(c.outsider, 'timeline.season', { from: '2027-01-01', to: '2027-03-31' });
    expect(s.projects.map((p) => [p.name, p.status, p.tentative])).toEqual([
      ['春节联欢直播', 'active', false],
      ['春耕报道', 'proposed', true],
    ]);
    expect(s.projects.map((p) => p.id)).not.toContain(old.id);
    expect(s.projects.map((p) => p.id)).not.toContain(gone.id);
    expect(s.projects[0]).toMatchObject({ milestones: [{ date: '2027-02-10', label: '除夕直播' }], tasks: 3, convenerName: '林晓峰' });
    expect(s.projects[1]!.milestones).toEqual([{ date: '2027-02-20', label: '专题上线' }]);
    expect((await c.t.fail(c.outsider, 'timeline.season', { from: '2027-03-01', to: '2027-01-01' })).code).toBe('VALIDATION');
    expect((await c.t.fail(c.outsider, 'timeline.season', { from: '2025-01-01', to: '2027-01-01' })).code).toBe('VALIDATION');
  });
});
