import Database from 'better-sqlite3';
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError, type LocalizedText } from '../../shared/errors';
import { createBackup } from './backup';
import { migrate, MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

/**
 * A statement a query may run: it reads and nothing else. There is no `run`, and no way
 * back to the database it came from; better-sqlite3 itself refuses `get`/`all` on a
 * statement that returns no rows, so a write cannot slip through them either.
 */
export interface ReadStatement<P extends unknown[] = unknown[], R = unknown> {
  readonly source: string;
  readonly reader: boolean;
  get(...params: P): R | undefined;
  all(...params: P): R[];
  iterate(...params: P): IterableIterator<R>;
  pluck(toggleState?: boolean): this;
  expand(toggleState?: boolean): this;
  raw(toggleState?: boolean): this;
  columns(): Database.ColumnDefinition[];
}

/**
 * The handle a query gets (core/backend.ts): "a query never writes" is checked by the
 * compiler. No exec, run, pragma, transaction or function; a `Db` is a `ReadDb`, so a
 * read helper typed against this one serves commands and queries alike.
 */
export interface ReadDb {
  prepare<P extends unknown[] | {} = unknown[], R = unknown>(source: string): P extends unknown[] ? ReadStatement<P, R> : ReadStatement<[P], R>;
  readonly open: boolean;
  readonly inTransaction: boolean;
}

const readHandles = new WeakMap<Db, ReadDb>();
const connections = new WeakMap<object, Db>();

/**
 * The read-only handle of a connection (one per connection, so caches keyed by it hold):
 * the compiler sees a ReadDb, and at run time a statement that could write (SQLite's own
 * `readonly` flag of the compiled statement: INSERT … RETURNING included) is refused before
 * it runs.
 */
export function readOnly(db: Db): ReadDb {
  let h = readHandles.get(db);
  if (!h) {
    const handle = {
      prepare(source: string) {
        const st = db.prepare(source);
        if (!st.readonly) throw new Error(`a query may only read; refused: ${source.replace(/\s+/g, ' ').slice(0, 80)}`);
        return st;
      },
      get open() {
        return db.open;
      },
      get inTransaction() {
        return db.inTransaction;
      },
    };
    h = handle as ReadDb;
    readHandles.set(db, h);
    connections.set(h, db);
  }
  return h;
}

/** The connection behind a handle, for registries keyed by it (the sync client of a desktop). */
export function connectionOf(h: ReadDb): Db {
  return connections.get(h) ?? (h as Db);
}

export interface OpenOptions {
  /** Path to a better-sqlite3 native build (Electron's ABI); tests under Node use the default build. */
  nativeBinding?: string;
  readonly?: boolean;
  /** Skip the automatic backup before a migration (only for throw-away files). */
  noBackup?: boolean;
  /** The migration list (tests); defaults to MIGRATIONS. */
  migrations?: readonly Migration[];
}

/**
 * The database file exists but cannot be used: it is damaged (not a database,
 * failed integrity check) or cannot be read. The hosts then start in recovery
 * mode and offer the newest good backup; the file itself is never overwritten.
 */
export class DatabaseUnavailableError extends AppError {
  constructor(
    readonly file: string,
    readonly reason: 'corrupt' | 'unreadable',
    detail: string,
  ) {
    super('INTERNAL', DatabaseUnavailableError.text(file, reason, detail));
  }

  static text(file: string, reason: 'corrupt' | 'unreadable', detail: string): LocalizedText {
    return reason === 'corrupt'
      ? {
          zh: `数据库文件已损坏，无法打开：${file}（${detail}）。文件未被改动，可以从备份恢复。`,
          en: `The database file is damaged and cannot be opened: ${file} (${detail}). It was not changed; you can restore a backup.`,
        }
      : {
          zh: `无法读取数据库文件：${file}（${detail}）。请检查文件权限，或从备份恢复。`,
          en: `The database file cannot be read: ${file} (${detail}). Check its permissions, or restore a backup.`,
        };
  }
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
  // Decided before opening: opening in WAL mode creates the -wal file.
  const fullCheck = needsFullCheck(file);
  let db: Db;
  try {
    db = new Database(file, dbOpts);
  } catch (e) {
    throw new DatabaseUnavailableError(file, 'unreadable', (e as Error).message);
  }
  try {
    try {
      configure(db);
      // A damaged file often opens fine and fails only when its pages are read.
      if (fullCheck) {
        const check = db.pragma('quick_check') as { quick_check: string }[];
        const problems = check.map((r) => r.quick_check).filter((r) => r !== 'ok');
        if (problems.length) throw new DatabaseUnavailableError(file, 'corrupt', problems.slice(0, 3).join('; '));
      } else {
        // Header and schema pages: catches a file that is not (or no longer) a database.
        db.prepare('SELECT count(*) FROM sqlite_schema').get();
      }
    } catch (e) {
      if (e instanceof DatabaseUnavailableError) throw e;
      const err = e as { code?: string; message?: string };
      if (err.code === 'SQLITE_NOTADB' || err.code === 'SQLITE_CORRUPT' || (err.code ?? '').startsWith('SQLITE_CORRUPT')) {
        throw new DatabaseUnavailableError(file, 'corrupt', err.message ?? String(e));
      }
      if (err.code === 'SQLITE_CANTOPEN' || err.code === 'SQLITE_IOERR' || (err.code ?? '').startsWith('SQLITE_IOERR')) {
        throw new DatabaseUnavailableError(file, 'unreadable', err.message ?? String(e));
      }
      throw e;
    }
    if (!opts.readonly) {
      // A copy of the database as it was, before any migration touches it.
      const before = file === ':memory:' || opts.noBackup ? undefined : () => void createBackup(db, file, 'pre-migration');
      migrate(db, opts.migrations ?? MIGRATIONS, (from) => {
        if (from > 0) before?.();
      });
    }
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/** Up to this size a full quick_check at every start costs well under 100 ms. */
export const FULL_CHECK_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Whether opening should read every page (PRAGMA quick_check): always for a
 * small file; for a large one (years of a center's data, where the check takes
 * seconds) only when the last session did not end cleanly — SQLite checkpoints
 * and deletes the -wal file when the last connection closes, so a non-empty
 * -wal at start means a crash, a kill or a power cut. `npm run db -- check` runs
 * the full check on demand.
 */
export function needsFullCheck(file: string): boolean {
  if (file === ':memory:') return false;
  try {
    if (statSync(file).size <= FULL_CHECK_MAX_BYTES) return true;
  } catch {
    return true;
  }
  try {
    return statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
}

/**
 * The -wal file is cut back to this size whenever it is reset (the hosts also
 * empty it with an idle `wal_checkpoint(TRUNCATE)`, see HostBackend): behind a
 * long reader the WAL can grow, but it does not stay grown.
 */
export const JOURNAL_SIZE_LIMIT = 8 * 1024 * 1024;

export function configure(db: Db): void {
  db.pragma('busy_timeout = 5000');
  if (!db.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
  }
  db.pragma('foreign_keys = ON');
}
