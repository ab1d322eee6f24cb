import { conflict, invalid } from '../../shared/errors';
import { keyBetween, keysBetween } from '../../shared/ordering';
import type { Db } from '../db/connection';
import type { HandlerGroup } from '../core/backend';
import type { CommandCtx } from '../core/context';
import { newId } from '../core/ids';
import { requireProjectManager } from '../projects/access';
import { keyAfter } from './order';
import { columnRow, toColumn, type ColumnRow, assertNotArchived } from './rows';
import { placeCard, type CardPlace } from './tasks';

/**
 * Columns shape the group's production line, so changing them is the
 * convener's (or a manager's/admin's) call: requireProjectManager.
 */

function manage(ctx: CommandCtx, projectId: string) {
  const r = requireProjectManager(ctx, projectId);
  assertNotArchived(r.project);
  return r;
}

function columnsOf(ctx: CommandCtx, projectId: string) {
  return ctx.db.prepare<[string], { id: string; position: string }>('SELECT id, position FROM board_columns WHERE project_id = ?').all(projectId);
}

/** Recorded when a column is deleted: the column and where each of its cards was. */
export interface DeletedColumn {
  column: ColumnRow;
  cards: ({ id: string } & CardPlace)[];
  movedTo: string;
}

export const DEFAULT_COLUMNS: readonly { name: string; isDone: boolean; wipLimit: number | null }[] = [
  { name: '待办', isDone: false, wipLimit: null },
  { name: '进行中', isDone: false, wipLimit: null },
  { name: '待审核', isDone: false, wipLimit: null },
  { name: '已完成', isDone: true, wipLimit: null },
];

/**
 * Gives a project the default columns if it has none (no rights check, no
 * log: the caller is a command, e.g. creating a project, that does both).
 */
/** Inserts a project's board columns in the given order (a template's, or the defaults). */
export function insertColumns(
  db: Db,
  projectId: string,
  columns: readonly { name: string; wipLimit?: number | null; isDone?: boolean }[],
  now: number,
): ColumnRow[] {
  const keys = keysBetween(null, null, columns.length);
  const insert = db.prepare(
    'INSERT INTO board_columns (id, project_id, name, position, wip_limit, is_done, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  return columns.map((c, i) => {
    const id = newId();
    insert.run(id, projectId, c.name, keys[i], c.wipLimit ?? null, c.isDone ? 1 : 0, now, now);
    return columnRow(db, id);
  });
}

/** 待办 / 进行中 / 待审核 / 已完成 for a project that has no columns yet. */
export function insertDefaultColumns(db: Db, projectId: string, now: number): ColumnRow[] {
  if (db.prepare('SELECT 1 FROM board_columns WHERE project_id = ?').get(projectId)) return [];
  return insertColumns(db, projectId, DEFAULT_COLUMNS, now);
}

export const columnHandlers = {
  'columns.setupDefaults': (ctx, input) => {
    manage(ctx, input.projectId);
    const rows = insertDefaultColumns(ctx.db, input.projectId, ctx.now());
    if (!rows.length) throw conflict({ zh: '此看板已经有列了', en: 'This board already has columns' });
    ctx.record({
      entityType: 'project',
      entityId: input.projectId,
      projectId: input.projectId,
      summary: `创建默认看板列：${rows.map((r) => r.name).join(' / ')}`,
      after: rows,
    });
    return rows.map(toColumn);
  },

  'columns.create': (ctx, input) => {
    manage(ctx, input.projectId);
    // A new column goes before the done column(s) at the end: work flows into 已完成, not past it.
    const cols = ctx.db
      .prepare<[string], { position: string; is_done: number }>('SELECT position, is_done FROM board_columns WHERE project_id = ? ORDER BY position, id')
      .all(input.projectId);
    let at = cols.length;
    while (at > 0 && cols[at - 1]!.is_done) at--;
    const position = keyBetween(cols[at - 1]?.position ?? null, cols[at]?.position ?? null);
    const id = newId();
    const now = ctx.now();
    ctx.db
      .prepare(
        'INSERT INTO board_columns (id, project_id, name, position, wip_limit, is_done, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)',
      )
      .run(id, input.projectId, input.name, position, input.wipLimit, now, now);
    const after = columnRow(ctx.db, id);
    ctx.record({ entityType: 'board_column', entityId: id, projectId: input.projectId, summary: `新建看板列“${input.name}”`, after });
    return toColumn(after);
  },

  'columns.update': (ctx, input) => {
    const before = columnRow(ctx.db, input.id);
    manage(ctx, before.project_id);
    const isDone = input.isDone ?? before.is_done === 1;
    if (!isDone && before.is_done === 1) {
      const others = ctx.db
        .prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM board_columns WHERE project_id = ? AND is_done = 1 AND id <> ?')
        .get(before.project_id, before.id)!.n;
      if (others === 0) throw conflict({ zh: '看板至少需要一个“完成”列', en: 'A board needs at least one done column' });
    }
    ctx.db
      .prepare('UPDATE board_columns SET name = ?, wip_limit = ?, is_done = ?, updated_at = ? WHERE id = ?')
      .run(input.name ?? before.name, input.wipLimit !== undefined ? input.wipLimit : before.wip_limit, isDone ? 1 : 0, ctx.now(), before.id);
    const after = columnRow(ctx.db, before.id);
    const summary = after.name !== before.name ? `将看板列“${before.name}”改名为“${after.name}”` : `修改看板列“${after.name}”`;
    ctx.record({ entityType: 'board_column', entityId: before.id, projectId: before.project_id, summary, before, after });
    return toColumn(after);
  },

  'columns.move': (ctx, input) => {
    const before = columnRow(ctx.db, input.id);
    manage(ctx, before.project_id);
    const position = keyAfter(columnsOf(ctx, before.project_id), input.afterId, before.id);
    ctx.db.prepare('UPDATE board_columns SET position = ?, updated_at = ? WHERE id = ?').run(position, ctx.now(), before.id);
    const after = columnRow(ctx.db, before.id);
    ctx.record({ entityType: 'board_column', entityId: before.id, projectId: before.project_id, summary: `调整看板列“${after.name}”的位置`, before, after });
    return toColumn(after);
  },

  'columns.delete': (ctx, input) => {
    const column = columnRow(ctx.db, input.id);
    manage(ctx, column.project_id);
    const target = columnRow(ctx.db, input.moveTo);
    if (target.id === column.id || target.project_id !== column.project_id) {
      throw invalid({ zh: '请选择此看板上的另一列来接收卡片', en: 'Pick another column of this board to take the cards' });
    }
    if (column.is_done === 1 && target.is_done === 0) {
      const others = ctx.db
        .prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM board_columns WHERE project_id = ? AND is_done = 1 AND id <> ?')
        .get(column.project_id, column.id)!.n;
      if (others === 0) throw conflict({ zh: '看板至少需要一个“完成”列', en: 'A board needs at least one done column' });
    }
    const cards = ctx.db
      .prepare<[string], { id: string; column_id: string; position: string; completed_at: number | null }>(
        'SELECT id, column_id, position, completed_at FROM tasks WHERE column_id = ? ORDER BY position, id',
      )
      .all(column.id);
    const now = ctx.now();
    let prev = ctx.db
      .prepare<[string], { position: string }>('SELECT position FROM tasks WHERE column_id = ? ORDER BY position DESC LIMIT 1')
      .get(target.id)?.position ?? null;
    for (const c of cards) {
      prev = keyBetween(prev, null);
      placeCard(ctx.db, c.id, target, prev, now);
    }
    ctx.db.prepare('DELETE FROM board_columns WHERE id = ?').run(column.id);
    const before: DeletedColumn = {
      column,
      cards: cards.map((c) => ({ id: c.id, columnId: c.column_id, position: c.position, completedAt: c.completed_at })),
      movedTo: target.id,
    };
    ctx.record({
      entityType: 'board_column',
      entityId: column.id,
      projectId: column.project_id,
      summary: `删除看板列“${column.name}”，${cards.length} 张卡片移到“${target.name}”`,
      before,
    });
    return { moved: cards.length };
  },
} satisfies HandlerGroup;
