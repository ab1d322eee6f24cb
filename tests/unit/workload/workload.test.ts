import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, localDate, weekStart } from '../../../shared/time';
import { dbChecksum, world, type TestWorld } from '../../helpers/db';

/** Tuesday 29 Dec 2026, 10:00 in Shanghai: next week is 2027-W1, across the year end. */
const NOW = Date.UTC(2026, 11, 29, 2, 0);
const NEXT_WEEK = addDays(weekStart(localDate(NOW)), 7);

let w: TestWorld | null = null;
afterEach(() => {
  w?.close();
  w = null;
});

const demo = async (): Promise<TestWorld> => (w = await world({ demo: true, now: NOW }));
const idOf = (t: TestWorld, name: string): string => t.as(name).actorId!;
const taskId = (t: TestWorld, title: string): string =>
  t.db.prepare<[string], { id: string }>('SELECT id FROM tasks WHERE title = ?').get(title)!.id;
const assigneesOf = (t: TestWorld, id: string): string[] =>
  t.db.prepare<[string], { person_id: string }>('SELECT person_id FROM task_assignees WHERE task_id = ? ORDER BY person_id').all(id).map((r) => r.person_id);

describe('workload grid', () => {
  it('shows a manager everyone, by team, over 12 ISO weeks from this Monday, with team totals', async () => {
    const t = await demo();
    const g = await t.call(t.as('陈思远'), 'workload.grid', {});
    expect(g.scope).toBe('all');
    expect(g.weeks.map((x) => x.weekStart).slice(0, 3)).toEqual(['2026-12-28', '2027-01-04', '2027-01-11']);
    expect(g.weeks.slice(0, 2).map((x) => `${x.year}-W${x.week}`)).toEqual(['2026-W53', '2027-W1']);
    expect(g.weeks).toHaveLength(12);
    expect(g.teams).toHaveLength(10);
    expect(g.teams.reduce((n, b) => n + b.people.length, 0)).toBe(80);
    for (const b of g.teams) {
      const hours = b.people.reduce((s, p) => s + p.cells[0]!.totalHours, 0);
      expect(b.totals[0]!.totalHours).toBeCloseTo(hours, 1);
    }
  });

  it('filters by team, role and project', async () => {
    const t = await demo();
    const m = t.as('陈思远');
    const camera = t.db.prepare<[], { id: string }>("SELECT id FROM teams WHERE name = '摄影摄像团队'").get()!.id;
    const byTeam = await t.call(m, 'workload.grid', { teamId: camera });
    expect(byTeam.teams.map((b) => b.name)).toEqual(['摄影摄像团队']);
    const conveners = await t.call(m, 'workload.grid', { role: 'convener' });
    expect(conveners.teams.flatMap((b) => b.people.map((p) => p.name)).sort()).toEqual(['唐若溪', '林晓峰', '苏雨晴', '郭振宇'].sort());
    const project = byTeam.projects.find((p) => p.name === '开年主题系列报道·融媒会客厅')!;
    const group = await t.call(m, 'workload.grid', { projectId: project.id });
    const n = t.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM project_members WHERE project_id = ?').get(project.id)!.n;
    expect(group.teams.reduce((s, b) => s + b.people.length, 0)).toBe(n);
  });

  it('flags who is over 100 % next week and who has overdue tasks', async () => {
    const t = await demo();
    const g = await t.call(t.as('陈思远'), 'workload.grid', {});
    expect(g.alerts.nextWeek).toBe(NEXT_WEEK);
    expect(g.alerts.overloaded.map((a) => a.name)).toContain('马骁');
    expect(g.alerts.overloaded.every((a) => a.ratio === null || a.ratio > 1)).toBe(true);
    const overdue = g.alerts.overdue.flatMap((a) => a.tasks);
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((x) => x.dueAt < NOW)).toBe(true);
  });

  it('shows a member only their own row, and refuses them anyone else’s week and the team view', async () => {
    const t = await demo();
    const me = t.as('王小川');
    const g = await t.call(me, 'workload.grid', {});
    expect(g.scope).toBe('self');
    expect(g.teams.flatMap((b) => b.people.map((p) => p.name))).toEqual(['王小川']);
    expect(g.alerts.overloaded.every((a) => a.name === '王小川')).toBe(true);
    expect((await t.fail(me, 'workload.cell', { personId: idOf(t, '马骁'), weekStart: NEXT_WEEK })).code).toBe('FORBIDDEN');
    expect((await t.call(me, 'workload.cell', { personId: me.actorId!, weekStart: NEXT_WEEK })).person.name).toBe('王小川');
    expect((await t.fail(me, 'workload.teams', {})).code).toBe('FORBIDDEN');
  });
});

describe('drill down and reassign', () => {
  it('the demo has 马骁 overloaded next week, with a task free colleagues of his team could take', async () => {
    const t = await demo();
    const d = await t.call(t.as('陈思远'), 'workload.cell', { personId: idOf(t, '马骁'), weekStart: NEXT_WEEK });
    expect(d.cell.level).toBe('overloaded');
    expect(d.allocations.reduce((s, a) => s + a.hours, 0)).toBeCloseTo(d.cell.allocatedHours, 1);
    expect(d.tasks.reduce((s, x) => s + x.hours, 0)).toBeCloseTo(d.cell.taskHours, 1);
    const task = d.tasks.find((x) => x.title === '分会场航拍素材采集')!;
    expect(task).toMatchObject({ canReassign: true, hours: 8, projectName: '2027青溪新春大直播' });
    expect(task.candidates[0]).toMatchObject({ sameTeam: true, level: 'free' });
  });

  it('moves the task, updates both people’s weeks at once and logs it', async () => {
    const t = await demo();
    const m = t.as('陈思远');
    const ma = idOf(t, '马骁');
    const id = taskId(t, '分会场航拍素材采集');
    const before = await t.call(m, 'workload.cell', { personId: ma, weekStart: NEXT_WEEK });
    const to = before.tasks.find((x) => x.id === id)!.candidates[0]!;
    const r = await t.call(m, 'workload.reassignTask', { taskId: id, fromPersonId: ma, toPersonId: to.id });
    expect(r.weekStart).toBe(NEXT_WEEK);
    expect(r.from.totalHours).toBeCloseTo(before.cell.totalHours - 8, 1);
    expect(r.to.totalHours).toBeCloseTo(to.totalHours + 8, 1);
    expect(assigneesOf(t, id)).toEqual([to.id]);
    const grid = await t.call(m, 'workload.grid', { weeks: 2 });
    const cell = (pid: string) => grid.teams.flatMap((b) => b.people).find((p) => p.id === pid)!.cells[1]!;
    expect(cell(ma).totalHours).toBe(r.from.totalHours);
    expect(cell(to.id).totalHours).toBe(r.to.totalHours);
    const log = t.db
      .prepare<[string], { command: string; summary: string; before: string; after: string }>(
        'SELECT command, summary, before, after FROM activity_log WHERE entity_id = ? ORDER BY at DESC LIMIT 1',
      )
      .get(id)!;
    expect(log.command).toBe('workload.reassignTask');
    expect(log.summary).toContain(`马骁 → ${to.name}`);
    expect(JSON.parse(log.after)).toEqual({ assigneeIds: [to.id] });
  });

  it('lets the project’s convener, a manager or an admin reassign; nobody else', async () => {
    const t = await demo();
    const ma = idOf(t, '马骁');
    const id = taskId(t, '分会场航拍素材采集');
    const d = await t.call(t.as('陈思远'), 'workload.cell', { personId: ma, weekStart: NEXT_WEEK });
    const [c1, c2] = d.tasks.find((x) => x.id === id)!.candidates;
    const sum = dbChecksum(t.db);
    for (const who of ['王小川', '马骁', '郭振宇']) {
      const e = await t.fail(t.as(who), 'workload.reassignTask', { taskId: id, fromPersonId: ma, toPersonId: c1!.id });
      expect(e.code, who).toBe('FORBIDDEN');
    }
    expect(dbChecksum(t.db)).toBe(sum);
    // 林晓峰 convenes 2027青溪新春大直播; the admin may too.
    await t.call(t.as('林晓峰'), 'workload.reassignTask', { taskId: id, fromPersonId: ma, toPersonId: c1!.id });
    await t.call(t.as('周岚'), 'workload.reassignTask', { taskId: id, fromPersonId: c1!.id, toPersonId: c2!.id });
    expect(assigneesOf(t, id)).toEqual([c2!.id]);
    // A member sees the task in their own week but is not offered a reassign.
    const mine = await t.call(t.as('马骁'), 'workload.cell', { personId: ma, weekStart: NEXT_WEEK });
    expect(mine.tasks.every((x) => !x.canReassign && x.candidates.length === 0)).toBe(true);
  });

  it('keeps the group rule: only members of the project group can take a task', async () => {
    const t = await demo();
    const ma = idOf(t, '马骁');
    const id = taskId(t, '分会场航拍素材采集');
    const projectId = t.db.prepare<[string], { project_id: string }>('SELECT project_id FROM tasks WHERE id = ?').get(id)!.project_id;
    const outsider = t.db
      .prepare<[string], { id: string }>(
        "SELECT id FROM people WHERE active = 1 AND id NOT IN (SELECT person_id FROM project_members WHERE project_id = ?) LIMIT 1",
      )
      .get(projectId)!.id;
    const sum = dbChecksum(t.db);
    const e = await t.fail(t.as('陈思远'), 'workload.reassignTask', { taskId: id, fromPersonId: ma, toPersonId: outsider });
    expect(e.code).toBe('VALIDATION');
    expect(e.localized.zh).toContain('不是项目小组成员');
    // Someone who is not on the task cannot hand it on; the same person twice is refused.
    const d = await t.call(t.as('陈思远'), 'workload.cell', { personId: ma, weekStart: NEXT_WEEK });
    const c = d.tasks.find((x) => x.id === id)!.candidates[0]!.id;
    expect((await t.fail(t.as('陈思远'), 'workload.reassignTask', { taskId: id, fromPersonId: c, toPersonId: ma })).code).toBe('CONFLICT');
    expect((await t.fail(t.as('陈思远'), 'workload.reassignTask', { taskId: id, fromPersonId: ma, toPersonId: ma })).code).toBe('VALIDATION');
    expect(dbChecksum(t.db)).toBe(sum);
  });
});

describe('time off and field assignments', () => {
  it('reduce capacity in the grid; people record their own, managers anyone’s', async () => {
    const t = await demo();
    const me = t.as('宋可欣');
    const week = NEXT_WEEK;
    const capacity = async () => (await t.call(me, 'workload.grid', { from: week, weeks: 1 })).teams[0]!.people[0]!.cells[0]!.capacityHours;
    expect(await capacity()).toBe(40);
    const e = await t.call(me, 'timeOff.create', { personId: me.actorId!, kind: 'leave', startDate: week, endDate: addDays(week, 1), hoursPerDay: 8, note: '年假' });
    expect(await capacity()).toBe(24);
    await t.call(me, 'timeOff.update', { id: e.id, hoursPerDay: 4 });
    expect(await capacity()).toBe(32);
    const other = idOf(t, '马骁');
    expect((await t.fail(me, 'timeOff.create', { personId: other, kind: 'field', startDate: week, endDate: week })).code).toBe('FORBIDDEN');
    const field = await t.call(t.as('陈思远'), 'timeOff.create', { personId: other, kind: 'field', startDate: week, endDate: addDays(week, 4), note: '外派' });
    expect(field.hoursPerDay).toBe(8);
    expect((await t.fail(me, 'timeOff.delete', { id: field.id })).code).toBe('FORBIDDEN');
    expect((await t.call(me, 'timeOff.list', {})).every((x) => x.personId === me.actorId)).toBe(true);
    await t.call(t.as('陈思远'), 'timeOff.delete', { id: e.id });
    expect(await capacity()).toBe(40);
    expect((await t.fail(me, 'timeOff.create', { personId: me.actorId!, kind: 'leave', startDate: addDays(week, 2), endDate: week })).code).toBe('VALIDATION');
    const n = t.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM activity_log WHERE entity_type = 'time_off'").get()!.n;
    expect(n).toBe(4);
  });
});

describe('monthly reports for performance review', () => {
  it('counts per person and team, totals add up, and members see only their own row', async () => {
    const t = await demo();
    const r = await t.call(t.as('陈思远'), 'reports.monthly', { month: '2026-12' });
    expect(r.scope).toBe('all');
    expect(r.people).toHaveLength(80);
    for (const k of ['tasksDone', 'deliverablesPublished', 'views', 'likes'] as const) {
      expect(r.people.reduce((s, p) => s + p[k], 0)).toBe(r.totals[k]);
      expect(r.teams.reduce((s, p) => s + p[k], 0)).toBe(r.totals[k]);
    }
    expect(r.totals.tasksDone).toBeGreaterThan(0);
    expect(r.totals.deliverablesPublished).toBeGreaterThan(0);
    expect(r.totals.views).toBeGreaterThan(0);
    const mine = await t.call(t.as('马骁'), 'reports.monthly', { month: '2026-12' });
    expect(mine).toMatchObject({ scope: 'self', teams: [] });
    expect(mine.people.map((p) => p.name)).toEqual(['马骁']);
    expect(mine.totals).toEqual(Object.fromEntries(Object.keys(mine.totals).map((k) => [k, mine.people[0]![k as keyof typeof mine.totals]])));
  });

  it('counts a task in the Shanghai month it was completed in', async () => {
    const t = await demo();
    const id = taskId(t, '分会场航拍素材采集');
    // 1 Jan 2027 00:30 in Shanghai is still 31 Dec in UTC.
    t.db.prepare('UPDATE tasks SET completed_at = ? WHERE id = ?').run(Date.UTC(2026, 11, 31, 16, 30), id);
    const ma = t.as('马骁');
    const jan = await t.call(ma, 'reports.monthly', { month: '2027-01' });
    expect(jan.people[0]).toMatchObject({ tasksDone: 1, hours: 8 });
  });

  it('exports an Excel file with named sheets, headers, number formats and the same totals; members get their own', async () => {
    const t = await demo();
    const m = t.as('陈思远');
    const report = await t.call(m, 'reports.monthly', { month: '2026-12' });
    const f = await t.call(m, 'reports.export', { month: '2026-12', format: 'xlsx' });
    expect(f.fileName).toBe('绩效考核_2026-12.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(f.base64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['人员绩效', '团队汇总', '审核', '说明']);
    // The 三审 sheet carries the same figures as the report.
    const rv = wb.getWorksheet('审核')!;
    expect(rv.getRow(3).values).toEqual([undefined, '送审版本', report.reviews.rounds]);
    expect(report.reviews.rounds).toBeGreaterThan(0); // the demo's reviews fall in this month
    const people = wb.getWorksheet('人员绩效')!;
    expect(people.getCell('A1').value).toBe('姓名');
    expect(people.getCell('G2').numFmt).toBe('#,##0');
    const last = people.getRow(people.rowCount);
    expect([last.getCell(1).value, last.getCell(4).value, last.getCell(6).value, last.getCell(7).value]).toEqual([
      '合计',
      report.totals.tasksDone,
      report.totals.deliverablesPublished,
      report.totals.views,
    ]);

    const own = await t.call(t.as('王小川'), 'reports.export', { month: '2026-12', format: 'xlsx' });
    expect(own.fileName).toBe('绩效考核_2026-12_王小川.xlsx');
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(Buffer.from(own.base64, 'base64') as unknown as ArrayBuffer);
    expect(wb2.worksheets.map((s) => s.name)).toEqual(['人员绩效', '审核', '说明']);
    expect(wb2.getWorksheet('人员绩效')!.rowCount).toBe(3);
    expect(wb2.getWorksheet('人员绩效')!.getCell('A2').value).toBe('王小川');

    const csv = await t.call(m, 'reports.export', { month: '2026-12', format: 'csv' });
    const text = Buffer.from(csv.base64, 'base64').toString('utf8');
    expect(text.startsWith('\uFEFF姓名,团队,角色,完成任务数')).toBe(true);
    expect(text.trim().split('\r\n')).toHaveLength(80 + 2);
  });
});
