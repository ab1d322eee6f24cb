import type { Db } from '../db/connection';

/** One row of the activity log, as stored. */
export interface ActivityRow {
  id: string;
  at: number;
  actorId: string | null;
  command: string;
  /** JSON of the command's input. */
  input: string;
  entityType: string;
  entityId: string;
  projectId: string | null;
  summary: string;
  before: string | null;
  after: string | null;
  /** JSON of the row images (core/images.ts) of an undoable command; null for every other. */
  images?: string | null;
}

/** The activity log is written here only: by the backend for every command, and by restore for itself. */
export const ACTIVITY_INSERT = `INSERT INTO activity_log (id, at, actor_id, command, input, entity_type, entity_id, project_id, summary, before, after, images)
       VALUES (@id, @at, @actorId, @command, @input, @entityType, @entityId, @projectId, @summary, @before, @after, @images)`;

export function insertActivityRow(db: Db, row: ActivityRow): void {
  db.prepare(ACTIVITY_INSERT).run({ images: null, ...row });
}
