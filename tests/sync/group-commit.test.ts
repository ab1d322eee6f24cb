import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { HubEngine } from '../../main/hub/engine';
import { WRITE_LOCK, type Pool } from '../../main/hub/store';
import { SCHEMA_VERSION } from '../../main/db/migrations';
import { SYNC_PROTOCOL, type PushRequest, type PushResponse } from '../../shared/sync';
import { ADMIN, startCenter, type Center } from './harness';
import { usePostgres } from './use-postgres';

/**
 * Group commit (docs/PERFORMANCE.md, "Hub at center scale"): while one batch of mutations is in
 * PostgreSQL, the pushes that arrive wait and then go in together, one transaction for all of
 * them. These drive a second hub engine on the center's database (as a second hub process would
 * be) and hold PostgreSQL's write lock from the test, so that which mutations share a batch is
 * decided by the test, not by timing.
 */
const pgServer = usePostgres();

/** Takes the hubs' write lock on a connection of its own; the returned function lets it go. */
async function holdWriteLock(pool: Pool): Promise<() => Promise<void>> {
  const c = await pool.connect();
  await c.query('SELECT pg_advisory_lock($1)', [WRITE_LOCK]);
  return async () => {
    await c.query('SELECT pg_advisory_unlock($1)', [WRITE_LOCK]);
    c.release();
  };
}

/** Waits until the engine holds `n` pushes (being applied or waiting), never on a clock. */
async function untilWaiting(engine: HubEngine, n: number): Promise<void> {
  while (engine.waiting < n) await new Promise((r) => setImmediate(r));
}

const push = (clientId: string, mutations: { id: number; description: string; team: string }[]): PushRequest => ({
  protocol: SYNC_PROTOCOL,
  schemaVersion: SCHEMA_VERSION,
  clientId,
  mutations: mutations.map((m) => ({ id: m.id, name: 'teams.update', args: { id: m.team, description: m.description }, ids: [], at: Date.now() })),
});

async function firstTeam(center: Center): Promise<string> {
  const r = await center.pool.query<{ id: string }>("SELECT data->>'id' AS id FROM hub_rows WHERE tbl = 'teams' AND data IS NOT NULL ORDER BY pk LIMIT 1");
  return r.rows[0]!.id;
}

async function log(center: Center): Promise<{ client_id: string; mutation_id: number; status: string; version: number | null; batch: string }[]> {
  return (await center.pool.query<{ client_id: string; mutation_id: number; status: string; version: number | null; batch: string }>(
    // now() is the transaction's start: mutations committed together share it.
    'SELECT client_id, mutation_id, status, version, received_at::text AS batch FROM hub_mutations ORDER BY version NULLS LAST, client_id',
  )).rows;
}

async function teamDescription(center: Center, team: string): Promise<{ description: string; version: number }> {
  const r = await center.pool.query<{ description: string; version: number }>(
    "SELECT data->>'description' AS description, version FROM hub_rows WHERE tbl = 'teams' AND data->>'id' = $1",
    [team],
  );
  return r.rows[0]!;
}

interface Scene {
  center: Center;
  engine: HubEngine;
  team: string;
  admin: string;
}

/** A fresh center with a second engine on its database; both closed after `fn`. */
async function withEngine(fn: (s: Scene) => Promise<void>): Promise<void> {
  const center = await startCenter(pgServer());
  const engine = new HubEngine(center.pool);
  try {
    await engine.init();
    await fn({ center, engine, team: await firstTeam(center), admin: center.people.get(ADMIN)! });
  } finally {
    await engine.close();
    await center.close();
  }
}

describe('group commit at the hub', () => {
  it('pushes that arrive while a batch is written go in together: each mutation its own version, in arrival order, a refusal standing alone', async () => {
    await withEngine(async ({ center, engine, team, admin }) => {
      const member = center.people.get('王小川')!;
      const release = await holdWriteLock(center.pool);
      const clients: string[] = Array.from({ length: 5 }, () => randomUUID());
      // The first push takes the writer and waits for the lock; the next four queue behind it.
      const answers: Promise<PushResponse>[] = [engine.push(admin, push(clients[0]!, [{ id: 1, team, description: '第一批' }]))];
      await untilWaiting(engine, 1);
      for (let i = 1; i < 5; i++) {
        // The third comes from a member, who may not edit a team: refused, and only it.
        const who = i === 2 ? member : admin;
        answers.push(engine.push(who, push(clients[i]!, [{ id: 1, team, description: `第二批 ${i}` }, { id: 2, team, description: `第二批 ${i} 再改` }])));
        await untilWaiting(engine, i + 1);
      }
      await release();
      const results = await Promise.all(answers);
      expect(results.map((r) => r.lastMutationId)).toEqual([1, 2, 2, 2, 2]);

      const rows = await log(center);
      expect(rows).toHaveLength(9);
      expect(new Set(rows.map((r) => r.batch)).size).toBe(2); // the first alone, the other eight in one transaction
      const applied = rows.filter((r) => r.status === 'applied');
      const refused = rows.filter((r) => r.status === 'rejected');
      expect(refused.map((r) => r.client_id)).toEqual([clients[2], clients[2]]);
      expect(refused.every((r) => r.version === null)).toBe(true);
      const versions = applied.map((r) => r.version!);
      expect(new Set(versions).size).toBe(7);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
      // The batch took one mutation from each push in turn: every push's first before any's second.
      const order = applied.slice(1).map((r) => `${clients.indexOf(r.client_id)}:${r.mutation_id}`);
      expect(order).toEqual(['1:1', '3:1', '4:1', '1:2', '3:2', '4:2']);
      // The row carries the last applied value and its version; the answers name the batch's versions.
      expect(await teamDescription(center, team)).toEqual({ description: '第二批 4 再改', version: Math.max(...versions) });
      expect(results[4]!.version).toBe(Math.max(...versions));

      // A desktop pulling from the center's own hub sees the same.
      const desk = await center.client('陈思远');
      await desk.sync.sync();
      const t = (await desk.call('teams.list', {})).find((x) => x.id === team)!;
      expect(t.description).toBe('第二批 4 再改');
    });
  });

  it('a push whose desktop gave up while it waited is dropped before anything of it is applied; sent again, it is applied once', async () => {
    await withEngine(async ({ center, engine, team, admin }) => {
      const release = await holdWriteLock(center.pool);
      const first = engine.push(admin, push(randomUUID(), [{ id: 1, team, description: '先到的' }]));
      await untilWaiting(engine, 1);
      const late = randomUUID();
      const gaveUp = new AbortController();
      const abandoned = engine.push(admin, push(late, [{ id: 1, team, description: '没人等的' }]), gaveUp.signal);
      await untilWaiting(engine, 2);
      gaveUp.abort(); // the desktop's request timed out: its connection closed
      await release();
      await first;
      await expect(abandoned).rejects.toThrow(/gave up/);
      expect((await log(center)).filter((r) => r.client_id === late)).toEqual([]);
      expect((await teamDescription(center, team)).description).toBe('先到的');

      // The desktop sends it again: applied once, and a second resend changes nothing.
      expect((await engine.push(admin, push(late, [{ id: 1, team, description: '没人等的' }]))).lastMutationId).toBe(1);
      expect((await engine.push(admin, push(late, [{ id: 1, team, description: '没人等的' }]))).lastMutationId).toBe(1);
      expect((await log(center)).filter((r) => r.client_id === late).map((r) => r.status)).toEqual(['applied']);
      expect((await teamDescription(center, team)).description).toBe('没人等的');
    });
  });

  it('a hub that stops while a batch waits for PostgreSQL refuses nothing: the batch goes in, the waiting push is answered with an error and applied when sent again', async () => {
    await withEngine(async ({ center, engine, team, admin }) => {
      const release = await holdWriteLock(center.pool);
      const first = engine.push(admin, push(randomUUID(), [{ id: 1, team, description: '停机前' }]));
      await untilWaiting(engine, 1);
      const waiting = randomUUID();
      const second = engine.push(admin, push(waiting, [{ id: 1, team, description: '停机时排队的' }]));
      await untilWaiting(engine, 2);
      const closing = engine.close(); // the hub is told to stop (a restart, an upgrade)
      await release();
      expect((await first).lastMutationId).toBe(1);
      await expect(second).rejects.toThrow(/shutting down/);
      await closing;
      const rows = await log(center);
      expect(rows.map((r) => r.status)).toEqual(['applied']);
      expect((await teamDescription(center, team)).description).toBe('停机前');
      // Sent again to a hub that is up (a fresh engine, as after the restart): applied.
      const next = new HubEngine(center.pool);
      try {
        await next.init();
        expect((await next.push(admin, push(waiting, [{ id: 1, team, description: '停机时排队的' }]))).lastMutationId).toBe(1);
      } finally {
        await next.close();
      }
      expect((await log(center)).map((r) => r.status)).toEqual(['applied', 'applied']);
    });
  });

  it('when PostgreSQL refuses what a batch stores, the batch is undone on the replica too and its mutations go in one at a time', async () => {
    const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
    const original = proto.query;
    await withEngine(async ({ center, engine, team, admin }) => {
      const before = await activityRows(center, engine);
      // The batch's row write (the statement with a version per row) fails once, as PostgreSQL
      // fails on a value it cannot hold (SQLSTATE class 22).
      let failed = 0;
      proto.query = function (this: unknown, ...a: unknown[]) {
        const q = a[0];
        const text = typeof q === 'string' ? q : String((q as { text?: unknown } | null)?.text ?? '');
        if (!failed && text.includes('$3::bigint[]')) {
          failed++;
          return Promise.reject(Object.assign(new Error('untranslatable character'), { code: '22P05' }));
        }
        return original.apply(this, a);
      };
      const client = randomUUID();
      const r = await engine.push(admin, push(client, [1, 2, 3].map((id) => ({ id, team, description: `第 ${id} 次` }))));
      proto.query = original;
      expect(failed).toBe(1);
      expect(r.lastMutationId).toBe(3);
      const rows = (await log(center)).filter((x) => x.client_id === client);
      expect(rows.map((x) => x.status)).toEqual(['applied', 'applied', 'applied']);
      expect(new Set(rows.map((x) => x.batch)).size).toBe(3); // one transaction each
      expect((await teamDescription(center, team)).description).toBe('第 3 次');
      // Each change is in the activity log once, at the hub and in the engine's replica alike.
      const after = await activityRows(center, engine);
      expect(after.hub - before.hub).toBe(3);
      expect(after.replica - before.replica).toBe(3);
    }).finally(() => {
      proto.query = original;
    });
  });
});

async function activityRows(center: Center, engine: HubEngine): Promise<{ hub: number; replica: number }> {
  const hub = (await center.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM hub_rows WHERE tbl = 'activity_log' AND data IS NOT NULL")).rows[0]!.n;
  const replica = await engine.read((db) => (db.prepare('SELECT count(*) AS n FROM activity_log').get() as { n: number }).n);
  return { hub, replica };
}
