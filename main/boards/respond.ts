import { conflict, forbidden } from '../../shared/errors';
import type { HandlerGroup } from '../core/backend';
import { requireActor } from '../core/rights';
import { projectRef } from '../projects/access';
import { readTask } from './read';
import { assertNotArchived, taskRow } from './rows';

/**
 * 派单确认 (shared/assignments.ts): the person a task was given to accepts it or
 * declines it with a reason. Only for oneself, only while assigned; a done task
 * needs no answer. The convener reads the answer on the card and the task, and a
 * decline is a notification for them (main/notifications).
 */
export const respondHandlers = {
  'tasks.respond': (ctx, input) => {
    const actor = requireActor(ctx);
    const task = taskRow(ctx.db, input.id);
    const project = projectRef(ctx.db, task.project_id);
    assertNotArchived(project);
    const mine = ctx.db
      .prepare<[string, string], { response: string; reason: string }>('SELECT response, reason FROM task_assignees WHERE task_id = ? AND person_id = ?')
      .get(task.id, actor.id);
    if (!mine) throw forbidden({ zh: '只有任务的负责人可以接受或婉拒', en: 'Only an assignee can accept or decline a task' });
    if (task.completed_at !== null) throw conflict({ zh: `任务“${task.title}”已完成，无需确认`, en: `“${task.title}” is done; it needs no answer` });
    const response = input.accept ? 'accepted' : 'declined';
    const reason = input.accept ? '' : input.reason;
    if (mine.response === response && mine.reason === reason) {
      throw conflict({ zh: input.accept ? '您已接受此任务' : '您已婉拒此任务', en: input.accept ? 'You have already accepted this task' : 'You have already declined this task' });
    }
    ctx.db
      .prepare('UPDATE task_assignees SET response = ?, reason = ?, responded_at = ? WHERE task_id = ? AND person_id = ?')
      .run(response, reason, ctx.now(), task.id, actor.id);
    ctx.db.prepare('UPDATE tasks SET updated_at = ? WHERE id = ?').run(ctx.now(), task.id);
    ctx.record({
      entityType: 'task',
      entityId: task.id,
      projectId: task.project_id,
      summary: input.accept ? `接受任务“${task.title}”` : `婉拒任务“${task.title}”：${reason}`,
      before: { personId: actor.id, response: mine.response, reason: mine.reason },
      after: { personId: actor.id, response, reason },
    });
    return readTask(ctx, task.id);
  },
} satisfies HandlerGroup;
