import type { Db, ReadDb } from '../db/connection';
import type { Role } from '../../shared/domain';

export interface Actor {
  id: string;
  name: string;
  role: Role;
  teamId: string;
}

/** What every handler sees: the database, who is acting, and the clock. */
export interface Ctx {
  db: Db;
  actor: Actor | null;
  now(): number;
}

/** What a query sees: the same, with a database handle that can only read (db/connection.ts ReadDb). */
export interface ReadCtx {
  db: ReadDb;
  actor: Actor | null;
  now(): number;
}

/** One activity-log row: what a command changed, before and after. */
export interface ActivityRecord {
  entityType: string;
  entityId: string;
  projectId?: string | null;
  /** A short human line, in Chinese (the log is a newsroom record). */
  summary: string;
  before?: unknown;
  after?: unknown;
}

/** The context a command handler gets: it must record exactly one activity row. */
export interface CommandCtx extends Ctx {
  record(entry: ActivityRecord): void;
}
