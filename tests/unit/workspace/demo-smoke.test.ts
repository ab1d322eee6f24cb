import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../../main/workspace/demo';
import { dbChecksum, world, type TestWorld } from '../../helpers/db';
import { DEFAULT_NOW } from '../../helpers/world';

/**
 * The one unit test file of the demo workspace (main/workspace/demo.ts): it seeds, it is a
 * fictional center, every screen's main read opens on it for the people it is built around.
 * Every other unit test builds its own world (tests/helpers/world.ts); the e2e stories use
 * the demo too.
 */
let w: TestWorld;
beforeAll(async () => {
  w = await world({ demo: true, now: DEFAULT_NOW });
});
afterAll(() => w.close());

const count = (sql: string): number => w.db.prepare<[], { n: number }>(sql).get()!.n;

describe('the demo workspace (smoke)', () => {
  it('seeds a marked demo: ten teams of eight, projects with groups, tasks and deliverables', async () => {
    expect(await w.call({ actorId: null }, 'workspace.status', {})).toMatchObject({ initialized: true, demo: true });
    expect(count('SELECT count(*) AS n FROM teams')).toBe(10);
    expect(count('SELECT count(*) AS n FROM people')).toBe(80);
    expect(count('SELECT count(*) AS n FROM projects')).toBeGreaterThanOrEqual(6);
    expect(count('SELECT count(*) AS n FROM project_members')).toBeGreaterThan(80);
    expect(count(`SELECT count(*) AS n FROM tasks WHERE completed_at IS NULL AND due_at < ${DEFAULT_NOW}`)).toBeGreaterThan(3);
    expect(count('SELECT count(*) AS n FROM checklist_items')).toBeGreaterThan(30);
    expect(count("SELECT count(*) AS n FROM deliverables WHERE status = 'published'")).toBeGreaterThan(3);
    // The set-up is one change in the log, by the demo's admin.
    const setup = w.db.prepare<[], { actor_id: string }>("SELECT actor_id FROM activity_log WHERE command = 'workspace.setup'").all();
    expect(setup).toEqual([{ actor_id: w.as('周岚').actorId }]);
  });

  it('is the same every time it is made at the same moment', async () => {
    const again = await world({ demo: true, now: DEFAULT_NOW });
    try {
      const names = (t: TestWorld) => t.db.prepare<[], { name: string }>('SELECT name FROM people ORDER BY name').all().map((r) => r.name);
      expect(names(again)).toEqual(names(w));
      const titles = (t: TestWorld) => t.db.prepare<[], { title: string }>('SELECT title FROM tasks ORDER BY title, due_at').all().map((r) => r.title);
      expect(titles(again)).toEqual(titles(w));
    } finally {
      again.close();
    }
  });

  it('has the key people it is built around, each able to sign in', async () => {
    for (const p of DEMO_PEOPLE) {
      const s = await w.call({ actorId: null }, 'session.signIn', { personId: w.as(p.name).actorId! });
      expect(s.actor).toMatchObject({ name: p.name, role: p.role });
    }
  });

  it('every board opens for its convener and for the admin, and its cards sit in its own columns', async () => {
    const projects = await w.call(w.as('周岚'), 'projects.list', {});
    expect(projects.length).toBeGreaterThanOrEqual(6);
    for (const p of projects) {
      for (const who of [{ actorId: p.convenerId }, w.as('周岚')]) {
        const board = await w.call(who, 'boards.get', { projectId: p.id });
        expect(board.project.id).toBe(p.id);
        expect(board.columns.length, p.name).toBeGreaterThan(0);
        const columns = new Set(board.columns.map((c) => c.id));
        expect(board.tasks.every((t) => columns.has(t.columnId)), p.name).toBe(true);
        expect(board.canManage).toBe(true);
      }
      const detail = await w.call({ actorId: p.convenerId }, 'projects.get', { id: p.id });
      expect(detail.group.length, p.name).toBeGreaterThan(0);
    }
  });

  it('the main reads open for every key person without changing anything', async () => {
    const before = dbChecksum(w.db);
    for (const p of DEMO_PEOPLE) {
      const me = w.as(p.name);
      const mine = await w.call(me, 'myTasks.get', {});
      expect(mine.tasks.every((t) => t.assigneeIds.includes(me.actorId!)), p.name).toBe(true);
      await w.call(me, 'notifications.list', {});
      await w.call(me, 'search.query', { q: '直播' });
      await w.call(me, 'projects.list', { mine: true });
    }
    expect(dbChecksum(w.db)).toBe(before);
  });
});
