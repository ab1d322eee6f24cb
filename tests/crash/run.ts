/**
 * `npm run test:crash [-- --trials N --seed S]`: crash safety under SIGKILL.
 *
 * Each trial copies a demo database, starts tests/crash/child.ts on it (random
 * mutations through the real Backend, an intent line before each command) and
 * kills it with SIGKILL at a random moment. Then:
 *  1. `PRAGMA integrity_check` is ok and no foreign key is broken;
 *  2. all-or-nothing: a replay of the same intents on the same base (the child
 *     is deterministic) gives the state before and after the last started
 *     command; the killed database must equal one of the two, every table
 *     compared (data AND activity log: each log row matches its data change);
 *  3. the app opens the file again (openDatabase + a query through the Backend).
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { openBackend } from '../../main/app';
import { dbChecksum } from '../helpers/db';


const ROOT = resolve(__dirname, '../..');

/** The child, bundled with `uuid` swapped for the deterministic det-uuid. */
async function bundleChild(): Promise<string> {
  const outfile = join(ROOT, '.cache/run/crash-child.cjs');
  await build({
    entryPoints: [join(ROOT, 'tests/crash/child.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    external: ['better-sqlite3', 'electron', 'exceljs', 'pg', 'pg-native', 'pdfkit', 'fast-check', 'esbuild'],
    alias: { uuid: './tests/crash/det-uuid.ts' },
    absWorkingDir: ROOT,
    logLevel: 'warning',
  });
  return outfile;
}

function arg(flag: string, fallback: number): number {
  const i = process.argv.indexOf(flag);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v)) throw new Error(`${flag} needs a number`);
  return v;
}

const sleep = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms));

async function main(): Promise<void> {
  const trials = arg('--trials', 20);
  const seed0 = arg('--seed', Date.now() % 100_000);
  const t0 = Date.now();
  const child = await bundleChild();
  const work = mkdtempSync(join(tmpdir(), 'crewdesk-crash-'));
  const base = join(work, 'base.sqlite3');
  const b = openBackend(base);
  const setup = await b.call('workspace.setup', { mode: 'demo' }, { actorId: null });
  if (!setup.ok) throw new Error(setup.error.message.en);
  b.db.close();

  let failures = 0;
  let commands = 0;
  let committed = 0;
  /** How the last started command was found after the kill. */
  let lastApplied = 0;
  let lastNotApplied = 0;
  console.log(`crash test: ${trials} trials, seeds ${seed0}…${seed0 + trials - 1}, work folder ${work}`);
  for (let k = 0; k < trials; k++) {
    const seed = seed0 + k;
    const dir = join(work, `t${k}`);
    const db = join(dir, 'crewdesk.sqlite3');
    const intents = join(dir, 'intents.jsonl');
    spawnSync('mkdir', ['-p', dir]);
    copyFileSync(base, db);

    // Run and kill.
    const proc = spawn(process.execPath, [child, '--db', db, '--seed', String(seed), '--intents', intents], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((ok, fail) => {
      proc.stdout.once('data', () => ok());
      proc.once('exit', (code) => fail(new Error(`child exited early (${code})`)));
    });
    const rand = Math.abs(Math.sin(seed * 9301 + 49297)) % 1;
    await sleep(20 + Math.floor(rand * 700));
    proc.kill('SIGKILL');
    await new Promise((ok) => proc.once('exit', ok));

    const problems: string[] = [];
    // 1. integrity, straight off the killed files (WAL included).
    const raw = new Database(db);
    const integrity = raw.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    const fk = raw.pragma('foreign_key_check') as unknown[];
    if (fk.length) problems.push(`${fk.length} broken foreign keys`);
    const recovered = dbChecksum(raw);
    // The checker must be able to fail: the same state minus its newest log row
    // (data changed without a log row) has to be caught below.
    raw.exec('BEGIN');
    raw.prepare("DELETE FROM activity_log WHERE rowid = (SELECT max(rowid) FROM activity_log WHERE command <> 'workspace.setup')").run();
    const sabotaged = dbChecksum(raw);
    raw.exec('ROLLBACK');
    raw.close();

    // 2. all-or-nothing, against a deterministic replay on a fresh copy of the base.
    const lines = existsSync(intents) ? readFileSync(intents, 'utf8').split('\n').filter((l, i, a) => l && (i < a.length - 1 || l.endsWith('}'))) : [];
    const n = lines.length;
    commands += n;
    const replayDb = join(dir, 'replay.sqlite3');
    copyFileSync(base, replayDb);
    const rep = spawnSync(process.execPath, [child, '--db', replayDb, '--seed', String(seed), '--intents', intents, '--replay', String(n)], { encoding: 'utf8' });
    if (rep.status !== 0) {
      problems.push(`replay failed: ${rep.stderr.slice(0, 500)}`);
    } else {
      const { before, after, okCount } = JSON.parse(rep.stdout.trim()) as { before: string; after: string; okCount: number };
      committed += okCount;
      if (recovered === after && before !== after) lastApplied++;
      else if (recovered === before && before !== after) lastNotApplied++;
      // A command whose only effect is its log row (e.g. a recurring-meeting catch-up with
      // nothing to create) makes "minus the newest log row" equal the state before it: that is
      // the command undone whole, not a blind spot of the checker.
      const onlyLogRow = sabotaged === before && recovered === after;
      if ((sabotaged === before || sabotaged === after) && !onlyLogRow) {
        problems.push('self-check: a missing activity row would go unnoticed');
      }
      if (recovered !== before && recovered !== after) {
        problems.push(`state after the kill is neither "before" nor "after" command #${n} (a half-applied command, or log and data disagree)`);
      }
    }

    // 3. the app opens it again.
    try {
      const again = openBackend(db);
      const out = await again.call('people.list', {}, { actorId: null });
      if (!out.ok) problems.push(`reopened app cannot list people: ${out.error.message.en}`);
      again.db.close();
    } catch (e) {
      problems.push(`the app cannot open the database again: ${(e as Error).message}`);
    }

    const verdict = problems.length ? `FAIL\n    ${problems.join('\n    ')}` : 'ok';
    console.log(`  trial ${k + 1}/${trials} seed ${seed}: killed after ${n} commands — ${verdict}`);
    if (problems.length) failures++;
    else rmSync(dir, { recursive: true, force: true });
  }
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(
    `crash test: ${trials - failures}/${trials} trials ok, ${commands} commands started (${committed} succeeded, the rest refused with a typed error), ` +
      `the last started command was found applied whole ${lastApplied}×, not applied at all ${lastNotApplied}×, ` +
      `without effect either way ${trials - failures - lastApplied - lastNotApplied}×; ${secs} s`,
  );
  if (failures) {
    console.log(`failed trials kept in ${work}`);
    process.exit(1);
  }
  rmSync(work, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
