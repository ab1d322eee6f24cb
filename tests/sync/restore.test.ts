import { describe, expect, it } from 'vitest';
import type { Db } from '../../main/db/connection';
import type { SyncClient } from '../../main/sync/client';
import { syncClientOf } from '../../main/sync/registry';
import type { CallInput, CallName, CallResult } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { ADMIN, clientRows, diffRows, startCenter, type Center, type Client } from './harness';
import { usePostgres } from './use-postgres';

const pgServer = usePostgres();

/** The client's database and sync client as they are NOW (a restore replaces both). */
const dbOf = (c: Client): Db => c.backend.db;
const syncOf = (c: Client): SyncClient => syncClientOf(c.backend.db)!;
async function call<K extends CallName>(c: Client, name: K, input: CallInput<K>): Promise<CallResult<K>> {
  const r = await c.backend.call(name, input, c.session);
  if (!r.ok) throw AppError.fromPayload(r.error);
  return r.value as CallResult<K>;
}
const mutationIds = (db: Db): number[] => db.prepare<[], { id: number }>('SELECT id FROM sync_mutations ORDER BY id').all().map((r) => r.id);

async function converged(center: Center, clients: Client[]): Promise<void> {
  for (let round = 0; round < 2; round++) for (const c of clients) await syncOf(c).sync();
  for (const c of clients) {
    expect(syncOf(c).pendingCount(), `${c.name} has nothing queued`).toBe(0);
    // What the hub holds as this person may read it (core/read-scopes).
    expect(diffRows(clientRows(dbOf(c)), await center.hubRows(c.name)), `${c.name} matches the hub`).toEqual([]);
  }
}

describe('restore on a synced desktop', () => {
  it('keeps the live identity and queue, rebases onto the hub, and every later edit reaches the hub and the other desktop', async () => {
    const center = await startCenter(pgServer());
    try {
      const a = await center.client(ADMIN);
      const b = await center.client('陈思远');
      const team = (await call(a, 'teams.list', {}))[0]!;
      // A backup taken while an edit was still queued (it syncs afterwards).
      a.transport.offline = true;
      await call(a, 'teams.update', { id: team.id, description: '备份时尚未同步' });
      const backup = await call(a, 'maintenance.backup', {});
      a.transport.offline = false;
      await syncOf(a).sync();
      await call(a, 'teams.create', { name: '备份之后同步的组' });
      await syncOf(a).sync();
      // Offline again: one edit is queued when the restore happens.
      a.transport.offline = true;
      const queued = await call(a, 'teams.create', { name: '恢复时在队列中' });
      const counter = Number(dbOf(a).prepare("SELECT value FROM sync_state WHERE key = 'nextMutationId'").pluck().get());
      const clientId = dbOf(a).prepare("SELECT value FROM sync_state WHERE key = 'clientId'").pluck().get();

      await call(a, 'maintenance.restore', { name: backup.name });
      // Same client id, counter not rewound, the live queue kept.
      expect(dbOf(a).prepare("SELECT value FROM sync_state WHERE key = 'clientId'").pluck().get()).toBe(clientId);
      expect(mutationIds(dbOf(a))).toEqual([counter - 1]);
      const status = await call(a, 'sync.status', {});
      expect(status.notices[0]!.message.zh).toMatch(/枢纽上的数据为准/);
      expect(status.notices[0]!.message.en).toMatch(/the hub's data is the record/);

      // Four edits after the restore, while still offline: E1–E3 new teams, E4 an update.
      const made: string[] = [];
      for (const name of ['恢复后E1', '恢复后E2', '恢复后E3']) made.push((await call(a, 'teams.create', { name })).id);
      await call(a, 'teams.update', { id: team.id, description: '恢复后E4' });
      expect(mutationIds(dbOf(a))).toEqual([counter - 1, counter, counter + 1, counter + 2, counter + 3]);

      a.transport.offline = false;
      await converged(center, [a, b]);
      for (const c of [a, b]) {
        const teams = await call(c, 'teams.list', {});
        for (const id of [queued.id, ...made]) expect(teams.some((t) => t.id === id), `${c.name} has team ${id}`).toBe(true);
        expect(teams.find((t) => t.id === team.id)!.description).toBe('恢复后E4');
        expect(teams.some((t) => t.name === '备份之后同步的组')).toBe(true); // the hub's rows, not the backup's
      }
      const hubLog = await center.pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM hub_mutations WHERE client_id = $1 AND status = 'applied'", [clientId],
      );
      expect(hubLog.rows[0]!.n).toBe(counter + 3); // every mutation id 1 … counter+3 applied exactly once
      dbOf(a).close();
    } finally {
      await center.close();
    }
  });

  it('queues again, with fresh ids, the edits in a backup that the hub never received', async () => {
    const center = await startCenter(pgServer());
    try {
      const a = await center.client(ADMIN);
      const b = await center.client('陈思远');
      a.transport.offline = true;
      const lost = await call(a, 'teams.create', { name: '只在备份里' });
      const backup = await call(a, 'maintenance.backup', {});
      // The live queue lost that edit and its counter went back (what an old-style restore did).
      const id = mutationIds(dbOf(a))[0]!;
      dbOf(a).prepare('DELETE FROM sync_mutations').run();
      dbOf(a).prepare("UPDATE sync_state SET value = ? WHERE key = 'nextMutationId'").run(String(id));

      await call(a, 'maintenance.restore', { name: backup.name });
      expect(mutationIds(dbOf(a))).toEqual([id]);
      expect((await call(a, 'sync.status', {})).notices[0]!.message.en).toMatch(/1 unsynced change\(s\) from the backup were queued again/);
      await call(a, 'teams.create', { name: '恢复之后' });
      a.transport.offline = false;
      await converged(center, [a, b]);
      const names = (await call(b, 'teams.list', {})).map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(['只在备份里', '恢复之后']));
      expect((await call(b, 'teams.list', {})).find((t) => t.name === '只在备份里')!.id).toBe(lost.id);
      dbOf(a).close();
    } finally {
      await center.close();
    }
  });
});
