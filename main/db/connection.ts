import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../shared/errors';
import { migrate } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  /** Path to a better-sqlite3 native build (Electron's ABI); tests under Node use the default build. */
  nativeBinding?: string;
  readonly?: boolean;
}

/**
 * Opens (creating if needed) a Crewdesk database and brings its schema up to
 * date. Durability: WAL with synchronous=FULL — every committed command is on
 * disk before the call returns, so a power cut at a venue loses nothing the user
 * saw saved. The cost (one fsync per commit, ~1 ms on SSD) is invisible at the
 * rate people edit.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const dbOpts: Database.Options = {};
  if (opts.nativeBinding) dbOpts.nativeBinding = opts.nativeBinding;
  if (opts.readonly) dbOpts.readonly = true;
  let db: Db;
  try {
    db = new Database(file, dbOpts);
  } catch (e) {
    throw new AppError('INTERNAL', {
      zh: `无法打开数据库文件：${file}（${(e as Error).message}）`,
      en: `Cannot open the database file: ${file} (${(e as Error).message})`,
    });
  }
  try {
    configure(db);
    if (!opts.readonly) migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

export function configure(db: Db): void {
  db.pragma('busy_timeout = 5000');
  if (!db.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
}
