/**
 * One run of the convergence suite: a fresh center opened from the snapshot, the steps played
 * by its desktops under a faulty network, offline periods and hub restarts, then everyone back
 * on a good network syncing until quiet, and the invariants checked. Shared by the property
 * (tests/sync/convergence.test.ts) and the regression cases (tests/sync/convergence-regressions.test.ts).
 */
import { expect } from 'vitest';
import type { Session } from '../../main/core/backend';
import { contract } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { ADMIN, NO_FAULTS, STAFF, clientRows, diffRows, snapshotCenter, type CenterSnapshot, type Client, type Faults } from './harness';
import { DESKTOPS, resolve, type Op } from './convergence-model';
import type { TestPostgres } from './postgres';

export const FAULTS: Faults = { dropRequest: 0.12, dropResponse: 0.12, duplicate: 0.15, delayMs: 4, staleReply: 0.12 };

/** What the runs did, summed (the suite checks they exercised what they claim to). */
export interface Totals {
  runs: number;
  steps: number;
  /** Per command: refused on the desktop, applied at the hub, refused by the hub. */
  kinds: Map<string, { local: number; applied: number; rejected: number; skipped: number }>;
  restarts: number;
  droppedResponses: number;
  duplicates: number;
  staleReplies: number;
  offline: number;
  /** Milliseconds spent opening a center, playing the steps, syncing at the end, checking, dropping. */
  ms: { open: number; steps: number; settle: number; check: number; drop: number };
}

export const newTotals = (): Totals => ({ runs: 0, steps: 0, kinds: new Map(), restarts: 0, droppedResponses: 0, duplicates: 0, staleReplies: 0, offline: 0, ms: { open: 0, steps: 0, settle: 0, check: 0, drop: 0 } });
const kind = (t: Totals, name: string) => {
  let k = t.kinds.get(name);
  if (!k) t.kinds.set(name, (k = { local: 0, applied: 0, rejected: 0, skipped: 0 }));
  return k;
};

/**
 * The world every run starts from, built once: the four desktops signed in, and through their own
 * commands a second team, two running projects with groups, boards, cards, a checklist, deliverables,
 * a 三审 chain, a shift type with a week's rota, gear and a meeting.
 */
export async function convergenceSnapshot(pgServer: TestPostgres): Promise<CenterSnapshot> {
  return snapshotCenter(pgServer, DESKTOPS, async (center, clients) => {
    const [admin, manager, convener, member] = clients;
    const id = (name: string) => center.people.get(name)!;
    const everyoneSynced = async () => {
      for (let round = 0; round < 2; round++) for (const c of clients) await c.sync.sync();
    };
    const team = await admin!.call('teams.create', { name: '融媒采访部' });
    await admin!.call('people.update', { id: id(STAFF[3].name), teamId: team.id });
    const made: { project: string; tasks: string[]; deliverable: string }[] = [];
    for (const [i, name] of ['春节联欢直播', '乡村振兴系列报道'].entries()) {
      const p = await convener!.call('projects.create', { name, startDate: '2027-01-11', endDate: '2027-02-20', platforms: ['wechat', 'douyin'] });
      await convener!.call('projects.group.add', { projectId: p.id, personId: id('王小川'), role: '摄像', hoursPerWeek: 10 });
      if (i === 0) await convener!.call('projects.group.add', { projectId: p.id, personId: id('宋可欣'), role: '编辑', hoursPerWeek: 8 });
      const board = await convener!.call('boards.get', { projectId: p.id });
      const taskIds: string[] = [];
      for (const [k, title] of ['机位图', '嘉宾联络', '彩排'].entries()) {
        const t = await convener!.call('tasks.create', { projectId: p.id, columnId: board.columns[k % board.columns.length]!.id, title, assigneeIds: k % 2 ? [id('王小川')] : [] });
        taskIds.push(t.id);
        if (k === 0) await convener!.call('checklist.add', { taskId: t.id, text: `${title}·一` });
      }
      const d = await convener!.call('deliverables.create', { projectId: p.id, title: `${name}预告`, platform: 'wechat', productForm: 'text_image', ownerId: id('王小川') });
      made.push({ project: p.id, tasks: taskIds, deliverable: d.id });
    }
    await manager!.call('reviews.setChain', {
      projectId: null,
      platform: null,
      steps: [
        { name: '初审', rule: 'any', reviewers: [{ kind: 'convener' }] },
        { name: '终审', rule: 'any', reviewers: [{ kind: 'role', role: 'manager' }] },
      ],
    });
    // Something for every dependent command to act on from the first step: a published piece with
    // figures, a round in review, a shift with a swap asked for, a booking, time off, a meeting
    // with a topic (its decisions) and a story, a series, a dependency between two cards.
    const [p1, p2] = made as [(typeof made)[0], (typeof made)[0]];
    await everyoneSynced();
    await manager!.call('deliverables.update', { id: p1.deliverable, status: 'published', publishedUrl: 'https://example.com/p/seed', overrideReason: '突发新闻先发' });
    await member!.call('reviews.submit', { deliverableId: p2.deliverable, content: '乡村振兴系列报道·第一篇正文' });
    const shift = await manager!.call('rota.saveShiftType', { name: '早班', start: '06:00', end: '14:00' });
    await manager!.call('rota.fill', { from: '2027-01-11', to: '2027-01-17', shiftTypeId: shift.id, personIds: [id('王小川'), id('宋可欣'), id('林晓峰')], perDay: 1, weekdays: [1, 2, 3, 4, 5] });
    await everyoneSynced();
    const rota = await member!.call('rota.get', { from: '2027-01-11', to: '2027-01-17' });
    const mine = rota.entries.find((e) => e.personId === id('王小川'));
    if (mine) await member!.call('rota.requestSwap', { entryId: mine.id, substituteId: id('陈思远'), reason: '家中有事，请同事替班' });
    const kit = await manager!.call('gear.saveItem', { kind: 'live_kit', name: '直播包一号', quantity: 1 });
    await manager!.call('gear.saveItem', { kind: 'vehicle', name: '采访车', quantity: 1 });
    await everyoneSynced();
    await convener!.call('gear.book', { itemIds: [kit.id], projectId: p1.project, start: Date.parse('2027-01-12T00:00:00Z'), end: Date.parse('2027-01-12T08:00:00Z') });
    await member!.call('timeOff.create', { personId: id('王小川'), kind: 'leave', startDate: '2027-01-20', endDate: '2027-01-21' });
    const meeting = await convener!.call('meetings.create', { kind: 'weekly', date: '2027-01-11', title: '周策划会', attendeeIds: [id('王小川')] });
    await convener!.call('meetings.saveItem', {
      meetingId: meeting.id, kind: 'topic', title: '春节直播分工', projectId: p1.project,
      topic: { decisions: [{ key: 'd1', title: '机位踩点', ownerIds: [id('王小川')], dueDate: '2027-01-14', priority: 'high' }] },
    });
    await convener!.call('meetings.saveItem', { meetingId: meeting.id, kind: 'story', title: '返乡青年创业' });
    const committee = await manager!.call('meetings.create', { kind: 'monthly', date: '2027-01-04', title: '一月编委会' });
    await manager!.call('meetings.saveItem', { meetingId: committee.id, kind: 'theme', title: '春节主题宣传' });
    await manager!.call('meetingSeries.create', { kind: 'weekly', title: '周策划会', startDate: '2027-01-11', chairIds: [id('陈思远')] });
    // The timeline's dependencies, where this checkout has them.
    if ('timeline.addDependency' in contract) {
      const r = await convener!.backend.call('timeline.addDependency' as never, { predecessorId: p1.tasks[0], successorId: p1.tasks[1] } as never, convener!.session);
      if (!r.ok) throw new Error(r.error.message.en);
    }
  });
}

/** Roles, conveners and groups as the hub held them when the snapshot was made (the rights model starts there). */
interface Holdings {
  version: number;
  roles: Map<string, string>;
  conveners: Map<string, string>;
  groups: Map<string, Set<string>>;
  /** Activity rows of the snapshot (seed and preparation), by their key. */
  activity: Map<string, number>;
}

const MANAGERS = new Set(['admin', 'manager']);
const CENTER_COMMANDS = new Set([
  'teams.create', 'teams.update', 'people.create', 'people.setActive', 'gear.saveItem', 'gear.setRepair',
  'rota.saveShiftType', 'rota.setCell', 'rota.fill', 'rota.decideSwap',
]);
const MEETING_COMMANDS = /^(meetings|meetingSeries)\./;
const PROJECT_MANAGE = new Set([
  'projects.update', 'projects.setStatus', 'projects.group.add', 'projects.group.update', 'projects.group.remove',
  'columns.setupDefaults', 'columns.create', 'columns.update', 'columns.move', 'columns.delete',
]);
const PROJECT_WORK = new Set([
  'tasks.create', 'tasks.update', 'tasks.move', 'tasks.setDone', 'tasks.delete',
  'checklist.add', 'checklist.update', 'checklist.move', 'checklist.delete', 'comments.add',
  'deliverables.create', 'deliverables.update', 'deliverables.delete',
]);

interface AppliedMutation {
  name: string;
  person_id: string;
  args: Record<string, unknown> | null;
  at: number;
  version: number;
}

/**
 * The rights policy (shared/policy/roles.ts, main/projects/access.ts), stated once more and
 * independently: walks the mutations the hub applied in the order it applied them, keeping each
 * person's role, each project's convener and group as those mutations changed them, and names
 * every applied change its author was not allowed to make at that moment.
 */
export function rightsViolations(start: Holdings, applied: AppliedMutation[], projectOf: (m: AppliedMutation) => string | null): string[] {
  const roles = new Map(start.roles);
  const conveners = new Map(start.conveners);
  const groups = new Map([...start.groups].map(([k, v]) => [k, new Set(v)]));
  const out: string[] = [];
  for (const m of [...applied].sort((a, b) => a.version - b.version)) {
    const role = roles.get(m.person_id) ?? 'member';
    const args = m.args ?? {};
    const p = projectOf(m);
    const manages = MANAGERS.has(role) || (p !== null && conveners.get(p) === m.person_id);
    const works = manages || (p !== null && (groups.get(p)?.has(m.person_id) ?? false));
    const deny = (why: string) => out.push(`${m.name} by a ${role} (v${m.version}): ${why} ${JSON.stringify(args).slice(0, 160)}`);
    if (CENTER_COMMANDS.has(m.name) && !MANAGERS.has(role)) deny('center command');
    if (m.name === 'people.import' && role !== 'admin') deny('roster import is for admins');
    if (m.name === 'people.update') {
      const staffing = 'teamId' in args || 'role' in args || 'capacityHours' in args;
      if ((args.id !== m.person_id || staffing) && !MANAGERS.has(role)) deny('staffing or someone else');
      const target = roles.get(String(args.id));
      if ('role' in args && args.role !== target && (args.role === 'admin' || target === 'admin') && role !== 'admin') deny('admin role');
      if ('login' in args && role !== 'admin') deny('login');
    }
    if (MEETING_COMMANDS.test(m.name) && !['admin', 'manager', 'convener'].includes(role)) deny('meetings');
    if (m.name === 'projects.create' && !['admin', 'manager', 'convener'].includes(role)) deny('project creation');
    if (p !== null && PROJECT_MANAGE.has(m.name) && !manages) deny(`not managing project ${p}`);
    if (p !== null && PROJECT_WORK.has(m.name) && !works) deny(`not working on project ${p}`);

    // What this change did to roles, conveners and groups.
    if (m.name === 'people.update' && typeof args.role === 'string') roles.set(String(args.id), args.role);
    if ((m.name === 'projects.create' || m.name === 'meetings.proposeProject') && p !== null) conveners.set(p, typeof args.convenerId === 'string' ? args.convenerId : m.person_id);
    if (m.name === 'projects.update' && p !== null && typeof args.convenerId === 'string') conveners.set(p, args.convenerId);
    if (m.name === 'projects.group.add' && p !== null) {
      if (!groups.has(p)) groups.set(p, new Set());
      groups.get(p)!.add(String(args.personId));
    }
    if (m.name === 'projects.group.remove' && p !== null) groups.get(p)?.delete(String(args.personId));
  }
  return out;
}

const activityKey = (command: string, actor: string | null, at: number) => `${command} ${actor ?? '-'} ${at}`;

async function holdings(snapshot: CenterSnapshot): Promise<Holdings> {
  const { center, drop } = await snapshot.open(0);
  try {
    const r = await center.pool.query<{ tbl: string; data: Record<string, unknown> }>(
      "SELECT tbl, data FROM hub_rows WHERE data IS NOT NULL AND tbl IN ('people', 'projects', 'project_members', 'activity_log')",
    );
    const h: Holdings = { version: 0, roles: new Map(), conveners: new Map(), groups: new Map(), activity: new Map() };
    h.version = (await center.pool.query<{ version: number }>('SELECT version FROM hub_version')).rows[0]!.version;
    for (const { tbl, data } of r.rows) {
      if (tbl === 'people') h.roles.set(String(data.id), String(data.role));
      if (tbl === 'projects') h.conveners.set(String(data.id), String(data.convener_id));
      if (tbl === 'project_members') {
        const p = String(data.project_id);
        if (!h.groups.has(p)) h.groups.set(p, new Set());
        h.groups.get(p)!.add(String(data.person_id));
      }
      if (tbl === 'activity_log') {
        const k = activityKey(String(data.command), (data.actor_id as string | null) ?? null, Number(data.at));
        h.activity.set(k, (h.activity.get(k) ?? 0) + 1);
      }
    }
    return h;
  } finally {
    await drop();
  }
}

export interface Suite {
  snapshot: CenterSnapshot;
  start: Holdings;
}

export async function openSuite(pgServer: TestPostgres): Promise<Suite> {
  const snapshot = await convergenceSnapshot(pgServer);
  return { snapshot, start: await holdings(snapshot) };
}

async function step(clients: Client[], op: Op, ids: string[], t: Totals): Promise<void> {
  if (op.kind === 'restartHub') return;
  const c = clients[op.client]!;
  switch (op.kind) {
    case 'sync':
      await c.sync.sync().catch(() => undefined);
      return;
    case 'offline':
      if (op.offline && !c.transport.offline) t.offline++;
      c.transport.offline = op.offline;
      return;
    case 'cmd': {
      const me = ids[op.client]!;
      const input = await resolve(c, me, op);
      if (!input) {
        kind(t, op.name).skipped++;
        return;
      }
      // A forged step acts as the admin on another person's desktop: the hub replays it as the
      // person the desktop signed in as, and must refuse what that person may not do.
      const session: Session = op.forge && op.client !== 0 ? { actorId: ids[0]! } : c.session;
      const r = await c.backend.call(op.name as never, input as never, session);
      if (!r.ok) kind(t, op.name).local++;
      return;
    }
  }
}

/** Plays one run and checks every invariant; throws (an expect) on the first that fails. */
export async function playRun(suite: Suite, ops: readonly Op[], seed: number, t: Totals, faults: Faults = FAULTS): Promise<void> {
  let mark = performance.now();
  const lap = (k: keyof Totals['ms']) => {
    const now = performance.now();
    t.ms[k] += now - mark;
    mark = now;
  };
  const { center, clients, drop } = await suite.snapshot.open(seed);
  lap('open');
  try {
    for (const c of clients) c.transport.faults = faults;
    const ids = clients.map((c) => c.session.actorId!);
    for (const op of ops) {
      if (op.kind === 'restartHub') {
        await center.restartHub();
        t.restarts++;
      } else await step(clients, op, ids, t);
    }
    lap('steps');
    // Everyone back on a good network, syncing until nothing moves.
    for (const c of clients) {
      await c.transport.settle();
      c.transport.offline = false;
      c.transport.faults = NO_FAULTS;
    }
    // A round pushes everything and the last desktop pulls it all; the others then need one pull more.
    const hubVersion = (c: Client) => Number(c.db.prepare<[], { value: string }>("SELECT value FROM sync_state WHERE key = 'hubVersion'").get()?.value);
    let behind = clients;
    for (let round = 0; round < 6 && behind.length; round++) {
      for (const c of behind) await c.sync.sync();
      const top = (await center.pool.query<{ version: number }>('SELECT version FROM hub_version')).rows[0]!.version;
      behind = clients.filter((c) => c.sync.pendingCount() > 0 || hubVersion(c) !== top);
    }
    lap('settle');
    await checkInvariants(suite, center, clients, t);
    lap('check');
    t.runs++;
    t.steps += ops.length;
    for (const c of clients) {
      t.droppedResponses += c.transport.stats.droppedResponses;
      t.duplicates += c.transport.stats.duplicates;
      t.staleReplies += c.transport.stats.staleReplies;
    }
  } finally {
    mark = performance.now();
    await drop();
    lap('drop');
  }
}

async function checkInvariants(suite: Suite, center: Awaited<ReturnType<CenterSnapshot['open']>>['center'], clients: Client[], t: Totals): Promise<void> {
  // 1. Every desktop holds exactly the hub's rows, as the read policy sends them to its person.
  for (const c of clients) {
    expect(c.sync.pendingCount(), `${c.name}: nothing left queued`).toBe(0);
    expect(diffRows(clientRows(c.db), await center.hubRows(c.name)), `${c.name} equals the hub`).toEqual([]);
  }

  // 2. Every change a desktop committed reached the hub exactly once and was applied or refused;
  //    each refusal was shown on that desktop with the hub's reason.
  const muts = (
    await center.pool.query<{ client_id: string; mutation_id: number; name: string; person_id: string; args: Record<string, unknown> | null; at: number; status: string; version: number | null; error: { message: { en: string } } | null }>(
      'SELECT client_id, mutation_id, name, person_id, args, at, status, version, error FROM hub_mutations WHERE version IS NULL OR version > $1 OR status = $2 ORDER BY client_id, mutation_id',
      [suite.start.version, 'rejected'],
    )
  ).rows;
  for (const c of clients) {
    const clientId = c.db.prepare<[], { value: string }>("SELECT value FROM sync_state WHERE key = 'clientId'").get()!.value;
    const mine = muts.filter((m) => m.client_id === clientId);
    const base = c.db.prepare<[], { value: string }>("SELECT value FROM sync_state WHERE key = 'nextMutationId'").get()!.value;
    // The snapshot's own mutations are numbered first; this run's follow with no gap, each once.
    const run = mine.filter((m) => m.mutation_id > Number(base) - 1 - c.committed);
    expect(run.map((m) => m.mutation_id), `${c.name}: each committed change reached the hub once`).toEqual(
      Array.from({ length: c.committed }, (_, i) => Number(base) - c.committed + i),
    );
    const notices = c.db.prepare<[], { command: string; en: string }>("SELECT command, en FROM sync_notices WHERE command <> 'sync.clearQueue' ORDER BY id").all();
    const refused = run.filter((m) => m.status === 'rejected');
    expect(notices.length, `${c.name}: one notice per refused change`).toBe(refused.length);
    for (const [i, m] of refused.entries()) {
      expect(notices[i]!.command).toBe(m.name);
      expect(notices[i]!.en, `${c.name}: the notice gives the hub's reason`).toContain(m.error!.message.en);
    }
    for (const m of run) {
      const k = kind(t, m.name);
      if (m.status === 'applied') k.applied++;
      else k.rejected++;
    }
  }

  // 3. The activity log and the data agree: the hub's log is the snapshot's rows plus exactly one
  //    row per applied change (its command, its author, its time), and every desktop has the same log.
  const hub = await center.pool.query<{ data: Record<string, unknown> }>("SELECT data FROM hub_rows WHERE tbl = 'activity_log' AND data IS NOT NULL");
  const log = new Map<string, number>();
  const projectByKey = new Map<string, string | null>();
  for (const { data } of hub.rows) {
    const k = activityKey(String(data.command), (data.actor_id as string | null) ?? null, Number(data.at));
    log.set(k, (log.get(k) ?? 0) + 1);
    projectByKey.set(k, (data.project_id as string | null) ?? (data.entity_type === 'project' ? String(data.entity_id) : null));
  }
  const applied = muts.filter((m) => m.status === 'applied' && m.version !== null && m.version > suite.start.version) as AppliedMutation[];
  const expected = new Map(suite.start.activity);
  for (const m of applied) {
    const k = activityKey(m.name, m.person_id, Number(m.at));
    expected.set(k, (expected.get(k) ?? 0) + 1);
  }
  expect([...log].sort(), 'one activity row per applied change, no other').toEqual([...expected].sort());

  // 4. Fractional keys: unique within their column (cards), board (columns) and card (checklist),
  //    and every desktop lists them in the same order.
  for (const [what, sql] of [
    ['cards in a column', 'SELECT column_id AS parent, id, position FROM tasks ORDER BY column_id, position, id'],
    ['columns of a board', 'SELECT project_id AS parent, id, position FROM board_columns ORDER BY project_id, position, id'],
    ['checklist items of a card', 'SELECT task_id AS parent, id, position FROM checklist_items ORDER BY task_id, position, id'],
  ] as const) {
    const orders = clients.map((c) => c.db.prepare<[], { parent: string; id: string; position: string }>(sql).all());
    for (const [i, list] of orders.entries()) {
      const seen = new Set<string>();
      for (const r of list) {
        const k = `${r.parent} ${r.position}`;
        expect(seen.has(k), `${clients[i]!.name}: two ${what} share the key ${r.position}`).toBe(false);
        seen.add(k);
      }
    }
    // The same order on every desktop that holds the rows (a member holds fewer).
    const byParent = (list: { parent: string; id: string }[]) => {
      const m = new Map<string, string[]>();
      for (const r of list) m.set(r.parent, [...(m.get(r.parent) ?? []), r.id]);
      return m;
    };
    const reference = byParent(orders[0]!);
    for (const [i, list] of orders.entries()) {
      for (const [parent, order] of byParent(list)) {
        if (reference.has(parent)) expect(order, `${clients[i]!.name}: ${what} in the same order`).toEqual(reference.get(parent));
      }
    }
  }

  // 5. Nothing the rights policy forbids was applied.
  const projectOf = (m: AppliedMutation) => projectByKey.get(activityKey(m.name, m.person_id, Number(m.at))) ?? null;
  expect(rightsViolations(suite.start, applied, projectOf), 'every applied change was allowed when the hub applied it').toEqual([]);
}

/** A readable line per command kind, for the log. */
export function kindTable(t: Totals): string {
  return [...t.kinds]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, k]) => `${name.padEnd(28)} applied ${String(k.applied).padStart(5)}  hub-refused ${String(k.rejected).padStart(4)}  local-refused ${String(k.local).padStart(4)}  nothing-to-pick ${String(k.skipped).padStart(4)}`)
    .join('\n');
}

export { ADMIN, AppError };
