/**
 * sync: two desktops linked to a real hub (the HubEngine the hub serves, over a
 * real PostgreSQL started once for the run), killed during local commands,
 * push, pull and rebase (tests/crash/child-sync.ts). After each kill, for each
 * desktop's file:
 *  1. integrity_check and foreign_key_check pass;
 *  2. the queue is whole: ids contiguous, the counter past them, every captured
 *     pre-image belongs to a queued mutation;
 *  3. the queue and the data agree: undoing every captured change and replaying
 *     the queue on top (what the next rebase does) gives back exactly the same
 *     rows and the same capture — every queued mutation's effect is present once,
 *     no effect is present without its queue entry (self-check: dropping a queued
 *     mutation that changed rows is caught);
 *  4. reopened and synced (A, B, A), both desktops converge: nothing queued, every
 *     synced row equal to the hub's; every command a desktop reported saved is at
 *     the hub (or the hub refused it, and the desktop shows a notice); the hub
 *     processed each client's mutations once each, in order, without a gap.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createBackend } from '../../main/app';
import { openDatabase, type Db } from '../../main/db/connection';
import { HubEngine, seedHub } from '../../main/hub/engine';
import { ensureHubSchema, openPool } from '../../main/hub/store';
import { attachSyncClient } from '../../main/sync/registry';
import { scopeRow, type Viewer } from '../../main/core/read-scopes';
import { ensureSyncTables } from '../../main/sync/rows';
import { OfflineError, type SyncTransport } from '../../main/sync/transport';
import { canonical, clientRows, diffRows } from '../sync/harness';
import { startPostgres, type TestPostgres } from '../sync/postgres';
import { engineTransport } from './hub-transport';
import { bundleChild, integrityProblems, runAndKill, unit, type Kind, type TrialOutcome } from './common';
import { demoBase } from './plain';

const offline: SyncTransport = {
  login: () => Promise.reject(new OfflineError('offline')),
  push: () => Promise.reject(new OfflineError('offline')),
  pull: () => Promise.reject(new OfflineError('offline')),
};

/** Is there a log row at the hub stamped `at` (the time of the mutation that wrote it)? */
async function hubLogRowAt(pool: pg.Pool, at: number): Promise<boolean> {
  const r = await pool.query("SELECT 1 FROM hub_rows WHERE tbl = 'activity_log' AND data IS NOT NULL AND (data->>'at')::bigint = $1 LIMIT 1", [at]);
  return (r.rowCount ?? 0) > 0;
}

function copyDb(src: string, dst: string): void {
  copyFileSync(src, dst);
  if (existsSync(`${src}-wal`)) copyFileSync(`${src}-wal`, `${dst}-wal`);
}

interface Snapshot {
  rows: Map<string, string>;
  queue: string;
  capture: string;
}

function snapshot(db: Db): Snapshot {
  return {
    rows: clientRows(db),
    queue: JSON.stringify(db.prepare('SELECT * FROM sync_mutations ORDER BY id').all()),
    // Per mutation, by row: the pre-images of different rows may be captured in another order on a
    // replay (SQLite cascades a task's checklist items in whatever order its plan gives; seed 13228
    // deleted 审核 before 核实 on the replay), and undo does not depend on it. Several writes to one
    // row keep their order (seq within the same pk).
    capture: JSON.stringify(db.prepare('SELECT mutation_id, tbl, pk, old FROM sync_capture ORDER BY mutation_id, tbl, pk, seq').all()),
  };
}

/**
 * What the next rebase does, with an empty answer from the hub: undo every captured change,
 * apply nothing, replay the whole queue. On a copy; returns the state it leaves.
 */
function undoAndReplay(file: string, sabotage?: (db: Db) => void): Snapshot {
  const raw = new Database(file);
  const hv = Number(raw.prepare<[], { value: string }>("SELECT value FROM sync_state WHERE key = 'hubVersion'").get()!.value);
  raw.prepare("UPDATE sync_state SET value = ? WHERE key = 'hubVersion'").run(String(hv - 1));
  raw.close();
  const db = openDatabase(file, { noBackup: true });
  try {
    sabotage?.(db);
    const backend = createBackend(db);
    const client = attachSyncClient(backend, { transport: offline, intervalMs: 0 });
    const first = db.prepare<[], { id: number | null }>('SELECT min(id) AS id FROM sync_mutations').get()!.id ?? 1;
    client.rebase({ version: hv, lastMutationId: first - 1, rejections: [], rows: [] });
    client.close();
    db.prepare("UPDATE sync_state SET value = ? WHERE key = 'hubVersion'").run(String(hv));
    return snapshot(db);
  } finally {
    db.close();
  }
}

function queueProblems(file: string, name: string): string[] {
  const out: string[] = [];
  const db = new Database(file, { readonly: true });
  try {
    const ids = db.prepare<[], { id: number }>('SELECT id FROM sync_mutations ORDER BY id').all().map((r) => r.id);
    ids.forEach((id, i) => {
      if (i > 0 && id !== ids[i - 1]! + 1) out.push(`${name}: queue has a gap between ${ids[i - 1]} and ${id}`);
    });
    const next = Number(db.prepare<[], { value: string }>("SELECT value FROM sync_state WHERE key = 'nextMutationId'").get()?.value);
    if (ids.length && next !== ids[ids.length - 1]! + 1) out.push(`${name}: nextMutationId ${next} after queued ${ids[ids.length - 1]}`);
    const orphans = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM sync_capture WHERE mutation_id IS NULL OR mutation_id NOT IN (SELECT id FROM sync_mutations)').get()!.n;
    if (orphans) out.push(`${name}: ${orphans} captured pre-images belong to no queued mutation`);
  } finally {
    db.close();
  }
  return out;
}

export function syncKind(): Kind {
  let child = '';
  let base = '';
  let server: TestPostgres | null = null;
  let admin: pg.Client | null = null;
  const person = { A: '', B: '' };
  return {
    name: 'sync',
    about: 'two synced desktops and the real HubEngine on PostgreSQL, SIGKILL during commands, push, pull and rebase',
    async setup(work) {
      child = await bundleChild('tests/crash/child-sync.ts', 'crash-child-sync', false);
      base = await demoBase(join(work, '..'));
      mkdirSync(work, { recursive: true });
      server = await startPostgres();
      admin = new pg.Client({ connectionString: server.url() });
      await admin.connect();
      await admin.query('CREATE DATABASE crash_template');
      const pool = openPool(server.url('crash_template'));
      pool.on('error', () => undefined);
      await ensureHubSchema(pool);
      const db = openDatabase(base, { readonly: true });
      await seedHub(pool, db);
      person.A = db.prepare<[], { id: string }>("SELECT id FROM people WHERE role = 'admin' AND active = 1 ORDER BY id LIMIT 1").get()!.id;
      person.B = db.prepare<[], { id: string }>("SELECT id FROM people WHERE role = 'manager' AND active = 1 ORDER BY id LIMIT 1").get()!.id;
      db.close();
      await pool.end();
    },
    async teardown() {
      await admin?.end();
      server?.stop();
    },
    async trial(dir, seed): Promise<TrialOutcome> {
      mkdirSync(dir, { recursive: true });
      const dbName = `crash_${seed}_${Date.now() % 1_000_000}`; // our own digits, not input
      await admin!.query(`CREATE DATABASE ${dbName} TEMPLATE crash_template`);
      const url = server!.url(dbName);
      const files = { A: join(dir, 'a.sqlite3'), B: join(dir, 'b.sqlite3') };
      const clientIds = { A: randomUUID(), B: randomUUID() };
      for (const x of ['A', 'B'] as const) {
        copyFileSync(base, files[x]);
        // Linked as sync.connect links a desktop (the hub holds this very workspace at version 1).
        const db = new Database(files[x]) as unknown as Db;
        ensureSyncTables(db);
        const set = db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?)');
        for (const [k, v] of Object.entries({ hubUrl: 'http://127.0.0.1:9', token: 'crash', personId: person[x], personName: x, clientId: clientIds[x], nextMutationId: '1', hubVersion: '1' })) set.run(k, v);
        db.close();
      }
      const log = join(dir, 'child.log');
      await runAndKill(child, ['--pg', url, '--a', files.A, '--b', files.B, '--seed', String(seed), '--log', log], 200 + Math.floor(unit(seed) * 1800));

      const lines = existsSync(log) ? readFileSync(log, 'utf8').split('\n') : [];
      lines.pop(); // what follows the last newline: empty, or a line torn by the kill
      const last = [...lines].reverse().find((l) => l) ?? 'ready';
      const landed = /^(cmd|ok)/.test(last) ? 'during a command' : /^push /.test(last) ? 'during push' : /^pushed|^pull /.test(last) ? 'during pull' : /^rebase/.test(last) ? 'during rebase' : 'between steps';
      const problems: string[] = [];
      const counts: Record<string, number> = { commands: 0, saved: 0, queuedAtKill: 0, refusedByHub: 0, appliedWithOtherIds: 0, syncs: 0 };
      counts.commands = lines.filter((l) => l.startsWith('cmd ')).length;
      counts.syncs = lines.filter((l) => l.startsWith('synced ')).length;
      let selfChecked = 0;

      for (const x of ['A', 'B'] as const) {
        const f = files[x];
        const integrity = integrityProblems(f, `desktop ${x}`);
        problems.push(...integrity);
        if (integrity.length) continue;
        problems.push(...queueProblems(f, `desktop ${x}`));
        const killed = new Database(f) as unknown as Db;
        const before = snapshot(killed);
        counts.queuedAtKill! += (killed.prepare('SELECT count(*) AS n FROM sync_mutations').get() as { n: number }).n;
        // The newest queued mutation that changed rows: without its queue entry, its effect must be undone.
        const victim = killed.prepare<[], { id: number }>('SELECT max(mutation_id) AS id FROM sync_capture').get()?.id ?? null;
        killed.close();
        const copy = join(dir, `${x}-replay.sqlite3`);
        copyDb(f, copy);
        const after = undoAndReplay(copy);
        const diff = diffRows(before.rows, after.rows, 3);
        if (diff.length) problems.push(`desktop ${x}: undo + replay of the queue does not give the same rows (queue and data disagree): ${diff.join('; ')}`);
        if (after.queue !== before.queue) problems.push(`desktop ${x}: undo + replay changed the queue`);
        if (after.capture !== before.capture) problems.push(`desktop ${x}: undo + replay does not give the same captured pre-images`);
        if (victim !== null) {
          const copy2 = join(dir, `${x}-sabotage.sqlite3`);
          copyDb(f, copy2);
          const sab = undoAndReplay(copy2, (db) => void db.prepare('DELETE FROM sync_mutations WHERE id = ?').run(victim));
          if (!diffRows(before.rows, sab.rows, 1).length) problems.push(`desktop ${x}: self-check: a queued mutation lost from the queue would go unnoticed`);
          selfChecked++;
        }
      }

      // 4. Reopen, sync, converge.
      if (!problems.length) {
        const pool = openPool(url);
        // The trial's database is dropped WITH (FORCE) below: an idle connection it ends is not an error.
        pool.on('error', () => undefined);
        const engine = new HubEngine(pool);
        try {
          await engine.init();
          const desks = (['A', 'B'] as const).map((x) => {
            const db = openDatabase(files[x]);
            const backend = createBackend(db);
            const client = attachSyncClient(backend, { transport: engineTransport(engine, person[x]), intervalMs: 0 });
            return { x, db, client };
          });
          for (const d of [desks[0]!, desks[1]!, desks[0]!]) {
            for (let round = 0; round < 5 && (round === 0 || d.client.pendingCount() > 0); round++) {
              await d.client.sync().catch((e: unknown) => problems.push(`desktop ${d.x}: sync after the kill failed: ${String(e)}`));
            }
          }
          const hubRows = (await pool.query<{ tbl: string; pk: string; data: Record<string, unknown> }>('SELECT tbl, pk, data FROM hub_rows WHERE data IS NOT NULL')).rows;
          const hub = new Map(hubRows.map((r) => [`${r.tbl} ${r.pk}`, canonical(r.data)] as const));
          // What the hub sends the person a desktop is signed in as: others' notification settings
          // and read times arrive empty (core/read-scopes), so that is what the desktop must hold.
          const asSeenBy = (personId: string): Map<string, string> => {
            const me = hubRows.find((r) => r.tbl === 'people' && r.data.id === personId);
            const viewer = { id: personId, role: (me?.data.role as Viewer['role'] | undefined) ?? 'member' };
            return new Map(hubRows.map((r) => [`${r.tbl} ${r.pk}`, canonical(scopeRow(viewer, { table: r.tbl, key: r.pk, version: 1, data: r.data }).data!)] as const));
          };
          for (const d of desks) {
            const pending = d.client.pendingCount();
            if (pending) problems.push(`desktop ${d.x}: ${pending} mutations still queued after syncing`);
            const diff = diffRows(clientRows(d.db), asSeenBy(person[d.x]), 3);
            if (diff.length) problems.push(`desktop ${d.x} does not match the hub after syncing: ${diff.join('; ')}`);
            // Every command the desktop reported saved is at the hub, or the hub refused it.
            const saved = lines.filter((l) => l.startsWith(`ok ${d.x} `)).map((l) => l.split(' '));
            counts.saved! += saved.length;
            for (const [, , id, at] of saved) {
              if (hub.has(`activity_log ${JSON.stringify([id])}`)) continue;
              // The mutation of that command (the child's clock gives each command its own `at`).
              const seen = await pool.query<{ status: string; version: string | null }>(
                'SELECT status, version FROM hub_mutations WHERE client_id = $1 AND at = $2',
                [clientIds[d.x], Number(at)],
              );
              const row = seen.rows[0];
              if (row?.status === 'rejected') counts.refusedByHub!++;
              // Applied, but on the hub's rows it created fewer rows than on the desktop, so its log row
              // took an earlier id of the recorded list (seed 90650: B's 例会 catch-up found A's meetings
              // already made). The hub's own log row for it must be there.
              else if (row?.status === 'applied' && (await hubLogRowAt(pool, Number(at)))) counts.appliedWithOtherIds!++;
              else problems.push(`desktop ${d.x}: a command reported saved (activity ${id}) never reached the hub`);
            }
            const m = (await pool.query<{ n: number; lo: number | null; hi: number | null }>(
              'SELECT count(*)::int AS n, min(mutation_id) AS lo, max(mutation_id) AS hi FROM hub_mutations WHERE client_id = $1',
              [clientIds[d.x]],
            )).rows[0]!;
            const lastId = (await pool.query<{ last_mutation_id: number }>('SELECT last_mutation_id FROM hub_clients WHERE client_id = $1', [clientIds[d.x]])).rows[0]?.last_mutation_id ?? 0;
            if (m.n !== lastId || (m.n > 0 && (m.lo !== 1 || m.hi !== lastId))) {
              problems.push(`desktop ${d.x}: the hub processed ${m.n} mutations (ids ${m.lo}…${m.hi}) but its counter says ${lastId}`);
            }
          }
          // Refusals come from the two desktops' offline changes meeting at the hub: rights changed by
          // the other desktop meanwhile, or, since the review commands, a round the other desktop
          // already decided or withdrew, and then the commands built on a refused one. A run where the
          // hub refused most saved commands (a clock outside its window, say) would check nothing.
          // (One in five was too tight once the review commands came: seed 390198 had 14 of 64 refused.)
          if (counts.saved! >= 20 && counts.refusedByHub! > counts.saved! / 2) {
            problems.push(`the hub refused ${counts.refusedByHub} of ${counts.saved} saved commands: the trial checks almost nothing`);
          }
          for (const d of desks) {
            d.client.close();
            d.db.close();
          }
        } finally {
          await engine.close();
          await pool.end();
        }
      }
      await admin!.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
      counts.selfChecked = selfChecked;
      return { problems, note: `${counts.commands} commands, ${counts.syncs} syncs, last step "${last.slice(0, 40)}"`, landed, counts };
    },
  };
}
