import { renderMentions } from '../../shared/mentions';
import { invalid } from '../../shared/errors';
import { keyBetween } from '../../shared/ordering';
import type { Db } from '../db/connection';
import type { HandlerGroup } from '../core/backend';
import type { CommandCtx } from '../core/context';
import { newId } from '../core/ids';
import { assertGroupMembers, requireProjectWorker } from '../projects/access';
import { keyAfter } from './order';
import {
  checklistRow,
  columnRow,
  loadCard,
  snapshotTask,
  taskEditState,
  taskRow,
  toChecklistItem,
  writeTaskEditState,
  type ColumnRow,
  assertNotArchived,
} from './rows';
import { endOfColumnKey, insertTask } from './tasks-core';

/** Task, checklist and comment commands. Every one is the group's work: requireProjectWorker. */

function workOn(ctx: CommandCtx, projectId: string) {
  const r = requireProjectWorker(ctx, projectId);
  assertNotArchived(r.project);
  return r;
}

function assertDeliverableOf(db: Db, projectId: string, deliverableId: string | null | undefined): void {
  if (!deliverableId) return;
  const d = db.prepare<[string], { project_id: string }>('SELECT project_id FROM deliverables WHERE id = ?').get(deliverableId);
  if (!d || d.project_id !== projectId) {
    throw invalid({ zh: '关联的交付物不属于此项目', en: 'The linked deliverable belongs to another project' });
  }
}

/** Where a card sits; recorded before and after a move so undo can put it back. */
export interface CardPlace {
  columnId: string;
  position: string;
  completedAt: number | null;
}

export function placeCard(db: Db, taskId: string, col: ColumnRow, position: string, now: number): CardPlace {
  const t = taskRow(db, taskId);
  const completedAt = col.is_done ? (t.completed_at ?? now) : null;
  db.prepare('UPDATE tasks SET column_id = ?, position = ?, completed_at = ?, updated_at = ? WHERE id = ?').run(
    col.id, position, completedAt, now, taskId,
  );
  return { columnId: col.id, position, completedAt };
}

function siblingsIn(db: Db, columnId: string) {
  return db.prepare<[string], { id: string; position: string }>('SELECT id, position FROM tasks WHERE column_id = ?').all(columnId);
}

const placeOf = (db: Db, id: string): CardPlace => {
  const t = taskRow(db, id);
  return { columnId: t.column_id, position: t.position, completedAt: t.completed_at };
};

const FIELD_ZH: Record<string, string> = {
  title: '标题',
  description: '说明',
  dueAt: '截止时间',
  priority: '优先级',
  estimateHours: '预估工时',
  labels: '标签',
  assigneeIds: '负责人',
  deliverableId: '关联交付物',
};

export const taskCommandHandlers = {
  'tasks.create': (ctx, input) => {
    const { project } = workOn(ctx, input.projectId);
    const id = insertTask(ctx.db, { ...input, checklist: [] }, ctx.actor!.id, ctx.now());
    const card = loadCard(ctx.db, id);
    ctx.record({ entityType: 'task', entityId: id, projectId: project.id, summary: `新建任务“${card.title}”`, after: card });
    return card;
  },

  'tasks.update': (ctx, input) => {
    const row = taskRow(ctx.db, input.id);
    workOn(ctx, row.project_id);
    const before = taskEditState(ctx.db, input.id);
    const { id, ...patch } = input;
    const next = { ...before };
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) (next as Record<string, unknown>)[k] = v;
    next.assigneeIds = [...new Set(next.assigneeIds)].sort();
    assertGroupMembers(ctx.db, row.project_id, next.assigneeIds);
    assertDeliverableOf(ctx.db, row.project_id, next.deliverableId);
    writeTaskEditState(ctx.db, id, next, ctx.actor!.id, ctx.now());
    const after = taskEditState(ctx.db, id);
    const changed = Object.keys(patch)
      .filter((k) => patch[k as keyof typeof patch] !== undefined)
      .map((k) => FIELD_ZH[k] ?? k);
    ctx.record({
      entityType: 'task',
      entityId: id,
      projectId: row.project_id,
      summary: `编辑任务“${after.title}”（${changed.join('、')}）`,
      before,
      after,
    });
    return loadCard(ctx.db, id);
  },

  'tasks.move': (ctx, input) => {
    const row = taskRow(ctx.db, input.id);
    workOn(ctx, row.project_id);
    const col = columnRow(ctx.db, input.columnId);
    if (col.project_id !== row.project_id) throw invalid({ zh: '看板列不属于此项目', en: 'The column belongs to another project' });
    const before = placeOf(ctx.db, row.id);
    const position = keyAfter(siblingsIn(ctx.db, col.id), input.afterId, row.id);
    const after = placeCard(ctx.db, row.id, col, position, ctx.now());
    const from = columnRow(ctx.db, before.columnId).name;
    ctx.record({
      entityType: 'task',
      entityId: row.id,
      projectId: row.project_id,
      summary: from === col.name ? `在“${col.name}”中调整“${row.title}”的顺序` : `将“${row.title}”从“${from}”移到“${col.name}”`,
      before,
      after,
    });
    return loadCard(ctx.db, row.id);
  },

  'tasks.setDone': (ctx, input) => {
    const row = taskRow(ctx.db, input.id);
    workOn(ctx, row.project_id);
    const col = ctx.db
      .prepare<[string, number], ColumnRow>('SELECT * FROM board_columns WHERE project_id = ? AND is_done = ? ORDER BY position, id LIMIT 1')
      .get(row.project_id, input.done ? 1 : 0);
    if (!col) {
      throw invalid(
        input.done
          ? { zh: '此项目的看板没有“已完成”列', en: 'This board has no done column' }
          : { zh: '此项目的看板没有未完成的列', en: 'This board has no open column' },
      );
    }
    const before = placeOf(ctx.db, row.id);
    const after = placeCard(ctx.db, row.id, col, row.column_id === col.id ? row.position : endOfColumnKey(ctx.db, col.id), ctx.now());
    ctx.record({
      entityType: 'task',
      entityId: row.id,
      projectId: row.project_id,
      summary: input.done ? `完成任务“${row.title}”` : `重新打开任务“${row.title}”`,
      before,
      after,
    });
    return loadCard(ctx.db, row.id);
  },

  'tasks.delete': (ctx, input) => {
    const row = taskRow(ctx.db, input.id);
    workOn(ctx, row.project_id);
    const before = snapshotTask(ctx.db, row.id);
    ctx.db.prepare('DELETE FROM tasks WHERE id = ?').run(row.id);
    ctx.record({ entityType: 'task', entityId: row.id, projectId: row.project_id, summary: `删除任务“${row.title}”`, before });
    return { id: row.id };
  },

  'checklist.add': (ctx, input) => {
    const task = taskRow(ctx.db, input.taskId);
    workOn(ctx, task.project_id);
    if (input.assigneeId) assertGroupMembers(ctx.db, task.project_id, [input.assigneeId]);
    const last = ctx.db
      .prepare<[string], { position: string }>('SELECT position FROM checklist_items WHERE task_id = ? ORDER BY position DESC LIMIT 1')
      .get(task.id);
    const id = newId();
    const now = ctx.now();
    ctx.db
      .prepare(
        `INSERT INTO checklist_items (id, task_id, text, done, position, assignee_id, due_at, created_at, updated_at)
         VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)`,
      )
      .run(id, task.id, input.text, keyBetween(last?.position ?? null, null), input.assigneeId, input.dueAt, now, now);
    const after = checklistRow(ctx.db, id);
    ctx.record({ entityType: 'task', entityId: task.id, projectId: task.project_id, summary: `添加清单项“${input.text}”`, after });
    return toChecklistItem(after);
  },

  'checklist.update': (ctx, input) => {
    const before = checklistRow(ctx.db, input.id);
    const task = taskRow(ctx.db, before.task_id);
    const { actor } = workOn(ctx, task.project_id);
    if (input.assigneeId) assertGroupMembers(ctx.db, task.project_id, [input.assigneeId]);
    const now = ctx.now();
    const done = input.done ?? before.done === 1;
    const ticked = done !== (before.done === 1);
    ctx.db
      .prepare(
        `UPDATE checklist_items SET text = ?, done = ?, assignee_id = ?, due_at = ?, done_at = ?, done_by = ?, updated_at = ? WHERE id = ?`,
      )
      .run(
        input.text ?? before.text,
        done ? 1 : 0,
        input.assigneeId !== undefined ? input.assigneeId : before.assignee_id,
        input.dueAt !== undefined ? input.dueAt : before.due_at,
        ticked ? (done ? now : null) : before.done_at,
        ticked ? (done ? actor.id : null) : before.done_by,
        now,
        before.id,
      );
    const after = checklistRow(ctx.db, before.id);
    const summary = ticked ? `${done ? '勾选' : '取消勾选'}清单项“${after.text}”` : `编辑清单项“${after.text}”`;
    ctx.record({ entityType: 'task', entityId: task.id, projectId: task.project_id, summary, before, after });
    return toChecklistItem(after);
  },

  'checklist.move': (ctx, input) => {
    const before = checklistRow(ctx.db, input.id);
    const task = taskRow(ctx.db, before.task_id);
    workOn(ctx, task.project_id);
    const siblings = ctx.db
      .prepare<[string], { id: string; position: string }>('SELECT id, position FROM checklist_items WHERE task_id = ?')
      .all(task.id);
    const position = keyAfter(siblings, input.afterId, before.id);
    ctx.db.prepare('UPDATE checklist_items SET position = ?, updated_at = ? WHERE id = ?').run(position, ctx.now(), before.id);
    const after = checklistRow(ctx.db, before.id);
    ctx.record({ entityType: 'task', entityId: task.id, projectId: task.project_id, summary: `调整清单项“${after.text}”的顺序`, before, after });
    return toChecklistItem(after);
  },

  'checklist.delete': (ctx, input) => {
    const before = checklistRow(ctx.db, input.id);
    const task = taskRow(ctx.db, before.task_id);
    workOn(ctx, task.project_id);
    ctx.db.prepare('DELETE FROM checklist_items WHERE id = ?').run(before.id);
    ctx.record({ entityType: 'task', entityId: task.id, projectId: task.project_id, summary: `删除清单项“${before.text}”`, before });
    return { id: before.id };
  },

  'comments.add': (ctx, input) => {
    const task = taskRow(ctx.db, input.taskId);
    const { actor } = workOn(ctx, task.project_id);
    const id = newId();
    const now = ctx.now();
    ctx.db.prepare('INSERT INTO task_comments (id, task_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)').run(id, task.id, actor.id, input.body, now);
    const comment = { id, authorId: actor.id, authorName: actor.name, body: input.body, createdAt: now };
    // The log line shows mentions as the names of the moment (the comment keeps the ids).
    const said = renderMentions(input.body, (pid) => ctx.db.prepare<[string], { name: string }>('SELECT name FROM people WHERE id = ?').get(pid)?.name);
    ctx.record({ entityType: 'task', entityId: task.id, projectId: task.project_id, summary: `评论：${said.slice(0, 60)}`, after: comment });
    return comment;
  },
} satisfies HandlerGroup;
