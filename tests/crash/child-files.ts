/**
 * The crash child for the file operations, killed by tests/crash/files.ts:
 *
 *   child-files --mode backup    --db FILE --seed S --log FILE   commands and backups (manual, daily + retention, pre-migration) until killed
 *   child-files --mode restore   --db FILE --a FILE --b FILE --log FILE   restores A, B, A, … into FILE until killed
 *   child-files --mode migration --db FILE                        opens an older file with the full migration list, then exits at once
 *
 * It prints "ready" when the work starts. Before each restore it appends the
 * source's letter to the log (a synchronous write), so the parent knows which
 * swap was under way.
 */
import { openSync, writeSync } from 'node:fs';
import { openBackend } from '../../main/app';
import { createBackup, pruneBackups } from '../../main/db/backup';
import { openDatabase, type Db } from '../../main/db/connection';
import { restoreDatabase } from '../../main/maintenance';
import { rng } from '../helpers/inputs';
import { GENERIC_LOCAL, nextCommand } from './commands';

const argv = process.argv.slice(2);
const get = (flag: string): string => {
  const i = argv.indexOf(flag);
  const v = i >= 0 ? argv[i + 1] : undefined;
  if (v === undefined) throw new Error(`${flag} is required`);
  return v;
};

const DAY = 86_400_000;

async function backupLoop(): Promise<void> {
  const file = get('--db');
  let t = Date.UTC(2026, 10, 2, 1, 0, 0);
  const backend = openBackend(file, { now: () => (t += 1000) });
  const admin = backend.db.prepare<[], { id: string }>("SELECT id FROM people WHERE role = 'admin' AND active = 1 ORDER BY id LIMIT 1").get()!;
  const r = rng(Number(get('--seed')));
  const log = openSync(get('--log'), 'a');
  process.stdout.write('ready\n');
  for (let i = 0; ; i++) {
    const cmd = nextCommand(r, backend.db, admin.id, t, GENERIC_LOCAL);
    await backend.call(cmd.name, cmd.input, { actorId: admin.id });
    const kind = (['manual', 'daily', 'pre-migration'] as const)[i % 3]!;
    // A day apart, so retention has daily backups to delete.
    const info = createBackup(backend.db, file, kind, t + i * DAY);
    writeSync(log, `${info.name}\n`);
    if (kind === 'daily') pruneBackups(file);
  }
}

function restoreLoop(): void {
  const file = get('--db');
  const sources = { a: get('--a'), b: get('--b') };
  const log = openSync(get('--log'), 'a');
  let current: Db = openDatabase(file);
  let now = Date.UTC(2026, 10, 2, 1, 0, 0);
  process.stdout.write('ready\n');
  for (let i = 0; ; i++) {
    const which = i % 2 === 0 ? 'b' : 'a';
    writeSync(log, `${which}\n`);
    now += 1000;
    current = restoreDatabase(file, sources[which], current, { now }).db;
    pruneBackups(file);
  }
}

function migration(): void {
  const file = get('--db');
  process.stdout.write('ready\n');
  openDatabase(file);
  // Done: the kill window (calibrated on a whole run) ends here.
  process.exit(0);
}

async function main(): Promise<void> {
  const mode = get('--mode');
  if (mode === 'backup') await backupLoop();
  else if (mode === 'restore') restoreLoop();
  else if (mode === 'migration') migration();
  else throw new Error(`unknown mode ${mode}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
