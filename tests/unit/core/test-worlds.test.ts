import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../shared/time';
import { buildWorld, DEFAULT_NOW, type World } from '../../helpers/world';

/**
 * Unit tests build their own world (tests/helpers/world.ts) with a fixed clock: what a test
 * relies on is written in the test. The demo workspace is for one smoke test file and the
 * e2e stories. The lists below may only shrink: a file that stops using the demo (or a
 * moving clock) must leave the list too, so the count never creeps back up.
 */
const ROOT = join(__dirname, '../../..');
const UNIT = join(ROOT, 'tests/unit');
const SELF = 'tests/unit/core/test-worlds.test.ts';

/** The demo's own smoke test: the one file whose subject is the demo. */
const DEMO_SMOKE = 'tests/unit/workspace/demo-smoke.test.ts';

/** Files that still seed the demo as a fixture (to be converted; never to grow). */
const DEMO_ALLOWED: readonly string[] = [
  // Its undo parts are being rewritten elsewhere (generic undo); converted after that lands.
  'tests/unit/boards/boards.test.ts',
  // Not converted yet: each reads who may see what across the demo's many projects and people.
  'tests/unit/core/read-scopes.test.ts',
  // Not converted yet: they need a database big enough to grow the WAL / to be worth restoring.
  'tests/unit/db/wal-lock.test.ts',
  'tests/unit/maintenance/restore.test.ts',
  // Expected views are set by no call, only by the demo's seeding (see the file).
  'tests/unit/figures/figures-expected.test.ts',
  // Not converted yet: the roster import matches against the demo's 80 people and ten teams.
  'tests/unit/people/roster.test.ts',
  // Not converted yet: also writes its projects by SQL on top of the demo.
  'tests/unit/search/search.test.ts',
  // Not converted yet: the grid's alerts (who is over 100 %, overdue) read the demo's whole center.
  'tests/unit/workload/workload.test.ts',
];

/** Files that open a backend whose clock is the machine's (Date.now). */
const REAL_CLOCK_ALLOWED: readonly string[] = [
  'tests/unit/boards/boards.test.ts',
  'tests/unit/maintenance/restore.test.ts',
  'tests/unit/search/search.test.ts',
  // Certificates and hub sessions are checked against the real time.
  'tests/unit/sync/sync-tls.test.ts',
];

function unitTestFiles(dir = UNIT): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...unitTestFiles(full));
    else if (name.endsWith('.test.ts')) out.push(relative(ROOT, full));
  }
  return out.sort();
}

const source = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

/** Seeds the demo: `world({ demo: true })`, or a direct `….call('workspace.setup', { mode: 'demo' })`. */
export function usesDemo(text: string): boolean {
  return /\bdemo:\s*true\b/.test(text) || /\bcall\(\s*'workspace\.setup',\s*\{\s*mode:\s*'demo'/.test(text);
}

/** The argument text of each call of `fn(` (balanced parentheses, good enough for test sources). */
function callArgs(text: string, fn: RegExp): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(fn)) {
    let depth = 1;
    let i = m.index + m[0].length;
    const start = i;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')') depth--;
    }
    out.push(text.slice(start, i - 1));
  }
  return out;
}

/** Worlds a file opens, and how many of them run on a fixed clock. */
export function worldsOf(text: string): { worlds: number; fixed: number } {
  // buildWorld always fixes the clock (a test moves it with w.clock).
  const built = callArgs(text, /\bbuildWorld\(/g).length;
  const raw = callArgs(text, /(?<![.\w])world\(/g);
  const backends = callArgs(text, /\b(?:createBackend|createSyncedBackend|openBackend)\(/g);
  const fixedRaw = raw.filter((a) => /\b(now|clock)\b/.test(a)).length;
  const fixedBackends = backends.filter((a) => /\bnow\b/.test(a)).length;
  return { worlds: built + raw.length + backends.length, fixed: built + fixedRaw + fixedBackends };
}

describe('unit tests build their own worlds', () => {
  const files = unitTestFiles().filter((f) => f !== SELF);

  it('only the demo smoke test and the allow-list seed the demo; the allow-list has no stale entry', () => {
    const using = files.filter((f) => usesDemo(source(f)));
    expect(using).toContain(DEMO_SMOKE);
    expect(using.filter((f) => f !== DEMO_SMOKE && !DEMO_ALLOWED.includes(f)), 'seed the demo: build the world the test needs (tests/helpers/world.ts)').toEqual([]);
    expect(DEMO_ALLOWED.filter((f) => !using.includes(f)), 'no longer uses the demo: remove it from DEMO_ALLOWED').toEqual([]);
  });

  it('every world runs on a fixed clock outside the allow-list; the allow-list has no stale entry', () => {
    const moving = files.filter((f) => {
      const { worlds, fixed } = worldsOf(source(f));
      return fixed < worlds;
    });
    expect(moving.filter((f) => !REAL_CLOCK_ALLOWED.includes(f)), 'open a world on the machine clock: give it a fixed clock').toEqual([]);
    expect(REAL_CLOCK_ALLOWED.filter((f) => !moving.includes(f)), 'every world is fixed now: remove it from REAL_CLOCK_ALLOWED').toEqual([]);
  });

  it('the checks see what they look for', () => {
    expect(usesDemo("w = await world({ demo: true, now: NOW });")).toBe(true);
    expect(usesDemo("await backend.call('workspace.setup', { mode: 'demo' }, { actorId: null });")).toBe(true);
    // Checking that a second set-up is refused is not seeding one.
    expect(usesDemo("await w.fail({ actorId: null }, 'workspace.setup', { mode: 'demo' })")).toBe(false);
    expect(usesDemo('w = await buildWorld();')).toBe(false);
    expect(worldsOf('a = await world(); b = await world({ now: NOW }); c = await buildWorld(); d = createBackend(db);')).toEqual({ worlds: 4, fixed: 2 });
    expect(worldsOf('createBackend(db, { now: () => T }); w.world(x)')).toEqual({ worlds: 1, fixed: 1 });
  });
});

describe('the world builder', () => {
  let w: World | null = null;
  afterEach(() => {
    w?.close();
    w = null;
  });

  it('holds only the first admin and the standard teams, on a clock that stands still until moved', async () => {
    w = await buildWorld();
    expect(await w.call(w.admin, 'workspace.status', {})).toMatchObject({ initialized: true, demo: false });
    expect((await w.call(w.admin, 'people.list', {})).map((p) => [p.name, p.role])).toEqual([['周岚', 'admin']]);
    expect((await w.call(w.admin, 'projects.list', {})).length).toBe(0);
    expect((await w.teams()).length).toBe(10);
    const t0 = w.clock.now();
    expect(t0).toBe(DEFAULT_NOW);
    expect(w.clock.today()).toBe('2027-01-13');
    await new Promise((r) => setTimeout(r, 5));
    const p = await w.person('马骁', { team: 'camera' });
    expect(p.createdAt).toBe(DEFAULT_NOW);
    w.clock.advance(DAY_MS);
    const q = await w.call(w.admin, 'people.update', { id: p.id, title: '摄像记者' });
    expect(q.updatedAt).toBe(DEFAULT_NOW + DAY_MS);
  });

  it('builds people, a project with its group and status, tasks and deliverables through the real calls', async () => {
    w = await buildWorld();
    await w.people({ 林晓峰: { team: 'live', role: 'convener' }, 马骁: { team: 'camera' } });
    const p = await w.project({ name: '元宵直播', convener: '林晓峰', members: [{ name: '马骁', role: '摄像', hoursPerWeek: 10 }], status: 'active' });
    expect(p.detail).toMatchObject({ status: 'active', convenerName: '林晓峰' });
    expect(p.detail.group.map((g) => [g.name, g.role])).toEqual([['林晓峰', '召集人'], ['马骁', '摄像']]);
    expect(Object.keys(p.columns)).toEqual(['待办', '进行中', '待审核', '已完成']);
    const t = await w.task(p, { title: '机位图', column: '进行中', assignees: ['马骁'], dueInDays: 2 });
    expect(t).toMatchObject({ columnId: p.columns['进行中']!.id, assigneeIds: [w.id('马骁')], dueAt: DEFAULT_NOW + 2 * DAY_MS });
    const d = await w.deliverable(p, { title: '直播切片', platform: 'douyin', productForm: 'short_video', owner: '马骁' });
    expect(d.ownerName).toBe('马骁');
    // The rules hold: a plain member cannot convene.
    await expect(w.project({ name: 'x', convener: '马骁' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const log = w.db.prepare<[], { command: string }>('SELECT command FROM activity_log ORDER BY at, rowid').all().map((r) => r.command);
    expect(log).toEqual([
      'workspace.setup', 'people.create', 'people.create', 'projects.create', 'projects.group.add', 'projects.setStatus', 'tasks.create', 'deliverables.create',
    ]);
  });
});
