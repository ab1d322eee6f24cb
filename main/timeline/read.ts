import type { ProjectTimeline, SeasonTimeline, TimelineDependency, TimelineMilestone, TimelineProject, TimelineTask } from '../../shared/contract';
import type { ProjectStatus } from '../../shared/domain';
import { dependencyConflicts, spanOf, startDayOf, type Dependency, type Span } from '../../shared/timeline';
import { localDate } from '../../shared/time';
import type { Actor } from '../core/context';
import type { ReadDb } from '../db/connection';
import { canWorkOnProject, projectRef } from '../projects/access';

/** What the timeline reads: plain rows, looked up once per screen (no per-project queries). */

const SHOWN = "('proposed', 'active', 'wrapped')";

interface ProjectRow {
  id: string;
  name: string;
  status: ProjectStatus;
  start_date: string;
  end_date: string;
  convener_name: string;
  tasks: number;
}

/**
 * The season in one statement (exported for the bench's raw-SQL baseline): each project with its
 * board's task count (a covered count on tasks_project, not a join and GROUP BY over every task) and
 * its key dates as one JSON array (not a second pass over the same projects).
 */
export const SEASON_PROJECTS_SQL = `SELECT p.id, p.name, p.status, p.start_date, p.end_date, pe.name AS convener_name,
    (SELECT count(*) FROM tasks t WHERE t.project_id = p.id) AS tasks,
    (SELECT json_group_array(json_array(k.date, k.label))
       FROM (SELECT date, label FROM project_key_dates WHERE project_id = p.id ORDER BY date, label) k) AS milestones
  FROM projects p JOIN people pe ON pe.id = p.convener_id
  WHERE p.status IN ${SHOWN} AND p.start_date <= ? AND p.end_date >= ?
  ORDER BY p.start_date, p.name, p.id`;

interface SeasonRow extends ProjectRow {
  milestones: string;
}

function toProject(r: ProjectRow, milestones: TimelineMilestone[]): TimelineProject {
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    tentative: r.status === 'proposed',
    startDate: r.start_date,
    endDate: r.end_date,
    convenerName: r.convener_name,
    milestones,
    tasks: r.tasks,
  };
}

export function readSeason(db: ReadDb, from: string, to: string, now: number): SeasonTimeline {
  const rows = db.prepare<[string, string], SeasonRow>(SEASON_PROJECTS_SQL).all(to, from);
  const milestonesOf = (r: SeasonRow): TimelineMilestone[] => (JSON.parse(r.milestones) as [string, string][]).map(([date, label]) => ({ date, label }));
  return { from, to, today: localDate(now), projects: rows.map((r) => toProject(r, milestonesOf(r))) };
}

interface TaskRow {
  id: string;
  title: string;
  due_at: number | null;
  completed_at: number | null;
  is_done: number;
  column_name: string;
  start_date: string | null;
}

export function projectDependencies(db: ReadDb, projectId: string): Dependency[] {
  return db
    .prepare<[string], Dependency>('SELECT predecessor_id AS predecessorId, successor_id AS successorId FROM task_dependencies WHERE project_id = ? ORDER BY predecessor_id, successor_id')
    .all(projectId);
}

/** The bars of a project's tasks, by task id (only tasks with a due time have one). */
export function projectSpans(db: ReadDb, projectId: string): Map<string, Span> {
  const spans = new Map<string, Span>();
  const rows = db
    .prepare<[string], { id: string; due_at: number | null; start_date: string | null }>(
      'SELECT t.id, t.due_at, s.start_date FROM tasks t LEFT JOIN task_starts s ON s.task_id = t.id WHERE t.project_id = ? AND t.due_at IS NOT NULL',
    )
    .all(projectId);
  for (const r of rows) {
    const span = spanOf(r.start_date, r.due_at);
    if (span) spans.set(r.id, span);
  }
  return spans;
}

export function readProjectTimeline(db: ReadDb, actor: Actor, projectId: string, now: number): ProjectTimeline {
  const project = projectRef(db, projectId);
  const head = db
    .prepare<[string], ProjectRow>(
      'SELECT p.id, p.name, p.status, p.start_date, p.end_date, pe.name AS convener_name, 0 AS tasks FROM projects p JOIN people pe ON pe.id = p.convener_id WHERE p.id = ?',
    )
    .get(projectId)!;
  const milestones = db
    .prepare<[string], TimelineMilestone>('SELECT date, label FROM project_key_dates WHERE project_id = ? ORDER BY date, label')
    .all(projectId);
  const rows = db
    .prepare<[string], TaskRow>(
      `SELECT t.id, t.title, t.due_at, t.completed_at, c.is_done, c.name AS column_name, s.start_date
         FROM tasks t JOIN board_columns c ON c.id = t.column_id LEFT JOIN task_starts s ON s.task_id = t.id
        WHERE t.project_id = ?`,
    )
    .all(projectId);
  const names = new Map<string, string[]>();
  for (const a of db
    .prepare<[string], { task_id: string; name: string }>(
      'SELECT ta.task_id, pe.name FROM task_assignees ta JOIN tasks t ON t.id = ta.task_id JOIN people pe ON pe.id = ta.person_id WHERE t.project_id = ? ORDER BY pe.pinyin, pe.name',
    )
    .all(projectId)) {
    names.set(a.task_id, [...(names.get(a.task_id) ?? []), a.name]);
  }
  const tasks: TimelineTask[] = rows.map((r) => ({
    id: r.id,
    title: r.title,
    columnName: r.column_name,
    done: r.completed_at !== null || r.is_done === 1,
    startDate: startDayOf(r.start_date, r.due_at),
    dueAt: r.due_at,
    assigneeNames: names.get(r.id) ?? [],
  }));
  tasks.sort((a, b) => {
    if ((a.startDate === null) !== (b.startDate === null)) return a.startDate === null ? 1 : -1;
    return (a.startDate ?? '').localeCompare(b.startDate ?? '') || (a.dueAt ?? 0) - (b.dueAt ?? 0) || a.title.localeCompare(b.title, 'zh-CN') || a.id.localeCompare(b.id);
  });
  const spans = new Map<string, Span>();
  for (const r of rows) {
    const s = spanOf(r.start_date, r.due_at);
    if (s) spans.set(r.id, s);
  }
  const deps = projectDependencies(db, projectId);
  const conflicting = new Set(dependencyConflicts(spans, deps));
  const dependencies: TimelineDependency[] = deps.map((d) => ({ ...d, conflict: conflicting.has(d) }));
  return {
    project: { ...toProject(head, milestones), tasks: rows.length },
    today: localDate(now),
    tasks,
    dependencies,
    canEdit: project.status !== 'archived' && canWorkOnProject(db, actor, project),
  };
}
