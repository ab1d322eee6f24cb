import Database from 'better-sqlite3';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend } from '../../../main/app';
import type { Backend, Session } from '../../../main/core/backend';
import { backupsDirOf, checkDatabaseFile } from '../../../main/db/backup';
import { openDatabase, type Db } from '../../../main/db/connection';
import { SCHEMA_VERSION } from '../../../main/db/migrations';
import { HostBackend } from '../../../main/host/hosting';
import { attachSyncClient, syncClientOf } from '../../../main/sync/registry';
import { OfflineError, type SyncTransport } from '../../../main/sync/transport';
import type { BackupInfo, CallInput, CallName, CallResult, RestoreResult } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { olderSchemaCopy, tempDbFile } from '../../helpers/db';

const ADMIN = '周岚';
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** A hub that accepts the sign-in, then is unreachable: every command stays queued here. */
const offlineHub: SyncTransport = {
  login: async (_hub, req) => ({ token: 'test-token', personId: PERSON.id, name: req.login }),
  push: async () => {
    throw new OfflineError('offline (test)');
  },
  pull: async () => {
    throw new OfflineError('offline (test)');
  },
};
const PERSON = { id: '' };

interface App {
  host: HostBackend;
  file: string;
  session: Session;
  backend(): Backend;
  db(): Db;
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallResult<K>>;
}

/** The app as a host runs it: HostBackend over a file, sync client attached (idle or with the offline hub). */
async function app(withHub: boolean): Promise<App> {
  const { file, cleanup } = tempDbFile();
  const host = new HostBackend(file);
  cleanups.push(() => {
    host.close();
    cleanup();
  });
  const session: Session = { actorId: null };
  const call = async <K extends CallName>(name: K, input: CallInput<K>): Promise<CallResult<K>> => {
    const r = await host.call(name, input, session);
    if (!r.ok) throw AppError.fromPayload(r.error);
    return r.value as CallResult<K>;
  };
  await call('workspace.setup', { mode: 'demo' });
  const db = host.backend!.db;
  const admin = db.prepare<[string], { id: string }>('SELECT id FROM people WHERE name = ?').get(ADMIN)!;
  session.actorId = admin.id;
  if (withHub) {
    PERSON.id = admin.id;
    attachSyncClient(host.backend!, { transport: offlineHub, intervalMs: 0 });
    await call('sync.connect', { hubUrl: 'http://127.0.0.1:9', name: ADMIN, password: 'password-1234', replaceLocal: true });
    expect(syncClientOf(db)!.configured()).toBe(true);
  }
  return { host, file, session, backend: () => host.backend!, db: () => host.backend!.db, call };
}

const syncState = (db: Db): Record<string, string> =>
  Object.fromEntries(db.prepare<[], { key: string; value: string }>('SELECT key, value FROM sync_state').all().map((r) => [r.key, r.value]));

describe('commands after a restore', () => {
  for (const withHub of [false, true]) {
    it(`report success and are written (${withHub ? 'hub configured' : 'no hub'})`, async () => {
      const a = await app(withHub);
      const backup = await a.call('maintenance.backup', {});
      const teamsBefore = (await a.call('teams.list', {})).length;
      if (withHub) await a.call('teams.create', { name: '备份后未同步' }); // queued, not on the backup
      const stateBefore = withHub ? syncState(a.db()) : null;
      const oldDb = a.db();

      await a.call('maintenance.restore', { name: backup.name });
      expect(oldDb.open).toBe(false);
      expect(a.db()).not.toBe(oldDb);

      // Three new teams, each reported saved, each written exactly once; a retry is a duplicate, not a crash.
      for (const name of ['恢复后一组', '恢复后二组', '恢复后三组']) {
        const t = await a.call('teams.create', { name });
        expect(t.name).toBe(name);
      }
      const names = a.db().prepare<[], { name: string }>("SELECT name FROM teams WHERE name LIKE '恢复后%' ORDER BY name").all();
      expect(names).toHaveLength(3);
      expect((await a.call('teams.list', {})).length).toBe(teamsBefore + 3);
      const log = a.db().prepare<[], { n: number }>("SELECT count(*) AS n FROM activity_log WHERE command = 'teams.create' AND summary LIKE '%恢复后%'").get()!;
      expect(log.n).toBe(3);
      // Queries and other commands work too.
      const team = (await a.call('teams.list', {}))[0]!;
      await a.call('teams.update', { id: team.id, description: '恢复后修改' });
      expect(a.db().prepare<[string], { description: string }>('SELECT description FROM teams WHERE id = ?').get(team.id)!.description).toBe('恢复后修改');

      const client = syncClientOf(a.db());
      expect(client).not.toBeNull();
      if (!withHub) {
        expect(client!.configured()).toBe(false);
        expect(a.db().prepare("SELECT name FROM sqlite_schema WHERE name LIKE 'sync_%'").all()).toEqual([]);
        return;
      }
      // The live sync identity is kept; mutation ids continue from the live counter (never reused).
      const after = syncState(a.db());
      expect(after.clientId).toBe(stateBefore!.clientId);
      expect(after.hubUrl).toBe(stateBefore!.hubUrl);
      expect(after.token).toBe(stateBefore!.token);
      expect(after.reset).toBe('1');
      const queue = a.db().prepare<[], { id: number; name: string; args: string }>('SELECT id, name, args FROM sync_mutations ORDER BY id').all();
      const firstNew = Number(stateBefore!.nextMutationId);
      // The edit queued before the restore is still queued, then the four made after it.
      expect(queue.map((m) => m.name)).toEqual(['teams.create', 'teams.create', 'teams.create', 'teams.create', 'teams.update']);
      expect(JSON.parse(queue[0]!.args)).toMatchObject({ name: '备份后未同步' });
      expect(queue[0]!.id).toBe(firstNew - 1);
      expect(queue.slice(1).map((m) => m.id)).toEqual([firstNew, firstNew + 1, firstNew + 2, firstNew + 3]);
      expect(Number(after.nextMutationId)).toBe(firstNew + 4);
      // The person is told, in both languages.
      const status = await a.call('sync.status', {});
      expect(status.notices[0]!.message.zh).toMatch(/已从备份恢复.*枢纽上的数据为准/);
      expect(status.notices[0]!.message.en).toMatch(/Restored from a backup.*hub's data is the record/);
      expect(status.pending).toBe(5);
    });
  }

  it('restored in recovery mode: commands succeed and are written', async () => {
    const a = await app(false);
    const backup = await a.call('maintenance.backup', {});
    a.host.close();
    // A damaged live file makes the next start a recovery start.
    const buf = readFileSync(a.file);
    for (let i = 4096; i < Math.min(buf.length, 4096 * 8); i++) buf[i] = (i * 7919) & 0xff;
    writeFileSync(a.file, buf);
    const c = new HostBackend(a.file);
    cleanups.push(() => c.close());
    expect(c.backend).toBeNull();
    const session: Session = { actorId: null };
    const r = await c.call('maintenance.restore', { name: backup.name }, session);
    expect(r.ok).toBe(true);
    session.actorId = c.backend!.db.prepare<[string], { id: string }>('SELECT id FROM people WHERE name = ?').get(ADMIN)!.id;
    const created = await c.call('teams.create', { name: '恢复模式之后' }, session);
    expect(created.ok).toBe(true);
    expect(c.backend!.db.prepare("SELECT count(*) AS n FROM teams WHERE name = '恢复模式之后'").get()).toEqual({ n: 1 });
  });
});

/** A copy of a good backup, changed by `craft`, put in the backups folder under a backup name. */
function crafted(a: App, good: BackupInfo, n: number, craft: (db: Db) => void, version = good.schemaVersion): string {
  const name = good.name.replace(/-v\d+\.sqlite3$/, `-${n}-v${version}.sqlite3`);
  const path = join(backupsDirOf(a.file), name);
  copyFileSync(join(backupsDirOf(a.file), good.name), path);
  const db = new Database(path);
  craft(db);
  db.close();
  return name;
}

describe('restore validation: a crafted backup is refused and the live file stays byte-identical', () => {
  const cases: [string, (db: Db) => void, RegExp][] = [
    ['a renamed table', (db) => db.exec('ALTER TABLE meetings RENAME TO meetings_old'), /schema does not match.*(missing|unexpected) table meetings/],
    [
      'an extra trigger that makes a member admin',
      (db) => db.exec("CREATE TRIGGER promote AFTER INSERT ON activity_log BEGIN UPDATE people SET role = 'admin'; END"),
      /unexpected trigger promote/,
    ],
    ['an extra view', (db) => db.exec('CREATE VIEW everyone AS SELECT * FROM people'), /unexpected view everyone/],
    ['a changed column', (db) => db.exec('ALTER TABLE people ADD COLUMN secret TEXT'), /changed table people/],
    ['an extra index', (db) => db.exec('CREATE INDEX people_x ON people(name)'), /unexpected index people_x/],
    ['a newer schema version', (db) => db.pragma(`user_version = ${SCHEMA_VERSION + 1}`), /newer Crewdesk/],
    [
      'planted sync settings (a fake hub and a token)',
      (db) => {
        db.exec(`CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
                 CREATE TABLE sync_mutations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, args TEXT NOT NULL, ids TEXT NOT NULL, actor_id TEXT, at INTEGER NOT NULL) STRICT;`);
        db.prepare("INSERT INTO sync_state VALUES ('hubUrl', 'http://evil.example'), ('token', 'stolen'), ('clientId', 'c'), ('nextMutationId', '1')").run();
      },
      /hub settings \(http:\/\/evil\.example\).*not joined to a hub/,
    ],
  ];
  let n = 0;
  for (const [what, craft, message] of cases) {
    it(what, async () => {
      const a = await app(false);
      const good = await a.call('maintenance.backup', {});
      const name = crafted(a, good, ++n, craft);
      a.db().pragma('wal_checkpoint(TRUNCATE)');
      const before = readFileSync(a.file);
      const r = await a.host.call('maintenance.restore', { name }, a.session);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.message.en).toMatch(message);
      expect(r.error.message.zh).toMatch(/不能用此文件恢复/);
      a.db().pragma('wal_checkpoint(TRUNCATE)');
      expect(readFileSync(a.file).equals(before)).toBe(true);
      expect(syncClientOf(a.db())!.configured(), 'nothing of a backup links this desktop to a hub').toBe(false);
      // And the app still works on it.
      expect((await a.host.call('teams.create', { name: '仍可用' }, a.session)).ok).toBe(true);
    });
  }

  it('a planted trigger on a sync table is refused (only the known sync tables are tolerated)', async () => {
    const a = await app(false);
    const good = await a.call('maintenance.backup', {});
    const name = crafted(a, good, 98, (db) => {
      db.exec(`CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
               CREATE TRIGGER sync_evil AFTER INSERT ON sync_state BEGIN UPDATE people SET role = 'admin'; END;`);
    });
    const r = await a.host.call('maintenance.restore', { name }, a.session);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message.en).toMatch(/unexpected trigger sync_evil/);
  });

  it('an older backup is migrated under the temporary name and matches this version afterwards', async () => {
    const { file, cleanup } = tempDbFile();
    cleanups.push(cleanup);
    const today = join(backupsDirOf(file), 'today.sqlite3');
    const seedDb = openDatabase(today, { noBackup: true });
    const seeded = await createBackend(seedDb).call('workspace.setup', { mode: 'empty', admin: { name: ADMIN, title: '主任' } }, { actorId: null });
    expect(seeded.ok).toBe(true);
    seedDb.close();
    olderSchemaCopy(today, 3, join(backupsDirOf(file), 'seed.sqlite3'));
    const name = 'crewdesk-manual-20260101-000000-v3.sqlite3';
    copyFileSync(join(backupsDirOf(file), 'seed.sqlite3'), join(backupsDirOf(file), name));
    const host = new HostBackend(file);
    cleanups.push(() => host.close());
    const session: Session = { actorId: null };
    await host.call('workspace.setup', { mode: 'demo' }, session);
    session.actorId = host.backend!.db.prepare<[string], { id: string }>('SELECT id FROM people WHERE name = ?').get(ADMIN)!.id;
    const r = await host.call('maintenance.restore', { name }, session);
    expect(r.ok).toBe(true);
    expect((r as { ok: true; value: RestoreResult }).value.restored.schemaVersion).toBe(3);
    // The backup's data came through the migration: its one person, with a login made by 0006.
    const people = host.backend!.db.prepare<[], { name: string; login: string }>('SELECT name, login FROM people').all();
    expect(people).toEqual([{ name: ADMIN, login: 'zhoulan' }]);
    expect(host.backend!.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(checkDatabaseFile(file).ok).toBe(true);
  });
});

describe('a live file the app cannot migrate', () => {
  it('starts in recovery mode (the file untouched) instead of not starting at all', async () => {
    const { file, cleanup } = tempDbFile();
    cleanups.push(cleanup);
    const { MIGRATIONS } = await import('../../../main/db/migrations');
    const old = openDatabase(file, { noBackup: true, migrations: MIGRATIONS.slice(0, 3) });
    createBackend(old);
    old.exec('ALTER TABLE projects RENAME TO projects_renamed'); // what migration 4 needs is gone
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.close();
    const bytes = readFileSync(file);
    const host = new HostBackend(file);
    cleanups.push(() => host.close());
    expect(host.backend).toBeNull();
    const status = await host.call('maintenance.status', {}, { actorId: null });
    expect(status).toMatchObject({ ok: true, value: { mode: 'recovery' } });
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });
});
