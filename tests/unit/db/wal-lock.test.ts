import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir, uptime } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JOURNAL_SIZE_LIMIT } from '../../../main/db/connection';
import { HostBackend } from '../../../main/host/hosting';
import { DataFolderLockedError, LOCK_FILE_NAME, lockDataFolder } from '../../../main/db/lock';
import { tempDbFile } from '../../helpers/db';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const walSize = (file: string): number => (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);

describe('the WAL stays bounded', () => {
  it('grows behind a long reader, and the idle checkpoint empties it once the reader ends', async () => {
    const { file, cleanup } = tempDbFile();
    const host = new HostBackend(file);
    cleanups.push(() => {
      host.close();
      cleanup();
    });
    const r = await host.call('workspace.setup', { mode: 'demo' }, { actorId: null });
    expect(r.ok).toBe(true);
    const db = host.backend!.db;
    expect(db.pragma('journal_size_limit', { simple: true })).toBe(JOURNAL_SIZE_LIMIT);
    const admin = db.prepare<[], { id: string }>("SELECT id FROM people WHERE role = 'admin' LIMIT 1").get()!.id;
    const team = db.prepare<[], { id: string }>('SELECT id FROM teams LIMIT 1').get()!.id;

    // A long reader (another connection, e.g. an export) holds its snapshot open.
    const reader = new Database(file, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM people').get();
    const big = '长'.repeat(480);
    let i = 0;
    // Write until the WAL is past the limit (it cannot be reset while the reader holds it).
    for (; i < 20_000 && walSize(file) <= JOURNAL_SIZE_LIMIT + 1024 * 1024; i++) {
      const res = await host.call('teams.update', { id: team, description: `${i} ${big}` }, { actorId: admin });
      expect(res.ok).toBe(true);
    }
    const grown = walSize(file);
    expect(grown).toBeGreaterThan(JOURNAL_SIZE_LIMIT);
    // While the reader holds the WAL, the checkpoint cannot empty it — and does not wait for it.
    const t0 = performance.now();
    expect(host.checkpointIfIdle(Date.now() + 60_000)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(walSize(file)).toBeGreaterThanOrEqual(grown);

    reader.exec('COMMIT');
    reader.close();
    // Not idle yet: nothing happens.
    expect(host.checkpointIfIdle(Date.now())).toBe(false);
    expect(walSize(file)).toBe(grown);
    // Idle: the WAL is emptied.
    expect(host.checkpointIfIdle(Date.now() + 60_000)).toBe(true);
    expect(walSize(file)).toBeLessThanOrEqual(JOURNAL_SIZE_LIMIT);
    expect(walSize(file)).toBe(0);
    // And the data is all there.
    expect(db.prepare<[string], { description: string }>('SELECT description FROM teams WHERE id = ?').get(team)!.description).toMatch(new RegExp(`^${i - 1} `));
  });
});

describe('one process per data folder', () => {
  const dir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'crewdesk-lock-'));
    cleanups.push(() => rmSync(d, { recursive: true, force: true }));
    return d;
  };

  it('a second lock on the folder is refused with a message in both languages; released, it can be taken', () => {
    const d = dir();
    const first = lockDataFolder(d, 'web host');
    const lockFile = join(d, LOCK_FILE_NAME);
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid, kind: 'web host' });
    let err: unknown;
    try {
      lockDataFolder(d, 'desktop app');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataFolderLockedError);
    expect((err as DataFolderLockedError).localized.zh).toMatch(/正被另一个融媒项目台程序使用（进程 \d+，web host）/);
    expect((err as DataFolderLockedError).localized.en).toMatch(/in use by another Crewdesk program \(process \d+, web host\)/);
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).kind).toBe('web host'); // untouched
    first.release();
    expect(existsSync(lockFile)).toBe(false);
    lockDataFolder(d, 'desktop app').release();
  });

  it('takes over a stale lock (its process is gone, or the machine rebooted), never a live one or another host’s', () => {
    const d = dir();
    const lockFile = join(d, LOCK_FILE_NAME);
    const boot = Math.round((Date.now() - uptime() * 1000) / 60_000) * 60_000;
    // A pid that is not running (above Linux's pid_max of 2^22).
    writeFileSync(lockFile, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), boot, at: 0, kind: 'web host' }));
    lockDataFolder(d, 'web host').release();
    // A live process (our parent) on this boot: refused.
    writeFileSync(lockFile, JSON.stringify({ pid: process.ppid, host: hostname(), boot, at: 0, kind: 'desktop app' }));
    expect(() => lockDataFolder(d, 'web host')).toThrow(DataFolderLockedError);
    // The same pid, but from before a reboot: stale.
    writeFileSync(lockFile, JSON.stringify({ pid: process.ppid, host: hostname(), boot: boot - 86_400_000, at: 0, kind: 'desktop app' }));
    lockDataFolder(d, 'web host').release();
    // Another machine's lock (a shared folder): never taken over.
    writeFileSync(lockFile, JSON.stringify({ pid: 2 ** 22 + 12345, host: 'another-host', boot, at: 0, kind: 'web host' }));
    expect(() => lockDataFolder(d, 'web host')).toThrow(/host another-host/);
  });
});
