import { addDays, dayStart, isoWeekday } from '../../shared/time';
import type { Db } from '../db/connection';

/**
 * How loaded people are, week by week — the one definition used by the group
 * picker ("who is free to join?"), the workload grid ("who is overloaded?") and
 * reports.
 *
 * - allocated: the hours per week a person is booked on project groups whose
 *   project is proposed or active, prorated by the share of the week's working
 *   days (Mon–Fri) inside the project's dates;
 * - task hours: estimates of their open tasks due that week, split evenly
 *   between a task's assignees;
 * - capacity: weekly hours minus time off and field assignments (hours per day
 *   on each working day they cover).
 */
export interface WeekLoad {
  personId: string;
  weekStart: string;
  allocatedHours: number;
  taskHours: number;
  capacityHours: number;
  timeOffHours: number;
  /** allocated + task hours */
  totalHours: number;
  /** totalHours / capacity (Infinity when booked with no capacity, 0 when neither). */
  ratio: number;
}

export type LoadLevel = 'free' | 'busy' | 'overloaded';

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

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Loads for the given people (all active people when null) in the given weeks (Mondays). */
export function loadForWeeks(db: Db, personIds: readonly string[] | null, weekStarts: readonly string[]): Map<string, WeekLoad[]> {
  const people = (
    personIds
      ? personIds.map((id) => db.prepare<[string], { id: string; capacity_hours: number }>('SELECT id, capacity_hours FROM people WHERE id = ?').get(id))
      : db.prepare<[], { id: string; capacity_hours: number }>('SELECT id, capacity_hours FROM people WHERE active = 1').all()
  ).filter((p): p is { id: string; capacity_hours: number } => p !== undefined);
  const out = new Map<string, WeekLoad[]>();
  if (!people.length || !weekStarts.length) return out;
  const first = [...weekStarts].sort()[0]!;
  const last = addDays([...weekStarts].sort().at(-1)!, 6);
  const ids = new Set(people.map((p) => p.id));

  const allocations = db
    .prepare<[string, string], { person_id: string; hours: number; start_date: string; end_date: string }>(
      `SELECT m.person_id, m.hours_per_week AS hours, p.start_date, p.end_date
       FROM project_members m JOIN projects p ON p.id = m.project_id
       WHERE p.status IN ('proposed', 'active') AND m.hours_per_week > 0 AND p.start_date <= ? AND p.end_date >= ?`,
    )
    .all(last, first)
    .filter((a) => ids.has(a.person_id));

  const tasks = db
    .prepare<[number, number], { person_id: string; due_at: number; estimate: number; n: number }>(
      `SELECT a.person_id, t.due_at, t.estimate_hours AS estimate,
              (SELECT count(*) FROM task_assignees x WHERE x.task_id = t.id) AS n
       FROM tasks t JOIN task_assignees a ON a.task_id = t.id
       WHERE t.completed_at IS NULL AND t.estimate_hours > 0 AND t.due_at >= ? AND t.due_at < ?`,
    )
    .all(dayStart(first), dayStart(addDays(last, 1)))
    .filter((t) => ids.has(t.person_id));

  const timeOff = db
    .prepare<[string, string], { person_id: string; start_date: string; end_date: string; hours_per_day: number }>(
      'SELECT person_id, start_date, end_date, hours_per_day FROM time_off WHERE start_date <= ? AND end_date >= ?',
    )
    .all(last, first)
    .filter((t) => ids.has(t.person_id));

  for (const p of people) {
    const weeks: WeekLoad[] = weekStarts.map((monday) => {
      const sunday = addDays(monday, 6);
      const weekFrom = dayStart(monday);
      const weekTo = dayStart(addDays(monday, 7));
      const allocated = allocations
        .filter((a) => a.person_id === p.id && a.start_date <= sunday && a.end_date >= monday)
        .reduce((sum, a) => sum + (a.hours * workdaysInRange(monday, a.start_date, a.end_date)) / WORKDAYS, 0);
      const taskHours = tasks
        .filter((t) => t.person_id === p.id && t.due_at >= weekFrom && t.due_at < weekTo)
        .reduce((sum, t) => sum + t.estimate / Math.max(1, t.n), 0);
      const off = timeOff
        .filter((t) => t.person_id === p.id && t.start_date <= sunday && t.end_date >= monday)
        .reduce((sum, t) => sum + t.hours_per_day * workdaysInRange(monday, t.start_date, t.end_date), 0);
      const capacity = Math.max(0, p.capacity_hours - off);
      const total = allocated + taskHours;
      return {
        personId: p.id,
        weekStart: monday,
        allocatedHours: round1(allocated),
        taskHours: round1(taskHours),
        capacityHours: round1(capacity),
        timeOffHours: round1(off),
        totalHours: round1(total),
        ratio: capacity > 0 ? total / capacity : total > 0 ? Infinity : 0,
      };
    });
    out.set(p.id, weeks);
  }
  return out;
}
