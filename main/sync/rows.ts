import type { Db } from '../db/connection';
import { keyJsonSql, q, rowJsonSql, type TableInfo } from '../core/rows';

export { keyOf, RowStore, syncedTables, type TableInfo } from '../core/rows';

/** Local sync bookkeeping; created on first connect, so single-machine databases never change. */
export function ensureSyncTables(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
    CREATE TABLE IF NOT EXISTS sync_mutations (
      id       INTEGER PRIMARY KEY,
      name     TEXT NOT NULL,
      args     TEXT NOT NULL,
      ids      TEXT NOT NULL,
      actor_id TEXT,
      at       INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS sync_capture (
      seq         INTEGER PRIMARY KEY AUTOINCREMENT,
      mutation_id INTEGER,
      tbl         TEXT NOT NULL,
      pk          TEXT NOT NULL,
      old         TEXT
    ) STRICT;
    CREATE INDEX IF NOT EXISTS sync_capture_mutation ON sync_capture(mutation_id, seq);
    CREATE TABLE IF NOT EXISTS sync_acked (
      mutation_id INTEGER PRIMARY KEY,
      name        TEXT NOT NULL,
      at          INTEGER NOT NULL,
      actor_id    TEXT,
      acked_at    INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS sync_conflicts (
      id          INTEGER PRIMARY KEY,
      at          INTEGER NOT NULL,
      entity_type TEXT NOT NULL,
      entity_id   TEXT NOT NULL,
      project_id  TEXT,
      title       TEXT NOT NULL,
      field       TEXT NOT NULL,
      mine        TEXT NOT NULL,
      theirs      TEXT,
      deleted     INTEGER NOT NULL,
      by_name     TEXT,
      reapply     TEXT
    ) STRICT;
    CREATE TABLE IF NOT EXISTS sync_notices (
      id      INTEGER PRIMARY KEY,
      at      INTEGER NOT NULL,
      command TEXT NOT NULL,
      zh      TEXT NOT NULL,
      en      TEXT NOT NULL
    ) STRICT;
  `);
}

/**
 * Connection-local triggers (TEMP, regenerated from the live schema on every
 * start): each change to a synced row appends its pre-image to sync_capture
 * while capture is on. On the client that is what undoes a queued mutation
 * before the hub's rows are applied; on the hub it lists the rows a mutation
 * touched. A flag table turns capture off while sync itself writes rows.
 */
export function installCapture(db: Db, tables: TableInfo[]): void {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS sync_ctl (k TEXT PRIMARY KEY, v INTEGER NOT NULL);
           INSERT OR IGNORE INTO temp.sync_ctl VALUES ('rows', 0), ('queue', 0);`);
  const on = `(SELECT v FROM temp.sync_ctl WHERE k = 'rows') = 1`;
  const queued = `(SELECT v FROM temp.sync_ctl WHERE k = 'queue') = 1 AND NEW.command NOT LIKE 'sync.%'`;
  for (const t of tables) {
    const obj = (alias: string): string => rowJsonSql(t, alias);
    const key = (alias: string): string => keyJsonSql(t, alias);
    const lit = `'${t.name.replace(/'/g, "''")}'`;
    // A queued command's own activity row is captured by the queue trigger below, in order (SQLite
    // does not promise an order between two triggers on one table and event).
    const insWhen = t.name === 'activity_log' ? `${on} AND NOT (${queued})` : on;
    db.exec(`
      CREATE TEMP TRIGGER IF NOT EXISTS ${q(`sync_ins_${t.name}`)} AFTER INSERT ON main.${q(t.name)} WHEN ${insWhen}
      BEGIN INSERT INTO main.sync_capture (tbl, pk, old) VALUES (${lit}, ${key('NEW')}, NULL); END;
      CREATE TEMP TRIGGER IF NOT EXISTS ${q(`sync_upd_${t.name}`)} AFTER UPDATE ON main.${q(t.name)} WHEN ${on}
      BEGIN INSERT INTO main.sync_capture (tbl, pk, old) VALUES (${lit}, ${key('OLD')}, ${obj('OLD')}); END;
      CREATE TEMP TRIGGER IF NOT EXISTS ${q(`sync_del_${t.name}`)} AFTER DELETE ON main.${q(t.name)} WHEN ${on}
      BEGIN INSERT INTO main.sync_capture (tbl, pk, old) VALUES (${lit}, ${key('OLD')}, ${obj('OLD')}); END;
    `);
  }
  // A user's command (not a replay) also enters the push queue, in the same transaction as its
  // activity row: a crash can never keep the change and lose the queue entry, or the reverse.
  db.exec(`
    CREATE TEMP TRIGGER IF NOT EXISTS sync_queue AFTER INSERT ON main.activity_log
    WHEN ${queued}
    BEGIN
      INSERT INTO main.sync_mutations (id, name, args, ids, actor_id, at)
        VALUES ((SELECT CAST(value AS INTEGER) FROM main.sync_state WHERE key = 'nextMutationId'),
                NEW.command, NEW.input, sync_ids(), NEW.actor_id, NEW.at);
      UPDATE main.sync_state SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'nextMutationId';
      INSERT INTO main.sync_capture (tbl, pk, old) SELECT 'activity_log', json_array(NEW.id), NULL WHERE ${on};
      UPDATE main.sync_capture SET mutation_id = (SELECT max(id) FROM main.sync_mutations) WHERE mutation_id IS NULL;
    END;
  `);
}

export function setCapture(db: Db, rows: boolean, queue: boolean): void {
  db.prepare("UPDATE temp.sync_ctl SET v = ? WHERE k = 'rows'").run(rows ? 1 : 0);
  db.prepare("UPDATE temp.sync_ctl SET v = ? WHERE k = 'queue'").run(queue ? 1 : 0);
}

