import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import pg from 'pg';
import { createBackend } from '../../main/app';
import type { Backend, Session } from '../../main/core/backend';
import { scopeRow, type Viewer } from '../../main/core/read-scopes';
import { openDatabase, type Db } from '../../main/db/connection';
import { seedHub } from '../../main/hub/engine';
import { startHub, type RunningHub } from '../../main/hub/server';
import { ensureHubSchema, findPerson, openPool, setPassword } from '../../main/hub/store';
import { createHubTls, type HubTls } from '../../main/hub/tls';
import type { SyncClient } from '../../main/sync/client';
import { attachSyncClient } from '../../main/sync/registry';
import { RowStore, syncedTables } from '../../main/sync/rows';
import { httpTransport, OfflineError, type SyncTransport } from '../../main/sync/transport';
import type { CallInput, CallName, CallResult } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { PullResponse } from '../../shared/sync';
import { freePort, type TestPostgres } from './postgres';

export const PASSWORD = 'crewdesk-test-password';

let tlsOnce: Promise<HubTls> | null = null;
/** The test hubs' key and certificate, made once per test process the way `npm run hub -- init` makes them. */
export function hubTls(): Promise<HubTls> {
  tlsOnce ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crewdesk-hub-tls-'));
    dirs.push(dir);
    return createHubTls(dir);
  })();
  return tlsOnce;
}

/** A hub over HTTPS with the test certificate, on 127.0.0.1. */
export async function startTestHub(pgUrl: string, port = 0): Promise<RunningHub> {
  return startHub({ pg: pgUrl, port, tls: await hubTls() });
}

/**
 * POST to a test hub the way the desktop does (a pinned TLS connection), for probes
 * that talk the protocol by hand. Answers like fetch: status and parsed JSON.
 */
export async function hubPost(
  hubUrl: string,
  path: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const { request } = await import('node:https');
  const tls = await hubTls();
  const u = new URL(`${hubUrl}${path}`);
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname, port: u.port, path: u.pathname, method: 'POST', ca: tls.cert, servername: 'localhost', agent: false,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
          const raw = Buffer.concat(chunks).toString('utf8');
          let parsed: Record<string, unknown>;
          try {
            parsed = JSON.parse(raw) as Record<string, unknown>;
          } catch {
            parsed = { raw };
          }
          resolve({ status: res.statusCode ?? 0, headers, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

/** The people of the test center and their roles (names from the demo's fictional staff). */
export const STAFF = [
  { name: '陈思远', role: 'manager' },
  { name: '林晓峰', role: 'convener' },
  { name: '王小川', role: 'member' },
  { name: '宋可欣', role: 'member' },
] as const;
export const ADMIN = '周岚';

/** A deterministic random source (mulberry32) so a failing run can be replayed from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Faults {
  /** Probabilities per message. */
  dropRequest: number;
  dropResponse: number;
  duplicate: number;
  /** Max extra latency per message, ms. */
  delayMs: number;
  /** Replace a pull answer by an older one this client already received (a reply overtaken on the way). */
  staleReply: number;
}

export const NO_FAULTS: Faults = { dropRequest: 0, dropResponse: 0, duplicate: 0, delayMs: 0, staleReply: 0 };

/**
 * A transport that misbehaves like a venue's network: drops requests, drops
 * the answer after the hub has committed, delivers a request a second time
 * later (after newer ones: reordering), delays, and hands back stale replies.
 */
export class FaultyTransport implements SyncTransport {
  offline = false;
  faults: Faults = NO_FAULTS;
  private readonly random: () => number;
  private readonly stragglers = new Set<Promise<unknown>>();
  private oldPulls: PullResponse[] = [];
  stats = { droppedRequests: 0, droppedResponses: 0, duplicates: 0, staleReplies: 0 };

  constructor(seed: number) {
    this.random = rng(seed);
  }

  private async wire<T>(send: () => Promise<T>): Promise<T> {
    if (this.offline) throw new OfflineError('offline (test)');
    const f = this.faults;
    if (f.delayMs) await sleep(this.random() * f.delayMs);
    if (this.random() < f.dropRequest) {
      this.stats.droppedRequests++;
      throw new OfflineError('request dropped (test)');
    }
    if (this.random() < f.duplicate) {
      this.stats.duplicates++;
      // The same message arrives again later, after whatever the client sends next.
      const late = sleep(this.random() * 30 + 5).then(send).catch(() => undefined);
      this.stragglers.add(late);
      void late.finally(() => this.stragglers.delete(late));
    }
    const res = await send();
    if (f.delayMs) await sleep(this.random() * f.delayMs);
    if (this.random() < f.dropResponse) {
      this.stats.droppedResponses++;
      throw new OfflineError('response dropped after the hub answered (test)');
    }
    return res;
  }

  login: SyncTransport['login'] = (hub, req) => httpTransport.login(hub, req);
  logout: NonNullable<SyncTransport['logout']> = (hub, token) => httpTransport.logout!(hub, token);
  push: SyncTransport['push'] = (hub, token, req) => this.wire(() => httpTransport.push(hub, token, req));
  pull: SyncTransport['pull'] = async (hub, token, req) => {
    const res = await this.wire(() => httpTransport.pull(hub, token, req));
    if (this.oldPulls.length && this.random() < this.faults.staleReply) {
      this.stats.staleReplies++;
      return this.oldPulls[Math.floor(this.random() * this.oldPulls.length)]!;
    }
    this.oldPulls = [...this.oldPulls.slice(-3), res];
    return res;
  };

  /** Waits for late duplicates still on the way. */
  async settle(): Promise<void> {
    while (this.stragglers.size) await Promise.allSettled([...this.stragglers]);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface Client {
  name: string;
  backend: Backend;
  db: Db;
  sync: SyncClient;
  transport: FaultyTransport;
  session: Session;
  /** Commands this client committed locally (each must reach the hub exactly once). */
  committed: number;
  call<K extends CallName>(name: K, input: CallInput<K>, session?: Session): Promise<CallResult<K>>;
  close(): void;
}

export interface Center {
  pool: pg.Pool;
  hub: RunningHub;
  hubUrl: string;
  port: number;
  people: Map<string, string>;
  /** Hub login of each person, by name. */
  logins: Map<string, string>;
  restartHub(): Promise<void>;
  /** A client of the hub, or of `hubUrl` (a second hub process on the same PostgreSQL). */
  client(name: string, seed?: number, hubUrl?: string): Promise<Client>;
  /** The PostgreSQL connection string of this center. */
  pgUrl: string;
  /**
   * Rows of every synced table as the hub holds them in PostgreSQL; with a person's
   * name, as the hub sends them to that person (the read policy, core/read-scopes).
   */
  hubRows(forName?: string): Promise<Map<string, string>>;
  close(): Promise<void>;
}

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'crewdesk-sync-'));
  dirs.push(dir);
  return join(dir, 'crewdesk.sqlite3');
}

export function cleanupTemp(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

let dbCounter = 0;

/**
 * A fresh center: its own PostgreSQL database, seeded from a workspace made
 * on a desktop (an admin and the STAFF), with a hub on 127.0.0.1 and hub
 * passwords for everyone.
 */
/**
 * The two desktops most sync stories need: 林晓峰 convenes a new project on his, 王小川 (on his
 * own) is in its group. Returns both clients, 王小川's id and the project.
 */
export async function convenerAndMember(center: Center, projectName: string) {
  const convener = await center.client('林晓峰');
  const member = await center.client('王小川');
  const me = center.people.get('王小川')!;
  const project = await convener.call('projects.create', { name: projectName, startDate: '2027-01-10', endDate: '2027-02-20', convenerId: center.people.get('林晓峰') });
  await convener.call('projects.group.add', { projectId: project.id, personId: me, role: '摄像', hoursPerWeek: 10 });
  return { convener, member, me, project };
}

export async function startCenter(pgServer: TestPostgres, opts: { port?: number; dbName?: string } = {}): Promise<Center> {
  const dbName = opts.dbName ?? `center_${process.pid}_${++dbCounter}`;
  const admin = new pg.Client({ connectionString: pgServer.url() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`); // a name we made up, not input
  await admin.end();
  const url = pgServer.url(dbName);

  // The workspace the center starts from, made on a desktop with the app's own commands.
  const seedDb = openDatabase(tempFile());
  const seed = createBackend(seedDb);
  const ok = <T>(r: { ok: true; value: unknown } | { ok: false; error: { message: { en: string } } }): T => {
    if (!r.ok) throw new Error(r.error.message.en);
    return r.value as T;
  };
  const setup = ok<{ actor: { id: string; teamId: string } }>(
    await seed.call('workspace.setup', { mode: 'empty', admin: { name: ADMIN, title: '主任' } }, { actorId: null }),
  );
  const as = { actorId: setup.actor.id };
  for (const p of STAFF) ok(await seed.call('people.create', { name: p.name, teamId: setup.actor.teamId, role: p.role }, as));

  const pool = openPool(url);
  await ensureHubSchema(pool);
  await seedHub(pool, seedDb);
  seedDb.close();
  const people = new Map<string, string>();
  const logins = new Map<string, string>();
  for (const name of [ADMIN, ...STAFF.map((s) => s.name)]) {
    // The hub signs in by login (the pinyin of the name here); the test names people by name.
    const r = await pool.query<{ id: string }>("SELECT data->>'id' AS id FROM hub_rows WHERE tbl = 'people' AND data->>'name' = $1", [name]);
    const person = r.rows.length === 1 ? await findPerson(pool, { id: r.rows[0]!.id }) : null;
    if (!person) throw new Error(`seed lacks ${name}`);
    people.set(name, person.id);
    logins.set(name, person.login);
  }
  await Promise.all([...people.values()].map((id) => setPassword(pool, id, PASSWORD)));
  return centerOn(pool, url, people, logins, await startTestHub(url, opts.port ?? 0));
}

/** The Center object over a running hub and its pool (a fresh center, or one opened from a snapshot). */
function centerOn(pool: pg.Pool, url: string, people: Map<string, string>, logins: Map<string, string>, first: RunningHub): Center {
  let hub = first;
  const port = hub.port;
  const clients: Client[] = [];
  const center: Center = {
    pool,
    get hub() {
      return hub;
    },
    hubUrl: hub.url,
    port,
    people,
    logins,
    restartHub: async () => {
      await hub.close();
      hub = await startTestHub(url, port);
    },
    pgUrl: url,
    client: async (name, seedNo = clients.length + 1, hubUrl?: string) => {
      const db = openDatabase(tempFile());
      const c = clientOn(db, name, seedNo);
      // The person compares the fingerprint the desktop shows with the one the admin printed.
      const probe = await c.backend.call('sync.probe', { hubUrl: hubUrl ?? hub.url }, c.session);
      if (!probe.ok) throw AppError.fromPayload(probe.error);
      const shown = (probe.value as { fingerprint: string | null }).fingerprint;
      if (shown !== (await hubTls()).fingerprint) throw new Error(`the hub shows ${shown}, not the test certificate`);
      const r = await c.backend.call('sync.connect', { hubUrl: hubUrl ?? hub.url, name: logins.get(name) ?? name, password: PASSWORD, fingerprint: shown }, c.session);
      if (!r.ok) throw AppError.fromPayload(r.error);
      clients.push(c);
      return c;
    },
    hubRows: async (forName?: string) => {
      const r = await pool.query<{ tbl: string; pk: string; data: Record<string, unknown> }>(
        'SELECT tbl, pk, data FROM hub_rows WHERE data IS NOT NULL',
      );
      let viewer: Viewer | null = null;
      if (forName !== undefined) {
        const id = people.get(forName)!;
        const row = r.rows.find((x) => x.tbl === 'people' && x.pk === JSON.stringify([id]));
        viewer = { id, role: (row?.data.role as Viewer['role'] | undefined) ?? 'member' };
      }
      return new Map(
        r.rows.map((x) => {
          const data = viewer ? scopeRow(viewer, { table: x.tbl, key: x.pk, version: 1, data: x.data }).data! : x.data;
          return [`${x.tbl} ${x.pk}`, canonical(data)];
        }),
      );
    },
    close: async () => {
      for (const c of clients) {
        await c.transport.settle();
        c.close();
      }
      await hub.close();
      await pool.end();
    },
  };
  (center as CenterInternals)[CLIENTS] = clients;
  return center;
}

const CLIENTS = Symbol('clients');
type CenterInternals = Center & { [CLIENTS]?: Client[] };

/** A desktop on a database file (connected to a hub or not yet): its backend, sync client and faulty network. */
function clientOn(db: Db, name: string, seedNo: number, actorId: string | null = null): Client {
  const transport = new FaultyTransport(seedNo);
  let committed = 0;
  const backend = createBackend(db, { onCommand: () => void committed++ });
  const sync = attachSyncClient(backend, { transport, intervalMs: 0 });
  const session: Session = { actorId };
  return {
    name,
    backend,
    db,
    sync,
    transport,
    session,
    get committed() {
      return committed;
    },
    call: async (n, input, s = session) => {
      const res = await backend.call(n, input, s);
      if (!res.ok) throw AppError.fromPayload(res.error);
      return res.value as never;
    },
    close: () => {
      sync.close();
      db.close();
    },
  };
}

/**
 * A center made once and opened many times: the hub's PostgreSQL database becomes a template
 * (`CREATE DATABASE … TEMPLATE`), and each desktop's folder (database file and hub token) is
 * copied. Opening one costs a database copy and a hub start, not a seed, five password hashes
 * and four sign-ins, so a property test can afford hundreds of fresh centers. Every opening
 * serves its hub on the same port (the desktops know the hub by its address).
 */
export interface CenterSnapshot {
  /** A fresh center in the snapshot's state, with its desktops (in the order they were named). */
  open(seed: number): Promise<{ center: Center; clients: Client[]; drop(): Promise<void> }>;
  close(): Promise<void>;
}

/**
 * Builds the snapshot: a center, a desktop signed in for each of `names`, then `prepare` (seed rows
 * through the desktops' own commands), everything synced.
 */
export async function snapshotCenter(
  pgServer: TestPostgres,
  names: readonly string[],
  prepare: (center: Center, clients: Client[]) => Promise<void> = async () => undefined,
): Promise<CenterSnapshot> {
  const port = await freePort();
  const template = `snap_${process.pid}_${++dbCounter}`;
  const center = await startCenter(pgServer, { port, dbName: template });
  const clients: Client[] = [];
  try {
    for (const [i, name] of names.entries()) clients.push(await center.client(name, i + 1));
    await prepare(center, clients);
    for (let round = 0; round < 2; round++) for (const c of clients) await c.sync.sync();
  } catch (e) {
    await center.close();
    throw e;
  }
  const folders = clients.map((c) => ({ name: c.name, dir: dirname(c.db.name), file: basename(c.db.name), actorId: c.session.actorId }));
  const people = center.people;
  const logins = center.logins;
  await center.close();
  let opened = 0;
  const admin = new pg.Client({ connectionString: pgServer.url() });
  await admin.connect();
  // The next run's database is copied while this run plays, and a finished run's is dropped
  // behind it (the one connection orders the statements).
  const copy = (): Promise<string> => {
    const dbName = `${template}_${++opened}`;
    return admin.query(`CREATE DATABASE ${dbName} TEMPLATE ${template}`).then(() => dbName); // names we made up, not input
  };
  let spare: Promise<string> | null = null;
  const dropping = new Set<Promise<unknown>>();
  return {
    open: async (seed) => {
      const dbName = await (spare ?? copy());
      spare = copy();
      spare.catch(() => undefined);
      const url = pgServer.url(dbName);
      const pool = openPool(url);
      const c = centerOn(pool, url, people, logins, await startTestHub(url, port));
      const list = (c as CenterInternals)[CLIENTS]!;
      for (const [i, f] of folders.entries()) {
        const dir = mkdtempSync(join(tmpdir(), 'crewdesk-sync-'));
        dirs.push(dir);
        cpSync(f.dir, dir, { recursive: true });
        list.push(clientOn(openDatabase(join(dir, f.file)), f.name, seed * 16 + i, f.actorId));
      }
      const mine = [...list];
      return {
        center: c,
        clients: mine,
        drop: async () => {
          await c.close();
          for (const x of mine) rmSync(dirname(x.db.name), { recursive: true, force: true });
          const d = admin.query(`DROP DATABASE IF EXISTS ${dbName}`).catch(() => undefined);
          dropping.add(d);
          void d.finally(() => dropping.delete(d));
        },
      };
    },
    close: async () => {
      const last = await spare?.catch(() => null);
      if (last) await admin.query(`DROP DATABASE IF EXISTS ${last}`).catch(() => undefined);
      await Promise.all([...dropping]);
      await admin.query(`DROP DATABASE IF EXISTS ${template}`).catch(() => undefined);
      await admin.end();
    },
  };
}

/** Every synced row of a client's database, keyed like hubRows(). */
export function clientRows(db: Db): Map<string, string> {
  const store = new RowStore(db, syncedTables(db));
  return new Map([...store.everyRow()].map((r) => [`${r.table} ${r.key}`, canonical(r.data)]));
}

export function canonical(row: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(row).sort().map((k) => [k, row[k]]));
}

/** Differences between two row maps, for a readable failure. */
export function diffRows(a: Map<string, string>, b: Map<string, string>, limit = 5): string[] {
  const out: string[] = [];
  for (const [k, v] of a) if (b.get(k) !== v) out.push(`${k}: ${v} ≠ ${b.get(k) ?? '(missing)'}`);
  for (const k of b.keys()) if (!a.has(k)) out.push(`${k}: (missing) ≠ ${b.get(k)}`);
  return out.slice(0, limit);
}
