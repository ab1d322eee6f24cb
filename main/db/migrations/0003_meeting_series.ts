import type { Migration } from './index';

/**
 * Recurring meetings (每月编委会 / 每周策划会 / 每日编前会): a series holds the
 * rule and the chair rotation; each materialised record points back to it, and
 * (series_id, date) is unique so catching up twice never makes a second record.
 */
export const m0003MeetingSeries: Migration = {
  version: 3,
  name: '0003_meeting_series',
  up(db) {
    db.exec(`
      CREATE TABLE meeting_series (
        id           TEXT PRIMARY KEY,
        kind         TEXT NOT NULL CHECK (kind IN ('monthly','weekly','daily')),
        title        TEXT NOT NULL DEFAULT '',
        start_date   TEXT NOT NULL,
        chair_ids    TEXT NOT NULL DEFAULT '[]',
        attendee_ids TEXT NOT NULL DEFAULT '[]',
        active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
        created_by   TEXT REFERENCES people(id),
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL
      ) STRICT;
      ALTER TABLE meetings ADD COLUMN series_id TEXT REFERENCES meeting_series(id) ON DELETE SET NULL;
      CREATE UNIQUE INDEX meetings_series_date ON meetings(series_id, date) WHERE series_id IS NOT NULL;
      CREATE INDEX tasks_source_meeting ON tasks(source_meeting_id) WHERE source_meeting_id IS NOT NULL;
    `);
  },
};
