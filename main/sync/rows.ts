import type { Db } from '../db/connection';
import { isSyncedTable, type RowChange } from '../../shared/sync';

/**
 * Row-level access to every synced table, generic over the schema: tables and
 * columns come from SQLite itself, so a table added by a later migration syncs
 * without touching this file. Identifiers here come from sqlite_schema, never
 * from the network; values are always bound parameters.
 */

export interface TableInfo {
  name: string;
  columns: string[];
  pk: string[];
}

const q = (id: string): string => `"${id.replace(/"/g, '""')}"`;

export function syncedTables(db: Db): TableInfo[] {
  const all = db.prepare<[], { name: string; sql: string | null }>("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name").all();
  // Virtual tables (full-text search) and their shadow tables are derived from synced rows by
  // the schema's own triggers, so they are rebuilt wherever the rows land; they cannot carry triggers.
  const virtual = all.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql ?? '')).map((t) => t.name);
  const names = all
    .map((r) => r.name)
    .filter((n) => isSyncedTable(n) && !virtual.some((v) => n === v || n.startsWith(`${v}_`)));
  const out: TableInfo[] = [];
  for (const name of names) {
    const cols = db.prepare<[], { name: string; pk: number }>(`PRAGMA table_info(${q(name)})`).all();
    const pk = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    if (!pk.length) continue; // a table without a primary key cannot be addressed row by row
    out.push({ name, columns: cols.map((c) => c.name), pk });
  }
  return out;
}

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
  for (const t of tables) {
    const obj = (alias: string): string => `json_object(${t.columns.map((c) => `'${c.replace(/'/g, "''")}', ${alias}.${q(c)}`).join(', ')})`;
    const key = (alias: string): string => `json_array(${t.pk.map((c) => `${alias}.${q(c)}`).join(', ')})`;
    const lit = `'${t.name.replace(/'/g, "''")}'`;
    db.exec(`
      CREATE TEMP TRIGGER IF NOT EXISTS ${q(`sync_ins_${t.name}`)} AFTER INSERT ON main.${q(t.name)} WHEN ${on}
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
    WHEN (SELECT v FROM temp.sync_ctl WHERE k = 'queue') = 1 AND NEW.command NOT LIKE 'sync.%'
    BEGIN
      INSERT INTO main.sync_mutations (id, name, args, ids, actor_id, at)
        VALUES ((SELECT CAST(value AS INTEGER) FROM main.sync_state WHERE key = 'nextMutationId'),
                NEW.command, NEW.input, sync_ids(), NEW.actor_id, NEW.at);
      UPDATE main.sync_state SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'nextMutationId';
      UPDATE main.sync_capture SET mutation_id = (SELECT max(id) FROM main.sync_mutations) WHERE mutation_id IS NULL;
    END;
  `);
}

export function setCapture(db: Db, rows: boolean, queue: boolean): void {
  db.prepare("UPDATE temp.sync_ctl SET v = ? WHERE k = 'rows'").run(rows ? 1 : 0);
  db.prepare("UPDATE temp.sync_ctl SET v = ? WHERE k = 'queue'").run(queue ? 1 : 0);
}

export const keyOf = (t: TableInfo, row: Record<string, unknown>): string => JSON.stringify(t.pk.map((c) => row[c] ?? null));

export class RowStore {
  private readonly byName: Map<string, TableInfo>;
  constructor(
    private readonly db: Db,
    readonly tables: TableInfo[],
  ) {
    this.byName = new Map(tables.map((t) => [t.name, t]));
  }

  table(name: string): TableInfo | undefined {
    return this.byName.get(name);
  }

  read(table: string, key: string): Record<string, unknown> | null {
    const t = this.byName.get(table);
    if (!t) return null;
    const vals = JSON.parse(key) as unknown[];
    const row = this.db
      .prepare(`SELECT * FROM ${q(t.name)} WHERE ${t.pk.map((c) => `${q(c)} = ?`).join(' AND ')}`)
      .get(...vals) as Record<string, unknown> | undefined;
    return row ?? null;
  }

  /** Writes a row image (insert or update in place — never REPLACE, which would cascade-delete children). */
  upsert(table: string, data: Record<string, unknown>): void {
    const t = this.byName.get(table);
    if (!t) return; // a table this app version does not have
    const cols = t.columns.filter((c) => Object.prototype.hasOwnProperty.call(data, c));
    const rest = cols.filter((c) => !t.pk.includes(c));
    const sql =
      `INSERT INTO ${q(t.name)} (${cols.map(q).join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ` +
      `ON CONFLICT (${t.pk.map(q).join(', ')}) DO ${rest.length ? `UPDATE SET ${rest.map((c) => `${q(c)} = excluded.${q(c)}`).join(', ')}` : 'NOTHING'}`;
    this.db.prepare(sql).run(...cols.map((c) => toSql(data[c])));
  }

  remove(table: string, key: string): void {
    const t = this.byName.get(table);
    if (!t) return;
    const vals = JSON.parse(key) as unknown[];
    this.db.prepare(`DELETE FROM ${q(t.name)} WHERE ${t.pk.map((c) => `${q(c)} = ?`).join(' AND ')}`).run(...vals.map(toSql));
  }

  /**
   * Applies the hub's rows. Deletes first, then upserts in hub order; a unique
   * index can be briefly violated mid-batch (two rows swapping a name), so a
   * refused row is retried after the others until nothing moves.
   */
  applyAll(changes: RowChange[]): void {
    for (const c of changes) if (c.data === null) this.remove(c.table, c.key);
    let todo = changes.filter((c) => c.data !== null).sort((a, b) => a.version - b.version);
    while (todo.length) {
      const failed: RowChange[] = [];
      let lastError: unknown = null;
      for (const c of todo) {
        try {
          this.upsert(c.table, c.data!);
        } catch (e) {
          if (!String((e as { code?: string }).code ?? '').startsWith('SQLITE_CONSTRAINT')) throw e;
          failed.push(c);
          lastError = e;
        }
      }
      if (failed.length === todo.length) throw lastError;
      todo = failed;
    }
  }

  clearAll(): void {
    for (const t of [...this.tables].reverse()) this.db.prepare(`DELETE FROM ${q(t.name)}`).run();
  }

  /** Every synced row, for seeding a hub from a workspace file. */
  *everyRow(): Generator<{ table: string; key: string; data: Record<string, unknown> }> {
    for (const t of this.tables) {
      for (const row of this.db.prepare(`SELECT * FROM ${q(t.name)}`).iterate() as Iterable<Record<string, unknown>>) {
        yield { table: t.name, key: keyOf(t, row), data: row };
      }
    }
  }
}

const toSql = (v: unknown): unknown => (typeof v === 'boolean' ? (v ? 1 : 0) : v === undefined ? null : v);
