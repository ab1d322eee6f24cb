import { conflict, invalid, notFound } from '../../shared/errors';
import { daysBetween, dayStart, localDate, localShortDateTime } from '../../shared/time';
import {
  dependencyConflicts,
  MAX_DEPENDENCIES_PER_PROJECT,
  MAX_DEPENDENCIES_PER_TASK,
  MAX_TASK_DAYS,
  MAX_TIMELINE_DAYS,
  spanOf,
  startDayOf,
  wouldCycle,
} from '../../shared/timeline';
import type { HandlerGroup } from '../core/backend';
import type { Actor, Ctx } from '../core/context';
import { requireActor } from '../core/rights';
import type { Db } from '../db/connection';
import { assertNotArchived, taskEditState, taskRow, writeTaskEditState, type TaskRow } from '../boards/rows';
import { requireProjectWorker, type ProjectRef } from '../projects/access';
import { projectDependencies, projectSpans, readProjectTimeline, readSeason } from './read';

/**
 * 项目时间线 (shared/timeline.ts): the season's projects on one timeline, and
 * inside a project its tasks as bars with finish-to-start dependencies. The
 * dates and dependencies are the board's: whoever may edit the board (the
 * group, its convener, managers, admins; not an archived project) changes them.
 * A move never moves the dependents: their conflicts are shown. The hub replays
 * the same handlers, so a dependency two desktops add offline cannot close a
 * cycle there either.
 */

/** The task and its project, with the right to edit its board. */
function editTaskOf(ctx: Ctx, taskId: string): { task: TaskRow; actor: Actor; project: ProjectRef } {
  const task = taskRow(ctx.db, taskId);
  const { actor, project } = requireProjectWorker(ctx, task.project_id);
  assertNotArchived(project);
  return { task, actor, project };
}

/** The one writer of a task's start day. */
export function setTaskStart(db: Db, taskId: string, startDate: string, now: number): void {
  db.prepare(
    'INSERT INTO task_starts (task_id, start_date, updated_at) VALUES (?, ?, ?) ON CONFLICT (task_id) DO UPDATE SET start_date = excluded.start_date, updated_at = excluded.updated_at',
  ).run(taskId, startDate, now);
}

/** The one writer of a dependency (the handler's and the demo's). The caller has checked rights and rules. */
export function insertDependency(db: Db, d: { predecessorId: string; successorId: string; projectId: string; createdBy: string | null }, now: number): void {
  db.prepare('INSERT INTO task_dependencies (predecessor_id, successor_id, project_id, created_by, created_at) VALUES (?, ?, ?, ?, ?)').run(
    d.predecessorId,
    d.successorId,
    d.projectId,
    d.createdBy,
    now,
  );
}

const dependencyRow = (db: Db, predecessorId: string, successorId: string) =>
  db
    .prepare<[string, string], { predecessor_id: string; successor_id: string; project_id: string; created_by: string | null; created_at: number }>(
      'SELECT * FROM task_dependencies WHERE predecessor_id = ? AND successor_id = ?',
    )
    .get(predecessorId, successorId);

const dayText = (day: string): string => day.slice(5);

export const timelineHandlers = {
  'timeline.season': (ctx, input) => {
    requireActor(ctx);
    if (input.to < input.from) throw invalid({ zh: '结束日期早于开始日期', en: 'The end date is before the start date' });
    if (daysBetween(input.from, input.to) > MAX_TIMELINE_DAYS) {
      throw invalid({ zh: `时间线一次最多 ${MAX_TIMELINE_DAYS} 天`, en: `The timeline shows at most ${MAX_TIMELINE_DAYS} days at a time` });
    }
    return readSeason(ctx.db, input.from, input.to, ctx.now());
  },

  'timeline.project': (ctx, input) => readProjectTimeline(ctx.db, requireActor(ctx), input.projectId, ctx.now()),

  'timeline.addDependency': (ctx, input) => {
    const { predecessorId, successorId } = input;
    if (predecessorId === successorId) throw invalid({ zh: '任务不能依赖自己', en: 'A task cannot depend on itself' });
    const { task: pred, actor, project } = editTaskOf(ctx, predecessorId);
    const succ = taskRow(ctx.db, successorId);
    if (succ.project_id !== pred.project_id) {
      throw invalid({ zh: '只能在同一个项目的任务之间建立依赖', en: 'Dependencies link tasks of the same project only' });
    }
    if (dependencyRow(ctx.db, predecessorId, successorId)) {
      throw conflict({ zh: `“${succ.title}”已经依赖“${pred.title}”`, en: `“${succ.title}” already depends on “${pred.title}”` });
    }
    const deps = projectDependencies(ctx.db, project.id);
    if (deps.length >= MAX_DEPENDENCIES_PER_PROJECT) {
      throw conflict({ zh: `一个项目最多 ${MAX_DEPENDENCIES_PER_PROJECT} 条依赖`, en: `At most ${MAX_DEPENDENCIES_PER_PROJECT} dependencies in a project` });
    }
    if (deps.filter((d) => d.successorId === successorId).length >= MAX_DEPENDENCIES_PER_TASK || deps.filter((d) => d.predecessorId === predecessorId).length >= MAX_DEPENDENCIES_PER_TASK) {
      throw conflict({ zh: `一个任务前后最多各 ${MAX_DEPENDENCIES_PER_TASK} 条依赖`, en: `A task has at most ${MAX_DEPENDENCIES_PER_TASK} dependencies on either side` });
    }
    if (wouldCycle(deps, predecessorId, successorId)) {
      throw conflict({
        zh: `“${pred.title}”已经（直接或间接）依赖“${succ.title}”，再加这条依赖会形成循环`,
        en: `“${pred.title}” already depends (directly or through others) on “${succ.title}”; this dependency would close a cycle`,
      });
    }
    const now = ctx.now();
    insertDependency(ctx.db, { predecessorId, successorId, projectId: project.id, createdBy: actor.id }, now);
    const spans = projectSpans(ctx.db, project.id);
    const clash = dependencyConflicts(spans, [{ predecessorId, successorId }]).length > 0;
    ctx.record({
      entityType: 'task_dependency',
      entityId: successorId,
      projectId: project.id,
      summary: `添加依赖：“${pred.title}”完成后开始“${succ.title}”${clash ? '（目前时间冲突）' : ''}`,
      after: dependencyRow(ctx.db, predecessorId, successorId),
    });
    return readProjectTimeline(ctx.db, actor, project.id, now);
  },

  'timeline.removeDependency': (ctx, input) => {
    const { predecessorId, successorId } = input;
    const before = dependencyRow(ctx.db, predecessorId, successorId);
    if (!before) throw notFound({ zh: '依赖', en: 'Dependency' });
    const { task: pred, actor, project } = editTaskOf(ctx, predecessorId);
    const succ = taskRow(ctx.db, successorId);
    ctx.db.prepare('DELETE FROM task_dependencies WHERE predecessor_id = ? AND successor_id = ?').run(predecessorId, successorId);
    ctx.record({
      entityType: 'task_dependency',
      entityId: successorId,
      projectId: project.id,
      summary: `移除依赖：“${pred.title}”→“${succ.title}”`,
      before,
    });
    return readProjectTimeline(ctx.db, actor, project.id, ctx.now());
  },

  'timeline.moveTask': (ctx, input) => {
    const { task, actor, project } = editTaskOf(ctx, input.taskId);
    if (input.dueAt < dayStart(input.startDate)) {
      throw invalid({ zh: '任务的截止时间不能早于开始日期', en: 'A task cannot be due before the day it starts' });
    }
    if (daysBetween(input.startDate, localDate(input.dueAt)) > MAX_TASK_DAYS) {
      throw invalid({ zh: `一个任务最长 ${MAX_TASK_DAYS} 天`, en: `A task runs at most ${MAX_TASK_DAYS} days` });
    }
    const now = ctx.now();
    const own = ctx.db.prepare<[string], { start_date: string }>('SELECT start_date FROM task_starts WHERE task_id = ?').get(task.id);
    const before = { startDate: startDayOf(own?.start_date ?? null, task.due_at), dueAt: task.due_at };
    if (input.dueAt !== task.due_at) writeTaskEditState(ctx.db, task.id, { ...taskEditState(ctx.db, task.id), dueAt: input.dueAt }, actor.id, now);
    setTaskStart(ctx.db, task.id, input.startDate, now);
    // What the move leaves in conflict around this task (nothing is moved for it).
    const spans = projectSpans(ctx.db, project.id);
    const around = projectDependencies(ctx.db, project.id).filter((d) => d.predecessorId === task.id || d.successorId === task.id);
    const hit = dependencyConflicts(spans, around);
    const titles = hit.map((d) => taskRow(ctx.db, d.predecessorId === task.id ? d.successorId : d.predecessorId).title);
    const span = spanOf(input.startDate, input.dueAt)!;
    ctx.record({
      entityType: 'task',
      entityId: task.id,
      projectId: project.id,
      summary: `调整任务“${task.title}”的时间：${dayText(input.startDate)} 至 ${localShortDateTime(span.end)}${titles.length ? `（与“${titles.join('”“')}”的依赖冲突）` : ''}`,
      before,
      after: { startDate: input.startDate, dueAt: input.dueAt },
    });
    return readProjectTimeline(ctx.db, actor, project.id, now);
  },
} satisfies HandlerGroup;
