/**
 * The convergence suite's generator (tests/sync/convergence.test.ts): one builder for every
 * contract command a person can issue, each picking among the rows the desktop holds at that
 * moment (read from its own database), so a step written against a state that changed since
 * (a card deleted elsewhere, a column gone) is exactly the case sync has to get right.
 *
 * A step is plain data (fast-check shrinks it): a desktop, a command name, a few numbers and a
 * flag, resolved to an input only when it runs.
 */
import fc from 'fast-check';
import type { Db } from '../../main/db/connection';
import { contract } from '../../shared/contract';
import { addDays, fromLocalDateTime, localDate } from '../../shared/time';
import type { Client } from './harness';

/** The desktops of a run: an admin, a manager, a convener and a member (tests/sync/harness.ts STAFF). */
export const DESKTOPS = ['周岚', '陈思远', '林晓峰', '王小川'] as const;

/** Every command kind of the contract, but the one a desktop never ships (workspace.setup: the hub is seeded once). */
export const NOT_GENERATED: Record<string, string> = {
  'workspace.setup': 'a workspace is set up once, on a desktop before it has a hub; the hub refuses it (main/hub/engine.ts NOT_SYNCABLE)',
};

/**
 * Kinds a run issues but the hub cannot apply by design: columns.setupDefaults fills only a board
 * without columns, and a board always keeps one (columns.delete moves the cards to another).
 */
export const NEVER_APPLIED: Record<string, string> = {
  'columns.setupDefaults': 'a board is never without columns (the last column cannot be deleted); issued, always refused',
};

export const COMMANDS: readonly string[] = Object.entries(contract as Record<string, { kind: string }>)
  .filter(([name, spec]) => spec.kind === 'command' && !(name in NOT_GENERATED))
  .map(([name]) => name)
  .sort();

export interface Step {
  kind: 'cmd';
  client: number;
  name: string;
  /** Picks among the rows there are (modulo their count) and small choices. */
  a: number;
  b: number;
  c: number;
  flag: boolean;
  /** Runs as another person than the desktop's own (an impersonation the hub must refuse). */
  forge: boolean;
}
export type Op =
  | Step
  | { kind: 'sync'; client: number }
  | { kind: 'offline'; client: number; offline: boolean }
  | { kind: 'restartHub' };

const n = fc.nat(1000);
export function opArb(commands: readonly string[] = COMMANDS, clients = DESKTOPS.length): fc.Arbitrary<Op> {
  const client = fc.nat(clients - 1);
  const weight = (name: string): number => (/^(tasks|checklist|columns|deliverables|comments)\./.test(name) ? 3 : 1);
  return fc.oneof(
    {
      weight: 64,
      arbitrary: fc.record({
        kind: fc.constant('cmd' as const),
        client,
        name: fc.oneof(...commands.map((c) => ({ weight: weight(c), arbitrary: fc.constant(c) }))),
        a: n,
        b: n,
        c: n,
        flag: fc.boolean(),
        forge: fc.nat(19).map((k) => k === 0), // now and then
      }),
    },
    { weight: 16, arbitrary: fc.record({ kind: fc.constant('sync' as const), client }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('offline' as const), client, offline: fc.boolean() }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'restartHub' as const }) },
  );
}

const TEXTS = ['机位图', '嘉宾联络', '彩排', '通稿', '字幕校对', '航拍许可', '现场快讯', '直播预告', '海报设计', '采访提纲'];
const BASE = '2027-01-11'; // a Monday
const day = (k: number): string => addDays(BASE, k % 42);
const at = (k: number, hour = 9): number => fromLocalDateTime(`${day(k)} ${String(hour).padStart(2, '0')}:00`);
/** Figures are for days gone by: a few days before today. */
const past = (k: number): string => addDays(localDate(Date.now()), -1 - (k % 5));
const pick = <T>(list: readonly T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);

type Row = Record<string, unknown>;
function rows<T = Row>(db: Db, sql: string, ...params: unknown[]): T[] {
  return db.prepare(sql).all(...params) as T[];
}
const ids = (db: Db, sql: string, ...params: unknown[]): string[] => rows<{ id: string }>(db, sql, ...params).map((r) => r.id);

/** What a builder sees: the desktop's database, who acts, and the step's numbers. */
interface Ctx {
  db: Db;
  me: string;
  c: Client;
  s: Step;
  text: string;
}

type Input = Record<string, unknown>;
type Builder = (x: Ctx) => Input | null | Promise<Input | null>;

const people = (db: Db): string[] => ids(db, 'SELECT id FROM people WHERE active = 1 ORDER BY id');
const projects = (db: Db): string[] => ids(db, 'SELECT id FROM projects ORDER BY id');
const groupOf = (db: Db, projectId: string): string[] =>
  rows<{ person_id: string }>(db, 'SELECT person_id FROM project_members WHERE project_id = ? ORDER BY person_id', projectId).map((r) => r.person_id);
const tasks = (db: Db): { id: string; project_id: string; column_id: string }[] => rows(db, 'SELECT id, project_id, column_id FROM tasks ORDER BY id');
const columnsOf = (db: Db, projectId: string): string[] => ids(db, 'SELECT id FROM board_columns WHERE project_id = ? ORDER BY position, id', projectId);
const deliverables = (db: Db): { id: string; project_id: string; title: string; status: string }[] =>
  rows(db, 'SELECT id, project_id, title, status FROM deliverables ORDER BY id');

/** A project the step names, preferring one the acting person works on (a refusal now and then is wanted). */
function projectFor(x: Ctx): string | undefined {
  const all = projects(x.db);
  if (x.s.flag && x.s.c % 4 === 0) return pick(all, x.s.a);
  const mine = all.filter((p) => groupOf(x.db, p).includes(x.me) || rows(x.db, 'SELECT 1 FROM projects WHERE id = ? AND convener_id = ?', p, x.me).length);
  return pick(mine.length ? mine : all, x.s.a);
}

const taskFor = (x: Ctx) => {
  const p = projectFor(x);
  const list = tasks(x.db).filter((t) => t.project_id === p);
  return pick(list.length ? list : tasks(x.db), x.s.b);
};

const ROLES = ['manager', 'convener', 'member'] as const;
const PLATFORMS = ['wechat', 'douyin', 'weibo', 'app', 'channels'] as const;
const FORMS = ['short_video', 'text_image', 'live', 'poster'] as const;
const STATUSES = ['planned', 'in_production', 'in_review', 'published'] as const;

export const BUILDERS: Record<string, Builder> = {
  // ---- boards --------------------------------------------------------------------------------
  'boards.undo': (x) => {
    const p = projectFor(x);
    return p ? { projectId: p } : null;
  },
  'columns.setupDefaults': (x) => {
    const p = projectFor(x);
    return p ? { projectId: p } : null;
  },
  'columns.create': (x) => {
    const p = projectFor(x);
    return p ? { projectId: p, name: `${x.text}列`, wipLimit: x.s.flag ? (x.s.c % 9) + 1 : null } : null;
  },
  'columns.update': (x) => {
    const p = projectFor(x);
    const col = p && pick(columnsOf(x.db, p), x.s.b);
    return col ? { id: col, ...(x.s.flag ? { name: `${x.text}栏` } : { wipLimit: x.s.c % 3 ? null : 5, isDone: x.s.c % 2 === 0 }) } : null;
  },
  'columns.move': (x) => {
    const p = projectFor(x);
    const cols = p ? columnsOf(x.db, p) : [];
    const col = pick(cols, x.s.b);
    return col ? { id: col, afterId: x.s.flag ? null : pick(cols.filter((c) => c !== col), x.s.c) ?? null } : null;
  },
  'columns.delete': (x) => {
    const p = projectFor(x);
    const cols = p ? columnsOf(x.db, p) : [];
    const col = pick(cols, x.s.b);
    const to = pick(cols.filter((c) => c !== col || x.s.c % 7 === 0), x.s.c);
    return col && to ? { id: col, moveTo: to } : null;
  },
  'tasks.create': (x) => {
    const p = projectFor(x);
    if (!p) return null;
    const group = groupOf(x.db, p);
    return {
      projectId: p,
      columnId: x.s.flag ? pick(columnsOf(x.db, p), x.s.b) ?? null : null,
      title: x.text,
      assigneeIds: x.s.c % 3 ? [pick(group, x.s.c)].filter(Boolean) : [],
      estimateHours: x.s.c % 6,
      dueAt: x.s.c % 2 ? at(x.s.c) : null,
    };
  },
  'tasks.update': (x) => {
    const t = taskFor(x);
    if (!t) return null;
    const group = groupOf(x.db, t.project_id);
    const fields = [
      { title: x.text },
      { priority: pick(['low', 'normal', 'high', 'urgent'], x.s.c) },
      { assigneeIds: group.slice(0, x.s.c % 3) },
      { dueAt: x.s.flag ? at(x.s.c) : null },
      { description: `${x.text} @{${x.me}}` },
      { labels: x.s.flag ? ['直播'] : [] },
      { deliverableId: pick(deliverables(x.db).filter((d) => d.project_id === t.project_id).map((d) => d.id), x.s.c) ?? null },
    ];
    return { id: t.id, ...fields[x.s.a % fields.length], ...(x.s.c % 5 === 0 ? fields[(x.s.a + 1) % fields.length] : {}) };
  },
  'tasks.move': (x) => {
    const t = taskFor(x);
    if (!t) return null;
    const col = pick(columnsOf(x.db, t.project_id), x.s.c);
    if (!col) return null;
    const inCol = tasks(x.db).filter((o) => o.column_id === col && o.id !== t.id).map((o) => o.id);
    return { id: t.id, columnId: col, afterId: x.s.flag ? pick(inCol, x.s.a) ?? null : null };
  },
  'tasks.setDone': (x) => {
    const t = taskFor(x);
    return t ? { id: t.id, done: x.s.flag } : null;
  },
  'tasks.delete': (x) => {
    const t = taskFor(x);
    return t ? { id: t.id } : null;
  },
  'tasks.respond': (x) => {
    const mine = ids(x.db, 'SELECT task_id AS id FROM task_assignees WHERE person_id = ? ORDER BY task_id', x.me);
    const t = pick(mine.length ? mine : tasks(x.db).map((r) => r.id), x.s.a);
    return t ? (x.s.flag ? { id: t, accept: true } : { id: t, accept: false, reason: '当天在外地采访' }) : null;
  },
  'checklist.add': (x) => {
    const t = taskFor(x);
    return t ? { taskId: t.id, text: `${x.text}·${x.s.c % 10}`, assigneeId: x.s.flag ? pick(groupOf(x.db, t.project_id), x.s.c) ?? null : null } : null;
  },
  'checklist.update': (x) => {
    const item = pick(ids(x.db, 'SELECT id FROM checklist_items ORDER BY id'), x.s.a);
    return item ? { id: item, ...(x.s.flag ? { done: x.s.c % 2 === 0 } : { text: `${x.text}（改）` }) } : null;
  },
  'checklist.move': (x) => {
    const items = rows<{ id: string; task_id: string }>(x.db, 'SELECT id, task_id FROM checklist_items ORDER BY id');
    const item = pick(items, x.s.a);
    if (!item) return null;
    const siblings = items.filter((i) => i.task_id === item.task_id && i.id !== item.id).map((i) => i.id);
    return { id: item.id, afterId: x.s.flag ? null : pick(siblings, x.s.c) ?? null };
  },
  'checklist.delete': (x) => {
    const item = pick(ids(x.db, 'SELECT id FROM checklist_items ORDER BY id'), x.s.a);
    return item ? { id: item } : null;
  },
  'comments.add': (x) => {
    const t = taskFor(x);
    return t ? { taskId: t.id, body: `${x.text}：已确认 @{${pick(people(x.db), x.s.c)}}` } : null;
  },
  'deliverables.create': (x) => {
    const p = projectFor(x);
    return p
      ? { projectId: p, title: `${x.text}稿`, platform: pick(PLATFORMS, x.s.b)!, productForm: pick(FORMS, x.s.c)!, ownerId: x.s.flag ? pick(groupOf(x.db, p), x.s.c) ?? null : null, dueAt: at(x.s.c, 18) }
      : null;
  },
  'deliverables.update': (x) => {
    const p = projectFor(x);
    const list = deliverables(x.db).filter((d) => d.project_id === p);
    const d = pick(list.length ? list : deliverables(x.db), x.s.b);
    if (!d) return null;
    switch (x.s.c % 4) {
      case 0: // publish, with the URL (a manager without the final approval gives a reason)
        return { id: d.id, status: 'published', publishedUrl: `https://example.com/p/${x.s.a}`, ...(x.s.flag ? { overrideReason: '突发新闻先发' } : {}) };
      case 1:
        return { id: d.id, status: pick(STATUSES, x.s.a) };
      case 2:
        return { id: d.id, title: `${x.text}稿` };
      default:
        return { id: d.id, dueAt: at(x.s.a, 20), platform: pick(PLATFORMS, x.s.a) };
    }
  },
  'deliverables.delete': (x) => {
    const d = pick(deliverables(x.db), x.s.b);
    return d ? { id: d.id } : null;
  },
  'calendar.reschedule': (x) => {
    const d = pick(deliverables(x.db), x.s.b);
    return d ? { deliverableId: d.id, date: day(x.s.c) } : null;
  },

  // ---- figures -------------------------------------------------------------------------------
  'figures.record': (x) => {
    const list = deliverables(x.db);
    const pub = list.filter((d) => d.status === 'published');
    const d = pick(pub.length && !x.s.flag ? pub : list, x.s.a);
    return d ? { date: past(x.s.b), rows: [{ deliverableId: d.id, views: x.s.c * 10, likes: x.s.c % 50, shares: x.s.c % 7, comments: x.s.c % 11 }] } : null;
  },
  'figures.import': (x) => {
    const list = deliverables(x.db).filter((d) => d.status === 'published');
    const d = pick(list.length ? list : deliverables(x.db), x.s.a);
    return d ? { fileName: 'export.csv', date: past(x.s.b), rows: [['标题', '平台', '阅读量', '点赞', '转发', '评论'], [d.title, '微信公众号', String(x.s.c * 3), String(x.s.c % 9), '1', String(x.s.c % 4)]] } : null;
  },

  // ---- gear ----------------------------------------------------------------------------------
  'gear.saveItem': (x) => {
    const items = ids(x.db, 'SELECT id FROM gear_items ORDER BY id');
    const id = x.s.flag ? pick(items, x.s.a) : undefined;
    return { ...(id ? { id } : {}), kind: pick(['live_kit', 'drone', 'vehicle', 'camera'], x.s.b)!, name: `${pick(['直播包', '无人机', '采访车', '摄像机'], x.s.b)}${x.s.c % 4}`, quantity: (x.s.c % 3) + 1, archived: x.s.c % 13 === 0 };
  },
  'gear.setRepair': (x) => {
    const item = pick(ids(x.db, 'SELECT id FROM gear_items ORDER BY id'), x.s.a);
    return item ? { itemId: item, repair: x.s.flag ? { start: at(x.s.b), end: at(x.s.b + 2), note: '返厂维修' } : null } : null;
  },
  'gear.book': (x) => {
    const items = ids(x.db, 'SELECT id FROM gear_items WHERE archived = 0 ORDER BY id');
    const p = projectFor(x);
    const first = pick(items, x.s.a);
    if (!first || !p) return null;
    const second = x.s.flag ? pick(items.filter((i) => i !== first), x.s.b) : undefined;
    return { itemIds: second ? [first, second] : [first], projectId: p, start: at(x.s.c % 10, 8), end: at(x.s.c % 10, 8) + ((x.s.b % 3) + 1) * 3_600_000 * 4, quantity: 1 };
  },
  'gear.cancel': (x) => {
    const b = pick(ids(x.db, "SELECT id FROM gear_bookings WHERE status = 'booked' ORDER BY id"), x.s.a);
    return b ? { bookingId: b } : null;
  },

  // ---- meetings ------------------------------------------------------------------------------
  'meetings.create': (x) => ({
    kind: pick(['daily', 'weekly', 'monthly'], x.s.a)!,
    date: day(x.s.b),
    title: x.s.flag ? `${x.text}策划会` : '',
    chairId: x.s.flag ? x.me : null,
    attendeeIds: people(x.db).slice(0, x.s.c % 4),
  }),
  'meetings.update': (x) => {
    const m = pick(ids(x.db, 'SELECT id FROM meetings ORDER BY id'), x.s.a);
    return m ? { id: m, ...(x.s.flag ? { notes: `${x.text}：记录` } : { date: day(x.s.c), attendeeIds: people(x.db).slice(0, x.s.c % 5) }) } : null;
  },
  'meetings.saveItem': (x) => {
    const m = pick(ids(x.db, 'SELECT id FROM meetings ORDER BY id'), x.s.a);
    if (!m) return null;
    const existing = x.s.flag ? pick(ids(x.db, 'SELECT id FROM meeting_items WHERE meeting_id = ? ORDER BY id', m), x.s.b) : undefined;
    const p = projectFor(x);
    const kind = pick(['topic', 'story', 'hot', 'theme'], x.s.c)!;
    const owners = p ? groupOf(x.db, p).slice(0, 1) : [];
    return {
      meetingId: m,
      ...(existing ? { id: existing } : {}),
      kind,
      title: `${x.text}选题`,
      body: '',
      projectId: kind === 'topic' && p ? p : null,
      topic: kind === 'topic' ? { decisions: [{ key: `d${x.s.c % 3}`, title: `${x.text}分工`, ownerIds: owners, dueDate: day(x.s.c), priority: 'high' }] } : null,
    };
  },
  'meetings.removeItem': (x) => {
    const item = pick(ids(x.db, 'SELECT id FROM meeting_items ORDER BY id'), x.s.a);
    return item ? { id: item } : null;
  },
  'meetings.generateTasks': (x) => {
    const m = pick(ids(x.db, "SELECT DISTINCT meeting_id AS id FROM meeting_items WHERE kind = 'topic' ORDER BY meeting_id"), x.s.a)
      ?? pick(ids(x.db, 'SELECT id FROM meetings ORDER BY id'), x.s.a);
    return m ? { meetingId: m } : null;
  },
  'meetings.proposeProject': (x) => {
    // Only an editorial committee's (the monthly meeting's) items become projects; now and then another's, refused.
    const monthly = ids(x.db, "SELECT i.id FROM meeting_items i JOIN meetings m ON m.id = i.meeting_id WHERE m.kind = 'monthly' ORDER BY i.id");
    const item = pick(monthly.length && x.s.c % 5 ? monthly : ids(x.db, 'SELECT id FROM meeting_items ORDER BY id'), x.s.a);
    return item ? { itemId: item, startDate: day(x.s.b), endDate: day(x.s.b + 10), ...(x.s.flag ? { convenerId: pick(people(x.db), x.s.c) } : {}) } : null;
  },
  'meetings.addAdjustment': (x) => {
    const m = pick(ids(x.db, 'SELECT id FROM meetings ORDER BY id'), x.s.a);
    if (!m) return null;
    const p = projectFor(x);
    return { meetingId: m, text: `${x.text}提前一天`, followUp: x.s.flag && p ? { projectId: p, title: `${x.text}跟进`, assigneeIds: groupOf(x.db, p).slice(0, 1), dueDate: day(x.s.c) } : null };
  },
  'meetingSeries.create': (x) => ({
    kind: pick(['weekly', 'daily', 'monthly'], x.s.a)!,
    title: `${x.text}例会`,
    startDate: day(x.s.b),
    chairIds: [x.me],
    attendeeIds: people(x.db).slice(0, x.s.c % 4),
  }),
  'meetingSeries.setActive': (x) => {
    const s = pick(ids(x.db, 'SELECT id FROM meeting_series ORDER BY id'), x.s.a);
    return s ? { id: s, active: x.s.flag } : null;
  },
  'meetingSeries.catchUp': () => ({}),

  // ---- notifications -------------------------------------------------------------------------
  'notifications.read': async (x) => {
    const list = await x.c.call('notifications.list', { limit: 20 }).catch(() => null);
    const k = pick(list?.items ?? [], x.s.a)?.key;
    return k ? { keys: [k] } : null;
  },
  'notifications.readAll': (x) => ({ before: Date.now() - (x.s.c % 3) * 60_000 }),
  'notifications.setPrefs': (x) => ({
    disabledKinds: x.s.flag ? ['assigned'] : [],
    mutedProjects: x.s.c % 3 ? [] : projects(x.db).slice(0, 1),
    quietStart: x.s.c % 2 ? 22 * 60 : null,
    quietEnd: x.s.c % 2 ? 7 * 60 : null,
    desktop: x.s.b % 2 === 0,
  }),

  // ---- people and teams ----------------------------------------------------------------------
  'teams.create': (x) => ({ name: pick(['无人机航拍', '数据新闻', '融媒会客厅', '短视频二组'], x.s.a)!, description: x.s.flag ? '新组' : '' }),
  'teams.update': (x) => {
    const t = pick(ids(x.db, 'SELECT id FROM teams ORDER BY id'), x.s.a);
    return t ? { id: t, ...(x.s.flag ? { name: `${x.text}组` } : { sort: x.s.c % 50, description: x.text }) } : null;
  },
  'people.create': (x) => {
    const team = pick(ids(x.db, 'SELECT id FROM teams ORDER BY id'), x.s.a);
    return team ? { name: `${pick(['赵', '钱', '孙', '李'], x.s.b)}${pick(['一鸣', '可心', '子涵'], x.s.c)}`, teamId: team, role: pick(ROLES, x.s.c)!, title: '记者' } : null;
  },
  'people.update': (x) => {
    const list = people(x.db);
    const p = x.s.flag ? x.me : pick(list, x.s.a);
    if (!p) return null;
    const fields = [
      { title: pick(['记者', '编辑', '导播', '美编', ''], x.s.c) },
      { capacityHours: x.s.c % 60 },
      { role: pick(ROLES, x.s.c) },
      { skills: x.s.c % 2 ? ['航拍'] : [] },
      { teamId: pick(ids(x.db, 'SELECT id FROM teams ORDER BY id'), x.s.c) },
    ];
    return { id: p, ...fields[x.s.b % fields.length] };
  },
  'people.setActive': (x) => {
    // Never someone signed in on a desktop of the run: deactivating them ends their hub sessions
    // by design (tests/sync/hub-accounts.test.ts), and that desktop would stop syncing.
    const signedIn = new Set(rows<{ id: string }>(x.db, 'SELECT id FROM people WHERE name IN (?, ?, ?, ?)', ...DESKTOPS).map((r) => r.id));
    const p = pick(ids(x.db, 'SELECT id FROM people ORDER BY id').filter((id) => !signedIn.has(id)), x.s.a);
    return p ? { id: p, active: x.s.flag } : null;
  },
  'people.import': (x) => {
    const team = rows<{ name: string }>(x.db, 'SELECT name FROM teams ORDER BY id')[x.s.a % 2]?.name ?? '无此团队';
    const rowsIn = [['工号', '姓名', '团队', '角色', '职务'], [`x${1000 + (x.s.b % 5)}`, `${pick(['周', '吴', '郑'], x.s.c)}新同事`, team, '成员', '记者']];
    if (x.s.flag) rowsIn.push([`x${1005 + (x.s.c % 3)}`, '', team, '成员', '']); // a bad row: nothing is written
    return { fileName: 'roster.csv', rows: rowsIn };
  },

  // ---- projects ------------------------------------------------------------------------------
  'projects.create': (x) => ({
    name: `${x.text}专题`,
    startDate: day(x.s.a),
    endDate: day(x.s.a + 7 + (x.s.b % 20)),
    platforms: [pick(PLATFORMS, x.s.b)!],
    keyDates: x.s.flag ? [{ date: day(x.s.a + 3), label: '上线' }] : [],
    ...(x.s.c % 3 === 0 ? { convenerId: pick(people(x.db), x.s.c) } : {}),
    ...(x.s.c % 5 === 1 ? { templateId: pick(ids(x.db, 'SELECT id FROM templates ORDER BY id'), x.s.c) } : {}),
  }),
  'projects.update': (x) => {
    const p = projectFor(x);
    if (!p) return null;
    const teams = ids(x.db, 'SELECT id FROM teams ORDER BY id');
    const fields = [
      { name: `${x.text}专题` },
      { endDate: day(20 + (x.s.c % 20)) },
      { keyDates: [{ date: day(x.s.c % 20), label: '节点' }] },
      { needs: [{ teamId: pick(teams, x.s.c)!, role: '摄像', count: 1 + (x.s.c % 2) }] },
      { convenerId: pick(people(x.db), x.s.c)! },
      { brief: x.text },
    ];
    return { id: p, ...fields[x.s.b % fields.length] };
  },
  'projects.setStatus': (x) => {
    const p = projectFor(x);
    return p ? { id: p, status: pick(['active', 'wrapped', 'proposed', 'archived'], x.s.c) } : null;
  },
  'projects.group.add': (x) => {
    const p = projectFor(x);
    const who = pick(people(x.db), x.s.b);
    return p && who ? { projectId: p, personId: who, role: pick(['摄像', '编辑', '记者'], x.s.c), hoursPerWeek: x.s.c % 20 } : null;
  },
  'projects.group.update': (x) => {
    const p = projectFor(x);
    const who = p && pick(groupOf(x.db, p), x.s.b);
    return who ? { projectId: p, personId: who, hoursPerWeek: x.s.c % 30, role: '主创' } : null;
  },
  'projects.group.remove': (x) => {
    const p = projectFor(x);
    const who = p && pick(groupOf(x.db, p), x.s.b);
    return who ? { projectId: p, personId: who } : null;
  },
  'projects.group.respond': (x) => {
    const mine = ids(x.db, 'SELECT project_id AS id FROM project_members WHERE person_id = ? ORDER BY project_id', x.me);
    const p = pick(mine.length ? mine : projects(x.db), x.s.a);
    return p ? (x.s.flag ? { projectId: p, accept: true } : { projectId: p, accept: false, reason: '这周在外地' }) : null;
  },
  'templates.saveFromProject': (x) => {
    const p = projectFor(x);
    return p ? { projectId: p, name: `${x.text}模板`, description: '' } : null;
  },

  // ---- reviews 三审 --------------------------------------------------------------------------
  'reviews.setChain': (x) => {
    const p = x.s.flag ? projectFor(x) : undefined;
    const steps = [
      { name: '初审', rule: 'any', reviewers: [{ kind: 'convener' }] },
      { name: '复审', rule: x.s.c % 2 ? 'all' : 'any', reviewers: [{ kind: 'role', role: 'manager' }] },
      { name: '终审', rule: 'any', reviewers: [{ kind: 'person', personId: pick(people(x.db), x.s.c)! }] },
    ].slice(0, 1 + (x.s.b % 3));
    return { projectId: p ?? null, platform: x.s.a % 3 ? null : pick(PLATFORMS, x.s.a), steps: x.s.c % 11 === 0 ? null : steps };
  },
  'reviews.submit': (x) => {
    const list = deliverables(x.db).filter((d) => d.status !== 'published');
    const d = pick(list.length ? list : deliverables(x.db), x.s.a);
    return d ? { deliverableId: d.id, content: `${x.text}：正文第${x.s.c % 4}版`, note: '' } : null;
  },
  'reviews.decide': (x) => {
    const open = ids(x.db, "SELECT id FROM review_rounds WHERE status = 'in_review' ORDER BY id");
    const r = pick(open.length ? open : ids(x.db, 'SELECT id FROM review_rounds ORDER BY id'), x.s.a);
    return r ? (x.s.c % 3 ? { roundId: r, decision: 'approve', comment: '' } : { roundId: r, decision: 'send_back', comment: '标题需要修改' }) : null;
  },
  'reviews.withdraw': (x) => {
    const r = pick(ids(x.db, "SELECT id FROM review_rounds WHERE status = 'in_review' ORDER BY id"), x.s.a);
    return r ? { roundId: r } : null;
  },

  // ---- rota ----------------------------------------------------------------------------------
  'rota.saveShiftType': (x) => {
    const id = x.s.flag ? pick(ids(x.db, 'SELECT id FROM shift_types ORDER BY id'), x.s.a) : undefined;
    return { ...(id ? { id } : {}), name: pick(['早班', '晚班', '夜班', '值班主编'], x.s.b)!, start: pick(['06:00', '14:00', '22:00'], x.s.c)!, end: pick(['14:00', '22:00', '06:00'], x.s.c)!, archived: x.s.c % 17 === 0 };
  },
  'rota.setCell': (x) => {
    const st = pick(ids(x.db, 'SELECT id FROM shift_types WHERE archived = 0 ORDER BY id'), x.s.a);
    return st ? { date: day(x.s.b % 14), shiftTypeId: st, personIds: people(x.db).slice(x.s.c % 4, (x.s.c % 4) + 1 + (x.s.c % 2)) } : null;
  },
  'rota.fill': (x) => {
    const st = pick(ids(x.db, 'SELECT id FROM shift_types WHERE archived = 0 ORDER BY id'), x.s.a);
    const who = people(x.db).slice(0, 2 + (x.s.c % 3));
    return st && who.length ? { from: day(x.s.b % 7), to: day((x.s.b % 7) + 6), shiftTypeId: st, personIds: who, perDay: 1, weekdays: [1, 2, 3, 4, 5], offset: x.s.c % 3, replace: x.s.flag } : null;
  },
  'rota.requestSwap': (x) => {
    const mine = rows<{ id: string }>(x.db, 'SELECT id FROM rota_entries WHERE person_id = ? ORDER BY id', x.me);
    const e = pick(mine.length ? mine : rows<{ id: string }>(x.db, 'SELECT id FROM rota_entries ORDER BY id'), x.s.a);
    const sub = pick(people(x.db).filter((p) => p !== x.me), x.s.b);
    return e && sub ? { entryId: e.id, substituteId: sub, reason: '家中有事，请同事替班' } : null;
  },
  'rota.decideSwap': (x) => {
    const sw = pick(ids(x.db, "SELECT id FROM rota_swaps WHERE status = 'requested' ORDER BY id"), x.s.a);
    return sw ? { swapId: sw, approve: x.s.flag, comment: '' } : null;
  },
  'rota.withdrawSwap': (x) => {
    const sw = pick(ids(x.db, "SELECT id FROM rota_swaps WHERE status = 'requested' ORDER BY id"), x.s.a);
    return sw ? { swapId: sw } : null;
  },

  // ---- workload and time off -----------------------------------------------------------------
  'workload.reassignTask': (x) => {
    const a = pick(rows<{ task_id: string; person_id: string; project_id: string }>(x.db, 'SELECT a.task_id, a.person_id, t.project_id FROM task_assignees a JOIN tasks t ON t.id = a.task_id ORDER BY a.task_id, a.person_id'), x.s.a);
    const to = a && pick(groupOf(x.db, a.project_id).filter((p) => p !== a.person_id), x.s.b);
    return a && to ? { taskId: a.task_id, fromPersonId: a.person_id, toPersonId: to } : null;
  },
  'timeOff.create': (x) => ({
    personId: x.s.flag ? x.me : pick(people(x.db), x.s.a)!,
    kind: x.s.c % 2 ? 'leave' : 'field',
    startDate: day(x.s.b),
    endDate: day(x.s.b + (x.s.c % 4)),
    hoursPerDay: 8,
    note: '',
  }),
  'timeOff.update': (x) => {
    const t = pick(ids(x.db, 'SELECT id FROM time_off ORDER BY id'), x.s.a);
    return t ? { id: t, ...(x.s.flag ? { endDate: day(x.s.b + 5) } : { note: x.text, hoursPerDay: 4 }) } : null;
  },
  'timeOff.delete': (x) => {
    const t = pick(ids(x.db, 'SELECT id FROM time_off ORDER BY id'), x.s.a);
    return t ? { id: t } : null;
  },

  // ---- timeline ------------------------------------------------------------------------------
  'timeline.addDependency': (x) => {
    const t = taskFor(x);
    const other = t && pick(tasks(x.db).filter((o) => o.project_id === t.project_id && o.id !== t.id), x.s.c);
    return t && other ? { predecessorId: t.id, successorId: other.id } : null;
  },
  'timeline.removeDependency': (x) => {
    const d = pick(rows<{ predecessor_id: string; successor_id: string }>(x.db, 'SELECT predecessor_id, successor_id FROM task_dependencies ORDER BY 1, 2'), x.s.a);
    return d ? { predecessorId: d.predecessor_id, successorId: d.successor_id } : null;
  },
  'timeline.moveTask': (x) => {
    const t = taskFor(x);
    return t ? { taskId: t.id, startDate: day(x.s.c), dueAt: at(x.s.c + (x.s.a % 5), 18) } : null;
  },
};

/** Resolves a step against the desktop's rows now; null when there is nothing to apply it to. */
export async function resolve(c: Client, me: string, s: Step): Promise<Input | null> {
  const b = BUILDERS[s.name];
  if (!b) throw new Error(`no generator for ${s.name}`);
  return b({ db: c.db, me, c, s, text: TEXTS[s.a % TEXTS.length]! });
}
