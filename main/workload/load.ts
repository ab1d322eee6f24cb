import type { LoadLevel } from '../../shared/contract/workload';
import type { WeekCell } from '../../shared/contract';
import { addDays, dayStart, isoWeekday, weekStart as mondayOf } from '../../shared/time';
import type { ReadDb } from '../db/connection';
import { shiftHours } from '../../shared/rota';
import { isTentative, type AssignmentResponse } from '../../shared/assignments';

/**
 * How loaded people are, week by week — the one definition used by the group
 * picker ("who is free to join?"), the workload grid ("who is overloaded?") and
 * reports.
 *
 * - allocated: the hours per week a person is booked on project groups whose
 *   project is proposed or active, prorated by the share of the week's working
 *   days (Mon–Fri) inside the project's dates;
 * - task hours: estimates of their open tasks due that week, split evenly
 *   between a task's assignees (one who declined it, 派单确认, has none of it);
 * - duty hours: the duty-rota shifts (值班表) dated that week, each its shift
 *   type's length (a night shift running past midnight counts in the week it
 *   starts); a shift is work, so it counts against capacity like a task;
 * - capacity: weekly hours minus time off and field assignments (hours per day
 *   on each working day they cover), never below zero.
 * - tentative: the part of allocated + task hours not yet confirmed
 *   (shared/assignments.ts `isTentative`): a group place or a task the person
 *   has not answered yet (派单确认 'pending'), or a place in a project still
 *   proposed. Counted in the total by default, as demand that may come; a view
 *   may leave it out (`{ tentative: false }`) to see confirmed work only.
 *
 * Weeks are ISO weeks: Monday to Sunday in Asia/Shanghai. A week start that is
 * not a Monday is read as the week that holds it.
 */
export interface WeekLoad {
  personId: string;
  weekStart: string;
  allocatedHours: number;
  taskHours: number;
  dutyHours: number;
  capacityHours: number;
  timeOffHours: number;
  /** allocated + task + duty hours */
  totalHours: number;
  /** Of allocated + task hours, what is tentative (0 when tentative load is left out). */
  tentativeHours: number;
  /** totalHours / capacity (Infinity when booked with no capacity, 0 when neither). */
  ratio: number;
}

export type { LoadLevel };

/** Below 70 % is free to take more; above 100 % is overloaded. */
export function loadLevel(ratio: number): LoadLevel {
  return ratio > 1 ? 'overloaded' : ratio >= 0.7 ? 'busy' : 'free';
}

const WORKDAYS = 5;

/** Working days (Mon–Fri) of the week starting `monday` that fall within [from, to]. */
export function workdaysInRange(monday: string, from: string, to: string): number {
  let n = 0;
  for (let i = 0; i < WORKDAYS; i++) {
    const d = addDays(monday, i);
    if (d >= from && d <= to && isoWeekday(d) <= WORKDAYS) n++;
  }
  return n;
}

export const round1 = (x: number): number => Math.round(x * 10) / 10;

/** `count` consecutive week starts (Mondays) from the week that holds `date`. */
export function weeksFrom(date: string, count: number): string[] {
  const first = mondayOf(date);
  return Array.from({ length: count }, (_, i) => addDays(first, 7 * i));
}

interface AllocationRow {
  person_id: string;
  project_id: string;
  project_name: string;
  hours: number;
  start_date: string;
  end_date: string;
  status: string;
  response: AssignmentResponse;
}
interface TaskRow {
  person_id: string;
  task_id: string;
  title: string;
  project_id: string;
  project_name: string;
  due_at: number;
  estimate: number;
  n: number;
  response: AssignmentResponse;
}
interface ShiftRow {
  person_id: string;
  entry_id: string;
  date: string;
  shift_name: string;
  start_min: number;
  end_min: number;
}
interface TimeOffRow {
  person_id: string;
  start_date: string;
  end_date: string;
  hours_per_day: number;
}

function groupBy<T extends { person_id: string }>(rows: T[], ids: Set<string>): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    if (!ids.has(r.person_id)) continue;
    const list = m.get(r.person_id);
    if (list) list.push(r);
    else m.set(r.person_id, [r]);
  }
  return m;
}

/** The raw rows behind the loads of [first Monday, last Sunday]. */
function sources(db: ReadDb, first: string, last: string) {
  const allocations = db
    .prepare<[string, string], AllocationRow>(
      `SELECT m.person_id, p.id AS project_id, p.name AS project_name, m.hours_per_week AS hours, p.start_date, p.end_date,
              p.status, m.response
       FROM project_members m JOIN projects p ON p.id = m.project_id
       WHERE p.status IN ('proposed', 'active') AND m.hours_per_week > 0 AND m.response <> 'declined' AND p.start_date <= ? AND p.end_date >= ?
       ORDER BY p.start_date, p.id`,
    )
    .all(last, first);
  const tasks = db
    .prepare<[number, number], TaskRow>(
      `SELECT a.person_id, t.id AS task_id, t.title, t.project_id, p.name AS project_name, t.due_at, t.estimate_hours AS estimate, a.response,
              (SELECT count(*) FROM task_assignees x WHERE x.task_id = t.id AND x.response <> 'declined') AS n
       FROM tasks t JOIN task_assignees a ON a.task_id = t.id JOIN projects p ON p.id = t.project_id
       WHERE t.completed_at IS NULL AND t.estimate_hours > 0 AND t.due_at >= ? AND t.due_at < ? AND a.response <> 'declined'
       ORDER BY t.due_at, t.id`,
    )
    .all(dayStart(first), dayStart(addDays(last, 1)));
  const timeOff = db
    .prepare<[string, string], TimeOffRow>(
      'SELECT person_id, start_date, end_date, hours_per_day FROM time_off WHERE start_date <= ? AND end_date >= ?',
    )
    .all(last, first);
  const shifts = db
    .prepare<[string, string], ShiftRow>(
      `SELECT e.person_id, e.id AS entry_id, e.date, s.name AS shift_name, s.start_min, s.end_min
       FROM rota_entries e JOIN shift_types s ON s.id = e.shift_type_id
       WHERE e.date >= ? AND e.date <= ? ORDER BY e.date, s.start_min, e.id`,
    )
    .all(first, last);
  return { allocations, tasks, timeOff, shifts };
}

const dutyOf = (s: ShiftRow): number => shiftHours(s.start_min, s.end_min);

const allocatedIn = (a: AllocationRow, monday: string): number =>
  (a.hours * workdaysInRange(monday, a.start_date, a.end_date)) / WORKDAYS;
const taskShare = (t: TaskRow): number => t.estimate / Math.max(1, t.n);
const allocationTentative = (a: AllocationRow): boolean => isTentative(a.response, a.status);
const taskTentative = (t: TaskRow): boolean => isTentative(t.response);

export interface LoadOptions {
  /** Count unconfirmed load (default true); false leaves it out of every figure. */
  tentative?: boolean;
}

/** Loads for the given people (all active people when null) in the given weeks (Mondays). */
export function loadForWeeks(db: ReadDb, personIds: readonly string[] | null, weekStarts: readonly string[], options: LoadOptions = {}): Map<string, WeekLoad[]> {
  const withTentative = options.tentative ?? true;
  const byId = db.prepare<[string], { id: string; capacity_hours: number }>('SELECT id, capacity_hours FROM people WHERE id = ?');
  const people = (
    personIds
      ? personIds.map((id) => byId.get(id))
      : db.prepare<[], { id: string; capacity_hours: number }>('SELECT id, capacity_hours FROM people WHERE active = 1').all()
  ).filter((p): p is { id: string; capacity_hours: number } => p !== undefined);
  const out = new Map<string, WeekLoad[]>();
  if (!people.length || !weekStarts.length) return out;
  const mondays = weekStarts.map((w) => mondayOf(w));
  const sorted = [...mondays].sort();
  const first = sorted[0]!;
  const last = addDays(sorted.at(-1)!, 6);
  const ids = new Set(people.map((p) => p.id));
  const src = sources(db, first, last);
  const allocations = groupBy(withTentative ? src.allocations : src.allocations.filter((a) => !allocationTentative(a)), ids);
  const tasks = groupBy(withTentative ? src.tasks : src.tasks.filter((t) => !taskTentative(t)), ids);
  const timeOff = groupBy(src.timeOff, ids);
  const shifts = groupBy(src.shifts, ids);

  for (const p of people) {
    const weeks: WeekLoad[] = mondays.map((monday) => {
      const sunday = addDays(monday, 6);
      const weekFrom = dayStart(monday);
      const weekTo = dayStart(addDays(monday, 7));
      const weekAllocations = (allocations.get(p.id) ?? []).filter((a) => a.start_date <= sunday && a.end_date >= monday);
      const weekTasks = (tasks.get(p.id) ?? []).filter((t) => t.due_at >= weekFrom && t.due_at < weekTo);
      const allocated = weekAllocations.reduce((sum, a) => sum + allocatedIn(a, monday), 0);
      const taskHours = weekTasks.reduce((sum, t) => sum + taskShare(t), 0);
      const tentative =
        weekAllocations.filter(allocationTentative).reduce((sum, a) => sum + allocatedIn(a, monday), 0) +
        weekTasks.filter(taskTentative).reduce((sum, t) => sum + taskShare(t), 0);
      const off = (timeOff.get(p.id) ?? [])
        .filter((t) => t.start_date <= sunday && t.end_date >= monday)
        .reduce((sum, t) => sum + t.hours_per_day * workdaysInRange(monday, t.start_date, t.end_date), 0);
      const duty = (shifts.get(p.id) ?? []).filter((x) => x.date >= monday && x.date <= sunday).reduce((sum, x) => sum + dutyOf(x), 0);
      const capacity = Math.max(0, p.capacity_hours - off);
      const total = allocated + taskHours + duty;
      return {
        personId: p.id,
        weekStart: monday,
        allocatedHours: round1(allocated),
        taskHours: round1(taskHours),
        dutyHours: round1(duty),
        capacityHours: round1(capacity),
        timeOffHours: round1(off),
        totalHours: round1(total),
        tentativeHours: round1(tentative),
        ratio: capacity > 0 ? total / capacity : total > 0 ? Infinity : 0,
      };
    });
    out.set(p.id, weeks);
  }
  return out;
}

export interface LoadBreakdown {
  allocations: { projectId: string; projectName: string; hoursPerWeek: number; hours: number; tentative: boolean }[];
  tasks: { taskId: string; title: string; projectId: string; projectName: string; dueAt: number; estimateHours: number; assignees: number; hours: number; tentative: boolean }[];
  shifts: { entryId: string; date: string; shiftName: string; hours: number }[];
}

/**
 * What makes up one person's load in one week, line by line, by the same rules
 * as loadForWeeks: the lines sum to its allocatedHours, taskHours and dutyHours.
 */
export function loadBreakdown(db: ReadDb, personId: string, week: string): LoadBreakdown {
  const monday = mondayOf(week);
  const sunday = addDays(monday, 6);
  const src = sources(db, monday, sunday);
  const weekFrom = dayStart(monday);
  const weekTo = dayStart(addDays(monday, 7));
  return {
    allocations: src.allocations
      .filter((a) => a.person_id === personId)
      .map((a) => ({ projectId: a.project_id, projectName: a.project_name, hoursPerWeek: a.hours, hours: round1(allocatedIn(a, monday)), tentative: allocationTentative(a) }))
      .filter((a) => a.hours > 0),
    tasks: src.tasks
      .filter((t) => t.person_id === personId && t.due_at >= weekFrom && t.due_at < weekTo)
      .map((t) => ({
        taskId: t.task_id,
        title: t.title,
        projectId: t.project_id,
        projectName: t.project_name,
        dueAt: t.due_at,
        estimateHours: t.estimate,
        assignees: t.n,
        hours: round1(taskShare(t)),
        tentative: taskTentative(t),
      })),
    shifts: src.shifts
      .filter((x) => x.person_id === personId)
      .map((x) => ({ entryId: x.entry_id, date: x.date, shiftName: x.shift_name, hours: round1(dutyOf(x)) })),
  };
}

/** A week's load as the contract carries it (JSON has no Infinity: no capacity left is a null ratio). */
export function toCell(l: WeekLoad): WeekCell {
  return {
    weekStart: l.weekStart,
    allocatedHours: l.allocatedHours,
    taskHours: l.taskHours,
    dutyHours: l.dutyHours,
    capacityHours: l.capacityHours,
    timeOffHours: l.timeOffHours,
    totalHours: l.totalHours,
    tentativeHours: l.tentativeHours,
    ratio: Number.isFinite(l.ratio) ? Math.round(l.ratio * 1000) / 1000 : null,
    level: loadLevel(l.ratio),
  };
}

/** Sum of several people's loads in one week (team totals). */
export function sumLoads(weekStart: string, loads: readonly WeekLoad[]): { weekStart: string; totalHours: number; tentativeHours: number; capacityHours: number; ratio: number | null; level: LoadLevel } {
  const total = loads.reduce((s, l) => s + l.totalHours, 0);
  const tentative = loads.reduce((s, l) => s + l.tentativeHours, 0);
  const cap = loads.reduce((s, l) => s + l.capacityHours, 0);
  const ratio = cap > 0 ? total / cap : total > 0 ? Infinity : 0;
  return {
    weekStart,
    totalHours: round1(total),
    tentativeHours: round1(tentative),
    capacityHours: round1(cap),
    ratio: Number.isFinite(ratio) ? Math.round(ratio * 1000) / 1000 : null,
    level: loadLevel(ratio),
  };
}
