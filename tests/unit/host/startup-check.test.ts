import Database from 'better-sqlite3';
import { closeSync, openSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FULL_CHECK_MAX_BYTES, needsFullCheck, openDatabase } from '../../../main/db/connection';
import { tempDbFile } from '../../helpers/db';

/** A database file larger than the full-check threshold, closed cleanly (no -wal left). */
function largeFile(): { file: string; cleanup(): void } {
  const t = tempDbFile();
  const db = openDatabase(t.file);
  db.exec('CREATE TABLE filler (x BLOB)');
  const insert = db.prepare('INSERT INTO filler (x) VALUES (randomblob(1048576))');
  db.transaction(() => {
    for (let i = 0; i < FULL_CHECK_MAX_BYTES / 1048576 + 4; i++) insert.run();
  })();
  db.close();
  return t;
}

describe('start-up integrity check', () => {
  it('reads every page of a small file at each start', () => {
    const t = tempDbFile();
    openDatabase(t.file).close();
    expect(needsFullCheck(t.file)).toBe(true);
    t.cleanup();
  });

  it('skips the full check of a large file that was closed cleanly, and runs it after a crash', () => {
    const t = largeFile();
    expect(needsFullCheck(t.file)).toBe(false);
    // A session killed mid-work leaves its -wal behind.
    const crashed = new Database(t.file);
    crashed.pragma('journal_mode = WAL');
    crashed.pragma('wal_autocheckpoint = 0');
    crashed.prepare('INSERT INTO filler (x) VALUES (zeroblob(10))').run();
    expect(needsFullCheck(t.file)).toBe(true);
    crashed.close();
    expect(needsFullCheck(t.file)).toBe(false);
    t.cleanup();
  });

  it('still refuses a large file whose header is not a database', () => {
    const t = largeFile();
    const header = Buffer.alloc(100, 0x41);
    const fd = openSync(t.file, 'r+');
    writeSync(fd, header, 0, 100, 0);
    closeSync(fd);
    expect(() => openDatabase(t.file)).toThrow(/损坏|damaged|not a database|无法读取/i);
    t.cleanup();
  });

  it('a truncated small file is caught by the full check', () => {
    const t = tempDbFile();
    const db = openDatabase(t.file);
    db.exec('CREATE TABLE filler (x BLOB)');
    for (let i = 0; i < 50; i++) db.prepare('INSERT INTO filler (x) VALUES (randomblob(4096))').run();
    db.close();
    truncateSync(t.file, 64 * 1024);
    expect(() => openDatabase(t.file)).toThrow();
    writeFileSync(t.file, '');
    t.cleanup();
  });
});
