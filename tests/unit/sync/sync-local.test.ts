import { afterEach, describe, expect, it } from 'vitest';
import { createSyncedBackend } from '../../../main/app';
import { openDatabase } from '../../../main/db/connection';
import { dbChecksum, tempDbFile } from '../../helpers/db';
import { buildWorld, DEFAULT_NOW, type World } from '../../helpers/world';

let w: World | null = null;
afterEach(() => {
  w?.close();
  w = null;
});

describe('single-machine use without a hub', () => {
  it('adds no table, queues nothing and reports "this machine only"', async () => {
    const { file, cleanup } = tempDbFile();
    const db = openDatabase(file);
    const backend = createSyncedBackend(db, { now: () => DEFAULT_NOW });
    const setup = await backend.call('workspace.setup', { mode: 'empty', admin: { name: '周岚' } }, { actorId: null });
    expect(setup.ok).toBe(true);
    const admin = db.prepare<[], { id: string }>("SELECT id FROM people WHERE role = 'admin' LIMIT 1").get()!;
    const teams = await backend.call('teams.list', {}, { actorId: admin.id });
    const teamId = (teams as { ok: true; value: { id: string }[] }).value[0]!.id;
    expect((await backend.call('teams.update', { id: teamId, description: '单机' }, { actorId: admin.id })).ok).toBe(true);
    const syncTables = db.prepare("SELECT name FROM sqlite_schema WHERE name LIKE 'sync_%'").all();
    expect(syncTables).toEqual([]);
    const status = await backend.call('sync.status', {}, { actorId: null });
    expect(status).toMatchObject({ ok: true, value: { configured: false, pending: 0 } });
    db.close();
    cleanup();
  });

  it('"sync now" without a hub changes nothing', async () => {
    w = await buildWorld();
    await w.person('王小川', { team: 'shortvideo' });
    const before = dbChecksum(w.db);
    const r = await w.backend.call('sync.now', {}, { actorId: null });
    expect(r.ok).toBe(false); // the test world has no sync client: a clear error, not a silent no-op
    expect(dbChecksum(w.db)).toBe(before);
  });

  it('refuses a hub address that is not http(s), before any network', async () => {
    w = await buildWorld();
    const e = await w.fail({ actorId: null }, 'sync.connect', { hubUrl: 'file:///etc/passwd', name: '周岚', password: 'x' });
    expect(e.code).toBe('VALIDATION');
  });
});

describe('which tables sync', () => {
  it('every domain table, but not meta, local_* tables, or full-text indexes and their shadow tables', async () => {
    const { syncedTables, installCapture, ensureSyncTables } = await import('../../../main/sync/rows');
    const { openDatabase: open } = await import('../../../main/db/connection');
    const db = open(':memory:');
    db.exec("CREATE VIRTUAL TABLE people_search USING fts5(name); CREATE TABLE local_window (k TEXT PRIMARY KEY, v TEXT)");
    const names = syncedTables(db).map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['people', 'teams', 'tasks', 'checklist_items', 'task_comments', 'activity_log']));
    expect(names.filter((n) => n === 'meta' || n.startsWith('local_') || n.startsWith('people_search'))).toEqual([]);
    ensureSyncTables(db);
    db.function('sync_ids', () => '[]');
    expect(() => installCapture(db, syncedTables(db))).not.toThrow();
    db.close();
  });
});
