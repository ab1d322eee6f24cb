import { conflict, invalid } from '../../shared/errors';
import type { Db } from '../db/connection';
import type { HandlerGroup } from '../core/backend';
import { requireProjectWorker } from '../projects/access';
import {
  columnRow,
  restoreTaskSnapshot,
  taskEditState,
  writeTaskEditState,
  type ChecklistRow,
  type ColumnRow,
  type DeliverableRow,
  type TaskEditState,
  type TaskSnapshot,
  assertNotArchived,
} from './rows';
import type { DeletedColumn } from './columns';
import type { CardPlace } from './tasks';
import { gateStatusChange } from '../reviews/rounds';
import type { Actor } from '../core/context';
import type { ProjectRef } from '../projects/access';

/**
 * Restoring a row also restores its updated_at, so the check "changed since?"
 * holds for the next undo back in the chain.
 *
 * Undo of a board change is itself a command: it reads the before-state the
 * change recorded in the activity log and writes it back, and is logged like
 * any other change (command 'boards.undo', after = { undoneActivityId }).
 * Each user undoes their own changes, newest first; changes made since by
 * someone else to the same thing are not overwritten (a clear conflict).
 */
const UNDOABLE = [
  'tasks.create',
  'tasks.update',
  'tasks.move',
  'tasks.setDone',
  'tasks.delete',
  'checklist.add',
  'checklist.update',
  'checklist.move',
  'checklist.delete',
  'columns.create',
  'columns.update',
  'columns.move',
  'columns.delete',
  'deliverables.update',
] as const;

interface LogRow {
  id: string;
  at: number;
  command: string;
  entity_id: string;
  entity_type: string;
  summary: string;
  before: string | null;
  after: string | null;
}

const LOOKBACK = 200;

/** The acting user's recent board changes (index activity_actor_project; exported for the query-plan tests). */
export const UNDO_SQL = `SELECT id, at, command, entity_id, entity_type, summary, before, after FROM activity_log
       WHERE actor_id = ? AND project_id = ? AND command IN (${UNDOABLE.map(() => '?').join(', ')}, 'boards.undo')
       ORDER BY at DESC, id DESC LIMIT ${LOOKBACK}`;

export function findUndoTarget(db: Db, actorId: string, projectId: string): LogRow | null {
  const rows = db
    .prepare<string[], LogRow>(UNDO_SQL)
    .all(actorId, projectId, ...(UNDOABLE as readonly string[]));
  const undone = new Set<string>();
  for (const r of rows) {
    if (r.command === 'boards.undo') {
      undone.add((JSON.parse(r.after ?? '{}') as { undoneActivityId?: string }).undoneActivityId ?? '');
    } else if (!undone.has(r.id)) {
      return r;
    }
  }
  return null;
}

const changedSince = (): never => {
  throw conflict({
    zh: '之后又有人改动了它，无法撤销此项更改',
    en: 'It has been changed since, so this change cannot be undone',
  });
};

function sameEdit(a: TaskEditState, b: TaskEditState): boolean {
  const { updatedAt: _a, ...x } = a;
  const { updatedAt: _b, ...y } = b;
  return JSON.stringify(x) === JSON.stringify(y);
}

function taskExists(db: Db, id: string): boolean {
  return db.prepare('SELECT 1 FROM tasks WHERE id = ?').get(id) !== undefined;
}

function restoreChecklistRow(db: Db, r: ChecklistRow): void {
  db.prepare(
    `UPDATE checklist_items SET text = @text, done = @done, position = @position, assignee_id = @assignee_id, due_at = @due_at,
       done_at = @done_at, done_by = @done_by, updated_at = @updated_at WHERE id = @id`,
  ).run(r);
}

function undoOne(db: Db, row: LogRow, now: number, actor: Actor, project: ProjectRef): void {
  const before = row.before === null ? null : (JSON.parse(row.before) as unknown);
  const after = row.after === null ? null : (JSON.parse(row.after) as unknown);
  switch (row.command) {
    case 'tasks.create': {
      if (!taskExists(db, row.entity_id)) changedSince();
      db.prepare('DELETE FROM tasks WHERE id = ?').run(row.entity_id);
      return;
    }
    case 'tasks.update': {
      if (!taskExists(db, row.entity_id)) changedSince();
      if (!sameEdit(taskEditState(db, row.entity_id), after as TaskEditState)) changedSince();
      writeTaskEditState(db, row.entity_id, before as TaskEditState, actor.id, now);
      return;
    }
    case 'tasks.move':
    case 'tasks.setDone': {
      const b = before as CardPlace;
      const a = after as CardPlace;
      const cur = db
        .prepare<[string], { column_id: string; position: string }>('SELECT column_id, position FROM tasks WHERE id = ?')
        .get(row.entity_id);
      if (!cur || cur.column_id !== a.columnId || cur.position !== a.position) changedSince();
      if (!db.prepare('SELECT 1 FROM board_columns WHERE id = ?').get(b.columnId)) changedSince();
      db.prepare('UPDATE tasks SET column_id = ?, position = ?, completed_at = ?, updated_at = ? WHERE id = ?').run(
        b.columnId, b.position, b.completedAt, now, row.entity_id,
      );
      return;
    }
    case 'tasks.delete': {
      const s = before as TaskSnapshot;
      if (taskExists(db, s.task.id)) changedSince();
      if (!db.prepare('SELECT 1 FROM board_columns WHERE id = ?').get(s.task.column_id)) changedSince();
      restoreTaskSnapshot(db, s);
      return;
    }
    case 'checklist.add': {
      db.prepare('DELETE FROM checklist_items WHERE id = ?').run((after as ChecklistRow).id);
      return;
    }
    case 'checklist.update':
    case 'checklist.move': {
      const a = after as ChecklistRow;
      const cur = db.prepare<[string], { updated_at: number }>('SELECT updated_at FROM checklist_items WHERE id = ?').get(a.id);
      if (!cur || cur.updated_at !== a.updated_at) changedSince();
      restoreChecklistRow(db, before as ChecklistRow);
      return;
    }
    case 'checklist.delete': {
      const b = before as ChecklistRow;
      if (!taskExists(db, b.task_id)) changedSince();
      db.prepare(
        `INSERT INTO checklist_items (id, task_id, text, done, position, assignee_id, due_at, done_at, done_by, created_at, updated_at)
         VALUES (@id, @task_id, @text, @done, @position, @assignee_id, @due_at, @done_at, @done_by, @created_at, @updated_at)`,
      ).run(b);
      return;
    }
    case 'columns.create': {
      const n = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM tasks WHERE column_id = ?').get(row.entity_id)?.n ?? 0;
      if (n > 0) throw conflict({ zh: '这一列已经有卡片，不能撤销新建', en: 'The column has cards now; its creation cannot be undone' });
      db.prepare('DELETE FROM board_columns WHERE id = ?').run(row.entity_id);
      return;
    }
    case 'columns.update':
    case 'columns.move': {
      const b = before as ColumnRow;
      const a = after as ColumnRow;
      if (columnRow(db, b.id).updated_at !== a.updated_at) changedSince();
      db.prepare('UPDATE board_columns SET name = ?, position = ?, wip_limit = ?, is_done = ?, updated_at = ? WHERE id = ?').run(
        b.name, b.position, b.wip_limit, b.is_done, b.updated_at, b.id,
      );
      return;
    }
    case 'columns.delete': {
      const d = before as DeletedColumn;
      const c = d.column;
      db.prepare(
        'INSERT INTO board_columns (id, project_id, name, position, wip_limit, is_done, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(c.id, c.project_id, c.name, c.position, c.wip_limit, c.is_done, c.created_at, now);
      // Cards moved on since (or deleted) stay where they are now.
      const back = db.prepare(
        'UPDATE tasks SET column_id = ?, position = ?, completed_at = ?, updated_at = ? WHERE id = ? AND column_id = ?',
      );
      for (const card of d.cards) back.run(card.columnId, card.position, card.completedAt, now, card.id, d.movedTo);
      return;
    }
    case 'deliverables.update': {
      const b = before as DeliverableRow;
      const a = after as DeliverableRow;
      const cur = db.prepare<[string], { updated_at: number }>('SELECT updated_at FROM deliverables WHERE id = ?').get(b.id);
      if (!cur || cur.updated_at !== a.updated_at) changedSince();
      // The status goes back through the publishing gate (三审): undoing a take-down republishes only on a standing approval.
      gateStatusChange(
        db,
        actor,
        { deliverable: { ...b, published_url: b.published_url }, from: a.status, to: b.status, convenerId: project.convenerId },
        now,
      );
      db.prepare(
        `UPDATE deliverables SET title = ?, platform = ?, product_form = ?, owner_id = ?, due_at = ?, status = ?, published_url = ?,
           published_at = ?, updated_at = ? WHERE id = ?`,
      ).run(b.title, b.platform, b.product_form, b.owner_id, b.due_at, b.status, b.published_url, b.published_at, b.updated_at, b.id);
      return;
    }
    default:
      throw invalid({ zh: '这项更改不能撤销', en: 'This change cannot be undone' });
  }
}

export const undoHandlers = {
  'boards.undo': (ctx, input) => {
    const { actor, project } = requireProjectWorker(ctx, input.projectId);
    assertNotArchived(project);
    const target = findUndoTarget(ctx.db, actor.id, project.id);
    if (!target) throw invalid({ zh: '没有可以撤销的看板更改', en: 'There is no board change to undo' });
    undoOne(ctx.db, target, ctx.now(), actor, project);
    const summary = `撤销：${target.summary}`;
    ctx.record({
      entityType: target.entity_type,
      entityId: target.entity_id,
      projectId: project.id,
      summary,
      after: { undoneActivityId: target.id, command: target.command },
    });
    return { summary };
  },
} satisfies HandlerGroup;
