/**
 * What `npm run bench` measures: one named entry per operation.
 *
 * - `run` is the operation as the app performs it. Calls go through
 *   `backend.call(name, input, session)`, so the time includes the contract's zod
 *   validation, the actor lookup and, for commands, the transaction with its
 *   activity-log row and the fsync of synchronous=FULL.
 * - `baseline` does the same reads (or writes) in raw SQL with statements prepared
 *   once; `ratio` = p50(run) / p50(baseline).
 * - status 'ready': the app's own call is measured. 'stand-in': no contract call
 *   exists yet, so the app-side code that exists (or SQL written here) is measured
 *   and the note says what. 'pending': the feature is on another branch; only the
 *   baseline is measured, and `calls` lists exactly what to wire after the merge
 *   (write `run`, then set status 'ready').
 */
import type Sqlite from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createBackend } from '../../main/app';
import type { Backend, Session } from '../../main/core/backend';
import { newId } from '../../main/core/ids';
import { openDatabase, type Db } from '../../main/db/connection';
import { loadForWeeks } from '../../main/workload/load';
import { matchFor, searchSql, searchTerms } from '../../main/search';
import { insertTask } from '../../main/boards/tasks-core';
import { insertBooking, insertGearItem } from '../../main/gear';
import { GEAR_KIND_CODES } from '../../shared/gear';
import { keyBetween } from '../../shared/ordering';
import { addDays, dayStart, weekStart } from '../../shared/time';
import type { Size } from './generate';

export interface Env {
  size: Size;
  /** The working copy of the dataset (the bench writes to it). */
  file: string;
  db: Db;
  backend: Backend;
  admin: Session;
  busiest: Session;
  busiestId: string;
  largestProjectId: string;
  /** The 5,000-card board (meta 'bench.board5000'). */
  board5000ProjectId: string;
  today: string;
  cacheDir: string;
}

export interface Target {
  p95Ms: number;
  /** Max p50 ratio to the raw-SQL baseline. */
  ratio?: number;
}

export interface BenchOp {
  name: string;
  status: 'ready' | 'stand-in' | 'pending';
  kind: 'read' | 'write' | 'search' | 'startup' | 'import';
  target?: Target;
  note?: string;
  /** Contract calls to wire after the merge (pending entries). */
  calls?: string[];
  /** Timed iterations per round. */
  n: (size: Size) => number;
  setup?: (env: Env) => void | Promise<void>;
  run?: (env: Env, i: number) => unknown;
  baseline?: (env: Env, i: number) => unknown;
}

const READ: Target = { p95Ms: 10, ratio: 2 };
const WRITE: Target = { p95Ms: 5 };
const SEARCH: Target = { p95Ms: 30 };

/** Calls the backend and fails loudly on an error (a bench must not time failures). */
async function call(env: Env, session: Session, name: string, input: unknown): Promise<unknown> {
  const r = await env.backend.call(name, input, session);
  if (!r.ok) throw new Error(`${name} failed: ${r.error.message.en}`);
  return r.value;
}

type Stmt = Sqlite.Statement<unknown[], unknown>;
const statements = new WeakMap<Db, Map<string, Stmt>>();
/** Baselines prepare each statement once per connection. */
function stmt(db: Db, sql: string): Stmt {
  let m = statements.get(db);
  if (!m) statements.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare<unknown[], unknown>(sql)));
  return s;
}

function activityRow(db: Db, command: string, entityType: string, entityId: string, projectId: string | null, actorId: string, summary: string): void {
  stmt(
    db,
    `INSERT INTO activity_log (id, at, actor_id, command, input, entity_type, entity_id, project_id, summary, before, after)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(newId(), Date.now(), actorId, command, JSON.stringify({ id: entityId }), entityType, entityId, projectId, summary, null, null);
}

// --- data the operations need, picked from the dataset once ------------------------------

const myOpenTasks = new WeakMap<Env, string[]>();

const pickCache = new WeakMap<Env, Record<string, unknown>>();
function picks(env: Env): {
  teams: string[];
  people: { id: string; initials: string; team: string }[];
  boardTasks: { id: string; column_id: string }[];
  boardColumns: string[];
  checklist: { id: string; done: boolean }[];
} {
  let p = pickCache.get(env);
  if (!p) {
    const db = env.db;
    p = {
      teams: db.prepare<[], { id: string }>('SELECT id FROM teams ORDER BY sort').all().map((r) => r.id),
      people: db
        .prepare<[], { id: string; initials: string; team: string }>('SELECT id, pinyin_initials AS initials, team_id AS team FROM people WHERE active = 1 ORDER BY id')
        .all(),
      boardTasks: db.prepare<[string], { id: string; column_id: string }>('SELECT id, column_id FROM tasks WHERE project_id = ? ORDER BY id').all(env.largestProjectId),
      boardColumns: db.prepare<[string], { id: string }>('SELECT id FROM board_columns WHERE project_id = ? ORDER BY position').all(env.largestProjectId).map((r) => r.id),
      checklist: db
        .prepare<[string], { id: string; done: number }>(
          'SELECT c.id, c.done FROM checklist_items c JOIN tasks t ON t.id = c.task_id WHERE t.project_id = ? ORDER BY c.id LIMIT 2000',
        )
        .all(env.largestProjectId)
        .map((r) => ({ id: r.id, done: r.done === 1 })),
    };
    pickCache.set(env, p);
  }
  return p as ReturnType<typeof picks>;
}

// --- baselines of reads that live on other branches ---------------------------------------

/** Columns and cards of one board, with assignees and checklist counts (grouped once, not per card). */
const BOARD_SQL = `
  SELECT t.id, t.column_id, t.title, t.due_at, t.priority, t.estimate_hours, t.position, t.labels, t.completed_at,
         (SELECT group_concat(a.person_id) FROM task_assignees a WHERE a.task_id = t.id) AS assignees,
         coalesce(ck.n, 0) AS items, coalesce(ck.d, 0) AS items_done
  FROM board_columns col JOIN tasks t ON t.column_id = col.id
    LEFT JOIN (SELECT c.task_id, count(*) AS n, sum(c.done) AS d
               FROM tasks t2 JOIN checklist_items c ON c.task_id = t2.id
               WHERE t2.project_id = @project GROUP BY c.task_id) ck ON ck.task_id = t.id
  WHERE col.project_id = @project
  ORDER BY col.position, t.position, t.id`;

/**
 * Open tasks of one person with their checklist counts (My tasks shows them; since issue 18 a task's items are read when it
 * is opened, see MY_CHECKLIST_SQL). CROSS JOIN keeps SQLite from starting at the person's
 * assignments (tens of thousands over ten years): it walks the open tasks through
 * the partial index tasks_due (completed_at IS NULL) and checks the assignment by
 * primary key.
 */
const MY_TASKS_SQL = `
  SELECT t.id, t.title, t.due_at, t.priority, t.project_id, p.name AS project_name, col.name AS column_name,
         (SELECT count(*) FROM checklist_items c WHERE c.task_id = t.id) AS items,
         (SELECT count(*) FROM checklist_items c WHERE c.task_id = t.id AND c.done = 1) AS items_done,
         (SELECT group_concat(a2.person_id) FROM task_assignees a2 WHERE a2.task_id = t.id) AS assignees
  FROM tasks t CROSS JOIN task_assignees a JOIN projects p ON p.id = t.project_id JOIN board_columns col ON col.id = t.column_id
  WHERE t.completed_at IS NULL AND a.task_id = t.id AND a.person_id = ?
  ORDER BY t.due_at IS NULL, t.due_at, t.id`;

/** One task's checklist, in its order (My tasks reads it when the person opens the task). */
const MY_CHECKLIST_SQL = 'SELECT id, text, done, position, assignee_id, due_at FROM checklist_items WHERE task_id = ? ORDER BY position, id';

/** The person's unpublished deliverables in running projects (the second list of My tasks). */
const MY_DELIVERABLES_SQL = `
  SELECT d.*, p.name AS owner_name, pr.name AS project_name FROM deliverables d
    JOIN projects pr ON pr.id = d.project_id LEFT JOIN people p ON p.id = d.owner_id
  WHERE d.owner_id = ? AND d.status <> 'published' AND pr.status IN ('proposed', 'active')
  ORDER BY coalesce(d.due_at, 9e15), d.title`;

/**
 * The reads of projects.list {statuses, platform, teamId}: the same statement as
 * main/projects/index.ts (member count, teams involved, "mine"), with the convener's
 * name and the key dates the service reads per row, in one statement prepared once.
 */
const PROJECT_LIST_SQL = `
  SELECT p.*,
    (SELECT count(*) FROM project_members m WHERE m.project_id = p.id) AS member_count,
    (SELECT json_group_array(DISTINCT x.team_id) FROM project_members m JOIN people x ON x.id = m.person_id WHERE m.project_id = p.id) AS team_ids,
    (p.convener_id = @me OR EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = p.id AND m.person_id = @me)) AS is_mine,
    (SELECT c.name FROM people c WHERE c.id = p.convener_id) AS convener_name,
    (SELECT json_group_array(json_object('date', k.date, 'label', k.label)) FROM project_key_dates k WHERE k.project_id = p.id) AS key_dates
  FROM projects p
  WHERE p.status IN (SELECT value FROM json_each(@statuses))
    AND EXISTS (SELECT 1 FROM json_each(p.platforms) j WHERE j.value = @platform)
    AND EXISTS (SELECT 1 FROM project_members m JOIN people x ON x.id = m.person_id WHERE m.project_id = p.id AND x.team_id = @team)
  ORDER BY CASE p.status WHEN 'active' THEN 0 WHEN 'proposed' THEN 1 WHEN 'wrapped' THEN 2 ELSE 3 END, p.start_date DESC, p.id`;
const PROJECT_STATUSES = ['active', 'proposed', 'wrapped'];
const PLATFORMS = ['douyin', 'wechat', 'tv', 'app'] as const;

/** The reads behind workload.grid: people, the three load sources of load.ts for the 12 weeks and for next week, overdue tasks, projects. */
const GRID_SQL = {
  people: 'SELECT p.id, p.name, p.role, p.title, p.team_id, p.capacity_hours FROM people p WHERE p.active = 1 ORDER BY p.id',
  allocations: `SELECT m.person_id, p.id AS project_id, p.name AS project_name, m.hours_per_week AS hours, p.start_date, p.end_date
    FROM project_members m JOIN projects p ON p.id = m.project_id
    WHERE p.status IN ('proposed', 'active') AND m.hours_per_week > 0 AND p.start_date <= ? AND p.end_date >= ?`,
  tasks: `SELECT a.person_id, t.id AS task_id, t.title, t.project_id, p.name AS project_name, t.due_at, t.estimate_hours AS estimate,
      (SELECT count(*) FROM task_assignees x WHERE x.task_id = t.id) AS n
    FROM tasks t JOIN task_assignees a ON a.task_id = t.id JOIN projects p ON p.id = t.project_id
    WHERE t.completed_at IS NULL AND t.estimate_hours > 0 AND t.due_at >= ? AND t.due_at < ?`,
  timeOff: 'SELECT person_id, start_date, end_date, hours_per_day FROM time_off WHERE start_date <= ? AND end_date >= ?',
  overdue: `SELECT a.person_id, t.id AS task_id, t.title, t.project_id, p.name AS project_name, t.due_at
    FROM tasks t JOIN task_assignees a ON a.task_id = t.id JOIN projects p ON p.id = t.project_id
    WHERE t.completed_at IS NULL AND t.due_at IS NOT NULL AND t.due_at < ?`,
  projects: "SELECT id, name FROM projects WHERE status IN ('proposed', 'active') ORDER BY start_date, name",
};

function gridBaseline(env: Env): unknown {
  const first = weekStart(env.today);
  const last = addDays(first, 12 * 7 - 1);
  const next = addDays(first, 7);
  const db = env.db;
  return [
    stmt(db, GRID_SQL.people).all(),
    stmt(db, GRID_SQL.allocations).all(last, first),
    stmt(db, GRID_SQL.tasks).all(dayStart(first), dayStart(addDays(last, 1))),
    stmt(db, GRID_SQL.timeOff).all(last, first),
    stmt(db, GRID_SQL.allocations).all(addDays(next, 6), next),
    stmt(db, GRID_SQL.tasks).all(dayStart(next), dayStart(addDays(next, 7))),
    stmt(db, GRID_SQL.timeOff).all(addDays(next, 6), next),
    stmt(db, GRID_SQL.overdue).all(Date.now()),
    stmt(db, GRID_SQL.projects).all(),
  ];
}

/** The month before the dataset's "today", as 'YYYY-MM'. */
const lastMonth = (env: Env): string => addDays(`${env.today.slice(0, 7)}-01`, -1).slice(0, 7);

/**
 * Per active person for one month: tasks completed and their estimated hours, deliverables published
 * and their views. There is no index on tasks.completed_at, so the tasks side is one scan of tasks.
 */
const MONTH_REPORT_SQL = `
  WITH done AS (
    SELECT a.person_id, count(*) AS n, sum(coalesce(t.estimate_hours, 0)) AS h
    FROM tasks t CROSS JOIN task_assignees a ON a.task_id = t.id
    WHERE t.completed_at >= @from AND t.completed_at < @to GROUP BY a.person_id),
  pub AS (
    SELECT d.owner_id, count(*) AS n, sum((SELECT coalesce(sum(f.views), 0) FROM deliverable_figures f WHERE f.deliverable_id = d.id)) AS views
    FROM deliverables d WHERE d.published_at >= @from AND d.published_at < @to GROUP BY d.owner_id)
  SELECT pe.id, pe.name, pe.team_id, coalesce(done.n, 0) AS tasks_done, coalesce(done.h, 0) AS hours,
         coalesce(pub.n, 0) AS published, coalesce(pub.views, 0) AS views
  FROM people pe LEFT JOIN done ON done.person_id = pe.id LEFT JOIN pub ON pub.owner_id = pe.id
  WHERE pe.active = 1 ORDER BY pe.team_id, pe.pinyin`;

// --- search queries -----------------------------------------------------------------------

const SEARCHES = {
  two: ['直播', '海报', '花絮', '导播', '字幕'],
  long: ['主视觉海报', '新春大直播', '5G传输方案', '公众号推文', '数据复盘报告'],
  one: ['直', '报', '剪', '播', '审'],
  mixed: ['H5', '5G直播', 'H5互动', '直播 5G', '海报 公众号'],
};

function searchBaseline(env: Env, q: string): unknown {
  const m = matchFor(searchTerms(q))!;
  const params = { match: m.match, limit: 20 };
  return [stmt(env.db, searchSql(m.index, 'project')).all(params), stmt(env.db, searchSql(m.index, 'task')).all(params)];
}

const searchOp = (label: keyof typeof SEARCHES, what: string): BenchOp => ({
  name: `search.query ${what}`,
  status: 'ready',
  kind: 'search',
  target: { ...SEARCH, ratio: 2 },
  note: `queries: ${SEARCHES[label].join(' / ')}; baseline: the same two FTS statements (projects, tasks), prepared once`,
  n: (s) => (s === 'full' ? 200 : 100),
  run: (env, i) => call(env, env.admin, 'search.query', { q: SEARCHES[label][i % SEARCHES[label].length], limit: 20 }),
  baseline: (env, i) => searchBaseline(env, SEARCHES[label][i % SEARCHES[label].length]!),
});

// --- the roster used by the import -------------------------------------------------------

const ROSTER_ROWS = 1000;
let rosterRuns = 0;
/** The k-th roster: 1,000 people under staff numbers of their own (`b<k>-<i>`), so each run creates 1,000. */
async function rosterFile(env: Env, k: number): Promise<string> {
  const file = join(env.cacheDir, `roster-1000-${k}.xlsx`);
  if (existsSync(file)) return file;
  mkdirSync(env.cacheDir, { recursive: true });
  const teams = env.db.prepare<[], { name: string }>('SELECT name FROM teams ORDER BY sort').all().map((t) => t.name);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['工号', '姓名', '部门', '角色', '职务', '技能', '周工时']);
  const sur = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高';
  const giv = '子涵欣怡梓萱一诺依诺雨桐可馨思彤若曦语嘉沐晨浩然宇轩俊熙博文';
  for (let i = 0; i < ROSTER_ROWS; i++) {
    const n = k * ROSTER_ROWS + i;
    const name = `${sur[n % 20]}${giv[Math.floor(n / 20) % 20]}${giv[Math.floor(n / 400) % 20]}`;
    ws.addRow([`b${k}-${i}`, name, teams[i % teams.length], '成员', '编辑', '采访、剪辑', 40]);
  }
  await wb.xlsx.writeFile(file);
  return file;
}

/** What an admin waits for: the file read (in the worker), checked, and imported. */
async function importRoster(env: Env, file: string): Promise<{ created: number; updated: number }> {
  const input = { fileName: 'roster-1000.xlsx', dataBase64: readFileSync(file).toString('base64') };
  const { rows } = (await call(env, env.admin, 'people.readRosterFile', input)) as { rows: string[][] };
  const check = (await call(env, env.admin, 'people.checkImport', { fileName: input.fileName, rows })) as { ok: boolean };
  if (!check.ok) throw new Error('the bench roster does not check');
  return (await call(env, env.admin, 'people.import', { fileName: input.fileName, rows })) as { created: number; updated: number };
}

// --- the table ---------------------------------------------------------------------------

export const OPERATIONS: BenchOp[] = [
  {
    name: 'startup: open database + check migrations + backend',
    status: 'ready',
    kind: 'startup',
    target: { p95Ms: 200 },
    note: 'openDatabase (pragmas, migrate() finds nothing to do) and createBackend (contract/handler check), then close',
    n: () => 20,
    run: (env) => {
      const db = openDatabase(env.file);
      createBackend(db);
      db.close();
    },
  },
  {
    name: 'projects list with filters',
    status: 'ready',
    kind: 'read',
    target: READ,
    note: 'projects.list {statuses: active/proposed/wrapped, platform, teamId} as the admin (every match, as the list shows them); baseline: the same statement, prepared once',
    n: (s) => (s === 'full' ? 200 : 100),
    run: (env, i) => {
      const p = picks(env);
      return call(env, env.admin, 'projects.list', { statuses: PROJECT_STATUSES, platform: PLATFORMS[i % 4], teamId: p.teams[i % p.teams.length] });
    },
    baseline: (env, i) => {
      const p = picks(env);
      return stmt(env.db, PROJECT_LIST_SQL).all({ statuses: JSON.stringify(PROJECT_STATUSES), platform: PLATFORMS[i % 4], team: p.teams[i % p.teams.length], me: env.admin.actorId });
    },
  },
  {
    name: 'people.list search (pinyin initials)',
    status: 'ready',
    kind: 'read',
    target: READ,
    note: 'people.list {search: initials of a person}; baseline: the same WHERE as one prepared statement',
    n: () => 200,
    run: (env, i) => {
      const p = picks(env).people;
      return call(env, env.admin, 'people.list', { search: p[i % p.length]!.initials.slice(0, 2) });
    },
    baseline: (env, i) => {
      const p = picks(env).people;
      const q = p[i % p.length]!.initials.slice(0, 2);
      return stmt(
        env.db,
        `SELECT * FROM people p WHERE p.active = 1 AND (instr(lower(p.name), @q) > 0 OR instr(lower(p.title), @q) > 0
           OR EXISTS (SELECT 1 FROM json_each(p.skills) s WHERE instr(lower(s.value), @q) > 0)
           OR instr(p.pinyin, @q) > 0 OR substr(p.pinyin_initials, 1, length(@q)) = @q)
         ORDER BY p.active DESC, p.pinyin, p.id`,
      ).all({ q });
    },
  },
  {
    name: 'people.list by team',
    status: 'ready',
    kind: 'read',
    target: READ,
    note: 'people.list {teamId}; baseline: one prepared statement',
    n: () => 200,
    run: (env, i) => {
      const t = picks(env).teams;
      return call(env, env.admin, 'people.list', { teamId: t[i % t.length] });
    },
    baseline: (env, i) => {
      const t = picks(env).teams;
      return stmt(env.db, 'SELECT * FROM people p WHERE p.team_id = ? AND p.active = 1 ORDER BY p.active DESC, p.pinyin, p.id').all(t[i % t.length]);
    },
  },
  searchOp('two', '2-char words'),
  searchOp('long', '3+ char words'),
  searchOp('one', '1-char'),
  searchOp('mixed', 'mixed latin/CJK, several words'),
  {
    name: 'teams.update (write + activity row)',
    status: 'ready',
    kind: 'write',
    target: WRITE,
    note: 'teams.update {id, description} as the admin: one transaction, one activity row, synchronous=FULL',
    n: (s) => (s === 'full' ? 200 : 100),
    run: (env, i) => {
      const t = picks(env).teams;
      return call(env, env.admin, 'teams.update', { id: t[i % t.length], description: `基准修改 ${i}` });
    },
    baseline: (env, i) => {
      const t = picks(env).teams;
      env.db.transaction(() => {
        stmt(env.db, 'UPDATE teams SET description = ?, updated_at = ? WHERE id = ?').run(`基准修改 ${i}`, Date.now(), t[i % t.length]);
        activityRow(env.db, 'teams.update', 'team', t[i % t.length]!, null, env.admin.actorId!, '修改团队');
      })();
    },
  },
  {
    name: 'people.update (write + activity row)',
    status: 'ready',
    kind: 'write',
    target: WRITE,
    note: 'people.update {id, title} as the admin',
    n: (s) => (s === 'full' ? 200 : 100),
    run: (env, i) => {
      const p = picks(env).people;
      return call(env, env.admin, 'people.update', { id: p[(i * 7) % p.length]!.id, title: `编辑${i % 5}` });
    },
    baseline: (env, i) => {
      const p = picks(env).people;
      const id = p[(i * 7) % p.length]!.id;
      env.db.transaction(() => {
        stmt(env.db, 'UPDATE people SET title = ?, updated_at = ? WHERE id = ?').run(`编辑${i % 5}`, Date.now(), id);
        activityRow(env.db, 'people.update', 'person', id, null, env.admin.actorId!, '修改人员');
      })();
    },
  },
  {
    name: 'workload grid 150 people x 12 weeks',
    status: 'ready',
    kind: 'read',
    // The issue's own target for the grid (its ratio is reported, not judged: the grid does arithmetic the SQL does not).
    target: { p95Ms: 50 },
    note: 'workload.grid {from: today, weeks: 12} as the admin (every active person, team totals, alerts); baseline: the same nine reads in raw SQL (people, load sources for 12 weeks and next week, overdue, projects), no JavaScript arithmetic',
    n: () => 50,
    run: (env) => call(env, env.admin, 'workload.grid', { from: env.today, weeks: 12 }),
    baseline: gridBaseline,
  },
  {
    name: 'board open (largest project, 1,000 cards)',
    status: 'ready',
    kind: 'read',
    target: READ,
    note: 'boards.get {projectId: largest} as the admin (columns, 1,000 cards with assignees and checklist counts, group, deliverables, progress, undo); baseline: all cards with assignees and checklist counts in one statement',
    n: () => 100,
    run: (env) => call(env, env.admin, 'boards.get', { projectId: env.largestProjectId }),
    baseline: (env) => stmt(env.db, BOARD_SQL).all({ project: env.largestProjectId }),
  },
  {
    name: 'board open (5,000 cards)',
    status: 'ready',
    kind: 'read',
    // Issue 18's target for the very large board; the ratio stays the read target's.
    target: { p95Ms: 50, ratio: 2 },
    note: 'boards.get {projectId: the 5,000-card board} as the admin (as the 1,000-card entry); baseline: the same one statement',
    n: () => 50,
    run: (env) => call(env, env.admin, 'boards.get', { projectId: env.board5000ProjectId }),
    baseline: (env) => stmt(env.db, BOARD_SQL).all({ project: env.board5000ProjectId }),
  },
  {
    name: 'My tasks (busiest person)',
    status: 'ready',
    kind: 'read',
    target: READ,
    note: 'myTasks.get {} as the busiest person (open tasks in running projects with assignees and checklist counts, their deliverables, the review queue; since issue 18 without the checklists themselves, read when a task is opened); baseline: their open tasks with project, column, assignees and checklist counts (one statement), and their deliverables (a second)',
    n: () => 100,
    run: (env) => call(env, env.busiest, 'myTasks.get', {}),
    baseline: (env) => [stmt(env.db, MY_TASKS_SQL).all(env.busiestId), stmt(env.db, MY_DELIVERABLES_SQL).all(env.busiestId)],
  },
  {
    name: 'My tasks: open a task’s checklist',
    status: 'ready',
    kind: 'read',
    target: READ,
    note: 'checklist.list {taskId} as the busiest person, over their open tasks that have a checklist in turn; baseline: the same one statement',
    n: () => 100,
    setup: (env) => {
      myOpenTasks.set(
        env,
        env.db
          .prepare<[string], string>(
            `SELECT t.id FROM tasks t JOIN task_assignees a ON a.task_id = t.id
             WHERE a.person_id = ? AND t.completed_at IS NULL AND EXISTS (SELECT 1 FROM checklist_items c WHERE c.task_id = t.id) ORDER BY t.id`,
          )
          .pluck()
          .all(env.busiestId),
      );
    },
    run: (env, i) => {
      const ids = myOpenTasks.get(env)!;
      return call(env, env.busiest, 'checklist.list', { taskId: ids[i % ids.length]! });
    },
    baseline: (env, i) => {
      const ids = myOpenTasks.get(env)!;
      return stmt(env.db, MY_CHECKLIST_SQL).all(ids[i % ids.length]!);
    },
  },
  {
    name: 'monthly report',
    status: 'ready',
    kind: 'read',
    target: READ,
    note: 'reports.monthly {month: last month} as the admin (every active person and team); baseline: per person tasks done, hours, deliverables published and their views, one statement',
    n: () => 20,
    run: (env) => call(env, env.admin, 'reports.monthly', { month: lastMonth(env) }),
    baseline: (env) => {
      const first = `${lastMonth(env)}-01`;
      const next = `${env.today.slice(0, 7)}-01`;
      return stmt(env.db, MONTH_REPORT_SQL).all({ from: dayStart(first), to: dayStart(next) });
    },
  },
  {
    name: 'resource calendar for 200 items × 4 weeks',
    status: 'ready',
    kind: 'read',
    // The issue's own target for the calendar (its ratio is reported, not judged: the clash flags are arithmetic the SQL does not do).
    target: { p95Ms: 50 },
    note: 'gear.calendar {from: this Monday, to: +27 days} as the admin over 200 items (every kind; a sixth with 2–4 units) and ~3,300 bookings of 20 projects (one per item every other day, a second overlapping one on multi-unit items), with names, rights and the clash flags; baseline: the same two reads in raw SQL (the items with their teams; the bookings of the range as plain rows), no names, rights or clash arithmetic',
    n: () => 50,
    setup: (env) => seedGear(env),
    run: (env) => call(env, env.admin, 'gear.calendar', { from: weekStart(env.today), to: addDays(weekStart(env.today), 27) }),
    baseline: (env) => {
      const from = dayStart(weekStart(env.today));
      const to = dayStart(addDays(weekStart(env.today), 28));
      return [stmt(env.db, GEAR_ITEMS_SQL).all(), stmt(env.db, GEAR_BOOKINGS_SQL).raw().all(to, from)];
    },
  },
  {
    name: 'move a card (write + activity row)',
    status: 'ready',
    kind: 'write',
    target: WRITE,
    note: 'tasks.move {id, columnId: next column, afterId: null} on the largest board as the admin (rights check, new key, done-column completion, activity row); baseline: UPDATE of column and fractional key + activity row in one transaction',
    n: (s) => (s === 'full' ? 200 : 100),
    run: (env, i) => {
      const p = picks(env);
      const task = p.boardTasks[(i * 7 + 3) % p.boardTasks.length]!;
      const col = p.boardColumns[(i + 2) % p.boardColumns.length]!;
      return call(env, env.admin, 'tasks.move', { id: task.id, columnId: col, afterId: null });
    },
    baseline: (env, i) => {
      const p = picks(env);
      const task = p.boardTasks[i % p.boardTasks.length]!;
      const col = p.boardColumns[(i + 1) % p.boardColumns.length]!;
      env.db.transaction(() => {
        const first = stmt(env.db, 'SELECT position FROM tasks WHERE column_id = ? ORDER BY position, id LIMIT 1').get(col) as { position: string } | undefined;
        stmt(env.db, 'UPDATE tasks SET column_id = ?, position = ?, updated_at = ? WHERE id = ?').run(col, keyBetween(null, first?.position ?? null), Date.now(), task.id);
        activityRow(env.db, 'tasks.move', 'task', task.id, env.largestProjectId, env.admin.actorId!, '移动任务');
      })();
    },
  },
  {
    name: 'tick a checklist item (write + activity row)',
    status: 'ready',
    kind: 'write',
    target: WRITE,
    note: 'checklist.update {id, done: toggled} on the largest board as the admin; baseline: UPDATE done/done_at/done_by + activity row in one transaction',
    n: (s) => (s === 'full' ? 200 : 100),
    run: (env, i) => {
      const items = picks(env).checklist;
      const item = items[(i * 11 + 5) % items.length]!;
      item.done = !item.done;
      return call(env, env.admin, 'checklist.update', { id: item.id, done: item.done });
    },
    baseline: (env, i) => {
      const items = picks(env).checklist;
      const item = items[i % items.length]!;
      const id = item.id;
      item.done = !item.done;
      env.db.transaction(() => {
        stmt(env.db, 'UPDATE checklist_items SET done = 1 - done, done_at = ?, done_by = ?, updated_at = ? WHERE id = ?').run(Date.now(), env.admin.actorId, Date.now(), id);
        activityRow(env.db, 'checklist.toggle', 'checklist_item', id, env.largestProjectId, env.admin.actorId!, '勾选清单项');
      })();
    },
  },
  {
    name: 'create a task (write + activity row)',
    status: 'ready',
    kind: 'write',
    target: WRITE,
    note: 'tasks.create {projectId: largest, title, description} as the admin (first column, key at the end, search triggers, activity row); baseline: insertTask() from main/boards/tasks-core.ts + activity row in one transaction',
    n: (s) => (s === 'full' ? 200 : 100),
    run: (env, i) => call(env, env.admin, 'tasks.create', { projectId: env.largestProjectId, title: `基准新建任务 ${i} 直播海报`, description: '基准测试写入' }),
    baseline: (env, i) => {
      env.db.transaction(() => {
        const id = insertTask(env.db, { projectId: env.largestProjectId, title: `基准新建任务 ${i} 直播海报`, description: '基准测试写入' }, env.admin.actorId, Date.now());
        activityRow(env.db, 'tasks.create', 'task', id, env.largestProjectId, env.admin.actorId!, '新建任务');
      })();
    },
  },
  {
    name: 'import 1,000 people from an .xlsx roster',
    status: 'ready',
    kind: 'import',
    target: { p95Ms: 2000 },
    note: 'people.readRosterFile (the hardened reader in its worker) + people.checkImport + people.import of a 1,000-row .xlsx; each run its own file of new staff numbers (a name already in its team becomes an update)',
    calls: ['people.readRosterFile', 'people.checkImport', 'people.import'],
    n: () => 5,
    setup: async (env) => {
      for (let k = 0; k < 8; k++) await rosterFile(env, k);
    },
    // Each call (warm-up and rounds included) imports a file not imported before.
    run: async (env) => {
      const r = await importRoster(env, await rosterFile(env, rosterRuns++));
      if (r.created + r.updated !== ROSTER_ROWS) throw new Error(`imported ${r.created + r.updated} rows`);
    },
  },
];

const GEAR_ITEMS_SQL = `SELECT i.*, t.name AS team_name, t.name_en AS team_name_en FROM gear_items i LEFT JOIN teams t ON t.id = i.team_id WHERE i.archived = 0 ORDER BY i.kind, i.name`;
const GEAR_BOOKINGS_SQL = `SELECT id, item_id, project_id, task_id, start_at, end_at, quantity, note, booked_by FROM gear_bookings
  WHERE status = 'booked' AND start_at < ? AND end_at > ? ORDER BY item_id, start_at, id`;

/** 200 items and four weeks of bookings, through main/gear's own writers (so every booking passes the clash rules). */
function seedGear(env: Env): void {
  const { db } = env;
  if (db.prepare<[], { n: number }>('SELECT count(*) AS n FROM gear_items').get()!.n >= 200) return;
  const now = Date.now();
  const teams = db.prepare<[], { id: string }>('SELECT id FROM teams ORDER BY sort, id').all().map((t) => t.id);
  const projects = db.prepare<[], { id: string; convener_id: string }>('SELECT id, convener_id FROM projects ORDER BY id LIMIT 20').all();
  const monday = weekStart(env.today);
  db.transaction(() => {
    for (let i = 0; i < 200; i++) {
      const kind = GEAR_KIND_CODES[i % GEAR_KIND_CODES.length]!;
      const quantity = i % 6 === 0 ? 2 + (i % 3) : 1;
      const itemId = insertGearItem(db, { kind, name: `设备${String(i + 1).padStart(3, '0')}`, quantity, teamId: teams[i % teams.length] ?? null }, now);
      for (let d = i % 2; d < 28; d += 2) {
        const day = dayStart(addDays(monday, d));
        const p = projects[(i + d) % projects.length]!;
        insertBooking(db, { itemId, projectId: p.id, taskId: null, start: day + 9 * 3600_000, end: day + 18 * 3600_000, quantity: 1, note: '', bookedBy: p.convener_id }, now);
        if (quantity > 1) {
          const q = projects[(i + d + 7) % projects.length]!;
          insertBooking(db, { itemId, projectId: q.id, taskId: null, start: day + 12 * 3600_000, end: day + 20 * 3600_000, quantity: 1, note: '', bookedBy: q.convener_id }, now);
        }
      }
    }
  })();
}

/** The working copy the bench writes to, fresh from the generated dataset. */
export function workCopy(dataset: string, cacheDir: string, size: Size): string {
  mkdirSync(cacheDir, { recursive: true });
  // One working copy per bench process: two benches on the machine at once must not share a file.
  const file = join(cacheDir, `work-${size}-${process.pid}.sqlite3`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  copyFileSync(dataset, file);
  return file;
}

// --- the center-wide timeline (#17 part 5, helper H5): appended ------------------------------------
import { insertDefaultColumns } from '../../main/boards/columns';
import { insertProject, writeKeyDates } from '../../main/projects';
import { insertDependency, setTaskStart } from '../../main/timeline';
import { SEASON_PROJECTS_SQL } from '../../main/timeline/read';

const TIMELINE_PROJECTS = 300;
/** The season the timeline shows by default: two weeks back, twelve weeks in all. */
const seasonOf = (env: Env): { from: string; to: string } => {
  const from = addDays(weekStart(env.today), -14);
  return { from, to: addDays(from, 83) };
};

/** Enough proposed, running and wrapped projects over the season that 300 overlap it, each with key dates, a board of 12 dated tasks and a chain of dependencies, through the owners' writers. */
function seedTimeline(env: Env): void {
  const { db } = env;
  const { from, to } = seasonOf(env);
  const have = stmt(db, SEASON_PROJECTS_SQL).all(to, from).length;
  if (have >= TIMELINE_PROJECTS) return;
  const now = Date.now();
  const conveners = db.prepare<[], { id: string }>("SELECT id FROM people WHERE active = 1 ORDER BY id LIMIT 40").all().map((p) => p.id);
  const statuses = ['proposed', 'active', 'active', 'wrapped'] as const;
  db.transaction(() => {
    for (let i = have; i < TIMELINE_PROJECTS; i++) {
      const start = addDays(from, (i * 7) % 90 - 30);
      const end = addDays(start, 20 + ((i * 13) % 70));
      const convenerId = conveners[i % conveners.length]!;
      const projectId = insertProject(db, { name: `时间线项目${String(i + 1).padStart(3, '0')}`, convenerId, startDate: start, endDate: end, status: statuses[i % 4] }, null, now);
      writeKeyDates(db, projectId, [
        { date: addDays(start, 5), label: '启动' },
        { date: addDays(end, -3), label: '发布' },
      ]);
      insertDefaultColumns(db, projectId, now);
      let prev: string | null = null;
      for (let k = 0; k < 12; k++) {
        const day = addDays(start, k * 2 + 1);
        const taskId = insertTask(db, { projectId, title: `任务${k + 1}`, dueAt: dayStart(day) + 18 * 3600_000 }, null, now);
        setTaskStart(db, taskId, addDays(day, -1), now);
        if (prev && k % 3 !== 0) insertDependency(db, { predecessorId: prev, successorId: taskId, projectId, createdBy: null }, now);
        prev = taskId;
      }
    }
  })();
}

OPERATIONS.push({
  name: 'timeline of 300 projects',
  status: 'ready',
  kind: 'read',
  // The issue's own target (the ratio is reported, not judged: grouping key dates and counts per project is work the SQL does not do).
  target: { p95Ms: 50 },
  note: 'timeline.season {12 weeks from two weeks back} as the admin over 300 proposed/running/wrapped projects overlapping it (each with 2 key dates and 12 dated tasks), milestones grouped per project, each board’s task count; baseline: the same statement in raw SQL (projects with conveners, task counts and key dates as JSON), prepared once, no parsing or objects',
  n: () => 50,
  setup: (env) => seedTimeline(env),
  run: (env) => call(env, env.admin, 'timeline.season', seasonOf(env)),
  baseline: (env) => {
    const { from, to } = seasonOf(env);
    return stmt(env.db, SEASON_PROJECTS_SQL).all(to, from);
  },
});
