import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname, uptime } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';

/**
 * One process per data folder. SQLite would let two processes share the file,
 * but two hosts on one folder step on each other: writes fail "database is
 * locked", and a restore in one swaps the file under the other, whose later
 * "saved" writes then go to a file nobody reads.
 *
 * The lock is a file `crewdesk.lock` in the data folder, created with O_EXCL
 * (so exactly one process can create it) and holding the owner's pid, host and
 * boot time. It is removed when the owner exits; after a crash or a kill it is
 * left behind and the next start takes it over when it is stale: same machine,
 * and either its pid is no longer running or the machine has rebooted since
 * (pids are reused after a reboot). A lock from another host (a shared network
 * folder) is never taken over.
 *
 * Why a file and not an SQLite lock (`locking_mode = EXCLUSIVE`): the lock must
 * also cover the moments without an open database (recovery mode; the swap in a
 * restore, between closing the old file and opening the new one), and it must
 * not change how WAL works for the app's own connections.
 */
export const LOCK_FILE_NAME = 'crewdesk.lock';

interface LockInfo {
  pid: number;
  host: string;
  /** When the machine booted (ms since epoch, rounded): a reboot makes every older lock stale. */
  boot: number;
  at: number;
  kind: string;
}

export class DataFolderLockedError extends AppError {
  constructor(
    readonly dir: string,
    readonly owner: Partial<LockInfo> | null,
  ) {
    const who = owner?.pid ? `（进程 ${owner.pid}${owner.kind ? `，${owner.kind}` : ''}${owner.host && owner.host !== hostname() ? `，主机 ${owner.host}` : ''}）` : '';
    const whoEn = owner?.pid ? ` (process ${owner.pid}${owner.kind ? `, ${owner.kind}` : ''}${owner.host && owner.host !== hostname() ? `, host ${owner.host}` : ''})` : '';
    super('CONFLICT', {
      zh: `数据文件夹 ${dir} 正被另一个融媒项目台程序使用${who}。同一文件夹同时只能由一个程序打开；请先关闭那个程序。本程序未改动任何数据。`,
      en: `The data folder ${dir} is in use by another Crewdesk program${whoEn}. Only one program can open a data folder at a time; close that one first. Nothing was changed.`,
    });
  }
}

export interface FolderLock {
  readonly file: string;
  release(): void;
}

const bootTime = (): number => Math.round((Date.now() - uptime() * 1000) / 60_000) * 60_000;

function readLock(file: string): Partial<LockInfo> | null {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return v && typeof v === 'object' ? (v as Partial<LockInfo>) : null;
  } catch {
    return null; // being written this instant, or garbage
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM'; // running, as another user
  }
}

/** Whether a lock left by a process that is gone can be taken over. */
export function isStale(info: Partial<LockInfo> | null): boolean {
  if (!info || typeof info.pid !== 'number' || info.host !== hostname()) return false;
  if (info.pid === process.pid) return false;
  if (typeof info.boot === 'number' && Math.abs(info.boot - bootTime()) > 5 * 60_000) return true;
  return !alive(info.pid);
}

function tryCreate(file: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (e) {
    if ((e as { code?: string }).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify(info));
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Takes the lock of `dir` for this process or throws DataFolderLockedError
 * (touching nothing). Released by `release()` and, as a fallback, when the
 * process exits normally.
 */
export function lockDataFolder(dir: string, kind: string): FolderLock {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE_NAME);
  const info: LockInfo = { pid: process.pid, host: hostname(), boot: bootTime(), at: Date.now(), kind };
  if (!tryCreate(file, info)) {
    const owner = readLock(file);
    if (!isStale(owner)) throw new DataFolderLockedError(dir, owner);
    // Taking over a stale lock: one process at a time (the guard is itself an O_EXCL file), and only
    // if the lock is still the stale one we read.
    const guard = `${file}.takeover`;
    const guardInfo = readLock(guard);
    if (guardInfo && isStale(guardInfo)) rmSync(guard, { force: true });
    if (!tryCreate(guard, info)) throw new DataFolderLockedError(dir, owner);
    try {
      if (JSON.stringify(readLock(file)) !== JSON.stringify(owner)) throw new DataFolderLockedError(dir, readLock(file));
      rmSync(file, { force: true });
      if (!tryCreate(file, info)) throw new DataFolderLockedError(dir, readLock(file));
    } finally {
      rmSync(guard, { force: true });
    }
  }
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    process.removeListener('exit', release);
    // Only our own lock: never remove one another process took over meanwhile.
    if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
  };
  process.on('exit', release);
  return { file, release };
}
