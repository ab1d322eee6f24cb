import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupInfo, MaintenanceStatus, RestoreResult } from '../../shared/contract/maintenance';
import { isCallName } from '../../shared/contract';
import { AppError, invalid, notFound, type LocalizedText } from '../../shared/errors';
import type { Backend, HandlerGroup, SessionCtx } from '../core/backend';
import { newId } from '../core/ids';
import { insertActivityRow } from '../core/activity';
import { mayReadPaths, type Viewer } from '../core/read-scopes';
import { requireRole } from '../core/rights';
import {
  backupsDirOf,
  checkDatabaseFile,
  createBackup,
  discardCandidate,
  keepRawCopy,
  listBackups,
  parseBackupName,
  pruneBackups,
  schemaDifferences,
  stageCandidate,
  swapInCandidate,
  SYNC_OBJECTS,
} from '../db/backup';
import { openDatabase, type Db } from '../db/connection';
import { schemaVersionOf } from '../db/migrations';
import { moveSync } from '../sync/registry';
import { ensureSyncTables } from '../sync/rows';
import type { QueuedMutation } from '../sync/client';

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
  /** What the restore did about sync (null on a desktop without a hub), in both languages. */
  syncNotice: LocalizedText | null;
}

/** A row of sync_mutations (the queue's one shape, main/sync/client.ts). */
type QueuedRow = QueuedMutation;

/** The sync bookkeeping of a database, read as plain data (null if it has none). */
interface SyncSnapshot {
  state: Map<string, string>;
  queue: QueuedRow[];
}

const hasTable = (db: Db, name: string): boolean =>
  db.prepare("SELECT 1 FROM main.sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined;

/**
 * Reads sync_state and the queue. From a backup this is hostile input: only
 * well-formed rows are kept (they are re-checked by the contract when replayed,
 * and the hub runs them as the signed-in person, never as the row says).
 */
function readSync(db: Db): SyncSnapshot | null {
  if (!hasTable(db, 'sync_state')) return null;
  const state = new Map<string, string>();
  for (const r of db.prepare<[], { key: unknown; value: unknown }>('SELECT key, value FROM sync_state').all()) {
    if (typeof r.key === 'string' && typeof r.value === 'string') state.set(r.key, r.value);
  }
  const queue: QueuedRow[] = [];
  if (hasTable(db, 'sync_mutations')) {
    for (const r of db.prepare<[], Record<string, unknown>>('SELECT id, name, args, ids, actor_id, at FROM sync_mutations ORDER BY id').all()) {
      if (
        Number.isSafeInteger(r.id) && typeof r.name === 'string' && isCallName(r.name) && typeof r.args === 'string' &&
        typeof r.ids === 'string' && (r.actor_id === null || typeof r.actor_id === 'string') && Number.isSafeInteger(r.at)
      ) {
        queue.push(r as unknown as QueuedRow);
      }
    }
  }
  return { state, queue };
}

/** Drops the candidate's sync bookkeeping: hub settings and credentials from a file are never trusted. */
function stripSync(db: Db): void {
  for (const o of [...SYNC_OBJECTS].reverse()) {
    db.exec(`DROP ${o.type === 'index' ? 'INDEX' : 'TABLE'} IF EXISTS main."${o.name}"`); // names from the constant list
  }
}

/**
 * The meaning of a restore on a desktop that syncs with a hub. The hub is the
 * system of record, so:
 * - the LIVE sync identity stays (hub, person, credentials, client id and the
 *   mutation counter) — mutation ids are never reused, so the hub never takes
 *   a later edit for a duplicate;
 * - the live queue (edits not yet pushed) stays, and the backup's edits the hub
 *   has not processed are queued again as NEW mutations (fresh ids);
 * - the next pull is a full reset: the rows rebase onto the hub's, and the queue
 *   is replayed on top.
 * Returns the notice that tells the person what happened.
 */
function carryLiveSync(candidate: Db, live: SyncSnapshot, backup: SyncSnapshot | null, now: number): LocalizedText {
  ensureSyncTables(candidate);
  const liveClient = live.state.get('clientId') ?? null;
  const liveHub = live.state.get('hubUrl') ?? null;
  let next = Number(live.state.get('nextMutationId') ?? '1');
  if (!Number.isSafeInteger(next) || next < 1) next = 1;
  const liveIds = new Set(live.queue.map((m) => m.id));
  // Every id below the oldest queued one (or below the counter, when the queue is empty) was processed by the hub.
  const processedBelow = live.queue.length ? Math.min(...live.queue.map((m) => m.id)) : next;
  const sameIdentity = backup !== null && liveClient !== null && backup.state.get('clientId') === liveClient && backup.state.get('hubUrl') === liveHub;
  const resend = sameIdentity ? backup!.queue.filter((m) => m.id >= processedBelow && !liveIds.has(m.id)) : [];
  const notResent = (backup?.queue.length ?? 0) - (sameIdentity ? backup!.queue.filter((m) => m.id < processedBelow || liveIds.has(m.id)).length : 0) - resend.length;
  candidate.transaction(() => {
    const setState = candidate.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    for (const [k, v] of live.state) setState.run(k, v);
    const insert = candidate.prepare('INSERT INTO sync_mutations (id, name, args, ids, actor_id, at) VALUES (?, ?, ?, ?, ?, ?)');
    for (const m of live.queue) insert.run(m.id, m.name, m.args, m.ids, m.actor_id, m.at);
    next = Math.max(next, ...live.queue.map((m) => m.id + 1));
    for (const m of resend) insert.run(next++, m.name, m.args, m.ids, m.actor_id, m.at);
    setState.run('nextMutationId', String(next));
    setState.run('hubVersion', '0');
    setState.run('reset', '1');
    candidate.prepare('DELETE FROM sync_capture').run();
  })();
  const zhExtra = resend.length ? `备份中尚未同步的 ${resend.length} 项改动已重新排队发送。` : '';
  const enExtra = resend.length ? ` ${resend.length} unsynced change(s) from the backup were queued again.` : '';
  const zhSkip = notResent > 0 ? `备份中另有 ${notResent} 项改动属于另一次登录或另一个枢纽，未重新发送。` : '';
  const enSkip = notResent > 0 ? ` ${notResent} change(s) in the backup belong to another sign-in or hub and were not re-sent.` : '';
  const notice: LocalizedText = {
    zh: `已从备份恢复。本机与枢纽同步，枢纽上的数据为准：本机将重新从枢纽载入全部数据，尚未同步的 ${live.queue.length} 项改动保留并会发送。${zhExtra}${zhSkip}同步设置沿用本机当前的设置。`,
    en: `Restored from a backup. This desktop syncs with a hub, and the hub's data is the record: everything is loaded again from the hub, and the ${live.queue.length} change(s) not yet synced are kept and will be sent.${enExtra}${enSkip} The sync settings are this desktop's current ones.`,
  };
  candidate.prepare('INSERT INTO sync_notices (at, command, zh, en) VALUES (?, ?, ?, ?)').run(now, 'maintenance.restore', notice.zh, notice.en);
  return notice;
}

/**
 * Restores `source` as the database `dbFile`. The live file is replaced only
 * once the candidate is known good:
 * 1. the source is copied to a temporary name next to the database and checked
 *    there (integrity, a Crewdesk database, not newer, schema exactly as this app
 *    creates it) — nothing changes if it fails;
 * 2. the candidate's sync bookkeeping is dropped (never trusted), it is migrated
 *    (an older backup gets its own pre-migration backup first) and checked again;
 * 3. the current database is kept as a `pre-restore` backup (or, if it cannot be
 *    read, its raw files under backups/damaged/); on a synced desktop the live
 *    sync identity and queue are written into the candidate (see carryLiveSync);
 * 4. the current database is closed and the candidate swapped in with one rename.
 * If anything before the swap fails the current database stays open and unchanged;
 * if the swap itself fails, it is opened again and the error is thrown.
 */
export function restoreDatabase(dbFile: string, source: string, current: Db | null, opts: { actorId?: string | null; now?: number } = {}): RestoreOutcome {
  const now = opts.now ?? Date.now();
  const refuse = (p: LocalizedText): AppError => invalid({ zh: `不能用此文件恢复：${p.zh}`, en: `Cannot restore from this file: ${p.en}` });
  const tmp = stageCandidate(dbFile, source);
  let previousKeptAs: string | null = null;
  let savedAs: string | null = null;
  let syncNotice: LocalizedText | null = null;
  let schemaVersion = 0;
  let candidate: Db | null = null;
  try {
    const check = checkDatabaseFile(tmp);
    if (!check.ok) throw refuse(check.problem!);
    schemaVersion = check.schemaVersion ?? 0;
    const raw = new Database(tmp);
    let backupSync: SyncSnapshot | null;
    try {
      try {
        backupSync = readSync(raw);
      } catch {
        backupSync = null; // sync tables of an unexpected shape: nothing in them is used
      }
      stripSync(raw);
    } finally {
      raw.close();
    }
    // A backup that links to another hub than this desktop's is refused, not silently
    // re-pointed: that is what a planted setting (a fake hub) looks like. Its sync settings
    // would never be used anyway (stripped above); a backup of this desktop on its own hub
    // restores. In recovery mode the live settings cannot be read: they are dropped instead.
    const backupHub = backupSync?.state.get('hubUrl') ?? null;
    if (current && backupHub) {
      const liveHub = readSync(current)?.state.get('hubUrl') ?? null;
      if (liveHub !== backupHub) {
        const shown = backupHub.slice(0, 120);
        throw refuse(liveHub
          ? {
              zh: `备份中的枢纽设置（${shown}）与本机当前连接的枢纽不同，可能被篡改`,
              en: `the backup names another hub (${shown}) than the one this desktop is joined to; it may have been tampered with`,
            }
          : {
              zh: `备份中带有枢纽设置（${shown}），而本机未连接枢纽；如确属本机，请先在“中心枢纽同步”中连接该枢纽，再恢复`,
              en: `the backup carries hub settings (${shown}) but this desktop is not joined to a hub; if it is this desktop's, join that hub in Settings first, then restore`,
            });
      }
    }
    try {
      candidate = openDatabase(tmp);
    } catch (e) {
      throw e instanceof AppError ? refuse(e.localized) : e;
    }
    const diff = schemaDifferences(candidate);
    if (diff.length) throw refuse({ zh: `迁移后的结构不一致（${diff.slice(0, 5).join('; ')}）`, en: `the schema after migration does not match (${diff.slice(0, 5).join('; ')})` });

    const live = current ? readSync(current) : null;
    if (current) previousKeptAs = createBackup(current, dbFile, 'pre-restore', now).name;
    else if (existsSync(dbFile)) savedAs = keepRawCopy(dbFile, now);
    if (live?.state.get('hubUrl')) syncNotice = carryLiveSync(candidate, live, backupSync, now);

    const restoredName = source.split(/[/\\]/).pop() ?? source;
    // The restore itself goes on record in the restored database.
    const actor = opts.actorId ? candidate.prepare('SELECT id FROM people WHERE id = ?').get(opts.actorId) : undefined;
    const ignoredHub = !syncNotice && backupSync?.state.get('hubUrl') ? '（备份中的枢纽设置未被采用）' : '';
    insertActivityRow(candidate, {
      id: newId(),
      at: now,
      actorId: actor ? opts.actorId! : null,
      command: 'maintenance.restore',
      input: JSON.stringify({ name: restoredName }),
      entityType: 'workspace',
      entityId: restoredName,
      projectId: null,
      summary: `从备份恢复数据库：${restoredName}${ignoredHub}`,
      before: JSON.stringify({ previousKeptAs, savedAs }),
      after: JSON.stringify({ restored: restoredName, schemaVersion: schemaVersionOf(candidate), sync: syncNotice?.en ?? null }),
    });
    candidate.close(); // checkpoints: the candidate is one whole file
    candidate = null;
  } catch (e) {
    if (candidate?.open) candidate.close();
    discardCandidate(dbFile);
    throw e;
  }
  current?.close();
  try {
    swapInCandidate(dbFile);
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
    schemaVersion,
  };
  return { db, restored, previousKeptAs, savedAs, syncNotice };
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
      backends.delete(current);
      backends.set(reopened, backend);
      moveSync(backend, current);
    }
    throw e;
  }
  // Every statement, hook and the sync client move to the new database; the old one is closed.
  backend.replaceDb(outcome.db);
  backends.delete(current);
  backends.set(outcome.db, backend);
  const client = moveSync(backend, current);
  pruneBackups(dbFile);
  if (client?.configured()) void client.sync().catch(() => undefined);
  const { db: _db, syncNotice: _notice, ...result } = outcome;
  return result;
}

function manualBackup(ctx: SessionCtx): BackupInfo {
  requireRole(ctx, ['admin'], ADMIN_ONLY);
  const file = fileOf(ctx.connection);
  return createBackup(ctx.connection, file, 'manual', ctx.now());
}

/** maintenance.status of an open database (also part of app.boot, main/workspace). */
export function maintenanceStatusOf(db: Db, viewer: Viewer | null): MaintenanceStatus {
  const file = db.memory || !db.name ? null : db.name;
  // Absolute paths (the OS user name, the folder layout) only for admins (core/read-scopes).
  const paths = file !== null && mayReadPaths(viewer);
  return {
    mode: 'normal',
    problem: null,
    dataFile: paths ? file : null,
    backupsDir: paths ? backupsDirOf(file) : null,
    schemaVersion: schemaVersionOf(db),
  };
}

export const maintenanceHandlers = {
  'maintenance.status': (ctx) => maintenanceStatusOf(ctx.connection, ctx.actor),
  'maintenance.backups': (ctx) => {
    requireRole(ctx, ['admin'], ADMIN_ONLY);
    return listBackups(fileOf(ctx.connection));
  },
  'maintenance.backup': (ctx) => manualBackup(ctx),
  'maintenance.restore': (ctx, input) => {
    requireRole(ctx, ['admin'], ADMIN_ONLY);
    const backend = backends.get(ctx.connection);
    if (!backend) throw new AppError('INTERNAL', { zh: '此数据库不能在运行中恢复', en: 'This database cannot be restored while running' });
    return restoreBackendFromBackup(backend, input.name, ctx.actor?.id ?? null);
  },
} satisfies HandlerGroup;
