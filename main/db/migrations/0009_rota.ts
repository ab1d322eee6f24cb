import type { Migration } from './index';

/**
 * The duty rota (main/rota/): the center's shift types, who is on which
 * shift on which date, and swaps a member asks for and a manager decides.
 * A swap's `person_id` is the one who asked (their reason is theirs, the
 * substitute's and the managers': core/read-scopes.ts).
 */
export const m0009Rota: Migration = {
  version: 9,
  name: '0009_rota',
  up(db) {
    db.exec(`
      CREATE TABLE shift_types (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        start_min  INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
        end_min    INTEGER NOT NULL CHECK (end_min BETWEEN 0 AND 1439),
        archived   INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE rota_entries (
        id            TEXT PRIMARY KEY,
        date          TEXT NOT NULL,
        shift_type_id TEXT NOT NULL REFERENCES shift_types(id) ON DELETE CASCADE,
        person_id     TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX rota_entries_cell ON rota_entries(date, shift_type_id, person_id);
      CREATE INDEX rota_entries_person ON rota_entries(person_id, date);
      CREATE TABLE rota_swaps (
        id            TEXT PRIMARY KEY,
        entry_id      TEXT NOT NULL REFERENCES rota_entries(id) ON DELETE CASCADE,
        person_id     TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        substitute_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        with_entry_id TEXT REFERENCES rota_entries(id) ON DELETE CASCADE,
        reason        TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'declined', 'withdrawn')),
        decided_by    TEXT REFERENCES people(id) ON DELETE SET NULL,
        comment       TEXT NOT NULL DEFAULT '',
        created_at    INTEGER NOT NULL,
        decided_at    INTEGER,
        updated_at    INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX rota_swaps_entry ON rota_swaps(entry_id);
      CREATE INDEX rota_swaps_open ON rota_swaps(status) WHERE status = 'requested';
    `);
  },
};
