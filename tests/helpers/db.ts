import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend } from '../../main/app';
import type { Backend, Session } from '../../main/core/backend';
import { openDatabase, type Db } from '../../main/db/connection';
import { MIGRATIONS } from '../../main/db/migrations';
import type { CallInput, CallName, CallResult } from '../../shared/contract';
import { AppError } from '../../shared/errors';

/** A real SQLite file in a fresh temp folder. */
export function tempDbFile(): { file: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'crewdesk-unit-'));
  return { file: join(dir, 'crewdesk.sqlite3'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestWorld {
  backend: Backend;
  db: Db;
  file: string;
  /** Calls as the given session, throwing the typed AppError on failure. */
  call<K extends CallName>(session: Session, name: K, input: CallInput<K>): Promise<CallResult<K>>;
  /** The error a call fails with (fails the test if the call succeeds). */
  fail(session: Session, name: string, input: unknown): Promise<AppError>;
  as(personName: string): Session;
  close(): void;
}

/**
 * A backend on a fresh file; `demo` seeds the fictional center. `now` fixes the clock, `clock`
 * lends it a movable one. Unit tests build their own world instead (tests/helpers/world.ts):
 * `demo` is for the demo smoke test (tests/unit/core/test-worlds.test.ts keeps it so).
 */
export async function world(opts: { demo?: boolean; now?: number; clock?: () => number } = {}): Promise<TestWorld> {
  const { file, cleanup } = tempDbFile();
  const db = openDatabase(file);
  const fixed = opts.now;
  const backend = createBackend(db, opts.clock ? { now: opts.clock } : fixed !== undefined ? { now: () => fixed } : {});
  if (opts.demo) {
    const r = await backend.call('workspace.setup', { mode: 'demo' }, { actorId: null });
    if (!r.ok) throw new Error(r.error.message.en);
  }
  const w: TestWorld = {
    backend,
    db,
    file,
    call: async (session, name, input) => {
      const r = await backend.call(name, input, session);
      if (!r.ok) throw AppError.fromPayload(r.error);
      return r.value as never;
    },
    fail: async (session, name, input) => {
      const r = await backend.call(name, input, session);
      if (r.ok) throw new Error(`expected ${name} to fail, it returned ${JSON.stringify(r.value).slice(0, 200)}`);
      return AppError.fromPayload(r.error);
    },
    as: (personName) => {
      const row = db.prepare<[string], { id: string }>('SELECT id FROM people WHERE name = ?').get(personName);
      if (!row) throw new Error(`no person named ${personName}`);
      return { actorId: row.id };
    },
    close: () => {
      db.close();
      cleanup();
    },
  };
  return w;
}

/** A digest of every row of every table: equal digests mean the database is unchanged. */
export function dbChecksum(db: Db): string {
  const h = createHash('sha256');
  const tables = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all();
  for (const { name } of tables) {
    h.update(`#${name}\n`);
    // Table names come from sqlite_schema, not from user input.
    for (const row of db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}" ORDER BY 1`).raw().iterate()) {
      h.update(JSON.stringify(row));
      h.update('\n');
    }
  }
  return h.digest('hex');
}

/**
 * A database file as an older app version (schema `version`) would have written it: made
 * by migrating a new file up to `version` only, then filled with the rows of `source`
 * (a database at this version) in the columns both schemas have. Today's command code
 * writes today's columns, so an old file cannot be made by running it on an old schema.
 */
export function olderSchemaCopy(source: string, version: number, target: string): void {
  const old = openDatabase(target, { noBackup: true, migrations: MIGRATIONS.slice(0, version) });
  try {
    old.pragma('foreign_keys = OFF');
    old.prepare('ATTACH DATABASE ? AS src').run(source);
    const tables = old
      .prepare<[], { name: string }>("SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all()
      .map((r) => r.name);
    old.transaction(() => {
      for (const t of tables) {
        const cols = (table: string, schema: string): string[] =>
          old.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table.replace(/'/g, "''")}', '${schema}')`).all().map((c) => c.name);
        const theirs = new Set(cols(t, 'src'));
        const common = cols(t, 'main').filter((c) => theirs.has(c));
        if (!common.length) continue;
        const list = common.map((c) => `"${c.replace(/"/g, '""')}"`).join(', ');
        // Names come from the two files' own schemas, never from input.
        old.exec(`DELETE FROM main."${t}"; INSERT INTO main."${t}" (${list}) SELECT ${list} FROM src."${t}"`);
      }
    })();
    old.exec('DETACH DATABASE src');
    old.pragma('foreign_keys = ON');
    old.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    old.close();
  }
}
