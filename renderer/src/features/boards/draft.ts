import type { TaskDetail } from '../../../../shared/contract';
import type { Priority } from '../../../../shared/domain';
import { fromLocalDateTime, localDateTime } from '../../../../shared/time';

/**
 * The task drawer's fields as the command takes them, and the draft that
 * keeps what was typed until it is saved: the drawer saves on its own (on
 * blur, shortly after typing stops, at once for pickers), and a reload or a
 * crash in between finds the text again in this window's storage.
 */
export interface TaskFields {
  title: string;
  description: string;
  assigneeIds: string[];
  /** The center's wall clock, 'YYYY-MM-DD HH:mm' (what the picker shows), or null. */
  due: string | null;
  priority: Priority;
  estimateHours: number | null;
  labels: string[];
  deliverableId: string | null;
}

export type TaskFieldName = keyof TaskFields;
/** Text fields save after typing pauses (and on blur); the others as soon as they change. */
export const TYPED_FIELDS: readonly TaskFieldName[] = ['title', 'description'];
export const TYPING_PAUSE_MS = 800;

export function fieldsOf(d: TaskDetail): TaskFields {
  return {
    title: d.title,
    description: d.description,
    assigneeIds: d.assigneeIds,
    due: d.dueAt === null ? null : localDateTime(d.dueAt),
    priority: d.priority,
    estimateHours: d.estimateHours,
    labels: d.labels,
    deliverableId: d.deliverableId,
  };
}

/** The `tasks.update` input for the fields that differ from what the task holds (only those: others' edits survive). */
export function changesOf(d: TaskDetail, f: Partial<TaskFields>): Partial<Omit<TaskFields, 'due'> & { dueAt: number | null }> {
  const now = fieldsOf(d);
  const out: Partial<Omit<TaskFields, 'due'> & { dueAt: number | null }> = {};
  for (const k of Object.keys(f) as TaskFieldName[]) {
    const v = f[k];
    if (v === undefined || same(v, now[k])) continue;
    if (k === 'due') out.dueAt = v === null ? null : fromLocalDateTime(v as string);
    else (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

export const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const key = (taskId: string): string => `crewdesk.taskDraft.${taskId}`;

export function readDraft(taskId: string): Partial<TaskFields> | null {
  try {
    const raw = localStorage.getItem(key(taskId));
    if (!raw) return null;
    const v = JSON.parse(raw) as unknown;
    if (!v || typeof v !== 'object') return null;
    const d = v as Record<string, unknown>;
    const out: Partial<TaskFields> = {};
    if (typeof d.title === 'string') out.title = d.title.slice(0, 200);
    if (typeof d.description === 'string') out.description = d.description.slice(0, 20_000);
    return Object.keys(out).length ? out : null;
  } catch {
    return null;
  }
}

/** Keeps only the typed fields (the pickers save at once). */
export function writeDraft(taskId: string, f: Partial<TaskFields>): void {
  const typed: Partial<TaskFields> = {};
  if (f.title !== undefined) typed.title = f.title;
  if (f.description !== undefined) typed.description = f.description;
  try {
    if (Object.keys(typed).length) localStorage.setItem(key(taskId), JSON.stringify(typed));
  } catch {
    /* storage full or off: the autosave still runs */
  }
}

export function clearDraft(taskId: string): void {
  try {
    localStorage.removeItem(key(taskId));
  } catch {
    /* nothing to clear */
  }
}
