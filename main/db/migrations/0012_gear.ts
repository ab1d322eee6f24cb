import type { Migration } from './index';

/**
 * Equipment and vehicles (main/gear/): the center's catalogue of items (a
 * kind, a quantity, the team that keeps it, a repair range while it is out of
 * use) and bookings of units of an item for a project, over a half-open range
 * [start_at, end_at) in epoch ms. A cancelled booking stays as a record.
 */
export const m0012Gear: Migration = {
  version: 12,
  name: '0012_gear',
  up(db) {
    db.exec(`
      CREATE TABLE gear_items (
        id           TEXT PRIMARY KEY,
        kind         TEXT NOT NULL,
        name         TEXT NOT NULL,
        quantity     INTEGER NOT NULL CHECK (quantity >= 1),
        team_id      TEXT REFERENCES teams(id) ON DELETE SET NULL,
        note         TEXT NOT NULL DEFAULT '',
        repair_start INTEGER,
        repair_end   INTEGER,
        repair_note  TEXT NOT NULL DEFAULT '',
        archived     INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL,
        CHECK ((repair_start IS NULL AND repair_end IS NULL) OR (repair_start IS NOT NULL AND repair_end > repair_start))
      ) STRICT;
      CREATE INDEX gear_items_kind ON gear_items(archived, kind, name);
      CREATE TABLE gear_bookings (
        id           TEXT PRIMARY KEY,
        item_id      TEXT NOT NULL REFERENCES gear_items(id) ON DELETE CASCADE,
        project_id   TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        task_id      TEXT REFERENCES tasks(id) ON DELETE SET NULL,
        start_at     INTEGER NOT NULL,
        end_at       INTEGER NOT NULL,
        quantity     INTEGER NOT NULL CHECK (quantity >= 1),
        note         TEXT NOT NULL DEFAULT '',
        booked_by    TEXT REFERENCES people(id) ON DELETE SET NULL,
        status       TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled')),
        cancelled_by TEXT REFERENCES people(id) ON DELETE SET NULL,
        cancelled_at INTEGER,
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL,
        CHECK (end_at > start_at)
      ) STRICT;
      CREATE INDEX gear_bookings_item ON gear_bookings(item_id, start_at) WHERE status = 'booked';
      CREATE INDEX gear_bookings_range ON gear_bookings(start_at, end_at) WHERE status = 'booked';
      CREATE INDEX gear_bookings_project ON gear_bookings(project_id, start_at);
    `);
  },
};
