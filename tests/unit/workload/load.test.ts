import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../../main/core/ids';
import { loadBreakdown, loadForWeeks, loadLevel, sumLoads, toCell, weeksFrom, workdaysInRange } from '../../../main/workload/load';
import { insertPerson, insertTeam } from '../../../main/people';
import { dayStart, isoWeek } from '../../../shared/time';
import { world, type TestWorld } from '../../helpers/db';
import { DEFAULT_NOW } from '../../helpers/world';

/**
 * The one definition of weekly load, on a real SQLite file with hand-made rows:
 * allocations prorated by working days, task estimates split between assignees,
 * capacity less time off, ISO weeks in Asia/Shanghai.
 */
let w: TestWorld;
let teamId: string;
const NOW = Date.UTC(2026, 11, 1);

beforeEach(async () => {
  w = await world({ now: DEFAULT_NOW });
  teamId = insertTeam(w.db, { name: '摄影摄像团队', nameEn: 'Camera', description: '', skills: [] }, NOW).id;
});
afterEach(() => w.close());

const person = (name: string, capacityHours = 40): string =>
  insertPerson(w.db, { name, teamId, role: 'member', title: '', skills: [], capacityHours }, NOW).id;

function project(start: string, end: string, status = 'active'): { id: string; column: string } {
  const id = newId();
  const convener = person(`召集人${id.slice(-4)}`);
  w.db
    .prepare(
      `INSERT INTO projects (id, name, convener_id, start_date, end_date, status, status_changed_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(id, `项目${id.slice(-4)}`, convener, start, end, status, NOW, NOW, NOW);
  const column = newId();
  w.db
    .prepare('INSERT INTO board_columns (id, project_id, name, position, is_done, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)')
    .run(column, id, '待办', 'a0', NOW, NOW);
  return { id, column };
}

function allocate(projectId: string, personId: string, hours: number): void {
  w.db
    .prepare('INSERT INTO project_members (id, project_id, person_id, hours_per_week, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(newId(), projectId, personId, hours, NOW);
}

/** `due` is a Shanghai wall-clock time 'YYYY-MM-DD HH:mm'. */
function task(p: { id: string; column: string }, due: string, estimate: number, assignees: string[], done = false): string {
  const [d, hm] = due.split(' ') as [string, string];
  const [h, m] = hm.split(':').map(Number) as [number, number];
  const id = newId();
  w.db
    .prepare(
      `INSERT INTO tasks (id, project_id, column_id, title, due_at, estimate_hours, position, completed_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(id, p.id, p.column, `任务${id.slice(-4)}`, dayStart(d) + (h * 60 + m) * 60_000, estimate, `a${id.slice(-6)}`, done ? NOW : null, NOW, NOW);
  for (const a of assignees) w.db.prepare('INSERT INTO task_assignees (task_id, person_id) VALUES (?, ?)').run(id, a);
  return id;
}

function timeOff(personId: string, start: string, end: string, hoursPerDay = 8, kind: 'leave' | 'field' = 'leave'): void {
  w.db
    .prepare('INSERT INTO time_off (id, person_id, kind, start_date, end_date, hours_per_day, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(newId(), personId, kind, start, end, hoursPerDay, NOW);
}

const load = (id: string, weeks: string[]) => loadForWeeks(w.db, [id], weeks).get(id)!;

describe('capacity with time off', () => {
  it('takes hours per working day of leave and field assignments off the weekly hours', () => {
    const a = person('马骁');
    timeOff(a, '2026-12-07', '2026-12-09'); // Mon–Wed leave: 3 × 8
    timeOff(a, '2026-12-10', '2026-12-11', 4, 'field'); // Thu–Fri half days in the field: 2 × 4
    timeOff(a, '2026-12-12', '2026-12-13'); // a weekend costs nothing
    const [week] = load(a, ['2026-12-07']);
    expect(week).toMatchObject({ capacityHours: 8, timeOffHours: 32 });
  });

  it('splits a leave that spans two weeks between them', () => {
    const a = person('汤燕晓');
    timeOff(a, '2026-12-11', '2026-12-15'); // Fri, then Mon–Tue
    const [w1, w2] = load(a, ['2026-12-07', '2026-12-14']);
    expect(w1!.capacityHours).toBe(32);
    expect(w2!.capacityHours).toBe(24);
  });

  it('never goes below zero; booked hours with no capacity are overloaded with no finite ratio', () => {
    const a = person('金俊', 32);
    timeOff(a, '2026-12-07', '2026-12-11', 8);
    const p = project('2026-11-01', '2027-01-31');
    allocate(p.id, a, 10);
    const [week] = load(a, ['2026-12-07']);
    expect(week!.capacityHours).toBe(0);
    expect(week!.ratio).toBe(Infinity);
    expect(toCell(week!)).toMatchObject({ ratio: null, level: 'overloaded', totalHours: 10 });
    const idle = person('余晟');
    timeOff(idle, '2026-12-07', '2026-12-11', 8);
    expect(load(idle, ['2026-12-07'])[0]!.ratio).toBe(0);
  });
});

describe('allocation maths', () => {
  it('prorates group hours by the working days a project covers that week', () => {
    const a = person('王小川');
    allocate(project('2026-12-09', '2027-03-01').id, a, 20); // starts Wednesday: 3/5
    allocate(project('2026-11-01', '2026-12-08').id, a, 10); // ends Tuesday: 2/5
    allocate(project('2026-12-12', '2026-12-13').id, a, 30); // weekend only: nothing
    const [week] = load(a, ['2026-12-07']);
    expect(week!.allocatedHours).toBe(12 + 4);
    expect(workdaysInRange('2026-12-07', '2026-12-09', '2027-03-01')).toBe(3);
  });

  it('counts proposed and active projects, not wrapped or archived ones', () => {
    const a = person('宋可欣');
    allocate(project('2026-12-01', '2026-12-31', 'proposed').id, a, 5);
    allocate(project('2026-12-01', '2026-12-31', 'active').id, a, 7);
    allocate(project('2026-12-01', '2026-12-31', 'wrapped').id, a, 100);
    allocate(project('2026-12-01', '2026-12-31', 'archived').id, a, 100);
    expect(load(a, ['2026-12-07'])[0]!.allocatedHours).toBe(12);
  });

  it('splits an open task’s estimate evenly between its assignees, in the week it is due', () => {
    const [a, b, c] = [person('甲'), person('乙'), person('丙')];
    const p = project('2026-11-01', '2027-01-31');
    task(p, '2026-12-09 17:30', 9, [a, b, c]);
    task(p, '2026-12-10 10:00', 5, [a]);
    task(p, '2026-12-10 10:00', 50, [a], true); // done: no longer load
    task(p, '2026-12-16 10:00', 4, [a]); // next week
    const loads = loadForWeeks(w.db, [a, b], ['2026-12-07', '2026-12-14']);
    expect(loads.get(a)!.map((l) => l.taskHours)).toEqual([8, 4]);
    expect(loads.get(b)!.map((l) => l.taskHours)).toEqual([3, 0]);
    expect(loads.get(a)![0]).toMatchObject({ totalHours: 8, capacityHours: 40, ratio: 0.2 });
  });

  it('draws the free / busy / overloaded lines at 70 % and 100 %', () => {
    expect([0, 0.69, 0.7, 1, 1.01, Infinity].map(loadLevel)).toEqual(['free', 'free', 'busy', 'busy', 'overloaded', 'overloaded']);
  });

  it('adds team totals as hours over capacity, not as an average of percentages', () => {
    const a = person('甲', 40);
    const b = person('乙', 16);
    allocate(project('2026-12-01', '2026-12-31').id, a, 40);
    const loads = loadForWeeks(w.db, [a, b], ['2026-12-07']);
    const total = sumLoads('2026-12-07', [loads.get(a)![0]!, loads.get(b)![0]!]);
    // 40 / 56 = 71 %: busy, although the average of 100 % and 0 % would say 50 %.
    expect(total).toMatchObject({ totalHours: 40, capacityHours: 56, level: 'busy' });
    expect(total.ratio).toBeCloseTo(0.714, 3);
  });

  it('explains a week line by line with the same numbers as the grid', () => {
    const a = person('马骁');
    const b = person('何敏少');
    const p = project('2026-12-09', '2027-01-31');
    allocate(p.id, a, 20);
    allocate(project('2026-11-01', '2026-12-31').id, a, 16);
    task(p, '2026-12-10 17:30', 6, [a, b]);
    task(p, '2026-12-11 09:00', 8, [a]);
    const week = load(a, ['2026-12-07'])[0]!;
    const parts = loadBreakdown(w.db, a, '2026-12-09'); // any day of the week
    expect(parts.allocations.reduce((s, x) => s + x.hours, 0)).toBe(week.allocatedHours);
    expect(parts.tasks.reduce((s, x) => s + x.hours, 0)).toBe(week.taskHours);
    expect(parts.tasks.map((t) => [t.estimateHours, t.assignees, t.hours])).toEqual([
      [6, 2, 3],
      [8, 1, 8],
    ]);
  });
});

describe('week boundaries across a year end', () => {
  it('runs ISO weeks from Monday across New Year: 2026-W53 then 2027-W1', () => {
    const weeks = weeksFrom('2026-12-31', 3);
    expect(weeks).toEqual(['2026-12-28', '2027-01-04', '2027-01-11']);
    expect(weeks.map(isoWeek)).toEqual([
      { year: 2026, week: 53 },
      { year: 2027, week: 1 },
      { year: 2027, week: 2 },
    ]);
  });

  it('puts a task in the Shanghai week it is due in, whatever the UTC date says', () => {
    const a = person('林晓峰');
    const p = project('2026-12-01', '2027-02-01');
    task(p, '2027-01-03 23:00', 3, [a]); // Sunday night: still 2026-W53
    task(p, '2027-01-04 00:30', 5, [a]); // Monday 00:30 in Shanghai is Sunday 16:30 UTC: 2027-W1
    const loads = load(a, ['2026-12-28', '2027-01-04']);
    expect(loads.map((l) => l.taskHours)).toEqual([3, 5]);
  });

  it('prorates a project that ends on New Year’s Day, and a leave across the year end', () => {
    const a = person('吕佳宁');
    allocate(project('2026-11-01', '2027-01-01').id, a, 10); // Mon 28 Dec – Fri 1 Jan: the whole week
    allocate(project('2027-01-01', '2027-01-31').id, a, 10); // from Fri 1 Jan: one day of that week
    timeOff(a, '2026-12-31', '2027-01-05'); // Thu, Fri | Mon, Tue
    const [w53, w1] = load(a, ['2026-12-28', '2027-01-04']);
    expect(w53).toMatchObject({ allocatedHours: 12, capacityHours: 24 });
    expect(w1).toMatchObject({ allocatedHours: 10, capacityHours: 24 });
  });

  it('reads a week start that is not a Monday as the week that holds it', () => {
    const a = person('钟一鸣');
    allocate(project('2026-12-28', '2027-01-01').id, a, 10);
    expect(load(a, ['2027-01-02'])[0]).toMatchObject({ weekStart: '2026-12-28', allocatedHours: 10 });
  });
});

describe('duty shifts (值班表) in the load', () => {
  const shift = (name: string, start: number, end: number): string => {
    const id = newId();
    w.db.prepare('INSERT INTO shift_types (id, name, start_min, end_min, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, name, start, end, NOW, NOW);
    return id;
  };
  const onDuty = (shiftId: string, personId: string, date: string): void => {
    w.db.prepare('INSERT INTO rota_entries (id, date, shift_type_id, person_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(newId(), date, shiftId, personId, NOW, NOW);
  };

  it('each shift counts its length in the week it starts, beside allocations and tasks; a night shift past midnight is one shift', () => {
    const a = person('值班甲');
    const b = person('值班乙');
    const late = shift('晚班', 15 * 60, 23 * 60);
    const night = shift('夜班', 23 * 60, 7 * 60);
    const p = project('2026-12-01', '2026-12-31');
    allocate(p.id, a, 20);
    // Monday to Thursday 晚班 (4 × 8 h) and the Sunday night shift, which ends on the next Monday.
    for (const d of ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10']) onDuty(late, a, d);
    onDuty(night, a, '2026-12-13');
    onDuty(late, b, '2026-12-14');
    const [w1, w2] = load(a, ['2026-12-07', '2026-12-14']);
    expect(w1).toMatchObject({ allocatedHours: 20, dutyHours: 40, totalHours: 60, capacityHours: 40 });
    expect(loadLevel(w1!.ratio)).toBe('overloaded');
    expect(w2).toMatchObject({ dutyHours: 0, totalHours: 20 });
    expect(load(b, ['2026-12-07', '2026-12-14']).map((x) => x.dutyHours)).toEqual([0, 8]);
    const parts = loadBreakdown(w.db, a, '2026-12-07');
    expect(parts.shifts.map((x) => `${x.date.slice(8)}${x.shiftName}${x.hours}`)).toEqual(['07晚班8', '08晚班8', '09晚班8', '10晚班8', '13夜班8']);
    expect(parts.shifts.reduce((s, x) => s + x.hours, 0)).toBe(w1!.dutyHours);
    expect(toCell(w1!).dutyHours).toBe(40);
  });
});
