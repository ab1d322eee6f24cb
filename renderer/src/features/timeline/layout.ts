import type { ProjectTimeline, TimelineTask } from '../../../../shared/contract';
import { dependencyConflicts, shiftSpan, spanOf, type Span, type TimelineScale } from '../../../../shared/timeline';
import { addDays, daysBetween, isoWeek, localDate, weekStart } from '../../../../shared/time';

/** Pure layout of the timeline screens: ranges, ticks, where a date falls, a dragged bar's conflicts. */

export interface Tick {
  date: string;
  days: number;
  kind: 'week' | 'month';
  week?: number;
  year: number;
  month: number;
}

const WEEKS_SHOWN = 12;
const MONTHS_SHOWN = 6;

const monthStart = (date: string): string => `${date.slice(0, 7)}-01`;
function addMonths(date: string, n: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + n;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${yy}-${String(mm + 1).padStart(2, '0')}-01`;
}

/** The range shown around an anchor date: 12 weeks from the anchor's week, or 6 months from its month. */
export function seasonRange(scale: TimelineScale, anchor: string): { from: string; to: string } {
  if (scale === 'week') {
    const from = weekStart(anchor);
    return { from, to: addDays(from, WEEKS_SHOWN * 7 - 1) };
  }
  const from = monthStart(anchor);
  return { from, to: addDays(addMonths(from, MONTHS_SHOWN), -1) };
}

/** Where the view starts for today: two weeks back, or the month before. */
export function initialAnchor(scale: TimelineScale, today: string): string {
  return scale === 'week' ? addDays(weekStart(today), -14) : addMonths(monthStart(today), -1);
}

/** One step earlier or later (four weeks, or one month). */
export function stepAnchor(scale: TimelineScale, anchor: string, dir: number): string {
  return scale === 'week' ? addDays(weekStart(anchor), 28 * dir) : addMonths(monthStart(anchor), dir);
}

export function ticks(scale: TimelineScale, from: string, to: string): Tick[] {
  const out: Tick[] = [];
  for (let d = from; d <= to; ) {
    // Each tick ends at the next Monday or first of a month (a range starting mid-week starts with a part).
    const next = scale === 'week' ? addDays(weekStart(d), 7) : addMonths(monthStart(d), 1);
    const end = next > addDays(to, 1) ? addDays(to, 1) : next;
    out.push({ date: d, days: daysBetween(d, end), kind: scale, week: scale === 'week' ? isoWeek(d).week : undefined, year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)) });
    d = next;
  }
  return out;
}

/** Left and width (percent of the range) of the days [start, end], clipped to the range; null when outside. */
export function placeDays(from: string, to: string, start: string, end: string): { left: number; width: number } | null {
  if (end < from || start > to) return null;
  const total = daysBetween(from, to) + 1;
  const s = start < from ? from : start;
  const e = end > to ? to : end;
  return { left: (daysBetween(from, s) / total) * 100, width: ((daysBetween(s, e) + 1) / total) * 100 };
}

/** The days a project's task timeline spans: the project and every bar, a day of margin either side. */
export function projectRange(p: ProjectTimeline): { from: string; to: string } {
  let from = p.project.startDate;
  let to = p.project.endDate;
  for (const t of p.tasks) {
    if (t.startDate && t.startDate < from) from = t.startDate;
    if (t.dueAt !== null && localDate(t.dueAt) > to) to = localDate(t.dueAt);
  }
  return { from: addDays(from, -1), to: addDays(to, 1) };
}

export interface Moving {
  taskId: string;
  days: number;
}

/** The task's dates with a pending move applied. */
export function movedTask(t: TimelineTask, moving: Moving | null): TimelineTask {
  if (!moving || moving.taskId !== t.id || !moving.days || t.startDate === null || t.dueAt === null) return t;
  const s = shiftSpan(t.startDate, t.dueAt, moving.days);
  return { ...t, startDate: s.startDate, dueAt: s.dueAt };
}

/** The dependencies in conflict with a pending move applied (shared/timeline.ts, the rule main applies). */
export function conflictsWith(p: ProjectTimeline, moving: Moving | null): Set<string> {
  const spans = new Map<string, Span>();
  for (const t of p.tasks) {
    const m = movedTask(t, moving);
    const s = spanOf(m.startDate, m.dueAt);
    if (s) spans.set(t.id, s);
  }
  return new Set(dependencyConflicts(spans, p.dependencies).map((d) => depKey(d)));
}

export const depKey = (d: { predecessorId: string; successorId: string }): string => `${d.predecessorId}>${d.successorId}`;
