import { invalid, notFound } from '../../shared/errors';
import type { Priority } from '../../shared/domain';
import { keyBetween } from '../../shared/ordering';
import type { Db } from '../db/connection';
import { newId } from '../core/ids';
import { assertGroupMembers } from '../projects/access';

/**
 * The one way a task row comes into being — from the board, from a weekly
 * planning meeting's task list, from a template. Callers are commands: they
 * check rights and write the activity row.
 */
export interface NewTask {
  projectId: string;
  /** Defaults to the project's first column. */
  columnId?: string | null;
  title: string;
  description?: string;
  dueAt?: number | null;
  priority?: Priority;
  estimateHours?: number | null;
  labels?: string[];
  assigneeIds?: string[];
  deliverableId?: string | null;
  sourceMeetingId?: string | null;
  checklist?: { text: string; assigneeId?: string | null; dueAt?: number | null }[];
}

export function firstColumnId(db: Db, projectId: string): string {
  const col = db
    .prepare<[string], { id: string }>('SELECT id FROM board_columns WHERE project_id = ? ORDER BY position, id LIMIT 1')
    .get(projectId);
  if (!col) throw invalid({ zh: '此项目还没有看板列', en: 'This project has no board columns yet' });
  return col.id;
}

/** Key after the last card of a column. */
export function endOfColumnKey(db: Db, columnId: string): string {
  const last = db
    .prepare<[string], { position: string }>('SELECT position FROM tasks WHERE column_id = ? ORDER BY position DESC, id DESC LIMIT 1')
    .get(columnId);
  return keyBetween(last?.position ?? null, null);
}

export function insertTask(db: Db, t: NewTask, actorId: string | null, now: number, id = newId()): string {
  const columnId = t.columnId ?? firstColumnId(db, t.projectId);
  const col = db.prepare<[string], { project_id: string; is_done: number }>('SELECT project_id, is_done FROM board_columns WHERE id = ?').get(columnId);
  if (!col) throw notFound({ zh: '看板列', en: 'Board column' });
  if (col.project_id !== t.projectId) throw invalid({ zh: '看板列不属于此项目', en: 'The column belongs to another project' });
  const assignees = [...new Set(t.assigneeIds ?? [])];
  assertGroupMembers(db, t.projectId, assignees);
  if (t.deliverableId) {
    const d = db.prepare<[string], { project_id: string }>('SELECT project_id FROM deliverables WHERE id = ?').get(t.deliverableId);
    if (!d || d.project_id !== t.projectId) throw invalid({ zh: '关联的交付物不属于此项目', en: 'The linked deliverable belongs to another project' });
  }
  db.prepare(
    `INSERT INTO tasks (id, project_id, column_id, title, description, due_at, priority, estimate_hours, position, labels,
       deliverable_id, source_meeting_id, completed_at, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id, t.projectId, columnId, t.title, t.description ?? '', t.dueAt ?? null, t.priority ?? 'normal', t.estimateHours ?? null,
    endOfColumnKey(db, columnId), JSON.stringify(t.labels ?? []), t.deliverableId ?? null, t.sourceMeetingId ?? null,
    col.is_done ? now : null, actorId, now, now,
  );
  const addAssignee = db.prepare('INSERT INTO task_assignees (task_id, person_id) VALUES (?, ?)');
  for (const p of assignees) addAssignee.run(id, p);
  let prev: string | null = null;
  for (const item of t.checklist ?? []) {
    if (item.assigneeId) assertGroupMembers(db, t.projectId, [item.assigneeId]);
    prev = keyBetween(prev, null);
    db.prepare(
      `INSERT INTO checklist_items (id, task_id, text, done, position, assignee_id, due_at, created_at, updated_at)
       VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)`,
    ).run(newId(), id, item.text, prev, item.assigneeId ?? null, item.dueAt ?? null, now, now);
  }
  return id;
}
