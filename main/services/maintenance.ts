import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupInfo, RestoreResult } from '../../shared/contract/maintenance';
import { AppError, invalid, notFound } from '../../shared/errors';
import type { Backend, HandlerGroup, SessionCtx } from '../core/backend';
import { newId } from '../core/ids';
import { mayReadPaths } from '../core/read-scopes';
import { requireRole } from '../core/rights';
import {
  backupsDirOf,
  checkDatabaseFile,
  createBackup,
  keepRawCopy,
  listBackups,
  parseBackupName,
  pruneBackups,
  replaceDatabaseFile,
} from '../db/backup';
import { openDatabase, type Db } from '../db/connection';
import { schemaVersionOf } from '../db/migrations';

/**
 * Backups and restore over the database FILE. The same functions serve the
 * Settings card, the recovery screen (a database that cannot be opened) and the
 * `npm run db` command line.
 */

/** The Backend that serves each open database, so a restore can point it at the new one. */
const backends = new WeakMap<Db, Backend>();

export function registerBackend(backend: Backend): void {
  backends.set(backend.db, backend);
}

const ADMIN_ONLY = { zh: '管理备份与恢复', en: 'manage backups and restore' };

function fileOf(db: Db): string {
  if (db.memory || !db.name) {
    throw new AppError('CONFLICT', { zh: '内存数据库没有备份', en: 'An in-memory database has no backups' });
  }
  return db.name;
}

export interface RestoreOutcome extends RestoreResult {
  db: Db;
}

/**
 * Restores `source` as the database `dbFile`:
 * 1. checks the source (integrity check, a Crewdesk database, schema not newer) — nothing changes if it fails;
 * 2. keeps the current database as a `pre-restore` backup (or, if it cannot be read, its raw files under backups/damaged/);
 * 3. closes it, swaps the file in with one rename, and opens the result (an older backup is migrated, with its own backup first).
 * If the swap fails, the previous database is opened again and the error is thrown.
 */
export function restoreDatabase(dbFile: string, source: string, current: Db | null, opts: { actorId?: string | null; now?: number } = {}): RestoreOutcome {
  const now = opts.now ?? Date.now();
  const check = checkDatabaseFile(source);
  if (!check.ok) throw invalid({ zh: `不能用此文件恢复：${check.problem!.zh}`, en: `Cannot restore from this file: ${check.problem!.en}` });
  let previousKeptAs: string | null = null;
  let savedAs: string | null = null;
  if (current) {
    previousKeptAs = createBackup(current, dbFile, 'pre-restore', now).name;
    current.close();
  } else if (existsSync(dbFile)) {
    savedAs = keepRawCopy(dbFile, now);
  }
  try {
    replaceDatabaseFile(dbFile, source);
  } catch (e) {
    if (current) throw Object.assign(e as Error, { reopened: openDatabase(dbFile) });
    throw e;
  }
  const db = openDatabase(dbFile);
  const restoredName = source.split(/[/\\]/).pop() ?? source;
  const parsed = parseBackupName(restoredName);
  const restored: BackupInfo = {
    name: restoredName,
    kind: parsed?.kind ?? 'manual',
    at: parsed?.at ?? now,
    size: statSync(dbFile).size,
    schemaVersion: check.schemaVersion ?? 0,
  };
  // The restore itself goes on record in the restored database.
  const actor = opts.actorId ? db.prepare('SELECT id FROM people WHERE id = ?').get(opts.actorId) : undefined;
  db.prepare(
    `INSERT INTO activity_log (id, at, actor_id, command, input, entity_type, entity_id, project_id, summary, before, after)
     VALUES (?, ?, ?, 'maintenance.restore', ?, 'workspace', ?, NULL, ?, ?, ?)`,
  ).run(
    newId(),
    now,
    actor ? opts.actorId : null,
    JSON.stringify({ name: restoredName }),
    restoredName,
    `从备份恢复数据库：${restoredName}`,
    JSON.stringify({ previousKeptAs, savedAs }),
    JSON.stringify({ restored: restoredName, schemaVersion: schemaVersionOf(db) }),
  );
  return { db, restored, previousKeptAs, savedAs };
}

/** The path of a backup by its name; only names from the backups folder are accepted (never a path). */
export function backupPath(dbFile: string, name: string): string {
  if (!parseBackupName(name)) throw invalid({ zh: '不是备份文件名', en: 'Not a backup file name' });
  const path = join(backupsDirOf(dbFile), name);
  if (!existsSync(path)) throw notFound({ zh: `备份 ${name}`, en: `Backup ${name}` });
  return path;
}

/** Restores a named backup into a running Backend: the same path the Settings card uses. */
export function restoreBackendFromBackup(backend: Backend, name: string, actorId: string | null): RestoreResult {
  const current = backend.db;
  const dbFile = fileOf(current);
  const source = backupPath(dbFile, name);
  let outcome: RestoreOutcome;
  try {
    outcome = restoreDatabase(dbFile, source, current, { actorId });
  } catch (e) {
    const reopened = (e as { reopened?: Db }).reopened;
    if (reopened) {
      backend.replaceDb(reopened);
      backends.set(reopened, backend);
    }
    throw e;
  }
  backend.replaceDb(outcome.db);
  backends.set(outcome.db, backend);
  pruneBackups(dbFile);
  const { db: _db, ...result } = outcome;
  return result;
}

function manualBackup(ctx: SessionCtx): BackupInfo {
  requireRole(ctx, ['admin'], ADMIN_ONLY);
  const file = fileOf(ctx.db);
  return createBackup(ctx.db, file, 'manual', ctx.now());
}

export const maintenanceHandlers: HandlerGroup = {
  'maintenance.status': (ctx) => {
    const file = fileOf(ctx.db);
    // Absolute paths (the OS user name, the folder layout) only for admins (core/read-scopes).
    const paths = mayReadPaths(ctx.actor);
    return {
      mode: 'normal',
      problem: null,
      dataFile: paths ? file : null,
      backupsDir: paths ? backupsDirOf(file) : null,
      schemaVersion: schemaVersionOf(ctx.db),
    };
  },
  'maintenance.backups': (ctx) => {
    requireRole(ctx, ['admin'], ADMIN_ONLY);
    return listBackups(fileOf(ctx.db));
  },
  'maintenance.backup': (ctx) => manualBackup(ctx),
  'maintenance.restore': (ctx, input) => {
    requireRole(ctx, ['admin'], ADMIN_ONLY);
    const backend = backends.get(ctx.db);
    if (!backend) throw new AppError('INTERNAL', { zh: '此数据库不能在运行中恢复', en: 'This database cannot be restored while running' });
    return restoreBackendFromBackup(backend, input.name, ctx.actor?.id ?? null);
  },
};
