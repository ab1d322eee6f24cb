/** What the crash trial kinds share: bundling a child, running and killing it, checking files. */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { backupsDirOf, checkDatabaseFile, parseBackupName } from '../../main/db/backup';

export const ROOT = resolve(__dirname, '../..');

/** A child entry bundled for Node; `detIds` swaps `uuid` for the deterministic det-uuid. */
export async function bundleChild(entry: string, name: string, detIds: boolean): Promise<string> {
  const outfile = join(ROOT, `.cache/run/${name}.cjs`);
  await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    external: ['better-sqlite3', 'electron', 'exceljs', 'pg', 'pg-native', 'pdfkit', 'fast-check', 'esbuild'],
    ...(detIds ? { alias: { uuid: './tests/crash/det-uuid.ts' } } : {}),
    absWorkingDir: ROOT,
    logLevel: 'warning',
  });
  return outfile;
}

export const sleep = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms));

/** A number in [0, 1) from a seed, for kill delays (independent of the children's PRNG). */
export const unit = (seed: number, salt = 0): number => Math.abs(Math.sin(seed * 9301 + 49297 + salt * 233)) % 1;

export interface Killed {
  /** The child finished by itself before the kill (its exit code). */
  exitedFirst: number | null;
  /** Milliseconds from its "ready" line to the kill (or its exit). */
  ranMs: number;
}

/**
 * Starts `node <child> args`, waits for its first stdout line ("ready"), lets it
 * run `delayMs` and kills it with SIGKILL. A child that exits by itself first is
 * reported (not an error: some trials have a finite job).
 */
export async function runAndKill(child: string, args: string[], delayMs: number, env?: NodeJS.ProcessEnv): Promise<Killed> {
  const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  let exitCode: number | null = null;
  const exited = new Promise<void>((ok) => proc.once('exit', (code, signal) => { exitCode = signal ? null : code; ok(); }));
  await Promise.race([
    new Promise<void>((ok) => proc.stdout.once('data', () => ok())),
    exited.then(() => {
      throw new Error(`child exited before it was ready (${String(exitCode)}): ${stderr.slice(0, 800)}`);
    }),
  ]);
  const t0 = Date.now();
  let finished = false;
  void exited.then(() => void (finished = true));
  await Promise.race([sleep(delayMs), exited]);
  const ranMs = Date.now() - t0;
  const first = finished;
  if (!first) proc.kill('SIGKILL');
  await exited;
  if (first && exitCode !== 0) throw new Error(`child failed (${String(exitCode)}): ${stderr.slice(0, 800)}`);
  return { exitedFirst: first ? exitCode : null, ranMs };
}

/** integrity_check and foreign_key_check straight off the files (WAL included). */
export function integrityProblems(file: string, what = 'database'): string[] {
  const out: string[] = [];
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') out.push(`${what}: integrity_check: ${String(integrity)}`);
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length) out.push(`${what}: ${fk.length} broken foreign keys`);
  } catch (e) {
    out.push(`${what} cannot be read: ${(e as Error).message}`);
  } finally {
    db?.close();
  }
  return out;
}

/**
 * Every file under a backup's real name in the backups folder must be a whole
 * backup (the app's own check: opens, integrity_check, a Crewdesk database).
 * Returns the problems and the names that are not backups (leftover temp files).
 */
export function backupFolderProblems(dbFile: string): { problems: string[]; whole: string[]; others: string[] } {
  const dir = backupsDirOf(dbFile);
  const problems: string[] = [];
  const whole: string[] = [];
  const others: string[] = [];
  if (!existsSync(dir)) return { problems, whole, others };
  for (const name of readdirSync(dir).sort()) {
    if (name === 'damaged') continue;
    if (!parseBackupName(name)) {
      others.push(name);
      continue;
    }
    const check = checkDatabaseFile(join(dir, name));
    if (check.ok) whole.push(name);
    else problems.push(`backup ${name} is under a real name but not whole: ${check.problem?.en ?? '?'}`);
  }
  return { problems, whole, others };
}

export interface TrialOutcome {
  problems: string[];
  /** One short line about what the kill hit. */
  note: string;
  /** Where the kill landed (counted per kind in the summary). */
  landed: string;
  /** Extra counters (commands, images …) summed per kind. */
  counts?: Record<string, number>;
}

export interface Kind {
  name: string;
  /** What one trial does, for the header line. */
  about: string;
  setup(work: string): Promise<void>;
  trial(dir: string, seed: number): Promise<TrialOutcome>;
  teardown?(): Promise<void>;
}
