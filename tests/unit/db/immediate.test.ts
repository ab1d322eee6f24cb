import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildWorld, type World } from '../../helpers/world';

let w: World | null = null;
afterEach(() => {
  w?.close();
  w = null;
});

/**
 * Another process writing the same file in a tight loop (as a second host or a
 * script would). A command that began DEFERRED would read, then fail at once
 * with "database is locked" when it tried to upgrade to a write after the other
 * process committed (no waiting helps a stale snapshot); BEGIN IMMEDIATE takes
 * the write lock first and waits its turn (busy_timeout).
 */
describe('commands begin with BEGIN IMMEDIATE', () => {
  it('200 commands beside another process writing the same file: every one succeeds', async () => {
    w = await buildWorld();
    w.db.exec('CREATE TABLE scratch_other_process (n INTEGER)');
    const script = `
      const Database = require('better-sqlite3');
      const db = new Database(process.argv[1]);
      db.pragma('busy_timeout = 5000');
      const ins = db.prepare('INSERT INTO scratch_other_process (n) VALUES (?)');
      let n = 0;
      const batch = db.transaction(() => { for (let i = 0; i < 500; i++) ins.run(n++); });
      batch(); // one commit before 'ready', so the other process is known to be writing
      process.stdout.write('ready\\n');
      // Back to back, with a 2 ms breath between commits, as a busy second writer would. With none at
      // all, SQLite's lock has no fairness: on a loaded machine the writer re-took it before the
      // waiting command's busy handler woke, 5 s running (starvation, not what this test is about).
      const breath = new Int32Array(new SharedArrayBuffer(4));
      for (;;) { batch(); Atomics.wait(breath, 0, 0, 2); }
    `;
    const child = spawn(process.execPath, ['-e', script, w.file], { cwd: resolve(__dirname, '../../..'), stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((ok, fail) => {
        child.stdout!.once('data', () => ok());
        child.once('exit', (c) => fail(new Error(`writer exited ${c}`)));
      });
      const admin = w.as('周岚');
      const team = (await w.call(admin, 'teams.list', {}))[0]!;
      const failures: string[] = [];
      for (let i = 0; i < 200; i++) {
        const r = await w.backend.call('teams.update', { id: team.id, description: `第 ${i} 次` }, admin);
        if (!r.ok) failures.push(r.error.message.en);
      }
      const otherWrites = (w.db.prepare('SELECT count(*) AS n FROM scratch_other_process').get() as { n: number }).n;
      expect(otherWrites).toBeGreaterThan(0); // the other process really was writing meanwhile
      expect(failures).toEqual([]);
      expect(w.db.prepare<[string], { description: string }>('SELECT description FROM teams WHERE id = ?').get(team.id)!.description).toBe('第 199 次');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
