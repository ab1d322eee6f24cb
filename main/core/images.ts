import { UNDOABLE_TABLES } from '../../shared/contract/boards';
import { conflict } from '../../shared/errors';
import type { Db } from '../db/connection';
import { keyJsonSql, q, RowStore, rowJsonSql, syncedTables } from './rows';

/**
 * Row images: what a command changed, row by row, with each row as it was
 * before the command (null: the command created it) and after (null: the
 * command deleted it). The backend records them for the commands a person can
 * undo (shared/contract/boards.ts UNDOABLE_COMMANDS) and stores them on the
 * command's activity row; undo is then one generic step for every command kind:
 * check that each row is still as the command left it, write the before-images
 * back. Generic over the schema like sync's capture (core/rows.ts): a table a
 * later migration adds is covered without touching this file.
 *
 * Capture is a set of connection-local TEMP triggers writing to a TEMP table,
 * switched on only while a recorded command runs, so the file on disk never
 * changes shape and the cost elsewhere is one flag read per written row.
 */
export interface RowImage {
  table: string;
  /** The primary key as a JSON array (core/rows.ts keyOf). */
  key: string;
  /** Whole rows for a created or deleted row; for a changed one, its key and the changed columns only. */
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The log itself is never part of what a command changed (it is append-only). */
const NOT_IMAGED = new Set(['activity_log']);

interface Capture {
  /** The TEMP objects are there (not rolled back with the transaction that made them). */
  present: () => boolean;
  store: RowStore;
  on: () => void;
  off: () => void;
  taken: () => { tbl: string; pk: string; old: string | null }[];
  clear: () => void;
  /** Foreign keys by child table, and which child tables point at each parent (for the checks after a restore). */
  fks: Map<string, ForeignKey[]>;
}

interface ForeignKey {
  child: string;
  parent: string;
  from: string[];
  to: string[];
}

const captures = new WeakMap<Db, Capture>();

/** Installs the capture on a connection (idempotent; done on first use, see captureOf). */
function installImageCapture(db: Db, roots: readonly string[] = UNDOABLE_TABLES): void {
  if (captures.has(db)) return;
  const all = syncedTables(db).filter((t) => !NOT_IMAGED.has(t.name));
  // The roots and what hangs off them by a foreign key, transitively: what an undoable command can change.
  const parentsOf = new Map(
    all.map((t) => [t.name, db.prepare<[], { table: string }>(`PRAGMA foreign_key_list(${q(t.name)})`).all().map((f) => f.table)]),
  );
  const watched = new Set(roots.filter((r) => parentsOf.has(r)));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [child, parents] of parentsOf) {
      if (!watched.has(child) && parents.some((p) => watched.has(p))) {
        watched.add(child);
        grew = true;
      }
    }
  }
  const tables = all.filter((t) => watched.has(t.name));
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS image_ctl (k TEXT PRIMARY KEY, v INTEGER NOT NULL);
           INSERT OR IGNORE INTO temp.image_ctl VALUES ('on', 0);
           CREATE TEMP TABLE IF NOT EXISTS image_capture (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, pk TEXT NOT NULL, old TEXT);`);
  const when = `(SELECT v FROM temp.image_ctl WHERE k = 'on') = 1`;
  for (const t of tables) {
    const lit = `'${t.name.replace(/'/g, "''")}'`;
    const old = rowJsonSql(t, 'OLD');
    db.exec(`
      CREATE TEMP TRIGGER IF NOT EXISTS ${q(`image_ins_${t.name}`)} AFTER INSERT ON main.${q(t.name)} WHEN ${when}
      BEGIN INSERT INTO temp.image_capture (tbl, pk, old) VALUES (${lit}, ${keyJsonSql(t, 'NEW')}, NULL); END;
      CREATE TEMP TRIGGER IF NOT EXISTS ${q(`image_upd_${t.name}`)} AFTER UPDATE ON main.${q(t.name)} WHEN ${when}
      BEGIN INSERT INTO temp.image_capture (tbl, pk, old) VALUES (${lit}, ${keyJsonSql(t, 'OLD')}, ${old}); END;
      CREATE TEMP TRIGGER IF NOT EXISTS ${q(`image_del_${t.name}`)} AFTER DELETE ON main.${q(t.name)} WHEN ${when}
      BEGIN INSERT INTO temp.image_capture (tbl, pk, old) VALUES (${lit}, ${keyJsonSql(t, 'OLD')}, ${old}); END;
    `);
  }
  const fks = new Map<string, ForeignKey[]>();
  for (const t of tables) {
    const rows = db
      .prepare<[], { id: number; table: string; from: string; to: string | null }>(`PRAGMA foreign_key_list(${q(t.name)})`)
      .all();
    const byId = new Map<number, ForeignKey>();
    for (const r of rows) {
      const fk = byId.get(r.id) ?? { child: t.name, parent: r.table, from: [], to: [] };
      fk.from.push(r.from);
      fk.to.push(r.to ?? 'id');
      byId.set(r.id, fk);
    }
    fks.set(t.name, [...byId.values()]);
  }
  const setOn = db.prepare("UPDATE temp.image_ctl SET v = ? WHERE k = 'on'");
  const taken = db.prepare<[], { tbl: string; pk: string; old: string | null }>('SELECT tbl, pk, old FROM temp.image_capture ORDER BY seq');
  const clear = db.prepare('DELETE FROM temp.image_capture');
  const presence = db.prepare("SELECT 1 FROM temp.sqlite_master WHERE type = 'table' AND name = 'image_capture'");
  captures.set(db, {
    present: () => presence.get() !== undefined,
    store: new RowStore(db, tables),
    on: () => void setOn.run(1),
    off: () => void setOn.run(0),
    taken: () => taken.all(),
    clear: () => void clear.run(),
    fks,
  });
}

/**
 * Installed on first use (the backend does it before the first undoable command's transaction),
 * so opening a database pays nothing for it. An install made inside a transaction that then
 * rolled back is gone with it: the TEMP table's presence is checked, and it is made again.
 */
function captureOf(db: Db): Capture {
  let c = captures.get(db);
  if (c && !c.present()) {
    captures.delete(db);
    c = undefined;
  }
  if (!c) {
    installImageCapture(db);
    c = captures.get(db)!;
  }
  return c;
}

/** Makes sure the capture is on this connection (call outside a transaction where possible). */
export function ensureImageCapture(db: Db): void {
  captureOf(db);
}

/**
 * Runs `fn` (inside the caller's transaction) and returns the rows it changed:
 * one image per row, its state before the first change and after the last, table
 * by table in the order the tables were first touched and by key within a table.
 * (Not row by row as first touched: a cascade deletes in the order its index
 * scan meets the rows, which is rowid order, and a rebase that put the rows back
 * with other rowids would then log the same command with its images in another
 * order — the crash suite found a replay that disagreed so.) A created row's after-image and a
 * deleted row's before-image are whole; a changed row's hold its key and the
 * columns that changed. A row created and deleted again, or written back with
 * the values it had, is left out.
 */
export function recordImages<T>(db: Db, fn: () => T): { value: T; images: RowImage[] } {
  const c = captureOf(db);
  c.clear();
  c.on();
  let value: T;
  try {
    value = fn();
  } finally {
    c.off();
  }
  const first = new Map<string, { table: string; key: string; old: string | null }>();
  for (const r of c.taken()) {
    const id = `${r.tbl}\u0000${r.pk}`;
    if (!first.has(id)) first.set(id, { table: r.tbl, key: r.pk, old: r.old });
  }
  c.clear();
  const rank = new Map<string, number>();
  for (const f of first.values()) if (!rank.has(f.table)) rank.set(f.table, rank.size);
  const ordered = [...first.values()].sort((a, b) => rank.get(a.table)! - rank.get(b.table)! || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const images: RowImage[] = [];
  for (const f of ordered) {
    const before = f.old === null ? null : (JSON.parse(f.old) as Record<string, unknown>);
    const after = c.store.read(f.table, f.key);
    if (before === null && after === null) continue;
    if (before === null || after === null) {
      images.push({ table: f.table, key: f.key, before, after });
      continue;
    }
    // A changed row keeps only its key and the columns that changed (a move does not store the description twice).
    const pk = c.store.table(f.table)?.pk ?? [];
    const cols = Object.keys(after).filter((col) => pk.includes(col) || !sameValue(before[col], after[col]));
    if (cols.length === pk.length) continue; // written with what it had: nothing to undo
    images.push({ table: f.table, key: f.key, before: pick(before, cols), after: pick(after, cols) });
  }
  return { value, images };
}

const sameValue = (v: unknown, w: unknown): boolean => v === w || (v === undefined && w === null) || (v === null && w === undefined);

const pick = (row: Record<string, unknown>, cols: string[]): Record<string, unknown> => Object.fromEntries(cols.map((c) => [c, row[c] ?? null]));

/** The row now agrees with a recorded image on every column the image holds (only the changed ones, for an update). */
function sameRow(recorded: Record<string, unknown>, now: Record<string, unknown>): boolean {
  return Object.entries(recorded).every(([col, v]) => sameValue(v, now[col]));
}

const changedSince = (): never => {
  throw conflict({
    zh: '之后又有人改动了它，无法撤销此项更改',
    en: 'It has been changed since, so this change cannot be undone',
  });
};

export interface RestoreOptions {
  /**
   * Tables that are a record (a sign-off): a restore may bring back rows of theirs the
   * command deleted, never remove or rewrite one; a change that wrote one cannot be undone.
   */
  records?: { tables: ReadonlySet<string>; message: { zh: string; en: string } };
}

/**
 * Writes the before-images back, inside the caller's transaction, after checking
 * that every row is still exactly as the command left it (otherwise a CONFLICT and
 * nothing is written). The restore may touch no other row: a later row that
 * hangs off one the undo removes (a comment someone added since to an undone new
 * task) would be lost by a cascade, so that is a CONFLICT too, as is a row
 * coming back whose parent has gone since.
 */
export function restoreImages(db: Db, images: RowImage[], opts: RestoreOptions = {}): void {
  const c = captureOf(db);
  const records = opts.records;
  // Only a deleted record row may come back; one the command created or changed stays as it is.
  if (records && images.some((i) => records.tables.has(i.table) && !(i.before !== null && i.after === null))) throw conflict(records.message);
  for (const img of images) {
    const now = c.store.read(img.table, img.key);
    if (img.after === null ? now !== null : now === null || !sameRow(img.after, now)) changedSince();
  }
  // Rows come back in any order: the foreign keys are checked once all are back (below, and at commit).
  db.pragma('defer_foreign_keys = ON');
  const { images: touched } = recordImages(db, () => {
    for (const img of [...images].reverse()) if (img.before === null) c.store.remove(img.table, img.key);
    // A unique index may be briefly violated mid-way (two columns swapping positions): retry until nothing moves.
    let todo = images.filter((i) => i.before !== null);
    while (todo.length) {
      const failed: RowImage[] = [];
      let lastError: unknown = null;
      for (const img of todo) {
        try {
          if (img.after === null) c.store.upsert(img.table, img.before!);
          else c.store.update(img.table, img.before!);
        } catch (e) {
          if (!String((e as { code?: string }).code ?? '').startsWith('SQLITE_CONSTRAINT')) throw e;
          failed.push(img);
          lastError = e;
        }
      }
      if (failed.length === todo.length) throw lastError;
      todo = failed;
    }
  });
  const mine = new Set(images.map((i) => `${i.table}\u0000${i.key}`));
  if (touched.some((t) => !mine.has(`${t.table}\u0000${t.key}`))) {
    throw conflict({
      zh: '之后又有人在它上面添加了内容，撤销会把这些内容一并删掉，因此没有撤销',
      en: 'Someone has added to it since; undoing would delete their work too, so nothing was undone',
    });
  }
  for (const img of images) if (img.before !== null && !parentsExist(db, c, img.table, img.before)) changedSince();
  for (const img of images) if (img.before === null && hasChildren(db, c, img.table, img.after!)) changedSince();
}

function parentsExist(db: Db, c: Capture, table: string, row: Record<string, unknown>): boolean {
  for (const fk of c.fks.get(table) ?? []) {
    const vals = fk.from.map((f) => row[f] ?? null);
    if (vals.some((v) => v === null)) continue;
    const sql = `SELECT 1 FROM ${q(fk.parent)} WHERE ${fk.to.map((t) => `${q(t)} = ?`).join(' AND ')}`;
    if (db.prepare(sql).get(...vals) === undefined) return false;
  }
  return true;
}

function hasChildren(db: Db, c: Capture, table: string, row: Record<string, unknown>): boolean {
  for (const list of c.fks.values()) {
    for (const fk of list) {
      if (fk.parent !== table) continue;
      const vals = fk.to.map((t) => row[t] ?? null);
      const sql = `SELECT 1 FROM ${q(fk.child)} WHERE ${fk.from.map((f) => `${q(f)} = ?`).join(' AND ')} LIMIT 1`;
      if (db.prepare(sql).get(...vals) !== undefined) return true;
    }
  }
  return false;
}
