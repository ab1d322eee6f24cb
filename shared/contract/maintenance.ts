import { z } from 'zod';
import type { LocalizedText } from '../errors';
import { Empty, query } from './define';

/**
 * Calls of the maintenance feature (backups, restore, the recovery screen).
 * Declared here, handled in main/maintenance/index.ts.
 *
 * These work on the database FILE, not on rows: a backup copies it, a restore
 * replaces it. So they are not `command`s (a command runs inside one
 * transaction of the open database, which a restore closes); `maintenance.restore`
 * writes its own activity row into the restored database instead.
 */

export const BACKUP_KINDS = ['manual', 'daily', 'pre-migration', 'pre-restore'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

export interface BackupInfo {
  /** File name inside the backups folder, e.g. `crewdesk-daily-20261124-083000-v1.sqlite3`. */
  name: string;
  kind: BackupKind;
  /** When it was taken (UTC ms). */
  at: number;
  size: number;
  schemaVersion: number;
}

export interface MaintenanceStatus {
  /** `recovery`: the database could not be opened; only maintenance calls are served. */
  mode: 'normal' | 'recovery';
  /** Why the database could not be opened (recovery mode only). */
  problem: LocalizedText | null;
  /** Absolute paths: admins only in normal mode (null otherwise); always in recovery mode. */
  dataFile: string | null;
  backupsDir: string | null;
  schemaVersion: number;
}

export interface RestoreResult {
  restored: BackupInfo;
  /** The backup made of the database that was replaced (null if it could not be read at all; then its raw file is kept as `savedAs`). */
  previousKeptAs: string | null;
  savedAs: string | null;
}

/** A file name from the backups folder — never a path. */
export const BackupName = z.string().regex(/^crewdesk-[a-z-]+-\d{8}-\d{6}(-\d+)?-v\d+\.sqlite3$/, 'backup file name');

export const maintenanceCalls = {
  /** Public: the renderer asks this first, to show the recovery screen when the database is unusable. */
  'maintenance.status': query<MaintenanceStatus>()(Empty, 'public'),
  /** Admins (anyone in recovery mode: no people can be read then). */
  'maintenance.backups': query<BackupInfo[]>()(Empty, 'public'),
  'maintenance.backup': query<BackupInfo>()(Empty, 'public'),
  'maintenance.restore': query<RestoreResult>()(z.object({ name: BackupName }).strict(), 'public'),
};
