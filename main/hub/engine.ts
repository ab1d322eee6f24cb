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
import { currentVersion, rowsSince, WRITE_LOCK, writeRows, writeVersions, type Pool, type PoolClient } from './store';

/** Commands a client may not ship: setting up a workspace happens once, on the hub (`hub seed`). */
const NOT_SYNCABLE = new Set(['workspace.setup']);

/**
 * Applies pushed mutations. The rules are not re-implemented here: each
 * mutation runs through the very Backend and command handlers the desktop runs
 * (zod validation, rights checks, the activity row), against a SQLite replica
 * of the hub's rows, as the person the client authenticated as. The rows the
 * command touched are then written to PostgreSQL with the next version, under
 * the write lock; the mutations waiting together share one PG transaction
 * (group commit), each with its own version and savepoint.
 *
 * The replica is a cache, never a source: it is rebuilt from PostgreSQL at
 * start and brought up to date from PostgreSQL before each batch, so any
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
  /** Pushes waiting for the writer, in arrival order (see nextBatch). */
  private jobs: PushJob[] = [];
  private writing = false;
  private closed = false;

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

  /**
   * Stops taking pushes: the batch in flight finishes (or fails) first, the waiting pushes are
   * answered with an error (their desktops send them again), then the replica closes. Never
   * closes the replica under a running mutation, whose errors would otherwise read as the
   * mutation's own fault and refuse a change that was fine.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.kick();
    await this.queue;
    this.replica.close();
  }

  /** Pushes being applied or waiting for the writer (for the tests and the bench). */
  get waiting(): number {
    return this.jobs.length;
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
   * Applies a push in order. Its mutations wait for the writer with every other push's, and the
   * writer takes them in batches (group commit, see nextBatch and applyBatch): pushes from
   * different people interleave one mutation each per batch, so a member's 500 large comments
   * cannot hold back an admin's one change for longer than a batch. A push applies at most
   * POLICY.pushArgBytes of arguments and stays within the person's per-minute budget; the client
   * sends the rest in its next push. `signal`: the desktop gave up (its connection closed).
   */
  async push(personId: string, req: PushRequest, signal?: AbortSignal): Promise<PushResponse> {
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
    // What this push may apply: its argument bytes and the person's budget (the rest waits).
    const planned: { wire: WireMutation; size: number }[] = [];
    let bytes = 0;
    for (const m of sorted) {
      if (budget <= 0) break;
      const size = argBytes(m.args);
      if (planned.length && bytes + Math.min(size, POLICY.mutationArgBytes) > lim.pushArgBytes) break;
      bytes += Math.min(size, POLICY.mutationArgBytes);
      planned.push({ wire: m, size });
      budget--;
    }
    // The version is the hub's as this push's last transaction saw it (committed; a later one may exist).
    if (!planned.length) return { lastMutationId: await this.lastMutationId(req.clientId), version: await currentVersion(this.pool) };
    if (this.closed) throw new Error('hub: shutting down');
    const job = await new Promise<PushJob>((resolve, reject) => {
      this.jobs.push({ personId, clientId: req.clientId, items: planned, next: 0, last: null, version: 0, stopped: false, signal, resolve, reject });
      this.kick();
    });
    if (job.last === null) return { lastMutationId: await this.lastMutationId(req.clientId), version: await currentVersion(this.pool) };
    return { lastMutationId: job.last, version: job.version };
  }

  /**
   * Starts the writer if it is idle. Each batch takes the replica on its own (`exclusive`), so a
   * read waits for at most one batch, never for the whole queue to drain.
   */
  private kick(): void {
    if (this.writing) return;
    this.writing = true;
    void this.exclusive(async () => {
      const batch = this.nextBatch();
      if (batch.length) await this.applyBatch(batch);
    }).finally(() => {
      this.writing = false;
      if (this.jobs.length) this.kick();
    });
  }

  /**
   * The next batch: one mutation from each waiting push in turn (round robin), so a member's 500
   * large comments cannot hold back an admin's one change for more than a batch, up to
   * POLICY.batchMutations mutations and POLICY.pushArgBytes of arguments. A push whose desktop
   * has given up (its connection closed) is dropped before anything of it is applied: the desktop
   * sends it again, and a backlog cannot outlive the load that made it.
   */
  private nextBatch(): BatchItem[] {
    if (this.closed) {
      this.settleJobs(); // the pushes already applied are answered with what they got
      for (const job of this.jobs) job.reject(new Error('hub: shutting down'));
      this.jobs = [];
      return [];
    }
    const batch: BatchItem[] = [];
    let bytes = 0;
    for (;;) {
      this.settleJobs();
      let took = false;
      for (const job of this.jobs) {
        if (job.next >= job.items.length || batch.length >= POLICY.batchMutations) continue;
        const item = job.items[job.next]!;
        const cost = Math.min(item.size, POLICY.mutationArgBytes);
        if (batch.length && bytes + cost > POLICY.pushArgBytes) continue;
        // Each pass takes a push's next mutation, so its mutations stay in order within the batch.
        batch.push({ job, ...item });
        bytes += cost;
        job.next++;
        job.inFlight = (job.inFlight ?? 0) + 1; // not answered until its batch is done
        took = true;
      }
      if (!took || batch.length >= POLICY.batchMutations) return batch;
    }
  }

  /** Answers the pushes that are done (all applied, stopped at a gap, or failed) and drops abandoned ones. */
  private settleJobs(): void {
    this.jobs = this.jobs.filter((job) => {
      if (job.signal?.aborted && !job.inFlight) {
        // Nobody reads the answer; the desktop resends, and what did apply is skipped then.
        if (job.next === 0) job.reject(new Error('hub: the desktop gave up on this push'));
        else job.resolve(job);
        return false;
      }
      if (job.stopped || job.next >= job.items.length) {
        if (job.inFlight) return true;
        job.resolve(job);
        return false;
      }
      return true;
    });
  }

  /**
   * Applies a batch in one PostgreSQL transaction under the write lock: each mutation runs on the
   * replica in turn with its own version and its own savepoint (a refusal stands alone), then the
   * touched rows, the log rows and the clients' progress are written in one statement each and
   * committed once. Round trips per batch, not per mutation: the write path's cost on a busy
   * machine. If PostgreSQL refuses what the batch stores (text it cannot hold), the batch is
   * undone and its mutations go one at a time, so only the offending one is refused.
   */
  private async applyBatch(batch: BatchItem[]): Promise<void> {
    const done = (): void => {
      for (const it of batch) it.job.inFlight = (it.job.inFlight ?? 1) - 1;
    };
    try {
      await this.applyBatchOnce(batch);
    } catch (e) {
      if (isMutationError(e) && !this.closed) {
        await this.applySerially(batch);
      } else {
        for (const it of batch) it.job.failed = e;
      }
    } finally {
      done();
    }
    for (const it of batch) {
      if (it.job.failed !== undefined) {
        it.job.stopped = true;
        const i = this.jobs.indexOf(it.job);
        if (i >= 0 && !it.job.inFlight) {
          this.jobs.splice(i, 1);
          it.job.reject(it.job.failed);
        }
      }
    }
    // The pushes this batch finished are answered now, not when the writer next takes the replica.
    this.settleJobs();
  }

  private async applySerially(batch: BatchItem[]): Promise<void> {
    for (const it of batch) {
      const job = it.job;
      if (job.stopped) continue;
      try {
        const r = await this.applyOne(job.personId, job.clientId, it.wire, it.size);
        job.last = r.last;
        job.version = Math.max(job.version, r.version);
        if (r.last < it.wire.id) job.stopped = true; // a gap: the client resends from last + 1
      } catch (e) {
        job.failed = e;
      }
    }
  }

  private async applyBatchOnce(batch: BatchItem[]): Promise<void> {
    const c = await this.writer.connect();
    let savepoint = false;
    try {
      // Two statements in one simple query; WRITE_LOCK is our own numeric constant, not input.
      await c.query(`BEGIN; SELECT pg_advisory_xact_lock(${Number(WRITE_LOCK)})`);
      // Every client of the batch registered (on its first mutation) and locked, in one round trip.
      const firstPerson = new Map<string, string>();
      for (const it of batch) if (!firstPerson.has(it.job.clientId)) firstPerson.set(it.job.clientId, it.job.personId);
      const clients = new Map(
        (await c.query<{ client_id: string; person_id: string; last_mutation_id: number }>(
          `INSERT INTO hub_clients (client_id, person_id) SELECT * FROM unnest($1::uuid[], $2::text[])
           ON CONFLICT (client_id) DO UPDATE SET last_seen_at = now()
           RETURNING client_id, person_id, last_mutation_id`,
          [[...firstPerson.keys()], [...firstPerson.values()]],
        )).rows.map((r) => [r.client_id, r] as const),
      );
      const current = await currentVersion(c);
      try {
        // Under the write lock nothing moves: the replica is behind only if another hub process wrote.
        if (current > this.replicaVersion) await this.catchUp(c);
      } catch (e) {
        // Not these mutations' fault: refusing them would refuse every later one too. Retry later (5xx).
        throw new Error('hub: the replica could not catch up with PostgreSQL', { cause: e });
      }

      this.replica.exec('SAVEPOINT hub_batch');
      savepoint = true;
      let version = current;
      const lasts = new Map<string, number>();
      const touched = new Map<string, { table: string; key: string; data: Record<string, unknown> | null; version: number }>();
      const logged: LogRow[] = [];
      const results: { job: PushJob; last: number; version: number; stop: boolean }[] = [];
      for (const it of batch) {
        const job = it.job;
        if (job.stopped || job.failed !== undefined) continue;
        const cl = clients.get(job.clientId)!;
        if (cl.person_id !== job.personId) {
          job.failed = new AppError('FORBIDDEN', { zh: '此设备已由另一人登录枢纽', en: 'This device is registered to another person at the hub' });
          continue;
        }
        const last = lasts.get(job.clientId) ?? cl.last_mutation_id;
        if (it.wire.id !== last + 1) {
          // Already applied (a retried push) or a gap (an earlier one went missing): change nothing.
          results.push({ job, last, version, stop: it.wire.id > last + 1 });
          if (it.wire.id > last + 1) job.stopped = true;
          continue;
        }
        lasts.set(job.clientId, it.wire.id);
        const vetted = vet(it.wire, it.size, Date.now());
        if (!vetted.ok) {
          logged.push(logRow(job.personId, job.clientId, it.wire, { ok: false, error: vetted.error }, null));
          results.push({ job, last: it.wire.id, version, stop: false });
          continue;
        }
        this.replica.exec('SAVEPOINT hub_mutation');
        const outcome = await this.run(job.personId, vetted.mutation);
        if (outcome.ok) {
          version++;
          for (const { tbl, pk } of this.replica.prepare<[], { tbl: string; pk: string }>('SELECT DISTINCT tbl, pk FROM sync_capture').all()) {
            const key = JSON.stringify(JSON.parse(pk) as unknown[]);
            // A row two mutations of the batch touched carries the later one's data and version.
            touched.set(`${tbl}\u0000${key}`, { table: tbl, key, data: this.rows.read(tbl, key), version });
          }
          this.replica.exec('DELETE FROM sync_capture');
          this.replica.exec('RELEASE hub_mutation');
        } else {
          this.undoReplica('hub_mutation');
        }
        logged.push(logRow(job.personId, job.clientId, it.wire, outcome, outcome.ok ? version : null));
        results.push({ job, last: it.wire.id, version, stop: false });
      }
      if (touched.size) await writeVersions(c, [...touched.values()], version);
      if (logged.length) await recordAll(c, logged);
      await c.query('COMMIT');
      this.replica.exec('RELEASE hub_batch');
      savepoint = false;
      this.replicaVersion = version;
      for (const r of results) {
        r.job.last = r.last;
        r.job.version = Math.max(r.job.version, r.version);
      }
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      if (savepoint) this.undoReplica('hub_batch');
      // Undone: nothing of this batch stands, so no push of it stopped because of it.
      for (const it of batch) if (it.job.failed === undefined) it.job.stopped = false;
      throw e;
    } finally {
      c.release();
    }
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
        await writeVersions(c, touched.map((r) => ({ ...r, version })), version);
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
      if (savepoint) this.undoReplica('hub_mutation');
      if (!isMutationError(e) || this.closed) throw e;
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

  /** Takes the replica back to a savepoint (and out of it), with what the capture had seen since. */
  private undoReplica(savepoint: 'hub_batch' | 'hub_mutation'): void {
    this.replica.exec(`ROLLBACK TO ${savepoint}`);
    this.replica.exec(`RELEASE ${savepoint}`);
    this.replica.exec('DELETE FROM sync_capture');
  }

  /** Logs the mutation and moves the client on (one statement, one round trip). */
  private async record(
    c: PoolClient,
    personId: string,
    clientId: string,
    m: WireMutation,
    outcome: { ok: true } | { ok: false; error: AppErrorPayload },
    version: number | null,
  ): Promise<void> {
    await recordAll(c, [logRow(personId, clientId, m, outcome, version)]);
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

interface PushJob {
  personId: string;
  clientId: string;
  items: { wire: WireMutation; size: number }[];
  /** Items handed to a batch so far. */
  next: number;
  /** The client's last processed mutation id after the batches so far (null: none ran). */
  last: number | null;
  version: number;
  /** Stopped at a gap (or its desktop gave up): the rest of its items are not applied. */
  stopped: boolean;
  inFlight?: number;
  failed?: unknown;
  signal: AbortSignal | undefined;
  resolve: (job: PushJob) => void;
  reject: (e: unknown) => void;
}

interface BatchItem {
  job: PushJob;
  wire: WireMutation;
  size: number;
}

interface LogRow {
  clientId: string;
  mutationId: number;
  personId: string;
  name: string;
  args: string;
  at: number;
  status: 'applied' | 'rejected';
  version: number | null;
  error: string | null;
}

/** A mutation's row in hub_mutations. A refused one keeps only the head of its arguments. */
function logRow(
  personId: string,
  clientId: string,
  m: WireMutation,
  outcome: { ok: true } | { ok: false; error: AppErrorPayload },
  version: number | null,
): LogRow {
  const name = typeof m.name === 'string' ? m.name : String(m.name);
  const at = typeof m.at === 'number' && Number.isSafeInteger(m.at) && m.at >= 0 ? m.at : 0;
  return {
    clientId,
    mutationId: m.id,
    personId,
    name: storable(name).slice(0, 200),
    args: outcome.ok ? JSON.stringify(m.args ?? null) : truncatedArgs(m.args),
    at,
    status: outcome.ok ? 'applied' : 'rejected',
    version,
    error: outcome.ok ? null : JSON.stringify(sanitize(outcome.error)),
  };
}

/** The log rows, and each client moved on to its last one: one statement. */
async function recordAll(c: PoolClient, rows: LogRow[]): Promise<void> {
  const progress = new Map<string, number>();
  for (const r of rows) progress.set(r.clientId, Math.max(progress.get(r.clientId) ?? 0, r.mutationId));
  await c.query(
    `WITH logged AS (
       INSERT INTO hub_mutations (client_id, mutation_id, person_id, name, args, at, status, version, error)
       SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::jsonb[], $6::bigint[], $7::text[], $8::bigint[], $9::jsonb[]))
     UPDATE hub_clients SET last_mutation_id = p.m, last_seen_at = now()
       FROM unnest($10::uuid[], $11::bigint[]) AS p(c, m)
      WHERE hub_clients.client_id = p.c`,
    [
      rows.map((r) => r.clientId), rows.map((r) => r.mutationId), rows.map((r) => r.personId), rows.map((r) => r.name),
      rows.map((r) => r.args), rows.map((r) => r.at), rows.map((r) => r.status), rows.map((r) => r.version), rows.map((r) => r.error),
      [...progress.keys()], [...progress.values()],
    ],
  );
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
