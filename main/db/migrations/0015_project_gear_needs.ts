import type { Migration } from './index';

/**
 * The gear a project needs (#17 part 3): "two live kits and the interview van",
 * named beside the teams and roles it needs (0002), so the project page can say
 * what is booked against it and what is still missing. Kinds are
 * shared/gear.ts GEAR_KINDS; the count is units at once.
 */
export const m0015ProjectGearNeeds: Migration = {
  version: 15,
  name: '0015_project_gear_needs',
  up(db) {
    db.exec(`
      CREATE TABLE project_gear_needs (
        id         TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        kind       TEXT NOT NULL CHECK (kind IN ('camera', 'live_kit', 'backpack_5g', 'drone', 'microphone', 'lighting', 'vehicle', 'studio', 'other')),
        count      INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1 AND count <= 99),
        note       TEXT NOT NULL DEFAULT '',
        position   TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX project_gear_needs_project ON project_gear_needs(project_id, position);
    `);
  },
};
