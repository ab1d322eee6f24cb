import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Faults } from './harness';
import { ADMIN, NO_FAULTS, STAFF, cleanupTemp, clientRows, diffRows, startCenter, type Client } from './harness';
import { startPostgres, type TestPostgres } from './postgres';

let pgServer: TestPostgres;
beforeAll(async () => {
  pgServer = await startPostgres();
});
afterAll(() => {
  pgServer?.stop();
  cleanupTemp();
});

const NAMES = ['无人机航拍', '数据新闻', '融媒会客厅', '短视频二组', '直播'];
const TITLES = ['记者', '编辑', '导播', '美编', '主任', ''];
const ROLES = ['manager', 'convener', 'member'] as const;

/** One step of a run. `pick` chooses among the rows the client has at that moment. */
type Op =
  | { kind: 'teamCreate'; client: number; name: number; asAdmin: boolean }
  | { kind: 'teamUpdate'; client: number; pick: number; name: number | null; description: string | null; sort: number | null }
  | { kind: 'selfTitle'; client: number; title: number }
  | { kind: 'personUpdate'; client: number; pick: number; title: number | null; capacity: number | null; role: number | null }
  | { kind: 'setActive'; client: number; pick: number; active: boolean }
  | { kind: 'sync'; client: number }
  | { kind: 'offline'; client: number; offline: boolean }
  | { kind: 'restartHub' };

const CLIENTS = [ADMIN, STAFF[0].name, STAFF[1].name, STAFF[2].name]; // admin, manager, convener, member
const client = fc.integer({ min: 0, max: CLIENTS.length - 1 });

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('teamCreate' as const), client, name: fc.nat(NAMES.length - 1), asAdmin: fc.boolean() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('teamUpdate' as const),
      client,
      pick: fc.nat(),
      name: fc.option(fc.nat(NAMES.length - 1)),
      description: fc.option(fc.string({ maxLength: 12 })),
      sort: fc.option(fc.nat(50)),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('selfTitle' as const), client, title: fc.nat(TITLES.length - 1) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('personUpdate' as const),
      client,
      pick: fc.nat(),
      title: fc.option(fc.nat(TITLES.length - 1)),
      capacity: fc.option(fc.integer({ min: 0, max: 60 })),
      role: fc.option(fc.nat(ROLES.length - 1)),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('setActive' as const), client, pick: fc.nat(), active: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('sync' as const), client }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('offline' as const), client, offline: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restartHub' as const }) },
);

const FAULTS: Faults = { dropRequest: 0.15, dropResponse: 0.15, duplicate: 0.2, delayMs: 8, staleReply: 0.15 };

async function step(c: Client, op: Op, adminId: string, signedIn: ReadonlySet<string>): Promise<void> {
  // Local refusals (rights, validation, conflicts) are part of the game: nothing is queued for them.
  const tolerate = (p: Promise<unknown>): Promise<unknown> => p.catch(() => undefined);
  switch (op.kind) {
    case 'teamCreate':
      await tolerate(c.call('teams.create', { name: NAMES[op.name]! }, op.asAdmin ? { actorId: adminId } : c.session));
      return;
    case 'teamUpdate': {
      const teams = await c.call('teams.list', {});
      const t = teams[op.pick % teams.length]!;
      await tolerate(
        c.call('teams.update', {
          id: t.id,
          ...(op.name !== null ? { name: NAMES[op.name]! } : {}),
          ...(op.description !== null ? { description: op.description } : {}),
          ...(op.sort !== null ? { sort: op.sort } : {}),
        }),
      );
      return;
    }
    case 'selfTitle':
      await tolerate(c.call('people.update', { id: c.session.actorId!, title: TITLES[op.title]! }));
      return;
    case 'personUpdate': {
      const people = await c.call('people.list', { includeInactive: true });
      const p = people[op.pick % people.length]!;
      await tolerate(
        c.call('people.update', {
          id: p.id,
          ...(op.title !== null ? { title: TITLES[op.title]! } : {}),
          ...(op.capacity !== null ? { capacityHours: op.capacity } : {}),
          ...(op.role !== null ? { role: ROLES[op.role]! } : {}),
        }),
      );
      return;
    }
    case 'setActive': {
      // Never someone signed in on one of the clients: deactivating a person ends their hub
      // sessions, so that desktop stops syncing by design (tests/security/hub-accounts.test.ts).
      const people = (await c.call('people.list', { includeInactive: true })).filter((x) => !signedIn.has(x.id));
      const p = people[op.pick % people.length]!;
      await tolerate(c.call('people.setActive', { id: p.id, active: op.active }));
      return;
    }
    case 'sync':
      await tolerate(c.sync.sync());
      return;
    case 'offline':
      c.transport.offline = op.offline;
      return;
    case 'restartHub':
      return;
  }
}

describe('random operation sequences across clients, with faults, offline periods and hub restarts', () => {
  it('every client converges to the hub; each local change reaches the hub exactly once; refusals roll back', async () => {
    let runs = 0;
    const totals = { applied: 0, rejected: 0, restarts: 0, droppedResponses: 0, duplicates: 0, staleReplies: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 8, maxLength: 40 }), fc.integer({ min: 1, max: 1_000_000 }), async (ops, seed) => {
        runs++;
        const center = await startCenter(pgServer);
        try {
          const clients: Client[] = [];
          for (const [i, name] of CLIENTS.entries()) clients.push(await center.client(name, seed + i));
          for (const c of clients) c.transport.faults = FAULTS;
          const adminId = center.people.get(ADMIN)!;
          const signedIn = new Set(clients.map((c) => c.session.actorId!));
          for (const op of ops) {
            if (op.kind === 'restartHub') await center.restartHub();
            else await step(clients[op.client]!, op, adminId, signedIn);
          }
          // Everyone comes back online on a good network and syncs until quiet.
          for (const c of clients) {
            await c.transport.settle();
            c.transport.offline = false;
            c.transport.faults = NO_FAULTS;
          }
          for (let round = 0; round < 3; round++) for (const c of clients) await c.sync.sync();

          const hub = await center.hubRows();
          for (const c of clients) {
            expect(c.sync.pendingCount(), `${c.name}: queue drained`).toBe(0);
            // As the read policy sends the hub's rows to this client's person (core/read-scopes).
            expect(diffRows(clientRows(c.db), await center.hubRows(c.name)), `${c.name} equals the hub`).toEqual([]);
          }
          // No acknowledged write lost, none applied twice: every locally committed command is in
          // the hub's log exactly once, applied or refused; every applied one left its activity row.
          const log = await center.pool.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM hub_mutations GROUP BY status');
          const byStatus = Object.fromEntries(log.rows.map((r) => [r.status, r.n]));
          const committed = clients.reduce((s, c) => s + c.committed, 0);
          expect((byStatus.applied ?? 0) + (byStatus.rejected ?? 0)).toBe(committed);
          const activity = [...hub.keys()].filter((k) => k.startsWith('activity_log ')).length;
          expect(activity).toBe(1 + STAFF.length + (byStatus.applied ?? 0)); // the seed's own rows, then one per applied change
          // A refusal leaves a notice on the machine that made it.
          const notices = clients.reduce((s, c) => s + c.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM sync_notices').get()!.n, 0);
          expect(notices).toBe(byStatus.rejected ?? 0);
          totals.applied += byStatus.applied ?? 0;
          totals.rejected += byStatus.rejected ?? 0;
          totals.restarts += ops.filter((o) => o.kind === 'restartHub').length;
          for (const c of clients) {
            totals.droppedResponses += c.transport.stats.droppedResponses;
            totals.duplicates += c.transport.stats.duplicates;
            totals.staleReplies += c.transport.stats.staleReplies;
          }
        } finally {
          await center.close();
        }
      }),
      { numRuns: Number(process.env.SYNC_RUNS ?? 12), endOnFailure: true },
    );
    // The runs exercised what they claim to: refusals, lost answers, duplicates, stale replies, restarts.
    console.log('sync property totals', runs, 'runs', totals);
    expect(totals.applied).toBeGreaterThan(0);
    expect(totals.rejected).toBeGreaterThan(0);
    expect(totals.droppedResponses).toBeGreaterThan(0);
    expect(totals.duplicates).toBeGreaterThan(0);
    expect(totals.staleReplies).toBeGreaterThan(0);
    expect(totals.restarts).toBeGreaterThan(0);
  });
});
