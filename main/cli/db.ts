/**
 * `npm run db -- <command> [--data DIR]`: the data folder from the command line,
 * over the same functions the app uses (main/db/backup.ts, main/maintenance/index.ts).
 *
 *   check               integrity check, schema version, row counts; exit 1 if the database is not usable
 *   backup [FILE]       a consistent copy into the backups folder (or FILE)
 *   restore FILE|NAME   checks FILE (or a backup NAME from the backups folder), keeps the current database as a backup, swaps
 *   export DIR          every table as JSON (one file per table) plus manifest.json
 *   list                the backups
 *
 * One process per data folder: `restore` takes the folder's lock (main/db/lock.ts)
 * and is refused while the app or a web host has the folder open. The other
 * commands only read the database (read-only connection, WAL snapshot) and run
 * beside a running app.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import { backupsDirOf, checkDatabaseFile, createBackup, listBackups, parseBackupName, writeSnapshot } from '../db/backup';
import { DatabaseUnavailableError, openDatabase } from '../db/connection';
import { lockDataFolder } from '../db/lock';
import { SCHEMA_VERSION } from '../db/migrations';
import { dataFile } from '../paths';
import { restoreDatabase } from '../maintenance';

const USAGE = `usage: npm run db -- <check | backup [FILE] | restore FILE|NAME | export DIR | list> [--data DIR]
  --data DIR   the data folder (default: $CREWDESK_DATA or .data)`;

interface Cli {
  command: string;
  args: string[];
  data: string;
}

function parse(argv: string[]): Cli {
  let data = process.env.CREWDESK_DATA ?? '.data';
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--data') {
      const v = argv[++i];
      if (!v) throw new Error('--data needs a folder');
      data = v;
    } else if (a.startsWith('--data=')) {
      data = a.slice('--data='.length);
    } else if (a === '--help' || a === '-h') {
      rest.unshift('help');
    } else {
      rest.push(a);
    }
  }
  const [command = 'help', ...args] = rest;
  return { command, args, data: resolve(data) };
}

function out(line: string): void {
  process.stdout.write(line + '\n');
}

/** Opens the app database for reading without migrating or creating it. */
function openExisting(file: string): Database.Database {
  if (!existsSync(file)) throw new Error(`no database at ${file}`);
  return new Database(file, { readonly: true, fileMustExist: true });
}

export function run(argv: string[]): number {
  const cli = parse(argv);
  const file = dataFile(cli.data);
  switch (cli.command) {
    case 'check': {
      const r = checkDatabaseFile(file);
      out(`database: ${file}`);
      if (!r.ok) {
        out(`NOT OK: ${r.problem!.en}\n        ${r.problem!.zh}`);
        const good = listBackups(file).find((b) => checkDatabaseFile(join(backupsDirOf(file), b.name)).ok);
        if (good) out(`newest good backup: ${good.name}  →  npm run db -- restore ${good.name} --data ${cli.data}`);
        return 1;
      }
      out(`ok: integrity check passed, schema version ${r.schemaVersion} (this app: ${SCHEMA_VERSION})`);
      for (const [t, n] of Object.entries(r.tables)) out(`  ${t.padEnd(22)} ${n}`);
      out(`backups: ${listBackups(file).length} in ${backupsDirOf(file)}`);
      return 0;
    }
    case 'list': {
      for (const b of listBackups(file)) out(`${b.name}  ${b.kind}  ${new Date(b.at).toISOString()}  ${b.size} bytes`);
      return 0;
    }
    case 'backup': {
      const db = openExisting(file);
      try {
        const target = cli.args[0];
        if (target) {
          const path = resolve(target);
          writeSnapshot(db, path);
          out(`backup written: ${path}`);
        } else {
          const b = createBackup(db, file, 'manual');
          out(`backup written: ${join(backupsDirOf(file), b.name)}`);
        }
      } finally {
        db.close();
      }
      return 0;
    }
    case 'restore': {
      const src = cli.args[0];
      if (!src) throw new Error('restore needs a FILE (or the NAME of a backup)');
      const source = !isAbsolute(src) && parseBackupName(src) && !existsSync(src) ? join(backupsDirOf(file), src) : resolve(src);
      const lock = lockDataFolder(cli.data, 'npm run db -- restore');
      let r;
      try {
        let current: Database.Database | null = null;
        if (existsSync(file)) {
          try {
            current = openDatabase(file, { noBackup: true });
          } catch (e) {
            // A damaged database: its raw files are kept under backups/damaged/.
            if (!(e instanceof DatabaseUnavailableError)) throw e;
          }
        }
        r = restoreDatabase(file, source, current);
        r.db.close();
      } finally {
        lock.release();
      }
      if (r.syncNotice) out(`${r.syncNotice.en}\n${r.syncNotice.zh}`);
      out(`restored ${source} → ${file}`);
      if (r.previousKeptAs) out(`the previous database is kept as backups/${r.previousKeptAs}`);
      if (r.savedAs) out(`the damaged database is kept as backups/${r.savedAs}`);
      return 0;
    }
    case 'export': {
      const dir = cli.args[0];
      if (!dir) throw new Error('export needs a folder');
      const target = resolve(dir);
      mkdirSync(target, { recursive: true });
      if (readdirSync(target).length) throw new Error(`${target} is not empty`);
      const db = openExisting(file);
      try {
        const tables = db
          .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
          .all()
          .map((r) => r.name);
        const manifest: Record<string, number> = {};
        db.exec('BEGIN'); // one consistent snapshot for all tables
        for (const t of tables) {
          // Table names come from sqlite_schema, not from user input.
          const rows = db.prepare(`SELECT * FROM "${t.replace(/"/g, '""')}" ORDER BY 1`).all();
          writeFileSync(join(target, `${t}.json`), JSON.stringify(rows, null, 1));
          manifest[t] = rows.length;
        }
        db.exec('COMMIT');
        const schemaVersion = db.pragma('user_version', { simple: true }) as number;
        writeFileSync(join(target, 'manifest.json'), JSON.stringify({ exportedAt: new Date().toISOString(), schemaVersion, tables: manifest }, null, 2));
        out(`exported ${tables.length} tables to ${target}`);
      } finally {
        db.close();
      }
      return 0;
    }
    case 'help':
      out(USAGE);
      return 0;
    default:
      process.stderr.write(`unknown command: ${cli.command}\n${USAGE}\n`);
      return 2;
  }
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  try {
    process.exit(run(process.argv.slice(2)));
  } catch (e) {
    const err = e as Error;
    process.stderr.write((err instanceof AppError ? `${err.localized.zh}\n${err.localized.en}` : err.message) + '\n');
    process.exit(1);
  }
}
