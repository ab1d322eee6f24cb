import { createBackend } from '../app';
import type { Backend } from '../core/backend';
import { openDatabase, type Db } from '../db/connection';
import { SCHEMA_VERSION } from '../db/migrations';
import type { CommandHooks } from '../sync/hooks';
import { hooksOf } from '../sync/registry';
import { ensureSyncTables, installCapture, RowStore, setCapture, syncedTables } from '../sync/rows';
import { contract, isCallName } from '../../shared/contract';
import { AppError, type AppErrorPayload } from '../../shared/errors';
import { UUID_V7, type PullRequest, type PullResponse, type PushRequest, type PushResponse, type SyncMutation, type WireMutation } from '../../shared/sync';
import { loginBase, uniqueLogin } from '../core/logins';
import { POLICY } from './policy';
import { filterPulledRows, scopeKey, type Viewer } from '../core/read-scopes';
import { currentVersion, rowsSince, WRITE_LOCK, writeRows, writeVersion, type Pool, type PoolClient } from './store';

/** Commands a client may not ship: setting up a workspace happens once, on the hub (`hub seed`). */
const NOT_SYNCABLE = new Set(['workspace.setup']);

/**
 * Applies pushed mutations. The rules are not re-implemented here: each
 * mutation runs through the very Backend and command handlers the desktop runs
 * (zod validation, rights checks, the activity row), against a SQLite replica
 * of the hub's rows, as the person the client authenticated as. The rows the
 * command touched are then written to PostgreSQL with the next version, in one
 * PG transaction under the write lock.
 *
 * The replica is a cache, never a source: it is rebuilt from PostgreSQL at
 * start and brought up to date from PostgreSQL before each mutation, so any
 * number of hub processes can serve the same database, and a process can be
 * killed at any moment.
 */
export class HubEngine {
  private readonly replica: Db;
  private readonly backend: Backend;
  private readonly hooks: CommandHooks;
  private readonly rows: RowStore;
  private replicaVersion = 0;
  private queue: Promise<unknown> = Promise.resolve();

  private readonly limits: PushLimits;

  /**
   * `writer`: the connection mutations are applied on. They run one at a time anyway (the
   * replica, the write lock), so one connection of their own is enough, and a push never waits
   * for a connection behind a crowd of pulls.
   */
  private readonly writer: Pool;

  constructor(
    private readonly pool: Pool,
    limits: Partial<PushLimits> = {},
    writer?: Pool,
  ) {
    this.writer = writer ?? pool;
    this.limits = { ...pushLimits(), ...limits };
    this.replica = openDatabase(':memory:');
    this.backend = createBackend(this.replica);
    this.hooks = hooksOf(this.replica)!;
    ensureSyncTables(this.replica);
    const tables = syncedTables(this.replica);
    this.hooks.register(this.replica);
    installCapture(this.replica, tables);
    this.rows = new RowStore(this.replica, tables);
  }

  async init(): Promise<void> {
    await this.exclusive(async () => {
      await backfillLogins(this.pool);
      await this.catchUp(this.pool);
    });
  }

  close(): void {
    this.replica.close();
  }

  /** Reads the hub's rows as they are in PostgreSQL now (the replica caught up first); never writes. */
  read<T>(fn: (db: Db) => T): Promise<T> {
    return this.exclusive(async () => {
      await this.catchUp(this.pool);
      return fn(this.replica);
    });
  }

  /** The replica serves one mutation at a time; PostgreSQL orders them across processes. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async catchUp(db: Pool | PoolClient): Promise<void> {
    const changes = await rowsSince(db, this.replicaVersion);
    if (!changes.length) return;
    const top = changes[changes.length - 1]!.version;
    this.replica.transaction(() => {
      this.replica.pragma('defer_foreign_keys = ON');
      this.rows.applyAll(changes);
    })();
    this.replicaVersion = top;
  }

  /**
   * Applies a push in order. Each mutation takes the replica (and PostgreSQL's
   * write lock) on its own, so pushes from different people interleave one
   * mutation at a time: a member's 500 large comments cannot hold back an
   * admin's one change for longer than a mutation or two. A push applies at
   * most POLICY.pushArgBytes of arguments and stays within the person's
   * per-minute budget; the client sends the rest in its next push.
   */
  async push(personId: string, req: PushRequest): Promise<PushResponse> {
    const sorted = [...req.mutations].sort((a, b) => a.id - b.id);
    const lim = this.limits;
    let budget = lim.mutationsPerMinute;
    if (sorted.length) {
      budget -= await this.recentMutations(personId);
      if (budget <= 0) {
        throw new HubLimitError(429, {
          zh: `同步过于频繁：每人每分钟最多 ${lim.mutationsPerMinute} 项改动，其余改动保存在本机，稍后自动同步`,
          en: `Too many changes at once: at most ${lim.mutationsPerMinute} per person per minute; the rest stay on this machine and sync shortly`,
        }, 60_000);
      }
    }
    let last: number | null = null;
    let version = 0;
    let bytes = 0;
    for (const m of sorted) {
      if (budget <= 0) break;
      const size = argBytes(m.args);
      if (last !== null && bytes + Math.min(size, POLICY.mutationArgBytes) > lim.pushArgBytes) break;
      bytes += Math.min(size, POLICY.mutationArgBytes);
      const r = await this.exclusive(() => this.applyOne(personId, req.clientId, m, size));
      last = r.last;
      version = Math.max(version, r.version);
      budget--;
      if (r.last < m.id) break; // a gap: the client resends from last + 1
    }
    // The version is the hub's as this push's last transaction saw it (committed; a later one may exist).
    if (last === null) return { lastMutationId: await this.lastMutationId(req.clientId), version: await currentVersion(this.pool) };
    return { lastMutationId: last, version };
  }

  /** Mutations of this person the hub took in (applied or refused) in the last minute, from every process. */
  private async recentMutations(personId: string): Promise<number> {
    const r = await this.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM hub_mutations WHERE person_id = $1 AND received_at > now() - interval '1 minute'",
      [personId],
    );
    return r.rows[0]?.n ?? 0;
  }

  private async lastMutationId(clientId: string): Promise<number> {
    const r = await this.pool.query<{ last_mutation_id: number }>('SELECT last_mutation_id FROM hub_clients WHERE client_id = $1', [clientId]);
    return r.rows[0]?.last_mutation_id ?? 0;
  }

  /**
   * Opens the mutation's PG transaction: the write lock, and this client's row (locked), in two
   * round trips (each one is a wait on a busy machine: a push is mostly round trips to PostgreSQL).
   */
  private async begin(c: PoolClient, personId: string, clientId: string): Promise<number> {
    // Two statements in one simple query; WRITE_LOCK is our own numeric constant, not input.
    await c.query(`BEGIN; SELECT pg_advisory_xact_lock(${Number(WRITE_LOCK)})`);
    // Registers the client on its first mutation; DO UPDATE (not NOTHING) locks the row and returns it.
    const cl = (await c.query<{ person_id: string; last_mutation_id: number }>(
      `INSERT INTO hub_clients (client_id, person_id) VALUES ($1, $2)
       ON CONFLICT (client_id) DO UPDATE SET last_seen_at = now()
       RETURNING person_id, last_mutation_id`,
      [clientId, personId],
    )).rows[0]!;
    if (cl.person_id !== personId) {
      throw new AppError('FORBIDDEN', { zh: '此设备已由另一人登录枢纽', en: 'This device is registered to another person at the hub' });
    }
    return cl.last_mutation_id;
  }

  /**
   * Returns the client's last processed mutation id after this one. A mutation
   * that cannot be applied or stored for any reason of its own (bad time or id,
   * text PostgreSQL refuses, a rights check, any error while it is written) is
   * recorded as refused with a reason, so the client's queue moves on; only a
   * failure of the infrastructure (PostgreSQL unreachable) is thrown (→ 5xx, retry).
   */
  private async applyOne(personId: string, clientId: string, wire: WireMutation, size: number): Promise<{ last: number; version: number }> {
    const c = await this.writer.connect();
    let savepoint = false;
    try {
      const last = await this.begin(c, personId, clientId);
      if (wire.id !== last + 1) {
        // Already applied (a retried push) or a gap (an earlier one went missing): change nothing.
        await c.query('ROLLBACK');
        return { last, version: this.replicaVersion };
      }
      const vetted = vet(wire, size, Date.now());
      if (!vetted.ok) {
        await this.record(c, personId, clientId, wire, { ok: false, error: vetted.error }, null);
        await c.query('COMMIT');
        return { last: wire.id, version: this.replicaVersion };
      }
      const m = vetted.mutation;
      const current = await currentVersion(c);
      try {
        // Under the write lock nothing moves: the replica is behind only if another hub process wrote.
        if (current > this.replicaVersion) await this.catchUp(c);
      } catch (e) {
        // Not this mutation's fault: refusing it would refuse every later one too. Retry later (5xx).
        throw new Error('hub: the replica could not catch up with PostgreSQL', { cause: e });
      }
      const version = current + 1;

      this.replica.exec('SAVEPOINT hub_mutation');
      savepoint = true;
      const outcome = await this.run(personId, m);
      if (outcome.ok) {
        const touched = this.replica
          .prepare<[], { tbl: string; pk: string }>('SELECT DISTINCT tbl, pk FROM sync_capture')
          .all()
          .map(({ tbl, pk }) => {
            const key = JSON.stringify(JSON.parse(pk) as unknown[]);
            return { table: tbl, key, data: this.rows.read(tbl, key) };
          });
        this.replica.exec('DELETE FROM sync_capture');
        await writeVersion(c, touched, version);
      } else {
        this.replica.exec('ROLLBACK TO hub_mutation');
      }
      await this.record(c, personId, clientId, wire, outcome, outcome.ok ? version : null);
      await c.query('COMMIT');
      this.replica.exec('RELEASE hub_mutation');
      savepoint = false;
      if (outcome.ok) this.replicaVersion = version;
      return { last: m.id, version: outcome.ok ? version : current };
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      if (savepoint) {
        this.replica.exec('ROLLBACK TO hub_mutation');
        this.replica.exec('RELEASE hub_mutation');
        this.replica.exec('DELETE FROM sync_capture');
      }
      if (!isMutationError(e)) throw e;
      // The mutation itself could not be stored: refuse it in a fresh transaction, so the queue moves on.
      await c.query('ROLLBACK').catch(() => undefined);
      try {
        const last = await this.begin(c, personId, clientId);
        if (wire.id !== last + 1) {
          await c.query('ROLLBACK');
          return { last, version: this.replicaVersion };
        }
        await this.record(c, personId, clientId, wire, { ok: false, error: UNSTORABLE }, null);
        await c.query('COMMIT');
        return { last: wire.id, version: this.replicaVersion };
      } catch (e2) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e2;
      }
    } finally {
      c.release();
    }
  }

  /** Logs the mutation and moves the client on. A refused one keeps only the head of its arguments. */
  private async record(
    c: PoolClient,
    personId: string,
    clientId: string,
    m: WireMutation,
    outcome: { ok: true } | { ok: false; error: AppErrorPayload },
    version: number | null,
  ): Promise<void> {
    const name = typeof m.name === 'string' ? m.name : String(m.name);
    const at = typeof m.at === 'number' && Number.isSafeInteger(m.at) && m.at >= 0 ? m.at : 0;
    // One statement (one round trip): the log row, and the client moved on.
    await c.query(
      `WITH logged AS (
         INSERT INTO hub_mutations (client_id, mutation_id, person_id, name, args, at, status, version, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9))
       UPDATE hub_clients SET last_mutation_id = $2, last_seen_at = now() WHERE client_id = $1`,
      [clientId, m.id, personId, storable(name).slice(0, 200), outcome.ok ? JSON.stringify(m.args ?? null) : truncatedArgs(m.args), at,
        outcome.ok ? 'applied' : 'rejected', version, outcome.ok ? null : JSON.stringify(sanitize(outcome.error))],
    );
  }

  private async run(personId: string, m: SyncMutation): Promise<{ ok: true } | { ok: false; error: AppErrorPayload }> {
    setCapture(this.replica, true, false);
    try {
      // The command runs synchronously inside this call; only the promise wrapper is async.
      const pending = this.hooks.replaying(m, () => this.backend.call(m.name as never, m.args as never, { actorId: personId }));
      setCapture(this.replica, false, false);
      const r = await pending;
      return r.ok ? { ok: true } : { ok: false, error: r.error };
    } finally {
      setCapture(this.replica, false, false);
    }
  }

  async pull(personId: string, req: PullRequest): Promise<PullResponse> {
    const c = await this.pool.connect();
    try {
      // One snapshot: the version, the rows and this client's progress agree with each other.
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // The snapshot's version, this client's progress and who pulls, in one round trip.
      const head = (await c.query<{ version: number; person_id: string | null; last_mutation_id: number | null; role: string | null }>(
        `SELECT (SELECT version FROM hub_version) AS version, cl.person_id, cl.last_mutation_id,
                (SELECT data->>'role' FROM hub_rows WHERE tbl = 'people' AND pk = $2) AS role
           FROM (SELECT 1) AS one LEFT JOIN hub_clients cl ON cl.client_id = $1`,
        [req.clientId, JSON.stringify([personId])],
      )).rows[0]!;
      const version = head.version ?? 0;
      const cl = head.person_id === null ? undefined : { person_id: head.person_id, last_mutation_id: head.last_mutation_id ?? 0 };
      if (cl && cl.person_id !== personId) {
        throw new AppError('FORBIDDEN', { zh: '此设备已由另一人登录枢纽', en: 'This device is registered to another person at the hub' });
      }
      // A refusal is recorded with the client's progress, so none can lie past last_mutation_id.
      const rejections = !cl || cl.last_mutation_id < req.pendingFrom ? [] : (await c.query<{ mutation_id: number; name: string; error: AppErrorPayload }>(
        `SELECT mutation_id, name, error FROM hub_mutations
         WHERE client_id = $1 AND status = 'rejected' AND mutation_id >= $2 ORDER BY mutation_id`,
        [req.clientId, req.pendingFrom],
      )).rows.map((r) => ({ mutationId: r.mutation_id, name: r.name, error: { code: r.error.code, message: r.error.message } }));
      // The read policy (core/read-scopes): each person's desktop holds only what they may read.
      // Rows sent under another scope (the person was promoted or demoted since) are all sent again.
      const viewer = viewerOf(personId, head.role);
      const scope = scopeKey(viewer);
      const since = req.scope !== undefined && req.scope !== scope ? 0 : req.since;
      const rows = since >= version ? [] : await rowsSince(c, since);
      await c.query('COMMIT');
      return { version, lastMutationId: cl?.last_mutation_id ?? 0, rejections, rows: filterPulledRows(viewer, rows), scope };
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }

}

/** Who pulls, as the hub's own rows say now (an unknown person, or one deleted, reads as the least-privileged). */
function viewerOf(personId: string, role: string | null): Viewer {
  return { id: personId, role: role === 'admin' || role === 'manager' || role === 'convener' ? role : 'member' };
}

/** Loads a whole workspace file into an empty hub as version 1 (how a center starts its hub). */
export async function seedHub(pool: Pool, db: Db): Promise<number> {
  const tables = syncedTables(db);
  const store = new RowStore(db, tables);
  const rows = [...store.everyRow()];
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
    if ((await currentVersion(c)) !== 0) {
      throw new AppError('CONFLICT', { zh: '枢纽已有数据，不能再次导入', en: 'The hub already holds a workspace; it cannot be seeded again' });
    }
    await writeRows(c, rows, 1);
    await c.query('UPDATE hub_version SET version = 1');
    await c.query("INSERT INTO hub_meta (key, value) VALUES ('schemaVersion', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [String(SCHEMA_VERSION)]);
    await c.query('COMMIT');
    return rows.length;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

/** The per-person push limits (POLICY's; a test hub may raise them to measure something else). */
export interface PushLimits {
  mutationsPerMinute: number;
  pushArgBytes: number;
}
const pushLimits = (): PushLimits => ({ mutationsPerMinute: POLICY.mutationsPerMinute, pushArgBytes: POLICY.pushArgBytes });

/** Too much at once: the server answers with this status (429) and a Retry-After. */
export class HubLimitError extends AppError {
  constructor(
    readonly status: number,
    message: { zh: string; en: string },
    readonly retryAfterMs: number,
  ) {
    super('CONFLICT', message);
  }
}

const refuse = (zh: string, en: string): { ok: false; error: AppErrorPayload } => ({ ok: false, error: { code: 'VALIDATION', message: { zh, en } } });

const UNSTORABLE: AppErrorPayload = {
  code: 'VALIDATION',
  message: { zh: '枢纽无法保存这项改动，已拒绝；其后的改动照常同步', en: 'The hub could not store this change and refused it; later changes sync as usual' },
};

/** The size of a mutation's arguments as JSON, in bytes. */
export function argBytes(args: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(args ?? null) ?? 'null', 'utf8');
  } catch {
    return Number.MAX_SAFE_INTEGER;
  }
}

const LONE = '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const UNSTORABLE_TEXT = new RegExp(`\\u0000|${LONE}`);
const UNSTORABLE_TEXT_ALL = new RegExp(`\\u0000|${LONE}`, 'g');

/** Whether any string (key or value) holds U+0000 or a lone surrogate: PostgreSQL's jsonb refuses both. */
export function hasUnstorableText(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return UNSTORABLE_TEXT.test(v);
  if (depth > 64) return true;
  if (Array.isArray(v)) return v.some((x) => hasUnstorableText(x, depth + 1));
  if (v && typeof v === 'object') {
    return Object.entries(v).some(([k, x]) => hasUnstorableText(k, depth + 1) || hasUnstorableText(x, depth + 1));
  }
  return false;
}

/** Text PostgreSQL can store: NUL and lone surrogates become U+FFFD. */
const storable = (s: string): string => s.replace(UNSTORABLE_TEXT_ALL, '\uFFFD');

function sanitize<T>(v: T, depth = 0): T {
  if (typeof v === 'string') return storable(v) as T;
  if (depth > 64) return null as T;
  if (Array.isArray(v)) return v.map((x) => sanitize(x, depth + 1) as unknown) as T;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [storable(k), sanitize(x, depth + 1)])) as T;
  return v;
}

/** A refused mutation's arguments as kept: whole if small, else the first POLICY.rejectedArgsKeep characters. */
function truncatedArgs(args: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(sanitize(args ?? null)) ?? 'null';
  } catch {
    text = '"(unreadable)"';
  }
  if (text.length <= POLICY.rejectedArgsKeep) return text;
  return JSON.stringify({ truncated: true, bytes: argBytes(args), head: storable(text.slice(0, POLICY.rejectedArgsKeep)) });
}

/**
 * Checks what the client says about a mutation before anything runs: a command
 * the hub accepts, ids in the app's format (UUIDv7), a time near the hub's own
 * clock, arguments of a sane size with text PostgreSQL can store.
 */
export function vet(m: WireMutation, size: number, hubNow: number): { ok: true; mutation: SyncMutation } | { ok: false; error: AppErrorPayload } {
  const name = m.name;
  if (typeof name !== 'string' || name.length > 80 || !isCallName(name) || contract[name].kind !== 'command' || NOT_SYNCABLE.has(name)) {
    const shown = typeof name === 'string' ? storable(name).slice(0, 80) : '?';
    return refuse(`枢纽不接受此操作：${shown}`, `The hub does not accept ${shown}`);
  }
  const at = m.at;
  if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < hubNow - POLICY.mutationPastMs || at > hubNow + POLICY.mutationFutureMs) {
    const days = Math.round(POLICY.mutationPastMs / 86_400_000);
    const mins = Math.round(POLICY.mutationFutureMs / 60_000);
    return refuse(
      `这项改动的时间不可信（早于 ${days} 天前或晚于枢纽时间 ${mins} 分钟以上），已拒绝；请检查本机时钟`,
      `This change carries an implausible time (over ${days} days ago or over ${mins} minutes ahead of the hub); refused — check this machine's clock`,
    );
  }
  const ids = m.ids;
  if (!Array.isArray(ids) || ids.length > 10_000 || !ids.every((x): x is string => typeof x === 'string' && UUID_V7.test(x))) {
    return refuse('这项改动带有格式不正确的编号，已拒绝', 'This change carries ids that are not in the app’s format; refused');
  }
  if (size > POLICY.mutationArgBytes) {
    return refuse(
      `这项改动过大（${Math.ceil(size / 1024)} KB，上限 ${POLICY.mutationArgBytes / 1024} KB），已拒绝`,
      `This change is too large (${Math.ceil(size / 1024)} KB; the limit is ${POLICY.mutationArgBytes / 1024} KB); refused`,
    );
  }
  if (hasUnstorableText(m.args)) {
    return refuse(
      '这项改动含有无法保存的字符（U+0000 或不成对的代理字符），已拒绝；请删去后重新输入',
      'This change contains characters that cannot be stored (U+0000 or a lone surrogate); refused — remove them and enter it again',
    );
  }
  return { ok: true, mutation: { id: m.id, name, args: m.args, ids, at } };
}

/**
 * Whether an error thrown while applying a mutation is the mutation's own (the
 * same mutation would fail again: refuse it) rather than the infrastructure's
 * (retry later). PostgreSQL's data exceptions (22…), integrity violations (23…)
 * and program limits (54…, e.g. a value too large) are the mutation's; so is an
 * error of the replica (SQLite) or of our own code on this input. Connection
 * loss, shutdown, resources, serialization failures and deadlocks are not.
 */
export function isMutationError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return /^(22|23|54)/.test(code);
  if (typeof code === 'string' && code.startsWith('SQLITE_')) return !/^SQLITE_(BUSY|LOCKED|IOERR|FULL|NOMEM|CANTOPEN)/.test(code);
  return e instanceof TypeError || e instanceof RangeError || e instanceof SyntaxError;
}

/**
 * Hubs that held people before logins existed: each person row without one gets
 * the pinyin of the name (numbered on collision), written as a new version so
 * every desktop learns it. Runs at start, before the replica is built.
 */
async function backfillLogins(pool: Pool): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
    const r = await c.query<{ pk: string; data: Record<string, unknown> }>(
      "SELECT pk, data FROM hub_rows WHERE tbl = 'people' AND data IS NOT NULL ORDER BY (data->>'created_at')::bigint, pk",
    );
    const missing = r.rows.filter((x) => typeof x.data.login !== 'string' || x.data.login === '');
    if (!missing.length) {
      await c.query('ROLLBACK');
      return;
    }
    const taken = new Set(r.rows.map((x) => x.data.login).filter((l): l is string => typeof l === 'string' && l !== '').map((l) => l.toLowerCase()));
    const rows = missing.map((x) => {
      const login = uniqueLogin(loginBase(String(x.data.name ?? '')), (l) => taken.has(l));
      taken.add(login);
      return { table: 'people', key: x.pk, data: { ...x.data, login } };
    });
    const version = (await currentVersion(c)) + 1;
    await writeRows(c, rows, version);
    await c.query('UPDATE hub_version SET version = $1', [version]);
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}
