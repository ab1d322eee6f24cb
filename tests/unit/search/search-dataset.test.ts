import { afterEach, describe, expect, it } from 'vitest';
import { createBackend } from '../../../main/app';
import { openDatabase } from '../../../main/db/connection';
import { COUNTS, generate, readBenchMeta } from '../../bench/generate';
import { dbChecksum, tempDbFile } from '../../helpers/db';
import { DEFAULT_NOW } from '../../helpers/world';

/** The benchmark dataset (tests/bench/generate.ts) at its smallest size: deterministic, and searchable. */
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function make(seed: number): string {
  const { file, cleanup } = tempDbFile();
  cleanups.push(cleanup);
  generate({ size: 'tiny', out: file, seed, today: '2026-11-25' });
  return file;
}

describe('benchmark dataset', () => {
  it('is the same row for row for the same seed and date, and differs for another seed', () => {
    const sum = (file: string): string => {
      const db = openDatabase(file);
      const s = dbChecksum(db);
      db.close();
      return s;
    };
    const a = sum(make(7));
    expect(sum(make(7))).toBe(a);
    expect(sum(make(8))).not.toBe(a);
  });

  it('has the planned volumes, a largest board, and every project and task in the search index', async () => {
    const db = openDatabase(make(1));
    const n = (t: string): number => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    const c = COUNTS.tiny;
    expect([n('teams'), n('people'), n('projects'), n('tasks'), n('checklist_items'), n('deliverables'), n('activity_log')]).toEqual([
      c.teams, c.people, c.projects, c.tasks, c.checklist, c.deliverables, c.activity,
    ]);
    expect(n('search_docs')).toBe(c.projects + c.tasks);
    const meta = readBenchMeta(db);
    expect(meta.today).toBe('2026-11-25');
    const cards = (project: string): number => (db.prepare('SELECT count(*) AS n FROM tasks WHERE project_id = ?').get(project) as { n: number }).n;
    expect(cards(meta.largestProject)).toBe(c.largestBoard);
    expect(new Set([meta.largestProject, meta.board100, meta.board5000]).size).toBe(3);
    expect([cards(meta.board100), cards(meta.board5000)]).toEqual([c.board100, c.board5000]);
    const backend = createBackend(db, { now: () => DEFAULT_NOW });
    const r = await backend.call('search.query', { q: '海报' }, { actorId: meta.busiestPerson });
    expect(r.ok && (r.value as { tasks: unknown[] }).tasks.length).toBeGreaterThan(0);
    db.close();
  });
});
