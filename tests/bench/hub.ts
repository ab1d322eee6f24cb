/**
 * `npm run bench:hub [-- --size ci|full] [--desktops N] [--minutes M] [--catchup N] [--json FILE]`
 *
 * The hub at a center's scale (issue 18): a real PostgreSQL on loopback (a throwaway server, as
 * the sync tests start one), the hub in its own process over HTTPS, seeded from the benchmark's
 * workspace (150 staff), and N simulated desktops in this process. Each desktop signs in for real
 * (`/v1/login`, scrypt), then pushes one real command every 10 s and pulls every 5 s, from a random
 * phase, through the desktop's own transport (a fresh TLS connection per request, certificate
 * pinned). Phases:
 *
 *   1. steady load for M minutes: push and pull latency (p50/p95/p99/max), errors, refusals,
 *      the hub's RSS and CPU, this process's event-loop delay (a loaded client inflates latency);
 *   2. a week of the others' work: `--catchup` mutations pushed as fast as the hub takes them,
 *      five per push, while one real desktop (SQLite, the sync client) is offline with changes of
 *      its own;
 *   3. that desktop comes back while the steady load runs again: the time of its `sync.now`
 *      (push its changes, pull everything since, rebase), then a check that its rows equal the
 *      hub's as the hub scopes them for its person.
 *
 * `--size ci`: 20 desktops, 30 s, 200-mutation catch-up, the tiny dataset — for CI, which runs it
 * for the figures (no timing assertion). The exit code is non-zero only when a request failed,
 * the hub refused a command, or the desktop did not converge.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createBackend } from '../../main/app';
import type { Session } from '../../main/core/backend';
import { scopeRow, type Viewer } from '../../main/core/read-scopes';
import { openDatabase, type Db } from '../../main/db/connection';
import { seedHub } from '../../main/hub/engine';
import { currentVersion, ensureHubSchema, openPool, openSession, setPassword, type Pool } from '../../main/hub/store';
import { createHubTls } from '../../main/hub/tls';
import { attachSyncClient } from '../../main/sync/registry';
import { RowStore, syncedTables } from '../../main/sync/rows';
import { httpTransport, OfflineError, type SyncTransport } from '../../main/sync/transport';
import type { Role } from '../../shared/domain';
import { addDays, localDate } from '../../shared/time';
import type { SyncStatus } from '../../shared/sync';
import { startPostgres } from '../sync/postgres';
import { datasetVersion, defaultOut, generate, GENERATOR_VERSION, type Size } from './generate';
import { ThinDesktop, type Workplace } from './hub-desktop';
import { errorCount, merge, ms, pool, PULL_EVERY_MS, PUSH_EVERY_MS, r1, r2, rng, serveDesktopsWorker, sleep, stat, summary, type DesktopSpec, type FromWorker, type Samples, type ToWorker } from './hub-load';
import { serveHubChild, type FromHub, type ToHub } from './hub-server';

const PASSWORD = 'crewdesk-bench-password';

interface Args {
  size: 'full' | 'ci';
  desktops: number;
  minutes: number;
  catchup: number;
  /** Changes the offline desktop makes while away. */
  own: number;
  /** Desktops that sign in through /v1/login now (timed); the others hold a session opened earlier. */
  signIns: number;
  data: Size;
  json?: string;
  seed: number;
  /** Write the hub process's CPU profile (.cpuprofile) into this folder. */
  hubProf?: string;
  /** Processes hosting the simulated desktops. */
  workers: number;
}

function parseArgs(argv: readonly string[]): Args {
  const size = argv.includes('--size') ? argv[argv.indexOf('--size') + 1] : 'full';
  if (size !== 'full' && size !== 'ci') throw new Error(`--size must be full or ci (got ${size})`);
  const a: Args = size === 'ci'
    ? { size, desktops: 20, minutes: 0.5, catchup: 200, own: 10, signIns: 4, data: 'tiny', seed: 18, workers: 1 }
    : { size, desktops: 150, minutes: 5, catchup: 2000, own: 20, signIns: 10, data: 'tiny', seed: 18, workers: 0 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = (): string => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${k} needs a value`);
      return x;
    };
    const n = (): number => {
      const x = Number(v());
      if (!Number.isFinite(x) || x <= 0) throw new Error(`${k} needs a positive number`);
      return x;
    };
    if (k === '--size') v();
    else if (k === '--desktops') a.desktops = Math.round(n());
    else if (k === '--minutes') a.minutes = n();
    else if (k === '--catchup') a.catchup = Math.round(n());
    else if (k === '--own') a.own = Math.round(n());
    else if (k === '--sign-ins') a.signIns = Math.round(n());
    else if (k === '--workers') a.workers = Math.round(n());
    else if (k === '--json') a.json = v();
    else if (k === '--seed') a.seed = Math.round(n());
    else if (k === '--hub-prof') a.hubProf = resolve(v());
    else if (k === '--data') {
      const d = v();
      if (d !== 'tiny' && d !== 'ci' && d !== 'full') throw new Error('--data must be tiny, ci or full');
      a.data = d;
    } else throw new Error(`unknown argument ${k}`);
  }
  // About 50 desktops per process keeps each one's event loop far from saturation.
  if (!a.workers) a.workers = Math.max(1, Math.ceil(a.desktops / 50));
  return a;
}

// ---- figures -----------------------------------------------------------------

const canonical = (row: Record<string, unknown>): string => JSON.stringify(Object.keys(row).sort().map((k) => [k, row[k]]));

/** Every synced row of a desktop's database, keyed as hubRowsFor() keys the hub's. */
function clientRows(db: Db): Map<string, string> {
  const store = new RowStore(db, syncedTables(db));
  return new Map([...store.everyRow()].map((r) => [`${r.table} ${r.key}`, canonical(r.data)]));
}

function diffRows(a: Map<string, string>, b: Map<string, string>, limit = 5): string[] {
  const out: string[] = [];
  for (const [k, v] of a) if (b.get(k) !== v) out.push(`${k}: ${v.slice(0, 200)} ≠ ${b.get(k)?.slice(0, 200) ?? '(missing)'}`);
  for (const k of b.keys()) if (!a.has(k)) out.push(`${k}: (missing at the hub)`);
  return out.slice(0, limit);
}

const log = (s: string): void => console.log(`[bench:hub ${new Date().toISOString().slice(11, 19)}] ${s}`);

// ---- the hub process -----------------------------------------------------------

class HubProcess {
  private waiting = new Map<number, (m: Extract<FromHub, { kind: 'stats' }>) => void>();
  private nextId = 1;
  url = '';
  fingerprint = '';
  rssMax = 0;

  constructor(private readonly child: ChildProcess) {
    child.on('message', (m: FromHub) => {
      if (m.kind === 'stats') {
        this.rssMax = Math.max(this.rssMax, m.rss);
        this.waiting.get(m.id)?.(m);
        this.waiting.delete(m.id);
      }
    });
  }

  static async start(pg: string, tls: { key: string; cert: string }, prof?: string): Promise<HubProcess> {
    const execArgv = ['--enable-source-maps', ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [])];
    const child = fork(__filename, ['--serve-hub'], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const hub = new HubProcess(child);
    const ready = await new Promise<FromHub>((resolveReady, reject) => {
      child.once('exit', (code) => reject(new Error(`the hub process exited (${code})`)));
      child.on('message', (m: FromHub) => {
        if (m.kind === 'ready' || m.kind === 'failed') resolveReady(m);
      });
      child.send({ kind: 'start', pg, key: tls.key, cert: tls.cert } satisfies ToHub);
    });
    if (ready.kind !== 'ready') throw new Error(`the hub did not start: ${ready.kind === 'failed' ? ready.message : '?'}`);
    hub.url = ready.url;
    hub.fingerprint = ready.fingerprint ?? '';
    return hub;
  }

  stats(): Promise<Extract<FromHub, { kind: 'stats' }>> {
    const id = this.nextId++;
    return new Promise((r) => {
      this.waiting.set(id, r);
      this.child.send({ kind: 'stats', id } satisfies ToHub);
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const gone = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.send({ kind: 'close' } satisfies ToHub);
    await Promise.race([gone, sleep(15_000).then(() => void this.child.kill('SIGKILL'))]);
  }
}

// ---- the desktops' processes ---------------------------------------------------------

class Workers {
  private readonly waiting = new Map<ChildProcess, (m: Extract<FromWorker, { kind: 'samples' }>) => void>();
  rejections: { name: string; message: string }[] = [];

  private constructor(private readonly children: ChildProcess[]) {
    for (const c of children) {
      c.on('message', (m: FromWorker) => {
        if (m.kind !== 'samples') return;
        this.rejections.push(...m.rejections);
        this.waiting.get(c)?.(m);
        this.waiting.delete(c);
      });
    }
  }

  static async start(n: number, hub: { url: string; fingerprint: string }, specs: DesktopSpec[], seed: number): Promise<Workers> {
    const children = Array.from({ length: n }, () => fork(__filename, ['--desktops-worker'], { execArgv: ['--enable-source-maps'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    await Promise.all(children.map((c, w) => new Promise<void>((resolveReady, reject) => {
      c.once('exit', (code) => reject(new Error(`a desktops process exited (${code})`)));
      c.once('message', (m: FromWorker) => (m.kind === 'ready' ? resolveReady() : reject(new Error('unexpected'))));
      c.send({ kind: 'init', hub, desktops: specs.filter((_, i) => i % n === w), seed: seed * 7 + w } satisfies ToWorker);
    })));
    return new Workers(children);
  }

  private collect(send: (c: ChildProcess, w: number) => void): Promise<Samples> {
    return Promise.all(this.children.map((c, w) => new Promise<Samples>((r) => {
      this.waiting.set(c, (m) => r(m.samples));
      send(c, w);
    }))).then(merge);
  }

  load(): void {
    for (const c of this.children) c.send({ kind: 'load' } satisfies ToWorker);
  }

  stop(): Promise<Samples> {
    return this.collect((c) => c.send({ kind: 'stop' } satisfies ToWorker));
  }

  burst(mutations: number, concurrency: number): Promise<Samples> {
    const n = this.children.length;
    // Whole pushes of five per worker, the concurrency shared out.
    const pushes = Math.ceil(mutations / 5);
    return this.collect((c, w) => {
      const mine = Math.floor(pushes / n) + (w < pushes % n ? 1 : 0);
      const count = Math.min(mine * 5, Math.max(0, mutations - 5 * (w * Math.floor(pushes / n) + Math.min(w, pushes % n))));
      c.send({ kind: 'burst', mutations: count, concurrency: Math.max(1, Math.round(concurrency / n)) } satisfies ToWorker);
    });
  }

  close(): void {
    for (const c of this.children) if (c.connected) c.disconnect();
  }
}

// ---- the workspace -------------------------------------------------------------

interface Person {
  id: string;
  login: string;
  role: Role;
  places: Workplace[];
}

/** Projects the bench opens this month (the ten-year dataset has only a handful still open). */
const OPEN_PROJECTS = 30;
const GROUP_SIZE = 10;
const CARDS_PER_BOARD = 40;

/**
 * The benchmark's workspace for the hub (a copy; the dataset file is not touched), with this
 * month's work added through the app's own commands, as the admin: OPEN_PROJECTS projects, each
 * with a group, the default columns and CARDS_PER_BOARD cards. Everyone ends up in at least one
 * open project's group, so every desktop has real work to push.
 */
async function prepareWorkspace(file: string, seed: number): Promise<{ db: Db; people: Person[] }> {
  const db = openDatabase(file);
  db.pragma('synchronous = OFF'); // a bench copy being filled: no fsync per command
  const backend = createBackend(db);
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const ok = async (name: string, input: unknown, actorId: string): Promise<{ id: string }> => {
    const r = await backend.call(name as never, input as never, { actorId });
    if (!r.ok) throw new Error(`${name}: ${r.error.message.en}`);
    return r.value as { id: string };
  };
  const admin = db.prepare<[], { id: string }>("SELECT id FROM people WHERE role = 'admin' AND active = 1 ORDER BY created_at LIMIT 1").get()!;
  const people = db.prepare<[], { id: string; login: string; role: Role }>('SELECT id, login, role FROM people WHERE active = 1 ORDER BY login').all();
  const conveners = people.filter((p) => p.role === 'convener' || p.role === 'manager');
  const today = localDate(Date.now());
  const unplaced = [...people];
  for (let i = 0; i < OPEN_PROJECTS; i++) {
    const convener = pick(conveners);
    const project = await ok('projects.create', { name: `本月专题 ${i + 1}：${pick(['乡村振兴', '非遗传承', '城市更新', '防汛一线', '秋收', '文旅推介'])}`, startDate: addDays(today, -14), endDate: addDays(today, 30 + i), convenerId: convener.id }, admin.id);
    if (!db.prepare('SELECT 1 FROM board_columns WHERE project_id = ?').get(project.id)) await ok('columns.setupDefaults', { projectId: project.id }, admin.id);
    const group = new Set<string>();
    while (group.size < GROUP_SIZE) group.add((unplaced.length ? unplaced.splice(Math.floor(random() * unplaced.length), 1)[0]! : pick(people)).id);
    group.delete(convener.id);
    for (const personId of group) await ok('projects.group.add', { projectId: project.id, personId, role: '编辑', hoursPerWeek: 8 }, admin.id);
    const column = db.prepare<[string], { id: string }>('SELECT id FROM board_columns WHERE project_id = ? ORDER BY position LIMIT 1').get(project.id)!;
    for (let t = 0; t < CARDS_PER_BOARD; t++) {
      await ok('tasks.create', { projectId: project.id, columnId: column.id, title: `选题 ${t + 1}`, assigneeIds: [pick([...group])] }, admin.id);
    }
  }
  const open = db.prepare<[], { id: string }>("SELECT id FROM projects WHERE status <> 'archived' ORDER BY id").all().map((p) => p.id);
  const places = (personId: string, role: Role): Workplace[] => {
    const projects = role === 'admin' || role === 'manager'
      ? Array.from({ length: 4 }, () => pick(open))
      : db.prepare<[string, string], { id: string }>(
          `SELECT p.id FROM projects p WHERE p.status <> 'archived'
             AND (p.convener_id = ? OR EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = p.id AND m.person_id = ?)) ORDER BY p.id DESC`,
        ).all(personId, personId).map((p) => p.id);
    return [...new Set(projects)].slice(0, 8).map((projectId) => ({
      projectId,
      columns: db.prepare<[string], { id: string }>('SELECT id FROM board_columns WHERE project_id = ? ORDER BY position').all(projectId).map((c) => c.id),
      tasks: db.prepare<[string], { id: string }>('SELECT id FROM tasks WHERE project_id = ? ORDER BY id DESC LIMIT 60').all(projectId).map((t) => t.id),
    }));
  };
  return { db, people: people.map((p) => ({ ...p, places: places(p.id, p.role) })) };
}

/** Every person gets the bench password (one scrypt hash, copied: the hash is per password, not per person). */
async function setPasswords(pool: Pool, people: Person[]): Promise<void> {
  await setPassword(pool, people[0]!.id, PASSWORD);
  await pool.query(
    `INSERT INTO hub_credentials (person_id, salt, hash, phc)
     SELECT x, NULL, NULL, (SELECT phc FROM hub_credentials WHERE person_id = $1) FROM unnest($2::text[]) AS x
     ON CONFLICT (person_id) DO UPDATE SET phc = excluded.phc`,
    [people[0]!.id, people.slice(1).map((p) => p.id)],
  );
}

// ---- the load --------------------------------------------------------------------

/** Samples the hub's memory and CPU, and this process's event-loop delay, while a phase runs. */
function sampler(hub: HubProcess) {
  const rss: number[] = [];
  let cpu0: { u: number; s: number } | null = null;
  let t0 = Date.now();
  let stopped = false;
  const tick = async (): Promise<void> => {
    while (!stopped) {
      const s = await hub.stats();
      rss.push(s.rss);
      cpu0 ??= { u: s.cpuUserUs, s: s.cpuSystemUs };
      await sleep(1000);
    }
  };
  void hub.stats().then((s) => {
    cpu0 = { u: s.cpuUserUs, s: s.cpuSystemUs };
    t0 = Date.now();
    void tick();
  });
  return {
    async stop() {
      stopped = true;
      const s = await hub.stats();
      const wall = (Date.now() - t0) / 1000;
      const cpuS = cpu0 ? (s.cpuUserUs + s.cpuSystemUs - cpu0.u - cpu0.s) / 1e6 : NaN;
      return {
        hub_rss_mb_end: r1(s.rss / 2 ** 20),
        hub_rss_mb_max: r1(Math.max(s.rss, ...rss) / 2 ** 20),
        hub_heap_mb_end: r1(s.heapUsed / 2 ** 20),
        hub_cpu_seconds: r1(cpuS),
        hub_cpu_percent_of_one_core: r1((100 * cpuS) / wall),
        load_average_end: loadavg().map(r1),
      };
    },
  };
}

// ---- the desktop that was away -----------------------------------------------------

/** The real desktop's transport: the desktop's own, with an off switch, timing each exchange. */
class AwayTransport implements SyncTransport {
  offline = false;
  log: { kind: 'push' | 'pull'; ms: number; rows?: number; mutations?: number }[] = [];
  login: SyncTransport['login'] = (hub, req) => httpTransport.login(hub, req);
  push: SyncTransport['push'] = async (hub, token, req) => {
    if (this.offline) throw new OfflineError('offline (a week at a venue)');
    const t0 = process.hrtime.bigint();
    const r = await httpTransport.push(hub, token, req);
    this.log.push({ kind: 'push', ms: ms(t0), mutations: req.mutations.length });
    return r;
  };
  pull: SyncTransport['pull'] = async (hub, token, req) => {
    if (this.offline) throw new OfflineError('offline (a week at a venue)');
    const t0 = process.hrtime.bigint();
    const r = await httpTransport.pull(hub, token, req);
    this.log.push({ kind: 'pull', ms: ms(t0), rows: r.rows.length });
    return r;
  };
}

async function hubRowsFor(pg: Pool, viewer: Viewer): Promise<Map<string, string>> {
  const r = await pg.query<{ tbl: string; pk: string; data: Record<string, unknown> }>('SELECT tbl, pk, data FROM hub_rows WHERE data IS NOT NULL');
  return new Map(r.rows.map((x) => [`${x.tbl} ${x.pk}`, canonical(scopeRow(viewer, { table: x.tbl, key: x.pk, version: 1, data: x.data }).data!)]));
}

// ---- the run ---------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const load0 = loadavg().map(r1);
  log(`${args.desktops} desktops, ${args.minutes} min, catch-up ${args.catchup} mutations, dataset ${args.data}; load average ${load0.join(' ')}`);
  const work = mkdtempSync(join(tmpdir(), 'crewdesk-bench-hub-'));
  const pg = await startPostgres();
  let hub: HubProcess | null = null;
  let workers: Workers | null = null;
  let exitCode = 0;
  try {
    // The workspace: the benchmark dataset (reused from .cache/bench when current), copied.
    const file = join(work, 'workspace.sqlite3');
    const cached = defaultOut(args.data);
    if (existsSync(cached) && datasetVersion(cached) === GENERATOR_VERSION) copyFileSync(cached, file);
    else generate({ size: args.data, out: file, seed: args.seed });
    const { db, people } = await prepareWorkspace(file, args.seed);
    const t0 = Date.now();
    const pgPool = openPool(pg.url());
    await ensureHubSchema(pgPool);
    const seeded = await seedHub(pgPool, db);
    db.close();
    await setPasswords(pgPool, people);
    log(`hub seeded with ${seeded} rows, ${people.length} people in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const tls = await createHubTls(join(work, 'tls'));
    const h0 = Date.now();
    hub = await HubProcess.start(pg.url(), tls, args.hubProf);
    const hubStartS = (Date.now() - h0) / 1000;
    const endpoint = { url: hub.url, fingerprint: hub.fingerprint };
    const idle = await hub.stats();
    log(`hub up at ${hub.url} in ${hubStartS.toFixed(1)} s, RSS ${(idle.rss / 2 ** 20).toFixed(0)} MB`);

    const random = rng(args.seed);
    const version0 = await currentVersion(pgPool);
    const desktops = Array.from({ length: args.desktops }, (_, i) => {
      const p = people[i % people.length]!;
      return new ThinDesktop(endpoint, p.login, p.places.map((w) => ({ ...w, tasks: [...w.tasks] })), rng(args.seed * 1000 + i), version0);
    });

    // Sign-in: --sign-ins desktops for real (scrypt at the hub, at most POLICY.hashConcurrency at once
    // there: ~1-2 s of a core each on this machine); the others kept the token of a session opened on
    // an earlier day (a session lives 14 days unused), opened here by the hub's own openSession.
    const signIns: number[] = [];
    const s0 = Date.now();
    const signing = desktops.slice(0, args.signIns);
    await pool(signing, 2, async (d) => { // the hub hashes two at once (POLICY.hashConcurrency): more would only queue into the timeout
      const t = process.hrtime.bigint();
      await d.signIn(PASSWORD);
      signIns.push(ms(t));
    });
    const signInS = (Date.now() - s0) / 1000;
    for (const [i, d] of desktops.entries()) {
      if (i < signing.length) continue;
      const p = people[i % people.length]!;
      d.resume(await openSession(pgPool, p.id, '127.0.0.1'), p.id);
    }
    log(`${signing.length} desktops signed in in ${signInS.toFixed(1)} s; ${desktops.length - signing.length} resumed their sessions`);

    // The desktop that will be away: a real one (SQLite, the sync client), a member's.
    const awayPerson = people.find((p) => p.role === 'member' && p.places.some((w) => w.tasks.length > 2)) ?? people[people.length - 1]!;
    const awayDb = openDatabase(join(work, 'away.sqlite3'));
    const awayBackend = createBackend(awayDb);
    const away = new AwayTransport();
    const awaySync = attachSyncClient(awayBackend, { transport: away, intervalMs: 0 });
    const session: Session = { actorId: null };
    const c0 = Date.now();
    const connected = await awayBackend.call('sync.connect', { hubUrl: hub.url, name: awayPerson.login, password: PASSWORD, fingerprint: hub.fingerprint }, session);
    if (!connected.ok) throw new Error(`the away desktop could not connect: ${connected.error.message.en}`);
    const firstConnect = { seconds: r2((Date.now() - c0) / 1000), rows: away.log.filter((x) => x.kind === 'pull').reduce((a, x) => a + (x.rows ?? 0), 0) };
    log(`the away desktop (${awayPerson.login}) connected: first pull ${firstConnect.rows} rows in ${firstConnect.seconds} s`);
    away.offline = true;
    away.log = [];

    // The thin desktops move to their processes (the parent keeps only the away desktop and the figures).
    const specs: DesktopSpec[] = desktops.map((d, i) => ({ login: d.login, personId: d.personId, token: d.currentToken, places: d.workplaces, seed: args.seed * 1000 + i, since: version0 }));
    workers = await Workers.start(args.workers, endpoint, specs, args.seed);
    log(`${args.desktops} desktops in ${args.workers} processes`);

    // 1. Steady load.
    log(`steady load: ${args.minutes} min`);
    const sample1 = sampler(hub);
    workers.load();
    await sleep(args.minutes * 60_000);
    const steady = await workers.stop();
    const steadyHub = await sample1.stop();
    const steadySummary = { ...summary(steady), ...steadyHub };
    log(`steady: push p95 ${steadySummary.push.p95_ms} ms (n ${steadySummary.push.n}), pull p95 ${steadySummary.pull.p95_ms} ms (n ${steadySummary.pull.n}), errors ${steadySummary.errors}, hub RSS max ${steadyHub.hub_rss_mb_max} MB, hub CPU ${steadyHub.hub_cpu_percent_of_one_core}%, desktops' event-loop delay p99 ${steady.loopDelayP99Ms} ms`);

    // 2. A week of the others' work while the away desktop makes its own changes offline.
    const place = awayPerson.places.find((w) => w.tasks.length > 2)!;
    for (let i = 0; i < args.own; i++) {
      const task = place.tasks[i % place.tasks.length]!;
      const r = i % 2
        ? await awayBackend.call('comments.add', { taskId: task, body: `现场补充：第 ${i + 1} 条` }, session)
        : await awayBackend.call('tasks.update', { id: task, description: `外出采访期间更新（${i + 1}）` }, session);
      if (!r.ok) throw new Error(`the away desktop's own change failed: ${r.error.message.en}`);
    }
    const b0 = Date.now();
    const sample2 = sampler(hub);
    const burst = await workers.burst(args.catchup, 8);
    const burstS = (Date.now() - b0) / 1000;
    const burstHub = await sample2.stop();
    const pushed = burst.pushed;
    log(`a week of work: ${pushed} mutations in ${burstS.toFixed(1)} s (${(pushed / burstS).toFixed(0)}/s), errors ${errorCount(burst)}`);

    // 3. The away desktop comes back while the center works.
    const sample3 = sampler(hub);
    workers.load();
    await sleep(Math.min(PUSH_EVERY_MS, args.minutes * 15_000));
    away.offline = false;
    const versionAway = Number(awayDb.prepare<[], { value: string }>("SELECT value FROM sync_state WHERE key = 'hubVersion'").get()?.value ?? 0);
    const mutationsSince = Number((await pgPool.query<{ n: string }>("SELECT count(*) AS n FROM hub_mutations WHERE status = 'applied' AND version > $1", [versionAway])).rows[0]!.n);
    const k0 = Date.now();
    const back = await awayBackend.call('sync.now', {}, session);
    const catchUpS = (Date.now() - k0) / 1000;
    const during = await workers.stop();
    const duringHub = await sample3.stop();
    const awayStatus = back.ok ? (back.value as SyncStatus) : null;
    const catchUp = {
      seconds: r2(catchUpS),
      mutations_from_others: mutationsSince,
      own_changes_pushed: args.own,
      exchanges: away.log.map((x) => ({ ...x, ms: r1(x.ms) })),
      pending_after: awayStatus?.pending ?? null,
      error: back.ok ? awayStatus?.lastError?.en ?? null : back.error.message.en,
    };
    log(`catch-up: ${mutationsSince} mutations from others + ${args.own} own in ${catchUp.seconds} s (${away.log.map((x) => `${x.kind} ${r1(x.ms)} ms${x.rows !== undefined ? ` ${x.rows} rows` : ''}`).join(', ')})`);

    // The away desktop now holds what the hub holds for its person.
    await awayBackend.call('sync.now', {}, session);
    const role = awayPerson.role;
    const hubRows = await hubRowsFor(pgPool, { id: awayPerson.id, role });
    const mine = clientRows(awayDb);
    const diff = diffRows(hubRows, mine);
    const converged = diff.length === 0;
    log(converged ? `converged: the away desktop holds the hub's ${hubRows.size} rows` : `NOT converged: ${diff.join(' | ')}`);
    awaySync.close();
    awayDb.close();

    const rejections = workers.rejections;
    const totalMutations = Number((await pgPool.query<{ n: string }>('SELECT count(*) AS n FROM hub_mutations')).rows[0]!.n);
    const rejectedAtHub = Number((await pgPool.query<{ n: string }>("SELECT count(*) AS n FROM hub_mutations WHERE status = 'rejected'")).rows[0]!.n);
    await pgPool.end();

    const report = {
      bench: 'hub',
      size: args.size,
      desktops: args.desktops,
      desktop_processes: args.workers,
      minutes: args.minutes,
      push_every_ms: PUSH_EVERY_MS,
      pull_every_ms: PULL_EVERY_MS,
      dataset: args.data,
      seeded_rows: seeded,
      people: people.length,
      machine: { node: process.version, cpus: cpus().length, memory_gb: r1(totalmem() / 2 ** 30), load_average_start: load0 },
      hub_start_seconds: r1(hubStartS),
      hub_rss_mb_idle: r1(idle.rss / 2 ** 20),
      sign_in: { desktops: signing.length, seconds: r1(signInS), ...stat(signIns) },
      first_connect: firstConnect,
      steady: steadySummary,
      week_of_work: { mutations: pushed, seconds: r1(burstS), per_second: r1(pushed / burstS), ...summary(burst), ...burstHub },
      catch_up: catchUp,
      during_catch_up: { ...summary(during), ...duringHub },
      converged,
      convergence_diff: diff,
      hub_mutations_total: totalMutations,
      refused_at_hub: rejectedAtHub,
      refusals_seen: rejections.slice(0, 10),
      targets: {
        push_p95_le_200ms: steadySummary.push.p95_ms <= 200,
        pull_p95_le_200ms: steadySummary.pull.p95_ms <= 200,
        no_errors: errorCount(steady) + errorCount(burst) + errorCount(during) === 0 && rejectedAtHub === 0,
        catch_up_le_5s: catchUp.seconds <= 5 && catchUp.error === null,
      },
      total_seconds: r1((Date.now() - started) / 1000),
    };
    console.log(JSON.stringify({ steady: report.steady, catch_up: { seconds: catchUp.seconds, mutations_from_others: mutationsSince }, targets: report.targets }, null, 2));
    if (args.json) {
      mkdirSync(dirname(resolve(args.json)), { recursive: true });
      writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
      log(`wrote ${args.json}`);
    }
    if (!converged || errorCount(steady) + errorCount(burst) + errorCount(during) > 0 || rejectedAtHub > 0 || catchUp.error !== null) exitCode = 1;
  } finally {
    workers?.close();
    await hub?.close();
    pg.stop();
    rmSync(work, { recursive: true, force: true });
  }
  log(`done${exitCode ? ' (with failures)' : ''}`);
  process.exit(exitCode);
}

if (process.argv.includes('--serve-hub')) serveHubChild();
else if (process.argv.includes('--desktops-worker')) serveDesktopsWorker();
else {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
