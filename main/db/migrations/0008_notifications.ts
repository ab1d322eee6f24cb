import type { Migration } from './index';

/**
 * Notifications are derived (main/notifications/); only what each person has
 * read and their settings are stored. Both sync, so a read on one desktop is a
 * read on the person's others. `read_before` marks everything up to a time
 * read at once (全部已读). activity_at serves the notification scan over the
 * last two weeks of the log.
 */
export const m0008Notifications: Migration = {
  version: 8,
  name: '0008_notifications',
  up(db) {
    db.exec(`
      CREATE TABLE notification_reads (
        person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        key       TEXT NOT NULL,
        read_at   INTEGER NOT NULL,
        PRIMARY KEY (person_id, key)
      ) STRICT;
      CREATE TABLE notification_prefs (
        person_id      TEXT PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
        read_before    INTEGER NOT NULL DEFAULT 0,
        disabled_kinds TEXT NOT NULL DEFAULT '[]',
        muted_projects TEXT NOT NULL DEFAULT '[]',
        quiet_start    INTEGER,
        quiet_end      INTEGER,
        desktop        INTEGER NOT NULL DEFAULT 1,
        updated_at     INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX activity_at ON activity_log(at);
    `);
  },
};
