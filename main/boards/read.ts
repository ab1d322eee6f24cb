import type { Board, BoardMember, ChecklistItem, HistoryEntry, MyTask, MyTaskBucket, MyTasks, TaskCard, TaskDetail } from '../../shared/contract';
import type { AssignmentResponse } from '../../shared/assignments';
import { compareKeys } from '../../shared/ordering';
import { addDays, dayStart, localDate, weekStart } from '../../shared/time';
import type { ReadDb, ReadStatement } from '../db/connection';
import type { HandlerGroup } from '../core/backend';
import type { Actor, ReadCtx } from '../core/context';
import { requireActor } from '../core/rights';
import { canManageProject, canWorkOnProject, projectRef, type ProjectRef } from '../projects/access';
import {
  assignmentsOf,
  toCard,
  toChecklistItem,
  CARD_COLUMNS,
  type CardRow,
  toColumn,
  toDeliverable,
  taskRow,
  type ChecklistRow,
  type ColumnRow,
  type DeliverableRow,
  type TaskRow,
} from './rows';
import { findUndoTarget } from './undo';
import { projectProgress } from './progress';
import { reviewQueue } from '../reviews/queue';
import { reviewSummaries, reviewSummariesOf } from '../reviews/rows';

/**
 * Reading a board: anyone signed in may look (the center is one newsroom);
 * only the group, its convener, managers and admins may change it.
 */

/** The card reads, for one `where` over tasks `t` (exported for the query-plan tests). */
export const cardAssigneesSql = (where: string): string =>
  `SELECT a.task_id, a.person_id, a.response FROM task_assignees a JOIN tasks t ON t.id = a.task_id WHERE ${where} ORDER BY a.person_id`;
export const cardChecklistCountsSql = (where: string): string =>
  `SELECT c.task_id, sum(c.done) AS done, count(*) AS total FROM checklist_items c JOIN tasks t ON t.id = c.task_id
       WHERE ${where} GROUP BY c.task_id`;
export const BOARD_CARDS_WHERE = 't.project_id = ?';
export const MY_CARDS_WHERE = 't.id IN (SELECT value FROM json_each(?))';

/**
 * The acting person's open tasks in running projects. CROSS JOIN: start from the
 * open tasks (partial index tasks_due) and check the assignment by primary key;
 * a person's assignments pile up over the years, open tasks do not.
 */
export const MY_TASKS_SQL = `SELECT ${CARD_COLUMNS.split(', ').map((c) => `t.${c}`).join(', ')}, pr.name AS project_name FROM tasks t
       CROSS JOIN task_assignees a
       JOIN projects pr ON pr.id = t.project_id
       WHERE t.completed_at IS NULL AND a.task_id = t.id AND a.person_id = ? AND pr.status IN ('proposed', 'active')`;

/** One task's checklist, in its order: only the columns an item shows. */
export const TASK_CHECKLIST_SQL = `SELECT c.id, c.text, c.done, c.position, c.assignee_id, c.due_at FROM checklist_items c
       WHERE c.task_id = ? ORDER BY c.position, c.id`;

/** A task's checklist (anyone signed in may read a task; an unknown task is not found). */
function readChecklist(ctx: ReadCtx, taskId: string): ChecklistItem[] {
  requireActor(ctx);
  taskRow(ctx.db, taskId);
  return ctx.db
    .prepare<[string], Pick<ChecklistRow, 'id' | 'text' | 'done' | 'position' | 'assignee_id' | 'due_at'>>(TASK_CHECKLIST_SQL)
    .all(taskId)
    .map(toChecklistItem);
}

/** A card's checklist counts travel as one number: total × COUNT_SHIFT + done. */
const COUNT_SHIFT = 1_048_576;
/**
 * A board's cards in one statement, as raw rows (arrays, not ~3,500 row objects): the card
 * columns, the assignees with their answers (`person response,…` in person order) and the
 * checklist counts from the covering index checklist_task_done (one lookup, one value), each
 * a correlated lookup by key.
 */
export const BOARD_CARDS_SQL = `SELECT t.id, t.column_id, t.title, t.due_at, t.priority, t.estimate_hours, t.position, t.labels,
       t.deliverable_id, t.completed_at, t.updated_at,
       (SELECT group_concat(a.person_id || ' ' || a.response, ',' ORDER BY a.person_id) FROM task_assignees a WHERE a.task_id = t.id),
       (SELECT count(*) * ${COUNT_SHIFT} + coalesce(sum(c.done), 0) FROM checklist_items c WHERE c.task_id = t.id)
     FROM tasks t WHERE t.project_id = ?`;
type BoardCardTuple = [
  id: string,
  columnId: string,
  title: string,
  dueAt: number | null,
  priority: TaskCard['priority'],
  estimateHours: number | null,
  position: string,
  labels: string,
  deliverableId: string | null,
  completedAt: number | null,
  updatedAt: number,
  assignees: string | null,
  /** total × COUNT_SHIFT + done */
  counts: number,
];

const boardStatements = new WeakMap<ReadDb, ReadStatement<[string], BoardCardTuple>>();
const NO_LABELS = '[]';

/** The cards of one board, sorted by their key (compareKeys). */
export function boardCards(db: ReadDb, projectId: string): TaskCard[] {
  let st = boardStatements.get(db);
  if (!st) boardStatements.set(db, (st = db.prepare<[string], BoardCardTuple>(BOARD_CARDS_SQL).raw()));
  const rows = st.all(projectId);
  const cards: TaskCard[] = new Array<TaskCard>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const assigneeIds: string[] = [];
    const responses: TaskCard['responses'] = [];
    if (r[11]) {
      for (const pair of r[11].split(',')) {
        const sp = pair.indexOf(' ');
        const personId = pair.slice(0, sp);
        const response = pair.slice(sp + 1) as AssignmentResponse;
        assigneeIds.push(personId);
        if (response !== 'accepted') responses.push({ personId, response });
      }
    }
    cards[i] = {
      id: r[0],
      projectId,
      columnId: r[1],
      title: r[2],
      dueAt: r[3],
      priority: r[4],
      estimateHours: r[5],
      position: r[6],
      labels: r[7] === NO_LABELS ? [] : (JSON.parse(r[7]) as string[]),
      assigneeIds,
      responses,
      deliverableId: r[8],
      completedAt: r[9],
      checklistDone: r[12] % COUNT_SHIFT,
      checklistTotal: Math.floor(r[12] / COUNT_SHIFT),
      updatedAt: r[10],
    };
  }
  return cards.sort(compareKeys);
}

function cardsOf(db: ReadDb, rows: CardRow[], where: string, arg: string): TaskCard[] {
  const assignees = new Map<string, string[]>();
  const responses = new Map<string, TaskCard['responses']>();
  for (const a of db
    .prepare<[string], { task_id: string; person_id: string; response: AssignmentResponse }>(cardAssigneesSql(where))
    .all(arg)) {
    const list = assignees.get(a.task_id) ?? [];
    list.push(a.person_id);
    assignees.set(a.task_id, list);
    if (a.response !== 'accepted') responses.set(a.task_id, [...(responses.get(a.task_id) ?? []), { personId: a.person_id, response: a.response }]);
  }
  const counts = new Map<string, { done: number; total: number }>();
  for (const c of db
    .prepare<[string], { task_id: string; done: number; total: number }>(cardChecklistCountsSql(where))
    .all(arg)) {
    counts.set(c.task_id, { done: c.done, total: c.total });
  }
  return rows.map((r) => {
    const c = counts.get(r.id);
    return toCard(r, assignees.get(r.id) ?? [], c?.done ?? 0, c?.total ?? 0, responses.get(r.id) ?? []);
  });
}

export function groupMembers(db: ReadDb, projectId: string): BoardMember[] {
  return db
    .prepare<
      [string],
      { id: string; name: string; pinyin: string; pinyin_initials: string; team_id: string; team_name: string; group_role: string }
    >(
      `SELECT p.id, p.name, p.pinyin, p.pinyin_initials, p.team_id, t.name AS team_name, m.group_role
       FROM project_members m JOIN people p ON p.id = m.person_id JOIN teams t ON t.id = p.team_id
       WHERE m.project_id = ? ORDER BY t.sort, p.pinyin`,
    )
    .all(projectId)
    .map((r) => ({
      id: r.id,
      name: r.name,
      pinyin: r.pinyin,
      pinyinInitials: r.pinyin_initials,
      teamId: r.team_id,
      teamName: r.team_name,
      groupRole: r.group_role,
    }));
}

export function projectDeliverables(db: ReadDb, projectId: string): DeliverableRow[] {
  return db
    .prepare<[string], DeliverableRow>(
      `SELECT d.*, p.name AS owner_name FROM deliverables d LEFT JOIN people p ON p.id = d.owner_id
       WHERE d.project_id = ? ORDER BY d.position, d.id`,
    )
    .all(projectId);
}

export function progressOf(db: ReadDb, project: ProjectRef, now: number) {
  const statuses = db
    .prepare<[string], { status: DeliverableRow['status'] }>('SELECT status FROM deliverables WHERE project_id = ?')
    .all(project.id)
    .map((r) => r.status);
  return projectProgress(project, statuses, now);
}

/**
 * The change mark of the database: every command writes one activity row (a pull brings the
 * rows of the hub's, and sets the hub version it pulled), so `<newest activity rowid>:<hub
 * version>` moves with every change a board could show; one's own command moves it by one row.
 */
export function dataVersion(db: ReadDb): string {
  const last = db.prepare<[], number | null>('SELECT max(rowid) FROM activity_log').pluck().get() ?? 0;
  const synced =
    db.prepare<[], number>("SELECT count(*) FROM sqlite_schema WHERE name = 'sync_state' AND type = 'table'").pluck().get() === 1
      ? (db.prepare<[], string>("SELECT value FROM sync_state WHERE key = 'hubVersion'").pluck().get() ?? '')
      : '';
  return `${last}:${synced}`;
}

export function readBoard(ctx: ReadCtx, projectId: string): Board {
  const actor = requireActor(ctx);
  const { db } = ctx;
  const project = projectRef(db, projectId);
  const columns = db
    .prepare<[string], ColumnRow>('SELECT * FROM board_columns WHERE project_id = ? ORDER BY position, id')
    .all(projectId)
    .map(toColumn);
  // The card columns only: 1,000 descriptions are not shown on a board (the drawer reads one).
  const tasks = boardCards(db, projectId);
  const undo = findUndoTarget(db, actor.id, projectId);
  return {
    project: {
      id: project.id,
      name: project.name,
      status: project.status,
      startDate: project.startDate,
      endDate: project.endDate,
      convenerId: project.convenerId,
    },
    canManage: canManageProject(actor, project),
    canWork: canWorkOnProject(db, actor, project),
    columns,
    tasks,
    members: groupMembers(db, projectId),
    deliverables: (() => {
      const reviews = reviewSummaries(db, projectId);
      return projectDeliverables(db, projectId).map((d) => toDeliverable(d, reviews.get(d.id) ?? null));
    })(),
    progress: progressOf(db, project, ctx.now()),
    undo: undo ? { activityId: undo.id, command: undo.command, summary: undo.summary, at: undo.at } : null,
    version: dataVersion(db),
  };
}

export function readTask(ctx: ReadCtx, id: string): TaskDetail {
  requireActor(ctx);
  const { db } = ctx;
  const row = taskRow(db, id);
  const [card] = cardsOf(db, [row], 't.id = ?', id);
  const checklist = db
    .prepare<[string], ChecklistRow>('SELECT * FROM checklist_items WHERE task_id = ? ORDER BY position, id')
    .all(id)
    .map(toChecklistItem);
  const comments = db
    .prepare<[string], { id: string; author_id: string; author_name: string; body: string; created_at: number }>(
      `SELECT c.id, c.author_id, p.name AS author_name, c.body, c.created_at FROM task_comments c
       JOIN people p ON p.id = c.author_id WHERE c.task_id = ? ORDER BY c.created_at, c.id`,
    )
    .all(id)
    .map((c) => ({ id: c.id, authorId: c.author_id, authorName: c.author_name, body: c.body, createdAt: c.created_at }));
  const history: HistoryEntry[] = db
    .prepare<[string], { id: string; at: number; actor_name: string | null; command: string; summary: string }>(
      `SELECT a.id, a.at, p.name AS actor_name, a.command, a.summary FROM activity_log a LEFT JOIN people p ON p.id = a.actor_id
       WHERE a.entity_type = 'task' AND a.entity_id = ? ORDER BY a.at DESC, a.id DESC LIMIT 200`,
    )
    .all(id)
    .map((h) => ({ id: h.id, at: h.at, actorName: h.actor_name, command: h.command, summary: h.summary }));
  return { ...card!, description: row.description, assignments: assignmentsOf(db, id), checklist, comments, history };
}

export function bucketOf(dueAt: number | null, now: number): MyTaskBucket {
  if (dueAt === null) return 'later';
  if (dueAt < now) return 'overdue';
  const today = localDate(now);
  if (localDate(dueAt) === today) return 'today';
  if (dueAt < dayStart(addDays(weekStart(today), 7))) return 'week';
  return 'later';
}

const BUCKET_ORDER: Record<MyTaskBucket, number> = { overdue: 0, today: 1, week: 2, later: 3 };

function readMyTasks(ctx: ReadCtx): MyTasks {
  const actor: Actor = requireActor(ctx);
  const { db } = ctx;
  const now = ctx.now();
  // Open tasks only, in projects that are still running (proposed or active).
  const rows = db.prepare<[string], CardRow & { project_name: string }>(MY_TASKS_SQL).all(actor.id);
  const names = new Map(rows.map((r) => [r.id, r.project_name]));
  // Assignees and checklist counts of these cards only (not of every task ever assigned).
  const cards = cardsOf(db, rows, MY_CARDS_WHERE, JSON.stringify(rows.map((r) => r.id)));
  // The checklists themselves are not read here (2,500 items for the busiest person): the counts
  // are on the card, and a task's items are read when the person opens it (checklist.list).
  const tasks: MyTask[] = cards
    .map((c) => ({
      ...c,
      projectName: names.get(c.id) ?? '',
      bucket: bucketOf(c.dueAt, now),
    }))
    .sort(
      (a, b) =>
        BUCKET_ORDER[a.bucket] - BUCKET_ORDER[b.bucket] ||
        (a.dueAt ?? Number.MAX_SAFE_INTEGER) - (b.dueAt ?? Number.MAX_SAFE_INTEGER) ||
        a.title.localeCompare(b.title, 'zh'),
    );
  const deliverables = db
    .prepare<[string], DeliverableRow & { project_name: string }>(
      `SELECT d.*, p.name AS owner_name, pr.name AS project_name FROM deliverables d
       JOIN projects pr ON pr.id = d.project_id LEFT JOIN people p ON p.id = d.owner_id
       WHERE d.owner_id = ? AND d.status <> 'published' AND pr.status IN ('proposed', 'active')
       ORDER BY coalesce(d.due_at, 9e15), d.title`,
    )
    .all(actor.id);
  const reviews = reviewSummariesOf(db, deliverables.map((d) => d.id));
  return {
    tasks,
    deliverables: deliverables.map((r) => ({ ...toDeliverable(r, reviews.get(r.id) ?? null), projectName: r.project_name })),
    reviews: reviewQueue(db, actor),
  };
}

/** A task is readable by anyone signed in; changing it goes through requireProjectWorker. */
export const boardReadHandlers = {
  'boards.get': (ctx, input) => readBoard(ctx, input.projectId),
  'boards.version': (ctx, input) => {
    const actor = requireActor(ctx);
    projectRef(ctx.db, input.projectId);
    const undo = findUndoTarget(ctx.db, actor.id, input.projectId);
    return {
      version: dataVersion(ctx.db),
      undo: undo ? { activityId: undo.id, command: undo.command, summary: undo.summary, at: undo.at } : null,
    };
  },
  'tasks.get': (ctx, input) => readTask(ctx, input.id),
  'myTasks.get': (ctx) => readMyTasks(ctx),
  'checklist.list': (ctx, input) => readChecklist(ctx, input.taskId),
} satisfies HandlerGroup;
