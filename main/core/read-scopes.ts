import type { ActivityEntry, TimeOffEntry } from '../../shared/contract';
import type { Role } from '../../shared/domain';
import type { RowChange } from '../../shared/sync';

/**
 * THE read policy (the one place it is decided; shared/read-scopes.ts has its wording).
 * Staff data is personal information (PIPL): people read their own; managers and
 * admins read what their role needs for planning and performance review.
 *
 * Applied in two places with the same functions:
 * - the local queries (time-off lists and cell details, group clashes, the
 *   activity log, reports), for whoever acts in the window;
 * - what the hub sends each person on pull (filterPulledRows), so a member's
 *   desktop never holds what the member may not read.
 *
 * Search indexes projects and tasks only (no personal data), so it needs no scope.
 */
export interface Viewer {
  id: string;
  role: Role;
}

/** Managers and admins read and export everyone's load, notes and reports. */
export function seesEveryone(viewer: Viewer | null): boolean {
  return viewer !== null && (viewer.role === 'admin' || viewer.role === 'manager');
}

/** The reason of a time off: the person themself, managers and admins. Dates and kind are for everyone. */
export function mayReadTimeOffNote(viewer: Viewer | null, personId: string): boolean {
  return viewer !== null && (viewer.id === personId || seesEveryone(viewer));
}

/** The reason of a shift swap: the one who asked, the colleague asked, managers and admins. */
export function mayReadSwapReason(viewer: Viewer | null, requesterId: string, substituteId: string): boolean {
  return viewer !== null && (viewer.id === requesterId || viewer.id === substituteId || seesEveryone(viewer));
}

/** A person's row of the monthly performance report. */
export function mayReadPerformanceOf(viewer: Viewer | null, personId: string): boolean {
  return viewer !== null && (viewer.id === personId || seesEveryone(viewer));
}

/** Team totals of the report (they reveal others' figures in small teams). */
export function mayReadTeamPerformance(viewer: Viewer | null): boolean {
  return seesEveryone(viewer);
}

/** Sync notices are about the changes of the person this desktop is signed in to the hub as. */
export function mayReadSyncNotices(viewer: Viewer | null, hubPersonId: string | null): boolean {
  return viewer !== null && hubPersonId !== null && viewer.id === hubPersonId;
}

/** Absolute paths of the data file and backups (normal mode). */
export function mayReadPaths(viewer: Viewer | null): boolean {
  return viewer !== null && viewer.role === 'admin';
}

/** Activity-log entity types that are records about people. */
export const PEOPLE_ENTITIES: ReadonlySet<string> = new Set(['person', 'time_off', 'notification', 'rota_swap']);

/** Whom an activity row about a people record is about (null: not a people record). */
export function activitySubject(entityType: string, entityId: string, before: unknown, after: unknown): string | null {
  if (!PEOPLE_ENTITIES.has(entityType)) return null;
  if (entityType === 'person' || entityType === 'notification') return entityId;
  for (const img of [after, before]) {
    const pid = (img as { personId?: unknown } | null)?.personId;
    if (typeof pid === 'string') return pid;
  }
  return ''; // a people record whose subject cannot be told: nobody but managers reads it
}

/** The before/after images (and input) of an activity row about a people record. */
export function mayReadActivityImages(viewer: Viewer | null, subject: string | null): boolean {
  if (subject === null) return true;
  return viewer !== null && (viewer.id === subject || seesEveryone(viewer));
}

// ---- applying it -------------------------------------------------------------

export function scopeTimeOff(viewer: Viewer | null, entry: TimeOffEntry): TimeOffEntry {
  return mayReadTimeOffNote(viewer, entry.personId) ? entry : { ...entry, note: '' };
}

export function scopeActivity(viewer: Viewer | null, entry: ActivityEntry): ActivityEntry {
  const subject = activitySubject(entry.entityType, entry.entityId, entry.before, entry.after);
  return mayReadActivityImages(viewer, subject) ? entry : { ...entry, before: null, after: null };
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * One synced row as `viewer` may hold it on their desktop: time_off rows of
 * others lose their note; activity_log rows about others' people records lose
 * their before/after images, their row images and the command input (which repeats them).
 * Deletions (data: null) pass unchanged.
 */
export function scopeRow(viewer: Viewer | null, row: RowChange): RowChange {
  const data = row.data;
  if (!data) return row;
  if (row.table === 'time_off') {
    const personId = typeof data.person_id === 'string' ? data.person_id : '';
    if (!mayReadTimeOffNote(viewer, personId) && data.note !== '') return { ...row, data: { ...data, note: '' } };
    return row;
  }
  if (row.table === 'rota_swaps') {
    if (!mayReadSwapReason(viewer, String(data.person_id ?? ''), String(data.substitute_id ?? '')) && data.reason !== '') return { ...row, data: { ...data, reason: '' } };
    return row;
  }
  // What a person has read and their notification settings are theirs: others get the rows (so every
  // desktop holds the same keys) with nothing in them.
  if (row.table === 'notification_reads' && data.person_id !== viewer?.id) return { ...row, data: { ...data, read_at: 0 } };
  if (row.table === 'notification_prefs' && data.person_id !== viewer?.id) {
    return { ...row, data: { ...data, read_before: 0, disabled_kinds: '[]', muted_projects: '[]', quiet_start: null, quiet_end: null, desktop: 1 } };
  }
  if (row.table === 'activity_log') {
    const subject = activitySubject(String(data.entity_type ?? ''), String(data.entity_id ?? ''), parseJson(data.before), parseJson(data.after));
    if (!mayReadActivityImages(viewer, subject)) return { ...row, data: { ...data, before: null, after: null, input: '{}', images: null } };
    return row;
  }
  return row;
}

/**
 * The name of the filter scopeRow applies for `viewer`: a desktop remembers it, and
 * when it changes (a promotion, a demotion) the hub resends every row under the new one.
 */
export function scopeKey(viewer: Viewer | null): 'all' | 'self' {
  return seesEveryone(viewer) ? 'all' : 'self';
}

/** What the hub sends `viewer` on pull (see scopeRow). */
export function filterPulledRows(viewer: Viewer | null, rows: RowChange[]): RowChange[] {
  return rows.map((r) => scopeRow(viewer, r));
}
