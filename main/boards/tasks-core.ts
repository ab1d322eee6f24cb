import { initialResponse } from '../../shared/assignments';
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
  checklist?: { text: string; assigneeId?: string | null; dueAt?: number | null; done?: { at: number; by: string | null } | null }[];
  /** Seeding only (the demo): where in the column, and when it was done; by default the end and "done if the column is". */
  position?: string;
  completedAt?: number | null;
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
    t.position ?? endOfColumnKey(db, columnId), JSON.stringify(t.labels ?? []), t.deliverableId ?? null, t.sourceMeetingId ?? null,
    t.completedAt !== undefined ? t.completedAt : col.is_done ? now : null, actorId, now, now,
  );
  const addAssignee = db.prepare('INSERT INTO task_assignees (task_id, person_id, response) VALUES (?, ?, ?)');
  for (const p of assignees) addAssignee.run(id, p, initialResponse(actorId, p));
  let prev: string | null = null;
  for (const item of t.checklist ?? []) {
    if (item.assigneeId) assertGroupMembers(db, t.projectId, [item.assigneeId]);
    prev = keyBetween(prev, null);
    db.prepare(
      `INSERT INTO checklist_items (id, task_id, text, done, position, assignee_id, due_at, done_at, done_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(newId(), id, item.text, item.done ? 1 : 0, prev, item.assigneeId ?? null, item.dueAt ?? null, item.done?.at ?? null, item.done?.by ?? null, now, now);
  }
  return id;
}

/** One person's part of a task passes to another (the workload grid's reassign); the caller checks rights. */
export function replaceAssignee(db: Db, taskId: string, fromId: string, toId: string, actorId: string, now: number): void {
  db.prepare('DELETE FROM task_assignees WHERE task_id = ? AND person_id = ?').run(taskId, fromId);
  db.prepare('INSERT INTO task_assignees (task_id, person_id, response) VALUES (?, ?, ?)').run(taskId, toId, initialResponse(actorId, toId));
  db.prepare('UPDATE tasks SET updated_at = ? WHERE id = ?').run(now, taskId);
}

/** Every assignment of a project's tasks counts as accepted (a seeded or imported history, not new work). */
export function acceptAssignments(db: Db, projectId: string, now: number): void {
  db.prepare(
    "UPDATE task_assignees SET response = 'accepted', responded_at = ? WHERE response <> 'accepted' AND task_id IN (SELECT id FROM tasks WHERE project_id = ?)",
  ).run(now, projectId);
}

/** A person leaves a project group: they are taken off its tasks and checklist items. */
export function unassignInProject(db: Db, projectId: string, personId: string): void {
  db.prepare('DELETE FROM task_assignees WHERE person_id = ? AND task_id IN (SELECT id FROM tasks WHERE project_id = ?)').run(personId, projectId);
  db.prepare('UPDATE checklist_items SET assignee_id = NULL WHERE assignee_id = ? AND task_id IN (SELECT id FROM tasks WHERE project_id = ?)').run(personId, projectId);
}
