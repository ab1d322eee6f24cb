import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackend } from '../../../main/app';
import { backupsDirOf, backupsToKeep, checkDatabaseFile, createBackup, listBackups } from '../../../main/db/backup';
import { DatabaseUnavailableError, openDatabase } from '../../../main/db/connection';
import { HostBackend } from '../../../main/host/hosting';
import { MIGRATIONS, NewerSchemaError, SCHEMA_VERSION } from '../../../main/db/migrations';
import type { BackupInfo } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { dbChecksum, tempDbFile } from '../../helpers/db';
import { buildWorld, DEFAULT_NOW, type World } from '../../helpers/world';

const ADMIN = '周岚';

/** Something worth backing up: 周岚 (admin), a convener and a member, a project with a task and a comment. */
async function center(): Promise<World> {
  const w = await buildWorld();
  await w.people({ 林晓峰: { team: 'live', role: 'convener' }, 王小川: { team: 'shortvideo' } });
  const p = await w.project({ name: '新春大直播', convener: '林晓峰', members: ['王小川'], status: 'active' });
  const t = await w.task(p, { title: '机位图', assignees: ['王小川'], dueInDays: 3 });
  await w.call(w.as('林晓峰'), 'comments.add', { taskId: t.id, body: '先出草图' });
  return w;
}

async function ok<T>(p: Promise<{ ok: true; value: unknown } | { ok: false; error: { message: { en: string } } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message.en);
  return r.value as T;
}

/** Overwrites the middle of the file with garbage, as a failing disk would. */
function damage(file: string): void {
  const buf = readFileSync(file);
  for (let i = 4096; i < Math.min(buf.length, 4096 * 8); i++) buf[i] = (i * 7919) & 0xff;
  writeFileSync(file, buf);
}

describe('manual backup and restore (the Settings card calls)', () => {
  it('backs up, restores the backup, and keeps the replaced database as a backup', async () => {
    const w = await center();
    const admin = w.as(ADMIN);
    const before = dbChecksum(w.db);
    const backup = await w.call(admin, 'maintenance.backup', {});
    expect(backup.kind).toBe('manual');
    expect(existsSync(join(backupsDirOf(w.file), backup.name))).toBe(true);

    const team = (await w.call(admin, 'teams.list', {}))[0]!;
    await w.call(admin, 'people.create', { name: '备份后新增', teamId: team.id });
    expect(dbChecksum(w.db)).not.toBe(before);

    const result = await w.call(admin, 'maintenance.restore', { name: backup.name });
    expect(result.restored.name).toBe(backup.name);
    expect(result.previousKeptAs).toMatch(/^crewdesk-pre-restore-/);
    // The backend now runs on the restored file: the person added after the backup is gone…
    const people = await w.call(admin, 'people.list', { search: '备份后新增' });
    expect(people).toHaveLength(0);
    // …and the restore itself is on record.
    // (Found by name, not as the newest: the restore stamps its row with the machine's clock, not
    // the backend's — main/maintenance/index.ts passes no `now` to restoreDatabase.)
    const log = await w.call(admin, 'activity.list', { limit: 100 });
    expect(log.filter((e) => e.command === 'maintenance.restore').map((e) => e.actorId)).toEqual([admin.actorId]);
    // The replaced database is kept and still holds that person.
    const kept = new Database(join(backupsDirOf(w.file), result.previousKeptAs!), { readonly: true });
    expect(kept.prepare("SELECT count(*) AS n FROM people WHERE name = '备份后新增'").get()).toEqual({ n: 1 });
    kept.close();
    w.backend.db.close();
  });

  it('is for admins only', async () => {
    const w = await center();
    for (const call of ['maintenance.backup', 'maintenance.backups'] as const) {
      expect((await w.fail(w.as('王小川'), call, {})).code).toBe('FORBIDDEN');
    }
    expect((await w.fail({ actorId: null }, 'maintenance.backup', {})).code).toBe('FORBIDDEN');
    w.close();
  });

  it('refuses a damaged backup and one from a newer app, leaving the database as it was', async () => {
    const w = await center();
    const admin = w.as(ADMIN);
    const good = await w.call(admin, 'maintenance.backup', {});
    const dir = backupsDirOf(w.file);
    const before = dbChecksum(w.db);

    const damagedName = good.name.replace('-v', '-1-v');
    writeFileSync(join(dir, damagedName), readFileSync(join(dir, good.name)));
    damage(join(dir, damagedName));
    const e1 = await w.fail(admin, 'maintenance.restore', { name: damagedName });
    expect(e1.code).toBe('VALIDATION');
    expect(e1.localized.zh).toMatch(/不能用此文件恢复/);

    const newerName = good.name.replace('-v', '-2-v');
    writeFileSync(join(dir, newerName), readFileSync(join(dir, good.name)));
    const newer = new Database(join(dir, newerName));
    newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    newer.close();
    const e2 = await w.fail(admin, 'maintenance.restore', { name: newerName });
    expect(e2.localized.en).toMatch(/newer Crewdesk/);

    expect((await w.fail(admin, 'maintenance.restore', { name: '../../etc/passwd' })).code).toBe('VALIDATION');
    expect(dbChecksum(w.db)).toBe(before);
    expect(listBackups(w.file).filter((b) => b.kind === 'pre-restore')).toHaveLength(0);
    w.close();
  });
});

describe('a damaged database at start (the recovery screen path)', () => {
  it('starts in recovery mode, never overwrites the file, and restores the newest good backup', async () => {
    const w = await center();
    const admin = w.as(ADMIN);
    await w.call(admin, 'maintenance.backup', {});
    const team = (await w.call(admin, 'teams.list', {}))[0]!;
    await w.call(admin, 'people.create', { name: '最新备份里的人', teamId: team.id });
    const newest = await w.call(admin, 'maintenance.backup', {});
    const expected = dbChecksum(w.db);
    w.db.close();

    damage(w.file);
    const damagedBytes = readFileSync(w.file);
    expect(() => openDatabase(w.file)).toThrow(DatabaseUnavailableError);

    const host = new HostBackend(w.file);
    expect(host.backend).toBeNull();
    const session = { actorId: null };
    const status = await ok<{ mode: string; problem: { zh: string } }>(host.call('maintenance.status', {}, session));
    expect(status.mode).toBe('recovery');
    expect(status.problem.zh).toMatch(/已损坏/);
    // Nothing else is served, and the file is untouched.
    const refused = await host.call('people.list', {}, session);
    expect(refused.ok).toBe(false);
    expect(readFileSync(w.file).equals(damagedBytes)).toBe(true);

    const backups = await ok<BackupInfo[]>(host.call('maintenance.backups', {}, session));
    expect(backups[0]!.name).toBe(newest.name);
    const result = await ok<{ savedAs: string }>(host.call('maintenance.restore', { name: backups[0]!.name }, session));
    expect(result.savedAs).toMatch(/^damaged\//);
    // The damaged file is kept, byte for byte.
    expect(readFileSync(join(backupsDirOf(w.file), result.savedAs)).equals(damagedBytes)).toBe(true);

    expect(host.backend).not.toBeNull();
    const db = host.backend!.db;
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const found = await ok<unknown[]>(host.call('people.list', { search: '最新备份里的人' }, session));
    expect(found).toHaveLength(1);
    // Same data as when the backup was taken, plus the restore's own activity row.
    db.prepare("DELETE FROM activity_log WHERE command = 'maintenance.restore'").run();
    expect(dbChecksum(db)).toBe(expected);
    host.close();
  });

  it('treats a file that is not a database as damaged, and a newer database as refused', () => {
    const { file, cleanup } = tempDbFile();
    openDatabase(file).close();
    writeFileSync(file, 'this is not a database '.repeat(500));
    const host = new HostBackend(file);
    expect(host.recoveryProblem?.en).toMatch(/damaged/);
    cleanup();

    const t = tempDbFile();
    const db = openDatabase(t.file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 3}`);
    db.close();
    expect(() => openDatabase(t.file)).toThrow(NewerSchemaError);
    const h2 = new HostBackend(t.file);
    expect(h2.recoveryProblem?.zh).toMatch(/更新版本/);
    t.cleanup();
  });
});

describe('automatic backups', () => {
  it('sweeps what a killed backup or restore left behind at start, and keeps every real backup', () => {
    const { file, cleanup } = tempDbFile();
    const db = openDatabase(file);
    const real = createBackup(db, file, 'manual', Date.UTC(2026, 11, 1, 2));
    db.close();
    const dir = backupsDirOf(file);
    // What test:crash found after kills: a backup's temp file and its journal, a restore's candidate.
    const left = ['crewdesk-manual-20261201-020000-v6.sqlite3.partial', 'crewdesk-manual-20261201-020000-v6.sqlite3.partial-journal'];
    for (const name of left) writeFileSync(join(dir, name), 'half a backup');
    writeFileSync(`${file}.restoring`, 'half a restore');
    const host = new HostBackend(file, { noBackup: true });
    try {
      expect(readdirSync(dir).sort()).toEqual([real.name]);
      expect(existsSync(`${file}.restoring`)).toBe(false);
      expect(checkDatabaseFile(join(dir, real.name)).ok).toBe(true);
    } finally {
      host.close();
      cleanup();
    }
  });

  it('backs up before a migration, and not on a fresh database', () => {
    const { file, cleanup } = tempDbFile();
    openDatabase(file).close();
    expect(listBackups(file)).toHaveLength(0);
    const next = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'test_next', up: (d: Database.Database) => d.exec('CREATE TABLE test_next (x)') }];
    const db = openDatabase(file, { migrations: next });
    const backups = listBackups(file);
    expect(backups).toHaveLength(1);
    expect(backups[0]!.kind).toBe('pre-migration');
    expect(backups[0]!.schemaVersion).toBe(MIGRATIONS.length);
    expect(checkDatabaseFile(join(backupsDirOf(file), backups[0]!.name)).ok).toBe(true);
    db.close();
    cleanup();
  });

  it('keeps 7 daily and 4 weekly backups, and every manual one', () => {
    const day = 86_400_000;
    const start = Date.UTC(2026, 0, 1, 2);
    const list: BackupInfo[] = [];
    for (let i = 0; i < 60; i++) list.push({ name: `d${i}`, kind: 'daily', at: start + i * day, size: 1, schemaVersion: 1 });
    list.push({ name: 'm', kind: 'manual', at: start, size: 1, schemaVersion: 1 });
    for (let i = 0; i < 15; i++) list.push({ name: `p${i}`, kind: 'pre-migration', at: start + i, size: 1, schemaVersion: 1 });
    const keep = backupsToKeep(list);
    const daily = [...keep].filter((n) => n.startsWith('d')).map((n) => Number(n.slice(1))).sort((a, b) => b - a);
    // The last 7 days, plus the newest of each of the 3 weeks before them.
    expect(daily.slice(0, 7)).toEqual([59, 58, 57, 56, 55, 54, 53]);
    expect(daily.length).toBeGreaterThanOrEqual(7 + 3 - 1);
    expect(daily.length).toBeLessThanOrEqual(7 + 4);
    expect(keep.has('m')).toBe(true);
    expect([...keep].filter((n) => n.startsWith('p'))).toHaveLength(10);
  });

  it('takes the daily backup once a day while the app runs (not of an empty workspace)', async () => {
    const { file, cleanup } = tempDbFile();
    openDatabase(file).close();
    new HostBackend(file, { dailyBackups: true }).close();
    expect(listBackups(file)).toHaveLength(0);
    const b = createBackend(openDatabase(file), { now: () => DEFAULT_NOW });
    await b.call('workspace.setup', { mode: 'empty', admin: { name: ADMIN } }, { actorId: null });
    b.db.close();
    const host = new HostBackend(file, { dailyBackups: true });
    const host2 = () => listBackups(file).filter((b) => b.kind === 'daily');
    expect(host2()).toHaveLength(1);
    host.close();
    new HostBackend(file, { dailyBackups: true }).close();
    expect(host2()).toHaveLength(1);
    cleanup();
  });
});

describe('bad environments: no partial write', () => {
  it('a read-only database gives a clear error and changes nothing', async () => {
    const w = await center();
    const admin = w.as(ADMIN);
    const team = (await w.call(admin, 'teams.list', {}))[0]!;
    const before = dbChecksum(w.db);
    w.db.close();
    const ro = openDatabase(w.file, { readonly: true });
    const backend = createBackend(ro, { now: () => DEFAULT_NOW });
    const r = await backend.call('people.create', { name: '只读测试', teamId: team.id }, admin);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message.zh).toMatch(/只读/);
    expect(dbChecksum(ro)).toBe(before);
    ro.close();
  });

  it('a full disk gives a clear error and rolls the whole command back', async () => {
    const w = await center();
    const admin = w.as(ADMIN);
    const team = (await w.call(admin, 'teams.list', {}))[0]!;
    const before = dbChecksum(w.db);
    const loggedBefore = (w.db.prepare("SELECT count(*) AS n FROM activity_log WHERE command = 'people.create'").get() as { n: number }).n;
    // The file may not grow by one page more: what a full disk looks like to SQLite.
    const pages = w.db.pragma('page_count', { simple: true }) as number;
    w.db.pragma(`max_page_count = ${pages}`);
    const big = Array.from({ length: 30 }, (_, i) => `技能${i}`.padEnd(30, '长'));
    let e: AppError | null = null;
    for (let i = 0; i < 200 && !e; i++) {
      const r = await w.backend.call('people.create', { name: `磁盘满${i}`, teamId: team.id, title: 'x'.repeat(60), skills: big }, admin);
      if (!r.ok) e = AppError.fromPayload(r.error);
    }
    expect(e?.localized.zh).toMatch(/磁盘已满/);
    // Earlier people may have fitted; the failing one left no trace, and nothing is half-written.
    const n = (w.db.prepare("SELECT count(*) AS n FROM people WHERE name LIKE '磁盘满%'").get() as { n: number }).n;
    const logged = (w.db.prepare("SELECT count(*) AS n FROM activity_log WHERE command = 'people.create'").get() as { n: number }).n;
    expect(logged - loggedBefore).toBe(n);
    if (n === 0) expect(dbChecksum(w.db)).toBe(before);
    expect(w.db.pragma('integrity_check', { simple: true })).toBe('ok');
    w.close();
  });

  it('a backup into a folder that cannot be written fails cleanly, leaving no partial file', async () => {
    const w = await center();
    // A file where the backups folder should be: the folder cannot be created.
    writeFileSync(backupsDirOf(w.file), 'not a folder');
    expect(() => createBackup(w.db, w.file, 'manual')).toThrow(AppError);
    expect(readdirSync(dirname(w.file)).filter((n) => n.includes('partial'))).toHaveLength(0);
    w.close();
  });
});

describe('npm run db (the command line over the same functions)', () => {
  it('checks, backs up, finds a damaged file, restores by backup name and exports', async () => {
    const { run } = await import('../../../main/cli/db');
    const w = await center();
    const expected = dbChecksum(w.db);
    w.db.close();
    const data = dirname(w.file);
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => lines.push(String(s)) > 0) as typeof process.stdout.write;
    try {
      expect(run(['check', '--data', data])).toBe(0);
      expect(run(['backup', '--data', data])).toBe(0);
      const name = listBackups(w.file)[0]!.name;
      damage(w.file);
      expect(run(['check', '--data', data])).toBe(1);
      expect(lines.join('')).toContain(`newest good backup: ${name}`);
      expect(run(['restore', name, '--data', data])).toBe(0);
      expect(run(['check', '--data', data])).toBe(0);
      expect(run(['export', join(data, 'export'), '--data', data])).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    const db = new Database(w.file);
    db.prepare("DELETE FROM activity_log WHERE command = 'maintenance.restore'").run();
    expect(dbChecksum(db)).toBe(expected);
    db.close();
    const manifest = JSON.parse(readFileSync(join(data, 'export', 'manifest.json'), 'utf8')) as { tables: Record<string, number> };
    expect(manifest.tables.people).toBe(3);
    expect(JSON.parse(readFileSync(join(data, 'export', 'people.json'), 'utf8'))).toHaveLength(manifest.tables.people!);
    expect(readdirSync(join(backupsDirOf(w.file), 'damaged')).length).toBeGreaterThan(0);
  });
});
