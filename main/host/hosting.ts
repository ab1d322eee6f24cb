import { existsSync } from 'node:fs';
import type { z } from 'zod';
import { contract, isCallName } from '../../shared/contract';
import type { BootInfo } from '../../shared/contract/boot';
import type { MaintenanceStatus } from '../../shared/contract/maintenance';
import { AppError, type LocalizedText } from '../../shared/errors';
import { createSyncedBackend } from '../app';
import { syncClientOf } from '../sync/registry';
import type { Backend, BackendOptions, CallOutcome, Session } from '../core/backend';
import { EventBus } from '../core/events';
import { backupPath, restoreDatabase } from '../maintenance';
import { backupsDirOf, dailyBackupIfDue, listBackups, sweepLeftovers } from '../db/backup';
import { DatabaseUnavailableError, openDatabase, type OpenOptions } from '../db/connection';
import { NewerSchemaError, SCHEMA_VERSION } from '../db/migrations';

/** A host checkpoints the WAL once no call has come for this long (checked every IDLE_CHECK_EVERY_MS). */
export const IDLE_CHECKPOINT_MS = 30_000;
export const IDLE_CHECK_EVERY_MS = 15_000;

/** What a host (web server, Electron IPC) calls into. */
export interface CallTarget {
  call(name: string, rawInput: unknown, session: Session): Promise<CallOutcome>;
}

/**
 * The backend a host serves. Normally it is the Backend over the open database.
 * When the database cannot be opened (damaged, unreadable, from a newer app) it
 * starts in RECOVERY mode: only `app.boot`, `maintenance.status`, `maintenance.backups` and
 * `maintenance.restore` are answered, the renderer shows the recovery screen,
 * and nothing touches the database file until a person chooses a backup (the
 * damaged file is then kept under backups/damaged/).
 */
export class HostBackend implements CallTarget {
  private readonly opts: BackendOptions & OpenOptions & { dailyBackups?: boolean; idleCheckpoint?: boolean };
  private current: Backend | null = null;
  private problem: LocalizedText | null = null;
  private timer: NodeJS.Timeout | null = null;
  private checkpointTimer: NodeJS.Timeout | null = null;
  private lastCallAt = Date.now();
  private checkpointedAt = 0;
  /** One stream of change events for the windows, kept across a restore (shared/contract/events.ts). */
  readonly events: EventBus;

  constructor(
    readonly file: string,
    opts: BackendOptions & OpenOptions & { dailyBackups?: boolean; idleCheckpoint?: boolean } = {},
  ) {
    this.events = opts.events ?? new EventBus();
    this.opts = { ...opts, events: this.events };
    try {
      this.current = createSyncedBackend(openDatabase(file, opts), this.opts);
    } catch (e) {
      if (e instanceof DatabaseUnavailableError || e instanceof NewerSchemaError) {
        this.problem = e.localized;
      } else if (existsSync(file)) {
        // Any other failure to open an existing file (a migration that fails on a tampered schema, …):
        // the file is left as it is and the recovery screen stays reachable.
        this.problem = DatabaseUnavailableError.text(file, 'corrupt', (e as Error).message ?? String(e));
      } else {
        throw e;
      }
    }
    // Leftovers of a backup or restore killed half-way (a crash, a power cut): never listed, only disk space.
    if (this.current) sweepLeftovers(file);
    if (this.current && opts.dailyBackups) this.startDailyBackups();
    if (opts.idleCheckpoint) {
      this.checkpointTimer = setInterval(() => this.checkpointIfIdle(), IDLE_CHECK_EVERY_MS);
      this.checkpointTimer.unref();
    }
  }

  /**
   * Keeps the WAL bounded: once no call has come for IDLE_CHECKPOINT_MS, a
   * `wal_checkpoint(TRUNCATE)` copies the WAL into the database and empties the
   * -wal file. It never waits: behind a long reader (an export, `npm run db --
   * check`) it simply finds the WAL busy and is tried again on the next tick.
   * Returns whether the WAL is now empty.
   */
  checkpointIfIdle(now = Date.now(), idleMs = IDLE_CHECKPOINT_MS): boolean {
    const db = this.current?.db;
    if (!db?.open || db.memory || db.readonly) return false;
    if (now - this.lastCallAt < idleMs || this.checkpointedAt > this.lastCallAt) return false;
    const timeout = db.pragma('busy_timeout', { simple: true }) as number;
    try {
      db.pragma('busy_timeout = 0');
      const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
      if (r && r.busy === 0) {
        this.checkpointedAt = now;
        return true;
      }
      return false;
    } catch {
      return false; // busy: next tick
    } finally {
      db.pragma(`busy_timeout = ${timeout}`);
    }
  }

  get backend(): Backend | null {
    return this.current;
  }

  get recoveryProblem(): LocalizedText | null {
    return this.problem;
  }

  async call(name: string, rawInput: unknown, session: Session): Promise<CallOutcome> {
    this.lastCallAt = Date.now();
    if (this.current) return this.current.call(name, rawInput, session);
    try {
      return { ok: true, value: this.recoveryCall(name, rawInput, session) };
    } catch (e) {
      if (e instanceof AppError) return { ok: false, error: e.toPayload() };
      return { ok: false, error: { code: 'INTERNAL', message: { zh: `恢复失败：${(e as Error).message}`, en: `Recovery failed: ${(e as Error).message}` } } };
    }
  }

  private recoveryCall(name: string, rawInput: unknown, session: Session): unknown {
    const problem = this.problem!;
    if (!isCallName(name) || !(name.startsWith('maintenance.') || name === 'app.boot')) {
      throw new AppError('INTERNAL', problem);
    }
    const parsed = (contract[name].input as z.ZodType).safeParse(rawInput ?? {});
    if (!parsed.success) throw new AppError('VALIDATION', { zh: '输入有误', en: 'Invalid input' });
    const status: MaintenanceStatus = {
      mode: 'recovery',
      problem,
      dataFile: this.file,
      backupsDir: backupsDirOf(this.file),
      schemaVersion: SCHEMA_VERSION,
    };
    switch (name) {
      case 'maintenance.status':
        return status;
      case 'app.boot': {
        // The shell's first call: the recovery screen, and nothing of a database that is not open.
        const boot: BootInfo = { maintenance: status, workspace: null, session: { actor: null }, hubJoined: false, sync: null };
        return boot;
      }
      case 'maintenance.backups':
        return listBackups(this.file);
      case 'maintenance.restore': {
        const { name: backup } = parsed.data as { name: string };
        const { db, syncNotice: _notice, ...result } = restoreDatabase(this.file, backupPath(this.file, backup), null);
        this.current = createSyncedBackend(db, this.opts);
        this.problem = null;
        session.actorId = null;
        if (this.opts.dailyBackups) this.startDailyBackups();
        this.events.emit('reset');
        return result;
      }
      default:
        throw new AppError('INTERNAL', problem);
    }
  }

  /** Once a day (Asia/Shanghai calendar) while the app runs; checked at start and every hour. */
  private startDailyBackups(): void {
    if (this.timer) return;
    const run = (): void => {
      const backend = this.current;
      if (!backend) return;
      try {
        dailyBackupIfDue(backend.db, this.file);
      } catch (e) {
        console.error('daily backup failed:', (e as Error).message);
      }
    };
    run();
    this.timer = setInterval(run, 3600_000);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.checkpointTimer) clearInterval(this.checkpointTimer);
    this.checkpointTimer = null;
    if (this.current) syncClientOf(this.current.db)?.close();
    if (this.current?.db.open) this.current.db.close();
  }
}
