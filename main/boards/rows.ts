import { initialResponse, type AssignmentResponse } from '../../shared/assignments';
import type { BoardColumn, ChecklistItem, Deliverable, ReviewSummary, TaskAssignment, TaskCard } from '../../shared/contract';
import type { DeliverableStatus, Platform, Priority, ProductForm } from '../../shared/domain';
import { forbidden, notFound } from '../../shared/errors';
import type { ProjectRef } from '../projects/access';
import type { Db, ReadDb } from '../db/connection';

/** Row shapes of the board tables and their mapping to contract types. */

export interface ColumnRow {
  id: string;
  project_id: string;
  name: string;
  position: string;
  wip_limit: number | null;
  is_done: number;
  created_at: number;
  updated_at: number;
}

export interface TaskRow {
  id: string;
  project_id: string;
  column_id: string;
  title: string;
  description: string;
  due_at: number | null;
  priority: Priority;
  estimate_hours: number | null;
  position: string;
  labels: string;
  deliverable_id: string | null;
  source_meeting_id: string | null;
  completed_at: number | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface ChecklistRow {
  id: string;
  task_id: string;
  text: string;
  done: number;
  position: string;
  assignee_id: string | null;
  due_at: number | null;
  done_at: number | null;
  done_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface CommentRow {
  id: string;
  task_id: string;
  author_id: string;
  body: string;
  created_at: number;
}

export interface DeliverableRow {
  id: string;
  project_id: string;
  title: string;
  platform: Platform;
  product_form: ProductForm;
  owner_id: string | null;
  owner_name?: string | null;
  due_at: number | null;
  status: DeliverableStatus;
  published_url: string | null;
  published_at: number | null;
  expected_views: number | null;
  position: string;
  created_at: number;
  updated_at: number;
}

export const toColumn = (r: ColumnRow): BoardColumn => ({
  id: r.id,
  name: r.name,
  position: r.position,
  wipLimit: r.wip_limit,
  isDone: r.is_done === 1,
});

/** The task columns a card shows (a board reads these, not the descriptions). */
export type CardRow = Pick<
  TaskRow,
  'id' | 'project_id' | 'column_id' | 'title' | 'due_at' | 'priority' | 'estimate_hours' | 'position' | 'labels' | 'deliverable_id' | 'completed_at' | 'updated_at'
>;
export const CARD_COLUMNS =
  'id, project_id, column_id, title, due_at, priority, estimate_hours, position, labels, deliverable_id, completed_at, updated_at';

export function toCard(r: CardRow, assigneeIds: string[], done: number, total: number, responses: TaskCard['responses'] = []): TaskCard {
  return {
    id: r.id,
    projectId: r.project_id,
    columnId: r.column_id,
    title: r.title,
    dueAt: r.due_at,
    priority: r.priority,
    estimateHours: r.estimate_hours,
    position: r.position,
    labels: JSON.parse(r.labels) as string[],
    assigneeIds,
    responses,
    deliverableId: r.deliverable_id,
    completedAt: r.completed_at,
    checklistDone: done,
    checklistTotal: total,
    updatedAt: r.updated_at,
  };
}

export const toChecklistItem = (r: Pick<ChecklistRow, 'id' | 'text' | 'done' | 'position' | 'assignee_id' | 'due_at'>): ChecklistItem => ({
  id: r.id,
  text: r.text,
  done: r.done === 1,
  position: r.position,
  assigneeId: r.assignee_id,
  dueAt: r.due_at,
});

export const toDeliverable = (r: DeliverableRow, review: ReviewSummary | null = null): Deliverable => ({
  id: r.id,
  projectId: r.project_id,
  title: r.title,
  platform: r.platform,
  productForm: r.product_form,
  ownerId: r.owner_id,
  ownerName: r.owner_name ?? null,
  dueAt: r.due_at,
  status: r.status,
  publishedUrl: r.published_url,
  publishedAt: r.published_at,
  position: r.position,
  review,
});

export function columnRow(db: Db, id: string): ColumnRow {
  const row = db.prepare<[string], ColumnRow>('SELECT * FROM board_columns WHERE id = ?').get(id);
  if (!row) throw notFound({ zh: '看板列', en: 'Board column' });
  return row;
}

export function taskRow(db: ReadDb, id: string): TaskRow {
  const row = db.prepare<[string], TaskRow>('SELECT * FROM tasks WHERE id = ?').get(id);
  if (!row) throw notFound({ zh: '任务', en: 'Task' });
  return row;
}

export function checklistRow(db: Db, id: string): ChecklistRow {
  const row = db.prepare<[string], ChecklistRow>('SELECT * FROM checklist_items WHERE id = ?').get(id);
  if (!row) throw notFound({ zh: '清单项', en: 'Checklist item' });
  return row;
}

export function deliverableRow(db: ReadDb, id: string): DeliverableRow {
  const row = db
    .prepare<[string], DeliverableRow>(
      'SELECT d.*, p.name AS owner_name FROM deliverables d LEFT JOIN people p ON p.id = d.owner_id WHERE d.id = ?',
    )
    .get(id);
  if (!row) throw notFound({ zh: '交付物', en: 'Deliverable' });
  return row;
}

export function assigneesOf(db: Db, taskId: string): string[] {
  return db
    .prepare<[string], { person_id: string }>('SELECT person_id FROM task_assignees WHERE task_id = ? ORDER BY person_id')
    .all(taskId)
    .map((r) => r.person_id);
}

export function loadCard(db: Db, id: string): TaskCard {
  const row = taskRow(db, id);
  const c = db
    .prepare<[string], { done: number; total: number }>(
      'SELECT coalesce(sum(done), 0) AS done, count(*) AS total FROM checklist_items WHERE task_id = ?',
    )
    .get(id)!;
  return toCard(row, assigneesOf(db, id), c.done, c.total, openResponses(assignmentsOf(db, id)));
}

/** Every assignee of a task with their answer (派单确认), in pinyin order. */
export function assignmentsOf(db: ReadDb, taskId: string): TaskAssignment[] {
  return db
    .prepare<[string], { person_id: string; name: string; response: AssignmentResponse; reason: string; responded_at: number | null }>(
      `SELECT a.person_id, p.name, a.response, a.reason, a.responded_at FROM task_assignees a JOIN people p ON p.id = a.person_id
       WHERE a.task_id = ? ORDER BY p.pinyin, a.person_id`,
    )
    .all(taskId)
    .map((r) => ({ personId: r.person_id, name: r.name, response: r.response, reason: r.reason, respondedAt: r.responded_at }));
}

export const openResponses = (list: readonly { personId: string; response: AssignmentResponse }[]): TaskCard['responses'] =>
  list.filter((a) => a.response !== 'accepted').map((a) => ({ personId: a.personId, response: a.response as 'pending' | 'declined' }));

/** Everything a deleted task takes with it, so undo can put it back exactly. */
export interface TaskSnapshot {
  task: TaskRow;
  assigneeIds: string[];
  checklist: ChecklistRow[];
  comments: CommentRow[];
}

export function snapshotTask(db: Db, id: string): TaskSnapshot {
  return {
    task: taskRow(db, id),
    assigneeIds: assigneesOf(db, id),
    checklist: db.prepare<[string], ChecklistRow>('SELECT * FROM checklist_items WHERE task_id = ? ORDER BY position, id').all(id),
    comments: db.prepare<[string], CommentRow>('SELECT * FROM task_comments WHERE task_id = ? ORDER BY created_at, id').all(id),
  };
}

export function restoreTaskSnapshot(db: Db, s: TaskSnapshot): void {
  const t = s.task;
  db.prepare(
    `INSERT INTO tasks (id, project_id, column_id, title, description, due_at, priority, estimate_hours, position, labels,
       deliverable_id, source_meeting_id, completed_at, created_by, created_at, updated_at)
     VALUES (@id, @project_id, @column_id, @title, @description, @due_at, @priority, @estimate_hours, @position, @labels,
       @deliverable_id, @source_meeting_id, @completed_at, @created_by, @created_at, @updated_at)`,
  ).run(t);
  const addAssignee = db.prepare('INSERT INTO task_assignees (task_id, person_id) VALUES (?, ?)');
  for (const p of s.assigneeIds) addAssignee.run(t.id, p);
  const addItem = db.prepare(
    `INSERT INTO checklist_items (id, task_id, text, done, position, assignee_id, due_at, done_at, done_by, created_at, updated_at)
     VALUES (@id, @task_id, @text, @done, @position, @assignee_id, @due_at, @done_at, @done_by, @created_at, @updated_at)`,
  );
  for (const c of s.checklist) addItem.run(c);
  const addComment = db.prepare(
    'INSERT INTO task_comments (id, task_id, author_id, body, created_at) VALUES (@id, @task_id, @author_id, @body, @created_at)',
  );
  for (const c of s.comments) addComment.run(c);
}

/** The editable fields of a task, as recorded before/after an edit (and restored by undo). */
export interface TaskEditState {
  title: string;
  description: string;
  dueAt: number | null;
  priority: Priority;
  estimateHours: number | null;
  labels: string[];
  assigneeIds: string[];
  deliverableId: string | null;
  updatedAt: number;
}

export function taskEditState(db: Db, id: string): TaskEditState {
  const r = taskRow(db, id);
  return {
    title: r.title,
    description: r.description,
    dueAt: r.due_at,
    priority: r.priority,
    estimateHours: r.estimate_hours,
    labels: JSON.parse(r.labels) as string[],
    assigneeIds: assigneesOf(db, id),
    deliverableId: r.deliverable_id,
    updatedAt: r.updated_at,
  };
}

export function writeTaskEditState(db: Db, id: string, s: Omit<TaskEditState, 'updatedAt'>, actorId: string | null, now: number): void {
  db.prepare(
    `UPDATE tasks SET title = ?, description = ?, due_at = ?, priority = ?, estimate_hours = ?, labels = ?, deliverable_id = ?,
       updated_at = ? WHERE id = ?`,
  ).run(s.title, s.description, s.dueAt, s.priority, s.estimateHours, JSON.stringify(s.labels), s.deliverableId, now, id);
  // Only who was taken off or added changes: the others keep their answer (派单确认).
  const before = new Set(assigneesOf(db, id));
  const after = new Set(s.assigneeIds);
  const remove = db.prepare('DELETE FROM task_assignees WHERE task_id = ? AND person_id = ?');
  for (const p of before) if (!after.has(p)) remove.run(id, p);
  const add = db.prepare('INSERT INTO task_assignees (task_id, person_id, response) VALUES (?, ?, ?)');
  for (const p of after) if (!before.has(p)) add.run(id, p, initialResponse(actorId, p));
}

/** An archived project's board is read-only. */
export function assertNotArchived(project: ProjectRef): void {
  if (project.status === 'archived') {
    throw forbidden({ zh: `项目“${project.name}”已归档，看板只读`, en: `“${project.name}” is archived; its board is read-only` });
  }
}
