import type { Migration } from './index';

/**
 * The center-wide timeline (main/timeline/): finish-to-start dependencies
 * between two tasks of one project (the successor may start once the
 * predecessor is finished; a pair once, never a task on itself), and the day a
 * task's bar starts on the timeline (its end is the task's own due time; a
 * task without a start row starts on its due day). Both go with their tasks.
 */
export const m0013Timeline: Migration = {
  version: 13,
  name: '0013_timeline',
  up(db) {
    db.exec(`
      CREATE TABLE task_dependencies (
        predecessor_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        successor_id   TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        project_id     TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        created_by     TEXT REFERENCES people(id) ON DELETE SET NULL,
        created_at     INTEGER NOT NULL,
        PRIMARY KEY (predecessor_id, successor_id),
        CHECK (predecessor_id <> successor_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX task_dependencies_successor ON task_dependencies(successor_id, predecessor_id);
      CREATE INDEX task_dependencies_project ON task_dependencies(project_id);
      CREATE TABLE task_starts (
        task_id    TEXT PRIMARY KEY REFERENCES tasks(id) ON DELETE CASCADE,
        start_date TEXT NOT NULL CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
