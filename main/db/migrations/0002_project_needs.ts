import type { Migration } from './index';

/**
 * The teams and roles a project needs (from its template or the convener's
 * form): what the member picker suggests people for, and what "save as
 * template" writes back. Teams by id here; templates name them instead.
 */
export const m0002ProjectNeeds: Migration = {
  version: 2,
  name: '0002_project_needs',
  up(db) {
    db.exec(`
      CREATE TABLE project_needs (
        id             TEXT PRIMARY KEY,
        project_id     TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        team_id        TEXT NOT NULL REFERENCES teams(id),
        group_role     TEXT NOT NULL DEFAULT '',
        count          INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
        hours_per_week REAL NOT NULL DEFAULT 0 CHECK (hours_per_week >= 0),
        skill          TEXT NOT NULL DEFAULT '',
        position       TEXT NOT NULL,
        created_at     INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX project_needs_project ON project_needs(project_id, position);
    `);
  },
};
