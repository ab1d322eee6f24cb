/**
 * The crash child of the sync trials (tests/crash/sync.ts): two synced desktops
 * (A and B, each its own database file, already linked to the hub) and the
 * hub's real HubEngine on the trial's PostgreSQL database, all in this one
 * process, joined by an in-process transport (JSON in, JSON out, like the
 * wire). Random commands on A and B, and now and then a sync (push, pull,
 * rebase), until killed — which also kills the hub in the middle of whatever
 * PostgreSQL transaction it had open.
 *
 *   child-sync --pg URL --a FILE --b FILE --seed S --log FILE
 *
 * The log (synchronous appends) says what was under way when the kill came:
 *   cmd X <name>      a command of desktop X is about to run
 *   ok X <id> <at>    it committed (X's activity row id and time): the person saw "saved"
 *   push X / pushed X / pull X / rebase X / synced X   the steps of a sync of X
 */
import { openSync, writeSync } from 'node:fs';
import { createBackend } from '../../main/app';
import { openDatabase } from '../../main/db/connection';
import { HubEngine } from '../../main/hub/engine';
import { openPool } from '../../main/hub/store';
import { attachSyncClient } from '../../main/sync/registry';
import { rng } from '../helpers/inputs';
import { GENERIC_LOCAL, nextCommand } from './commands';
import { engineTransport } from './hub-transport';

const argv = process.argv.slice(2);
const get = (flag: string): string => {
  const i = argv.indexOf(flag);
  const v = i >= 0 ? argv[i + 1] : undefined;
  if (v === undefined) throw new Error(`${flag} is required`);
  return v;
};

async function main(): Promise<void> {
  const log = openSync(get('--log'), 'a');
  const line = (s: string): void => void writeSync(log, `${s}\n`);
  const pool = openPool(get('--pg'));
  const engine = new HubEngine(pool);
  await engine.init();
  const r = rng(Number(get('--seed')));
  const desktops = (['A', 'B'] as const).map((name, i) => {
    // Each desktop its own clock, a second apart per command, starting a day before the hub's
    // clock: inside the window the hub accepts (main/hub/policy.ts), so the hub applies them.
    let t = Date.now() - 86_400_000 + i * 500;
    const db = openDatabase(get(`--${name.toLowerCase()}`));
    const personId = db.prepare<[], { value: string }>("SELECT value FROM sync_state WHERE key = 'personId'").get()!.value;
    const backend = createBackend(db, {
      now: () => (t += 1000),
      onCommand: (e) => {
        const at = db.prepare<[string], { at: number }>('SELECT at FROM activity_log WHERE id = ?').get(e.activityId)?.at;
        line(`ok ${name} ${e.activityId} ${at}`);
      },
    });
    const sync = attachSyncClient(backend, { transport: engineTransport(engine, personId, (s) => line(`${s} ${name}`)), intervalMs: 0 });
    return { name, db, backend, sync, personId, now: () => t };
  });
  process.stdout.write('ready\n');
  for (;;) {
    const d = desktops[r() < 0.6 ? 0 : 1]!;
    if (r() < 0.2) {
      await d.sync.sync().catch((e: unknown) => line(`sync error ${d.name} ${String(e).slice(0, 200)}`));
      line(`synced ${d.name}`);
      continue;
    }
    const cmd = nextCommand(r, d.db, d.personId, d.now(), GENERIC_LOCAL);
    line(`cmd ${d.name} ${cmd.name}`);
    await d.backend.call(cmd.name, cmd.input, { actorId: d.personId });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
