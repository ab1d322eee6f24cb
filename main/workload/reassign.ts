import { conflict, invalid, notFound } from '../../shared/errors';
import { localDate, weekStart } from '../../shared/time';
import type { HandlerGroup } from '../core/backend';
import { assertGroupMembers, requireProjectManager } from '../projects/access';
import { loadForWeeks, toCell } from './load';
import { getPerson } from '../people';
import { replaceAssignee } from '../boards/tasks-core';

/**
 * Moves one person's part of a task to a colleague from the workload grid.
 * Only the project's convener, a manager or an admin may; the colleague must be
 * in the project group (the same rule as assigning on the board).
 */
export const reassignHandlers = {
  'workload.reassignTask': (ctx, input) => {
    const task = ctx.db
      .prepare<[string], { id: string; title: string; project_id: string; due_at: number | null; completed_at: number | null }>(
        'SELECT id, title, project_id, due_at, completed_at FROM tasks WHERE id = ?',
      )
      .get(input.taskId);
    if (!task) throw notFound({ zh: '任务', en: 'Task' });
    requireProjectManager(ctx, task.project_id);
    if (input.fromPersonId === input.toPersonId) {
      throw invalid({ zh: '请选择另一位同事', en: 'Pick a different colleague' });
    }
    if (task.completed_at !== null) throw conflict({ zh: `任务“${task.title}”已完成，无需改派`, en: `“${task.title}” is done; there is nothing to reassign` });
    const from = getPerson(ctx.db, input.fromPersonId);
    const to = getPerson(ctx.db, input.toPersonId);
    if (!to.active) throw invalid({ zh: `${to.name} 已停用，不能接手任务`, en: `${to.name} is inactive and cannot take tasks` });
    const assignees = () =>
      ctx.db.prepare<[string], { person_id: string }>('SELECT person_id FROM task_assignees WHERE task_id = ? ORDER BY person_id').all(task.id).map((r) => r.person_id);
    const before = assignees();
    if (!before.includes(from.id)) throw conflict({ zh: `${from.name} 不是此任务的负责人（可能已被他人改派）`, en: `${from.name} is not assigned to this task (someone may have moved it)` });
    if (before.includes(to.id)) throw conflict({ zh: `${to.name} 已是此任务的负责人`, en: `${to.name} is already assigned to this task` });
    assertGroupMembers(ctx.db, task.project_id, [to.id]);
    replaceAssignee(ctx.db, task.id, from.id, to.id, ctx.actor!.id, ctx.now());
    const after = assignees();
    ctx.record({
      entityType: 'task',
      entityId: task.id,
      projectId: task.project_id,
      summary: `改派任务“${task.title}”：${from.name} → ${to.name}`,
      before: { assigneeIds: before },
      after: { assigneeIds: after },
    });
    const week = weekStart(localDate(task.due_at ?? ctx.now()));
    const loads = loadForWeeks(ctx.db, [from.id, to.id], [week]);
    return { taskId: task.id, weekStart: week, from: toCell(loads.get(from.id)![0]!), to: toCell(loads.get(to.id)![0]!) };
  },
} satisfies HandlerGroup;
