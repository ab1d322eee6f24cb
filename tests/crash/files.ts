/**
 * Kills during the file operations of main/db/backup.ts and main/maintenance/index.ts.
 *
 * backup     the child makes commands and backups (VACUUM INTO a temp name → fsync →
 *            rename → fsync of the folder; daily ones followed by retention) until killed.
 *            After: the live database passes integrity_check and the app opens it; every
 *            file under a backup's real name is a whole backup (opens, integrity_check, a
 *            Crewdesk database); a temp file may be left, never under a real name.
 * restore    the child restores A, B, A, … into the data folder until killed (each
 *            restore: check, pre-restore backup, close, swap, reopen). After: the data
 *            folder's database opens in the app, passes integrity_check, and holds exactly
 *            A's or B's data (the activity row the restore writes aside); every backup is whole.
 * migration  the child opens a file made with only the first migrations with the full list
 *            (pre-migration backup, then the migrations in one transaction). After: the
 *            file is at the old version with the old data or at the new version with what a
 *            clean migration gives, whole; a pre-migration backup under its real name equals
 *            the old file; the app then opens it at the new version.
 */
import { olderSchemaCopy } from '../helpers/db';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { createBackend, openBackend } from '../../main/app';
import { backupsDirOf, parseBackupName } from '../../main/db/backup';
import { openDatabase } from '../../main/db/connection';
import { MIGRATIONS, SCHEMA_VERSION } from '../../main/db/migrations';
import { dbChecksum } from '../helpers/db';
import { backupFolderProblems, bundleChild, integrityProblems, runAndKill, unit, type Kind, type TrialOutcome } from './common';
import { demoBase } from './plain';

/** The rows of a file, the activity rows that restores write aside. */
function contentDigest(file: string): string {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.exec('BEGIN');
    db.prepare("DELETE FROM activity_log WHERE command = 'maintenance.restore'").run();
    const d = dbChecksum(db);
    db.exec('ROLLBACK');
    return d;
  } finally {
    db.close();
  }
}

function rawDigest(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return dbChecksum(db);
  } finally {
    db.close();
  }
}

/** Opens the file the way the app starts (openDatabase + a Backend + a query); the problem, if any. */
function appOpens(file: string): string | null {
  try {
    const b = openBackend(file);
    b.db.prepare('SELECT count(*) FROM people').get();
    b.db.close();
    return null;
  } catch (e) {
    return `the app cannot open the database: ${(e as Error).message}`;
  }
}

/** The self-check every file kind runs once: a backup cut in half under a real name must be caught. */
function selfCheckHalfBackup(work: string, whole: string): void {
  const dbFile = join(work, 'selfcheck', 'crewdesk.sqlite3');
  const dir = backupsDirOf(dbFile);
  mkdirSync(dir, { recursive: true });
  const buf = readFileSync(whole);
  const target = join(dir, `crewdesk-manual-20260101-000000-v${SCHEMA_VERSION}.sqlite3`);
  writeFileSync(target, buf.subarray(0, Math.floor(buf.length / 2)));
  const { problems } = backupFolderProblems(dbFile);
  if (!problems.length) throw new Error('self-check: a half backup under a real name would go unnoticed');
}

export function backupKind(): Kind {
  let child = '';
  let base = '';
  return {
    name: 'backup',
    about: 'commands and backups (VACUUM INTO → fsync → rename, retention), SIGKILL at a random moment',
    async setup(work) {
      child = await bundleChild('tests/crash/child-files.ts', 'crash-child-files', false);
      base = await demoBase(join(work, '..'));
      selfCheckHalfBackup(work, base);
    },
    async trial(dir, seed): Promise<TrialOutcome> {
      mkdirSync(dir, { recursive: true });
      const db = join(dir, 'crewdesk.sqlite3');
      const log = join(dir, 'backups.log');
      copyFileSync(base, db);
      await runAndKill(child, ['--mode', 'backup', '--db', db, '--seed', String(seed), '--log', log], 30 + Math.floor(unit(seed) * 900));
      const problems = integrityProblems(db, 'live database');
      const opened = appOpens(db);
      if (opened) problems.push(opened);
      const folder = backupFolderProblems(db);
      problems.push(...folder.problems);
      // A backup killed half-way leaves its temp file (and the journal VACUUM INTO keeps beside it), never a real name.
      const strays = folder.others.filter((n) => !/\.partial(-journal|-wal)?$/.test(n) || !parseBackupName(n.replace(/\.partial(-journal|-wal)?$/, '')));
      if (strays.length) problems.push(`unexpected files in backups/: ${strays.join(', ')}`);
      // Every manual backup the child finished (logged after createBackup returned) is still there
      // (retention never deletes those; it keeps only the newest daily and other automatic ones).
      const done = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l.endsWith('.sqlite3')) : [];
      const missing = done.filter((n) => !folder.whole.includes(n) && parseBackupName(n)?.kind === 'manual');
      if (missing.length) problems.push(`finished backups are gone: ${missing.join(', ')}`);
      const partial = folder.others.length > 0;
      return {
        problems,
        note: `${folder.whole.length} whole backups, ${folder.others.length} temp files left`,
        landed: partial ? 'during a backup (temp file left)' : 'between backups',
        counts: { backups: folder.whole.length, tempLeft: folder.others.length },
      };
    },
  };
}

export function restoreKind(): Kind {
  let child = '';
  const src = { a: '', b: '' };
  const digest = { a: '', b: '' };
  return {
    name: 'restore',
    about: 'restores of A, B, A, … into the data folder, SIGKILL at a random moment',
    async setup(work) {
      child = await bundleChild('tests/crash/child-files.ts', 'crash-child-files', false);
      const base = await demoBase(join(work, '..'));
      mkdirSync(work, { recursive: true });
      src.a = join(work, 'a.sqlite3');
      src.b = join(work, 'b.sqlite3');
      copyFileSync(base, src.a);
      copyFileSync(base, src.b);
      // B: A plus a few changes, so the two are told apart.
      const b = openBackend(src.b, { noBackup: true });
      const admin = b.db.prepare<[], { id: string }>("SELECT id FROM people WHERE role = 'admin' ORDER BY id LIMIT 1").get()!;
      const teamId = b.db.prepare<[], { id: string }>('SELECT id FROM teams ORDER BY id LIMIT 1').get()!.id;
      for (let i = 0; i < 5; i++) {
        const r = await b.call('people.create', { name: `恢复测试${i}`, teamId, role: 'member' }, { actorId: admin.id });
        if (!r.ok) throw new Error(r.error.message.en);
      }
      b.db.close();
      digest.a = contentDigest(src.a);
      digest.b = contentDigest(src.b);
      if (digest.a === digest.b) throw new Error('self-check: A and B have the same content');
      selfCheckHalfBackup(work, src.a);
    },
    async trial(dir, seed): Promise<TrialOutcome> {
      mkdirSync(dir, { recursive: true });
      const db = join(dir, 'crewdesk.sqlite3');
      const log = join(dir, 'restores.log');
      copyFileSync(src.a, db);
      await runAndKill(child, ['--mode', 'restore', '--db', db, '--a', src.a, '--b', src.b, '--log', log], 30 + Math.floor(unit(seed) * 1500));
      const problems: string[] = [];
      const started = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l === 'a' || l === 'b') : [];
      const target = (started[started.length - 1] ?? 'a') as 'a' | 'b';
      const old = target === 'a' ? 'b' : 'a';
      let landed = '?';
      if (!existsSync(db)) {
        problems.push('the data folder has no database file');
      } else {
        problems.push(...integrityProblems(db));
        if (!problems.length) {
          const d = contentDigest(db);
          if (d === digest[target]) landed = started.length ? 'new database in place' : 'before the first restore';
          else if (d === digest[old]) landed = 'old database in place';
          else problems.push(`the database holds neither A nor B (restore of ${target} was under way)`);
        }
        const opened = appOpens(db);
        if (opened) problems.push(opened);
      }
      const folder = backupFolderProblems(db);
      problems.push(...folder.problems);
      const strays = readdirSync(dir).filter((n) => n.startsWith('crewdesk.sqlite3.'));
      return {
        problems,
        note: `killed during restore #${started.length} (of ${target.toUpperCase()})${strays.length ? `, temp files left: ${strays.join(', ')}` : ''}`,
        landed,
        counts: { restores: started.length, tempLeft: strays.length },
      };
    },
  };
}

export function migrationKind(): Kind {
  let child = '';
  let oldBase = '';
  let oldDigest = '';
  let newDigest = '';
  let fullMs = 0;
  const FROM = 3;
  return {
    name: 'migration',
    about: `opening a v${FROM} file with the full migration list (pre-migration backup, then v${FROM}→v${SCHEMA_VERSION}), SIGKILL at a random moment`,
    async setup(work) {
      child = await bundleChild('tests/crash/child-files.ts', 'crash-child-files', false);
      mkdirSync(work, { recursive: true });
      // The demo workspace as an app that had only the first migrations wrote it.
      oldBase = join(work, `v${FROM}.sqlite3`);
      const today = join(work, 'today.sqlite3');
      const db = openDatabase(today, { noBackup: true });
      const setup = await createBackend(db).call('workspace.setup', { mode: 'demo' }, { actorId: null });
      if (!setup.ok) throw new Error(setup.error.message.en);
      db.close();
      olderSchemaCopy(today, FROM, oldBase);
      oldDigest = rawDigest(oldBase);
      const ref = join(work, 'reference.sqlite3');
      copyFileSync(oldBase, ref);
      openDatabase(ref, { noBackup: true }).close();
      newDigest = rawDigest(ref);
      selfCheckHalfBackup(work, oldBase);
      // How long a whole open takes here (the quickest of three), so the kills spread over all of it.
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const cal = join(work, `calibrate${i}`, 'crewdesk.sqlite3');
        mkdirSync(dirname(cal), { recursive: true });
        copyFileSync(oldBase, cal);
        runs.push((await runAndKill(child, ['--mode', 'migration', '--db', cal], 120_000)).ranMs);
      }
      fullMs = Math.min(...runs);
      console.log(`  (a whole open with migration takes ${runs.join(' / ')} ms here; kills spread over 0…${fullMs} ms)`);
    },
    async trial(dir, seed): Promise<TrialOutcome> {
      mkdirSync(dir, { recursive: true });
      const db = join(dir, 'crewdesk.sqlite3');
      copyFileSync(oldBase, db);
      const k = await runAndKill(child, ['--mode', 'migration', '--db', db], Math.floor(unit(seed) * fullMs));
      const problems = integrityProblems(db);
      let landed = '?';
      const folder = backupFolderProblems(db);
      problems.push(...folder.problems);
      const pre = folder.whole.filter((n) => parseBackupName(n)?.kind === 'pre-migration');
      for (const n of pre) {
        if (rawDigest(join(backupsDirOf(db), n)) !== oldDigest) problems.push(`pre-migration backup ${n} is not the old file`);
      }
      if (!problems.length) {
        const raw = new Database(db, { readonly: true });
        const version = raw.pragma('user_version', { simple: true }) as number;
        raw.close();
        const d = rawDigest(db);
        if (version === FROM) {
          if (d !== oldDigest) problems.push(`at v${FROM} but not the old data`);
          landed = pre.length ? 'old version, backup taken (killed in the migration)' : folder.others.length ? 'old version, killed in the backup' : 'old version, before the backup';
        } else if (version === SCHEMA_VERSION) {
          if (d !== newDigest) problems.push(`at v${version} but not what a clean migration gives`);
          if (!pre.length) problems.push('migrated without a pre-migration backup');
          landed = k.exitedFirst === null ? 'new version (killed after the migration)' : 'new version (finished before the kill)';
        } else {
          problems.push(`at schema version ${version}: neither v${FROM} nor v${SCHEMA_VERSION}`);
        }
      }
      const opened = appOpens(db);
      if (opened) problems.push(opened);
      else if (rawDigest(db) !== newDigest) problems.push('after the app opened it, the file is not what a clean migration gives');
      return { problems, note: `killed after ${k.ranMs} ms`, landed, counts: { tempLeft: folder.others.length } };
    },
  };
}
