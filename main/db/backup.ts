import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BACKUP_KINDS, type BackupInfo, type BackupKind } from '../../shared/contract/maintenance';
import { AppError, type LocalizedText } from '../../shared/errors';
import { localDate, weekStart } from '../../shared/time';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';

type Db = Database.Database;

/** Backups live next to the database: `<data folder>/backups/`. */
export const backupsDirOf = (dbFile: string): string => join(dirname(dbFile), 'backups');

/** Retention of automatic backups (manual ones are never deleted automatically). */
export const KEEP_DAILY = 7;
export const KEEP_WEEKLY = 4;
export const KEEP_OTHER = 10;

const NAME_RE = /^crewdesk-([a-z-]+)-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(?:-(\d+))?-v(\d+)\.sqlite3$/;

function stamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

export function parseBackupName(name: string): Omit<BackupInfo, 'size'> | null {
  const m = NAME_RE.exec(name);
  if (!m) return null;
  const kind = m[1] as BackupKind;
  if (!(BACKUP_KINDS as readonly string[]).includes(kind)) return null;
  const at = Date.UTC(+m[2]!, +m[3]! - 1, +m[4]!, +m[5]!, +m[6]!, +m[7]!) + (m[8] ? Number(m[8]) : 0);
  return { name, kind, at, schemaVersion: Number(m[9]) };
}

/** Every backup in the folder, newest first. */
export function listBackups(dbFile: string): BackupInfo[] {
  const dir = backupsDirOf(dbFile);
  if (!existsSync(dir)) return [];
  const out: BackupInfo[] = [];
  for (const name of readdirSync(dir)) {
    const info = parseBackupName(name);
    if (!info) continue;
    out.push({ ...info, size: statSync(join(dir, name)).size });
  }
  return out.sort((a, b) => b.at - a.at || b.name.localeCompare(a.name));
}

function fsyncPath(path: string): void {
  try {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* directories cannot be fsynced on every platform (Windows) */
  }
}

/**
 * A consistent copy of the open database with `VACUUM INTO` (synchronous, so it
 * can run right before a migration). Written to a temporary name, flushed, then
 * renamed: a crash or a full disk never leaves a half backup under a real name.
 */
export function writeSnapshot(db: Db, target: string): void {
  if (existsSync(target)) {
    throw new AppError('CONFLICT', { zh: `文件已存在：${target}`, en: `The file already exists: ${target}` });
  }
  const tmp = `${target}.partial`;
  try {
    mkdirSync(dirname(target), { recursive: true });
    rmSync(tmp, { force: true });
    db.prepare('VACUUM INTO ?').run(tmp);
    fsyncPath(tmp);
    renameSync(tmp, target);
    fsyncPath(dirname(target));
  } catch (e) {
    removeQuietly(tmp);
    throw fileError(e, { zh: '备份失败', en: 'The backup failed' });
  }
}

/** Takes a backup of `db` (whose file is `dbFile`) into the backups folder. */
export function createBackup(db: Db, dbFile: string, kind: BackupKind, now = Date.now()): BackupInfo {
  const dir = backupsDirOf(dbFile);
  const version = db.pragma('user_version', { simple: true }) as number;
  let name = `crewdesk-${kind}-${stamp(now)}-v${version}.sqlite3`;
  for (let i = 1; existsSync(join(dir, name)); i++) name = `crewdesk-${kind}-${stamp(now)}-${i}-v${version}.sqlite3`;
  writeSnapshot(db, join(dir, name));
  const info = parseBackupName(name)!;
  return { ...info, size: statSync(join(dir, name)).size };
}

/**
 * Which backups retention keeps: manual ones always; automatic daily ones, the
 * newest of each of the last 7 days that have one and the newest of each of the
 * last 4 weeks (Asia/Shanghai calendar); of the other automatic kinds the newest 10.
 */
export function backupsToKeep(list: readonly BackupInfo[]): Set<string> {
  const keep = new Set<string>();
  const newest = [...list].sort((a, b) => b.at - a.at);
  const days = new Set<string>();
  const weeks = new Set<string>();
  const others = new Map<string, number>();
  for (const b of newest) {
    if (b.kind === 'manual') {
      keep.add(b.name);
    } else if (b.kind === 'daily') {
      const day = localDate(b.at);
      const week = weekStart(day);
      if (!days.has(day) && days.size < KEEP_DAILY) {
        days.add(day);
        keep.add(b.name);
      }
      if (!weeks.has(week) && weeks.size < KEEP_WEEKLY) {
        weeks.add(week);
        keep.add(b.name);
      }
    } else {
      const n = others.get(b.kind) ?? 0;
      if (n < KEEP_OTHER) keep.add(b.name);
      others.set(b.kind, n + 1);
    }
  }
  return keep;
}

/**
 * Removes what a backup or restore killed half-way leaves behind: `*.partial` (and its
 * `-journal`) in the backups folder, and a stale `<db>.restoring` candidate. Only one
 * process uses a data folder (crewdesk.lock) and backups run synchronously, so none of
 * these can belong to a backup in progress when this runs. Returns what it removed.
 */
export function sweepLeftovers(dbFile: string): string[] {
  const removed: string[] = [];
  const dir = backupsDirOf(dbFile);
  if (existsSync(dir)) {
    for (const name of readdirSync(dir)) {
      if (!/\.sqlite3\.partial(?:-journal|-wal|-shm)?$/.test(name)) continue;
      rmSync(join(dir, name), { force: true });
      removed.push(name);
    }
  }
  for (const suffix of ['.restoring', '.restoring-journal', '.restoring-wal', '.restoring-shm']) {
    if (existsSync(dbFile + suffix)) {
      rmSync(dbFile + suffix, { force: true });
      removed.push(basename(dbFile) + suffix);
    }
  }
  return removed;
}

/** Deletes the backups retention does not keep (and leftovers of killed backups); returns their names. */
export function pruneBackups(dbFile: string): string[] {
  sweepLeftovers(dbFile);
  const list = listBackups(dbFile);
  const keep = backupsToKeep(list);
  const removed: string[] = [];
  for (const b of list) {
    if (keep.has(b.name)) continue;
    rmSync(join(backupsDirOf(dbFile), b.name), { force: true });
    removed.push(b.name);
  }
  return removed;
}

/** The daily backup: taken once per Asia/Shanghai calendar day, then retention applies. */
export function dailyBackupIfDue(db: Db, dbFile: string, now = Date.now()): BackupInfo | null {
  // An empty workspace (first run) has nothing to lose yet.
  if (!db.prepare('SELECT 1 FROM people LIMIT 1').get()) return null;
  const today = localDate(now);
  if (listBackups(dbFile).some((b) => b.kind === 'daily' && localDate(b.at) === today)) return null;
  const info = createBackup(db, dbFile, 'daily', now);
  pruneBackups(dbFile);
  return info;
}

export interface FileCheck {
  ok: boolean;
  schemaVersion: number | null;
  /** Why the file cannot be used (null when ok). */
  problem: LocalizedText | null;
  tables: Record<string, number>;
}

const REQUIRED_TABLES = ['people', 'teams', 'activity_log', 'meta'];

/**
 * The local sync bookkeeping (main/sync/rows.ts ensureSyncTables). A backup may
 * carry it, but it is never trusted: a restore drops it and writes the LIVE
 * sync identity instead (see restoreDatabase), so these objects are the only
 * ones a candidate may have beyond what the app's migrations create.
 */
export const SYNC_OBJECTS: ReadonlyArray<{ type: string; name: string }> = [
  { type: 'table', name: 'sync_state' },
  { type: 'table', name: 'sync_mutations' },
  { type: 'table', name: 'sync_capture' },
  { type: 'table', name: 'sync_notices' },
  { type: 'table', name: 'sync_conflicts' },
  { type: 'table', name: 'sync_acked' },
  { type: 'index', name: 'sync_capture_mutation' },
];

const isSyncObject = (o: { type: string; name: string; tbl_name?: string }): boolean =>
  SYNC_OBJECTS.some((s) => s.name === o.name && s.type === o.type) ||
  // SQLite's own indexes of the sync tables (primary keys, AUTOINCREMENT's counter).
  (o.name.startsWith('sqlite_autoindex_sync_') && SYNC_OBJECTS.some((s) => s.type === 'table' && s.name === o.tbl_name));

interface SchemaObject {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

const normSql = (sql: string | null): string => (sql ?? '').replace(/\s+/g, ' ').trim();

function schemaOf(db: Db): Map<string, SchemaObject> {
  const rows = db
    .prepare<[], SchemaObject>("SELECT type, name, tbl_name, sql FROM main.sqlite_schema WHERE name NOT IN ('sqlite_sequence', 'sqlite_stat1', 'sqlite_stat4')")
    .all();
  return new Map(rows.filter((r) => !isSyncObject(r)).map((r) => [`${r.type} ${r.name}`, r]));
}

const references = new Map<number, Map<string, SchemaObject>>();

/** What this app version's migrations create at schema `version` (a fresh in-memory database). */
export function referenceSchema(version: number): Map<string, SchemaObject> {
  let ref = references.get(version);
  if (!ref) {
    const mem = new Database(':memory:');
    try {
      mem.pragma('foreign_keys = ON');
      mem.transaction(() => {
        for (const m of MIGRATIONS.slice(0, version)) m.up(mem);
      })();
      ref = schemaOf(mem);
    } finally {
      mem.close();
    }
    references.set(version, ref);
  }
  return ref;
}

/**
 * How the schema of `db` differs from what this app version creates at its
 * schema version: every table, column, index, trigger and view must be there,
 * with exactly the definition the migrations give it, and nothing else (the
 * known sync bookkeeping aside). Empty when it matches.
 */
export function schemaDifferences(db: Db, version = db.pragma('user_version', { simple: true }) as number): string[] {
  const ref = referenceSchema(version);
  const got = schemaOf(db);
  const out: string[] = [];
  for (const [key, r] of ref) {
    const g = got.get(key);
    if (!g) out.push(`missing ${key}`);
    else if (normSql(g.sql) !== normSql(r.sql) || g.tbl_name !== r.tbl_name) out.push(`changed ${key}`);
  }
  for (const key of got.keys()) if (!ref.has(key)) out.push(`unexpected ${key}`);
  // Missing and planted objects first: a renamed table also changes the definitions that name it.
  const rank = (d: string): number => (d.startsWith('changed') ? 1 : 0);
  return out.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/**
 * Checks a database file without changing it: it opens read-only, passes
 * `PRAGMA integrity_check`, is a Crewdesk database, is not from a newer app,
 * and its schema is exactly what this app creates for its schema version
 * (a renamed table, a planted trigger or view is refused).
 */
export function checkDatabaseFile(file: string): FileCheck {
  const bad = (problem: LocalizedText, schemaVersion: number | null = null): FileCheck => ({ ok: false, schemaVersion, problem, tables: {} });
  if (!existsSync(file)) return bad({ zh: `文件不存在：${file}`, en: `No such file: ${file}` });
  let db: Db | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    if (problems.length) {
      return bad({ zh: `文件已损坏（完整性检查未通过：${problems.slice(0, 3).join('；')}）`, en: `The file is damaged (integrity check failed: ${problems.slice(0, 3).join('; ')})` });
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    const names = new Set(
      db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table'").all().map((r) => r.name),
    );
    const missing = REQUIRED_TABLES.filter((t) => !names.has(t));
    if (version > SCHEMA_VERSION) {
      return bad(
        {
          zh: `此文件来自更新版本的融媒项目台（数据库版本 ${version}，本程序支持到 ${SCHEMA_VERSION}），不能使用`,
          en: `This file is from a newer Crewdesk (schema ${version}; this app supports up to ${SCHEMA_VERSION}) and cannot be used`,
        },
        version,
      );
    }
    if (missing.length || version < 1) {
      return bad({ zh: '这不是融媒项目台的数据库文件', en: 'This is not a Crewdesk database file' }, version);
    }
    const diff = schemaDifferences(db, version);
    if (diff.length) {
      const list = diff.slice(0, 5).join('; ');
      return bad(
        {
          zh: `文件的数据库结构与本程序版本 ${version} 的结构不一致（${list}），可能被改动过，不能使用`,
          en: `The file's schema does not match what this app creates for schema ${version} (${list}); it may have been tampered with and cannot be used`,
        },
        version,
      );
    }
    const tables: Record<string, number> = {};
    for (const t of [...names].filter((n) => !n.startsWith('sqlite_')).sort()) {
      // Names come from sqlite_schema, not from user input.
      tables[t] = (db.prepare(`SELECT count(*) AS n FROM "${t.replace(/"/g, '""')}"`).get() as { n: number }).n;
    }
    return { ok: true, schemaVersion: version, problem: null, tables };
  } catch (e) {
    const { message: msg, code = '' } = e as { message: string; code?: string };
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
      return bad({ zh: `文件已损坏（${msg}）`, en: `The file is damaged (${msg})` });
    }
    return bad({ zh: `无法读取此文件（${msg}）`, en: `The file cannot be read (${msg})` });
  } finally {
    db?.close();
  }
}

/** The temporary name a restore candidate is prepared under, next to the database. */
export const candidateFileOf = (dbFile: string): string => `${dbFile}.restoring`;

/** Copies `source` to the candidate name and flushes it; the live file is not touched. */
export function stageCandidate(dbFile: string, source: string): string {
  const tmp = candidateFileOf(dbFile);
  discardCandidate(dbFile);
  try {
    copyFileSync(source, tmp);
    fsyncPath(tmp);
  } catch (e) {
    discardCandidate(dbFile);
    throw fileError(e, { zh: '恢复失败，原数据库未被替换', en: 'The restore failed; the database was not replaced' });
  }
  return tmp;
}

export function discardCandidate(dbFile: string): void {
  const tmp = candidateFileOf(dbFile);
  for (const suffix of ['', '-wal', '-shm', '-journal']) removeQuietly(tmp + suffix);
}

/**
 * Swaps a prepared (closed, checkpointed) candidate in place of the CLOSED
 * database `dbFile` with one rename: after a crash at any point the data folder
 * holds either the old or the new database, whole.
 */
export function swapInCandidate(dbFile: string): void {
  const tmp = candidateFileOf(dbFile);
  try {
    fsyncPath(tmp);
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(dbFile + suffix, { force: true });
    renameSync(tmp, dbFile);
    fsyncPath(dirname(dbFile));
  } catch (e) {
    discardCandidate(dbFile);
    throw fileError(e, { zh: '恢复失败，原数据库未被替换', en: 'The restore failed; the database was not replaced' });
  }
}

/**
 * Puts `source` in place of the database file `dbFile`, which must be CLOSED.
 * The source is copied under a temporary name and flushed, stale WAL/SHM files of
 * the old database are removed, then one rename swaps it in: after a crash at any
 * point the data folder holds either the old or the new database, whole.
 */
export function replaceDatabaseFile(dbFile: string, source: string): void {
  const tmp = `${dbFile}.restoring`;
  rmSync(tmp, { force: true });
  try {
    copyFileSync(source, tmp);
    fsyncPath(tmp);
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(dbFile + suffix, { force: true });
    renameSync(tmp, dbFile);
    fsyncPath(dirname(dbFile));
  } catch (e) {
    removeQuietly(tmp);
    throw fileError(e, { zh: '恢复失败，原数据库未被替换', en: 'The restore failed; the database was not replaced' });
  }
}

/** Keeps the raw files of a database that cannot be opened (corrupt): never deleted silently. */
export function keepRawCopy(dbFile: string, now = Date.now()): string | null {
  if (!existsSync(dbFile)) return null;
  const dir = join(backupsDirOf(dbFile), 'damaged');
  mkdirSync(dir, { recursive: true });
  const base = `${basename(dbFile)}.${stamp(now)}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(dbFile + suffix)) copyFileSync(dbFile + suffix, join(dir, base + suffix));
  }
  return join('damaged', base);
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    /* the folder itself is the problem; the error that got us here says so */
  }
}

function fileError(e: unknown, what: LocalizedText): AppError {
  if (e instanceof AppError) return e;
  const err = e as { code?: string; message?: string };
  const code = err.code ?? '';
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') {
    return new AppError('INTERNAL', { zh: `${what.zh}：磁盘已满`, en: `${what.en}: the disk is full` });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN') {
    return new AppError('INTERNAL', { zh: `${what.zh}：文件夹不可写`, en: `${what.en}: the folder is not writable` });
  }
  return new AppError('INTERNAL', { zh: `${what.zh}：${err.message ?? String(e)}`, en: `${what.en}: ${err.message ?? String(e)}` });
}
