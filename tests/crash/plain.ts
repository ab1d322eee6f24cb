/**
 * plain: a single-machine backend making random commands, killed at a random moment.
 *  1. `PRAGMA integrity_check` is ok and no foreign key is broken;
 *  2. all-or-nothing: a replay of the same intents on the same base (the child
 *     is deterministic) gives the state before and after the last started
 *     command; the killed database must equal one of the two, every table
 *     compared (data AND activity log: each log row matches its data change);
 *  3. the app opens the file again (openDatabase + a query through the Backend).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openBackend } from '../../main/app';
import { dbChecksum } from '../helpers/db';
import { bundleChild, integrityProblems, runAndKill, unit, type Kind, type TrialOutcome } from './common';

let demo: Promise<string> | null = null;

/** The demo workspace every single-machine trial starts from (made once per run). */
export function demoBase(work: string): Promise<string> {
  demo ??= (async () => {
    const base = join(work, 'base.sqlite3');
    const b = openBackend(base);
    const setup = await b.call('workspace.setup', { mode: 'demo' }, { actorId: null });
    if (!setup.ok) throw new Error(setup.error.message.en);
    b.db.close();
    return base;
  })();
  return demo;
}

/** Intent lines the child wrote (a torn last line, cut by the kill, is not one). */
export function intentLines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l, i, a) => l && (i < a.length - 1 || l.endsWith('}'))) : [];
}

export function plainKind(): Kind {
  let child = '';
  let base = '';
  return {
    name: 'plain',
    about: 'random commands on a single-machine backend, SIGKILL at a random moment',
    async setup(work) {
      child = await bundleChild('tests/crash/child.ts', 'crash-child', true);
      base = await demoBase(work);
    },
    async trial(dir, seed): Promise<TrialOutcome> {
      mkdirSync(dir, { recursive: true });
      const db = join(dir, 'crewdesk.sqlite3');
      const intents = join(dir, 'intents.jsonl');
      copyFileSync(base, db);
      await runAndKill(child, ['--db', db, '--seed', String(seed), '--intents', intents], 20 + Math.floor(unit(seed) * 700));

      const problems = integrityProblems(db);
      const raw = new Database(db);
      const recovered = dbChecksum(raw);
      // The checker must be able to fail: the same state minus its newest log row (data
      // changed without a log row) has to be caught below. Before the first command commits
      // there is no such row, and nothing to prove.
      raw.exec('BEGIN');
      const removed = raw.prepare("DELETE FROM activity_log WHERE rowid = (SELECT max(rowid) FROM activity_log WHERE command <> 'workspace.setup')").run().changes;
      const sabotaged = dbChecksum(raw);
      raw.exec('ROLLBACK');
      raw.close();

      const lines = intentLines(intents);
      const n = lines.length;
      let landed = 'no effect either way';
      let okCount = 0;
      const replayDb = join(dir, 'replay.sqlite3');
      copyFileSync(base, replayDb);
      const rep = spawnSync(process.execPath, [child, '--db', replayDb, '--seed', String(seed), '--intents', intents, '--replay', String(n)], { encoding: 'utf8' });
      if (rep.status !== 0) {
        problems.push(`replay failed: ${rep.stderr.slice(0, 500)}`);
      } else {
        const out = JSON.parse(rep.stdout.trim()) as { before: string; after: string; okCount: number };
        okCount = out.okCount;
        const { before, after } = out;
        if (recovered === after && before !== after) landed = 'last command applied whole';
        else if (recovered === before && before !== after) landed = 'last command not applied';
        // A command whose only effect is its log row (e.g. a recurring-meeting catch-up with
        // nothing to create) makes "minus the newest log row" equal the state before it: that is
        // the command undone whole, not a blind spot of the checker.
        const onlyLogRow = sabotaged === before && recovered === after;
        if (removed > 0 && (sabotaged === before || sabotaged === after) && !onlyLogRow) {
          problems.push('self-check: a missing activity row would go unnoticed');
        }
        if (recovered !== before && recovered !== after) {
          problems.push(`state after the kill is neither "before" nor "after" command #${n} (a half-applied command, or log and data disagree)`);
        }
      }

      try {
        const again = openBackend(db);
        const out = await again.call('people.list', {}, { actorId: null });
        if (!out.ok) problems.push(`reopened app cannot list people: ${out.error.message.en}`);
        again.db.close();
      } catch (e) {
        problems.push(`the app cannot open the database again: ${(e as Error).message}`);
      }
      return { problems, note: `killed after ${n} commands`, landed, counts: { commands: n, succeeded: okCount, selfChecked: removed > 0 ? 1 : 0 } };
    },
  };
}
