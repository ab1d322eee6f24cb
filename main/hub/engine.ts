import { createBackend } from '../app';
import type { Backend } from '../core/backend';
import { openDatabase, type Db } from '../db/connection';
import { SCHEMA_VERSION } from '../db/migrations';
import type { CommandHooks } from '../sync/hooks';
import { hooksOf } from '../sync/registry';
import { ensureSyncTables, installCapture, RowStore, setCapture, syncedTables } from '../sync/rows';
import { contract, isCallName } from '../../shared/contract';
import { AppError, type AppErrorPayload } from '../../shared/errors';
import type { PullRequest, PullResponse, PushRequest, PushResponse, SyncMutation } from '../../shared/sync';
import { filterPulledRows, scopeKey, type Viewer } from '../core/read-scopes';
import { currentVersion, rowsSince, WRITE_LOCK, writeRows, type Pool, type PoolClient } from './store';

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

  constructor(private readonly pool: Pool) {
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
    await this.exclusive(async () => this.catchUp(this.pool));
  }

  close(): void {
    this.replica.close();
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

  async push(personId: string, req: PushRequest): Promise<PushResponse> {
    return this.exclusive(async () => {
      let last = 0;
      for (const m of [...req.mutations].sort((a, b) => a.id - b.id)) {
        const r = await this.applyOne(personId, req.clientId, m);
        last = r;
        if (r < m.id) break; // a gap: the client resends from last + 1
      }
      if (!req.mutations.length) last = await this.lastMutationId(req.clientId);
      return { lastMutationId: last, version: await currentVersion(this.pool) };
    });
  }

  private async lastMutationId(clientId: string): Promise<number> {
    const r = await this.pool.query<{ last_mutation_id: number }>('SELECT last_mutation_id FROM hub_clients WHERE client_id = $1', [clientId]);
    return r.rows[0]?.last_mutation_id ?? 0;
  }

  /** Returns the client's last processed mutation id after this one. */
  private async applyOne(personId: string, clientId: string, m: SyncMutation): Promise<number> {
    const c = await this.pool.connect();
    let savepoint = false;
    try {
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
      await c.query('INSERT INTO hub_clients (client_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [clientId, personId]);
      const cl = (await c.query<{ person_id: string; last_mutation_id: number }>(
        'SELECT person_id, last_mutation_id FROM hub_clients WHERE client_id = $1 FOR UPDATE',
        [clientId],
      )).rows[0]!;
      if (cl.person_id !== personId) {
        throw new AppError('FORBIDDEN', { zh: '此设备已由另一人登录枢纽', en: 'This device is registered to another person at the hub' });
      }
      if (m.id !== cl.last_mutation_id + 1) {
        // Already applied (a retried push) or a gap (an earlier one went missing): change nothing.
        await c.query('ROLLBACK');
        return cl.last_mutation_id;
      }
      await this.catchUp(c);
      const version = (await currentVersion(c)) + 1;

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
        await writeRows(c, touched, version);
        await c.query('UPDATE hub_version SET version = $1', [version]);
      } else {
        this.replica.exec('ROLLBACK TO hub_mutation');
      }
      await c.query(
        `INSERT INTO hub_mutations (client_id, mutation_id, person_id, name, args, at, status, version, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [clientId, m.id, personId, m.name, JSON.stringify(m.args ?? null), m.at, outcome.ok ? 'applied' : 'rejected',
          outcome.ok ? version : null, outcome.ok ? null : JSON.stringify(outcome.error)],
      );
      await c.query('UPDATE hub_clients SET last_mutation_id = $2, last_seen_at = now() WHERE client_id = $1', [clientId, m.id]);
      await c.query('COMMIT');
      this.replica.exec('RELEASE hub_mutation');
      savepoint = false;
      if (outcome.ok) this.replicaVersion = version;
      return m.id;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      if (savepoint) {
        this.replica.exec('ROLLBACK TO hub_mutation');
        this.replica.exec('RELEASE hub_mutation');
        this.replica.exec('DELETE FROM sync_capture');
      }
      throw e;
    } finally {
      c.release();
    }
  }

  private async run(personId: string, m: SyncMutation): Promise<{ ok: true } | { ok: false; error: AppErrorPayload }> {
    if (!isCallName(m.name) || contract[m.name].kind !== 'command' || NOT_SYNCABLE.has(m.name)) {
      return { ok: false, error: { code: 'VALIDATION', message: { zh: `枢纽不接受此操作：${m.name}`, en: `The hub does not accept ${m.name}` } } };
    }
    setCapture(this.replica, true, false);
    try {
      // The command runs synchronously inside this call; only the promise wrapper is async.
      const pending = this.hooks.replaying(m, () => this.backend.call(m.name, m.args, { actorId: personId }));
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
      const version = await currentVersion(c);
      const cl = (await c.query<{ person_id: string; last_mutation_id: number }>(
        'SELECT person_id, last_mutation_id FROM hub_clients WHERE client_id = $1',
        [req.clientId],
      )).rows[0];
      if (cl && cl.person_id !== personId) {
        throw new AppError('FORBIDDEN', { zh: '此设备已由另一人登录枢纽', en: 'This device is registered to another person at the hub' });
      }
      const rejections = (await c.query<{ mutation_id: number; name: string; error: AppErrorPayload }>(
        `SELECT mutation_id, name, error FROM hub_mutations
         WHERE client_id = $1 AND status = 'rejected' AND mutation_id >= $2 ORDER BY mutation_id`,
        [req.clientId, req.pendingFrom],
      )).rows.map((r) => ({ mutationId: r.mutation_id, name: r.name, error: { code: r.error.code, message: r.error.message } }));
      // The read policy (core/read-scopes): each person's desktop holds only what they may read.
      // Rows sent under another scope (the person was promoted or demoted since) are all sent again.
      const viewer = await viewerOf(c, personId);
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

/** Who pulls, as the hub's own rows say now (an unknown person reads as the least-privileged). */
async function viewerOf(c: PoolClient, personId: string): Promise<Viewer> {
  const r = await c.query<{ data: { role?: unknown } | null }>(
    "SELECT data FROM hub_rows WHERE tbl = 'people' AND pk = $1",
    [JSON.stringify([personId])],
  );
  const role = r.rows[0]?.data?.role;
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
