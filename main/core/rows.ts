import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection';
import { isSyncedTable, type RowChange } from '../../shared/sync';

/**
 * Row-level access to every synced table, generic over the schema: tables and
 * columns come from SQLite itself, so a table added by a later migration is
 * covered without touching this file. Identifiers here come from sqlite_schema,
 * never from the network or a person; values are always bound parameters.
 * Sync ships these rows between desktops and the hub; undo (core/images.ts)
 * restores a command's before-images through the same writer.
 */

export interface TableInfo {
  name: string;
  columns: string[];
  pk: string[];
}

/** A schema identifier quoted for SQL (identifiers come from sqlite_schema only). */
export const q = (id: string): string => `"${id.replace(/"/g, '""')}"`;

/** SQL for a trigger body: the row `alias` (NEW or OLD) of `t` as a JSON object, and its key as a JSON array. */
export const rowJsonSql = (t: TableInfo, alias: string): string =>
  `json_object(${t.columns.map((c) => `'${c.replace(/'/g, "''")}', ${alias}.${q(c)}`).join(', ')})`;
export const keyJsonSql = (t: TableInfo, alias: string): string => `json_array(${t.pk.map((c) => `${alias}.${q(c)}`).join(', ')})`;

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

export const keyOf = (t: TableInfo, row: Record<string, unknown>): string => JSON.stringify(t.pk.map((c) => row[c] ?? null));

export class RowStore {
  private readonly byName: Map<string, TableInfo>;
  /** Statements by SQL text: the same few shapes per table, prepared once. */
  private readonly statements = new Map<string, Statement>();
  constructor(
    private readonly db: Db,
    readonly tables: TableInfo[],
  ) {
    this.byName = new Map(tables.map((t) => [t.name, t]));
  }

  private prepared(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  table(name: string): TableInfo | undefined {
    return this.byName.get(name);
  }

  read(table: string, key: string): Record<string, unknown> | null {
    const t = this.byName.get(table);
    if (!t) return null;
    const vals = JSON.parse(key) as unknown[];
    const row = this.prepared(`SELECT * FROM ${q(t.name)} WHERE ${t.pk.map((c) => `${q(c)} = ?`).join(' AND ')}`).get(...vals) as
      | Record<string, unknown>
      | undefined;
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
    this.prepared(sql).run(...cols.map((c) => toSql(data[c])));
  }

  /** Writes some columns of an existing row (the key's columns must be in `data`). */
  update(table: string, data: Record<string, unknown>): void {
    const t = this.byName.get(table);
    if (!t) return;
    const set = t.columns.filter((c) => !t.pk.includes(c) && Object.prototype.hasOwnProperty.call(data, c));
    if (!set.length) return;
    const sql = `UPDATE ${q(t.name)} SET ${set.map((c) => `${q(c)} = ?`).join(', ')} WHERE ${t.pk.map((c) => `${q(c)} = ?`).join(' AND ')}`;
    this.prepared(sql).run(...set.map((c) => toSql(data[c])), ...t.pk.map((c) => toSql(data[c])));
  }

  remove(table: string, key: string): void {
    const t = this.byName.get(table);
    if (!t) return;
    const vals = JSON.parse(key) as unknown[];
    this.prepared(`DELETE FROM ${q(t.name)} WHERE ${t.pk.map((c) => `${q(c)} = ?`).join(' AND ')}`).run(...vals.map(toSql));
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
