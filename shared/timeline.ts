import { addDays, dayStart, DAY_MS, localDate } from './time';

/**
 * 项目时间线 — the center-wide timeline. The rules live here once: main enforces
 * them (main/timeline/), the screen reads them to draw and to warn while a bar
 * is dragged.
 *
 * A task's bar runs from its start day (00:00 center time) to its due instant;
 * a task without a start of its own starts on its due day, and a start later
 * than the due day is read as the due day. A task without a due time has no bar.
 *
 * A dependency is finish-to-start: the successor may start once the predecessor
 * is finished. It is in conflict when the predecessor ends after the successor
 * starts (a predecessor due 18:00 on the day its successor starts conflicts; one
 * due at 00:00 that day does not). Nothing is rescheduled automatically: the
 * conflict is shown, the person decides.
 */

export interface Dependency {
  predecessorId: string;
  successorId: string;
}

export interface Span {
  /** Epoch ms: 00:00 of the start day, center time. */
  start: number;
  /** Epoch ms: the due instant. */
  end: number;
}

/** The most dependencies one task may have on either side, and in one project. */
export const MAX_DEPENDENCIES_PER_TASK = 30;
export const MAX_DEPENDENCIES_PER_PROJECT = 2000;
/** The longest range the season timeline reads at once (about a year and a half). */
export const MAX_TIMELINE_DAYS = 550;
/** The longest a task's bar may run. */
export const MAX_TASK_DAYS = 366;

/** The day a task's bar starts (see above), or null when it has no due time. */
export function startDayOf(startDate: string | null, dueAt: number | null): string | null {
  if (dueAt === null) return null;
  const dueDay = localDate(dueAt);
  return startDate !== null && startDate <= dueDay ? startDate : dueDay;
}

/** The bar of a task, or null when it has no due time. */
export function spanOf(startDate: string | null, dueAt: number | null): Span | null {
  const day = startDayOf(startDate, dueAt);
  return day === null || dueAt === null ? null : { start: dayStart(day), end: dueAt };
}

/** Finish-to-start: the predecessor ends after the successor starts. */
export function inConflict(predecessor: Span, successor: Span): boolean {
  return predecessor.end > successor.start;
}

/** The dependencies in conflict, given every task's bar (a dependency with a task without a bar is not). */
export function dependencyConflicts<D extends Dependency>(spans: ReadonlyMap<string, Span>, deps: readonly D[]): D[] {
  return deps.filter((d) => {
    const p = spans.get(d.predecessorId);
    const s = spans.get(d.successorId);
    return p !== undefined && s !== undefined && inConflict(p, s);
  });
}

/**
 * Would adding predecessor → successor close a cycle? It does when the predecessor
 * already (transitively) depends on the successor, or when the two are the same task.
 */
export function wouldCycle(deps: readonly Dependency[], predecessorId: string, successorId: string): boolean {
  if (predecessorId === successorId) return true;
  const next = new Map<string, string[]>();
  for (const d of deps) next.set(d.predecessorId, [...(next.get(d.predecessorId) ?? []), d.successorId]);
  // Walk forward from the successor: reaching the predecessor means successor →…→ predecessor already.
  const seen = new Set<string>([successorId]);
  const stack = [successorId];
  while (stack.length) {
    const at = stack.pop()!;
    for (const n of next.get(at) ?? []) {
      if (n === predecessorId) return true;
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return false;
}

/** A task's bar moved by whole days: the start day and the due instant shift together (the center keeps no summer time). */
export function shiftSpan(startDay: string, dueAt: number, days: number): { startDate: string; dueAt: number } {
  return { startDate: addDays(startDay, days), dueAt: dueAt + days * DAY_MS };
}

export type TimelineScale = 'week' | 'month';
