import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../main/core/backend';
import type { Db } from '../../../main/db/connection';
import { UNDOABLE_COMMANDS, type UndoableCommand } from '../../../shared/contract/boards';
import type { CallName } from '../../../shared/contract';
import { DELIVERABLE_STATUS_CODES, PRIORITY_CODES } from '../../../shared/domain';
import { addDays, dayStart, DAY_MS } from '../../../shared/time';
import { AppError } from '../../../shared/errors';
import { buildWorld, type BuiltProject, type World } from '../../helpers/world';

/**
 * Generic undo (main/core/images.ts, main/boards/undo.ts): every command kind a person can
 * undo is undone the same way, from the row images its activity row carries.
 */

let w: World | null = null;
afterEach(() => {
  w?.close();
  w = null;
});

/** Every row of every table but the log (append-only) and the search index (derived), order-free. */
function digest(db: Db): string {
  const h = createHash('sha256');
  const tables = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_%' AND name <> 'activity_log' ORDER BY name",
    )
    .all();
  for (const { name } of tables) {
    h.update(`#${name}\n`);
    const rows = db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).raw().all().map((r) => JSON.stringify(r)).sort();
    for (const r of rows) h.update(`${r}\n`);
  }
  return h.digest('hex');
}

/** The tasks search finds for a word: the index must follow an undo too. */
async function searchHits(s: Scene, word: string): Promise<number> {
  return (await s.w.call(s.convener, 'search.query', { q: word })).tasks.filter((t) => t.title === word).length;
}

interface Scene {
  w: World;
  p: BuiltProject;
  convener: Session;
  member: Session;
  manager: Session;
}

async function scene(): Promise<Scene> {
  const world = await buildWorld();
  w = world;
  await world.people({
    林晓峰: { team: 'live', role: 'convener' },
    马骁: { team: 'camera' },
    宋雨桐: { team: 'newmedia' },
    何明远: { team: 'reporting', role: 'manager' },
  });
  const p = await world.project({ name: '春节联欢直播', convener: '林晓峰', members: ['马骁', '宋雨桐'], status: 'active' });
  const cols = Object.values(p.columns);
  for (const [i, title] of ['机位图', '嘉宾联络', '彩排', '通稿'].entries()) {
    const t = await world.task(p, { title, assignees: i % 2 ? ['马骁'] : ['宋雨桐', '马骁'], column: cols[i % cols.length]!.name, dueInDays: i + 1 });
    await world.call(world.as('林晓峰'), 'checklist.add', { taskId: t.id, text: `${title}·一` });
    await world.call(world.as('林晓峰'), 'checklist.add', { taskId: t.id, text: `${title}·二` });
  }
  const [t1, , t3] = world.db.prepare<[string], { id: string }>('SELECT id FROM tasks WHERE project_id = ? ORDER BY due_at').all(p.id);
  await world.call(world.as('林晓峰'), 'timeline.addDependency', { predecessorId: t1!.id, successorId: t3!.id });
  const d1 = await world.deliverable(p, { title: '直播预告', owner: '宋雨桐' });
  await world.deliverable(p, { title: '现场快讯', owner: '马骁', platform: 'weibo' });
  await world.publish(d1);
  return { w: world, p, convener: world.as('林晓峰'), member: world.as('马骁'), manager: world.as('何明远') };
}

/** The rows the board has now, for the generator to pick among. */
function rows(s: Scene) {
  const db = s.w.db;
  return {
    columns: db.prepare<[string], { id: string }>('SELECT id FROM board_columns WHERE project_id = ? ORDER BY position').all(s.p.id).map((r) => r.id),
    tasks: db.prepare<[string], { id: string }>('SELECT id FROM tasks WHERE project_id = ? ORDER BY id').all(s.p.id).map((r) => r.id),
    items: db
      .prepare<[string], { id: string; task_id: string }>(
        'SELECT c.id, c.task_id FROM checklist_items c JOIN tasks t ON t.id = c.task_id WHERE t.project_id = ? ORDER BY c.id',
      )
      .all(s.p.id),
    deliverables: db.prepare<[string], { id: string }>('SELECT id FROM deliverables WHERE project_id = ? ORDER BY id').all(s.p.id).map((r) => r.id),
    people: [s.w.id('马骁'), s.w.id('宋雨桐'), s.w.id('林晓峰')],
    dependencies: db
      .prepare<[string], { predecessorId: string; successorId: string }>('SELECT predecessor_id AS predecessorId, successor_id AS successorId FROM task_dependencies WHERE project_id = ? ORDER BY 1, 2')
      .all(s.p.id),
  };
}

/** One random choice, resolved against the rows that exist when it runs. */
interface Draw {
  kind: UndoableCommand;
  who: 0 | 1 | 2;
  a: number;
  b: number;
  c: number;
  flag: boolean;
  text: string;
}

const pick = <T,>(list: readonly T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);

function inputOf(s: Scene, d: Draw): { name: CallName; input: Record<string, unknown> } | null {
  const r = rows(s);
  const task = pick(r.tasks, d.a);
  const col = pick(r.columns, d.b);
  const item = pick(r.items, d.a);
  const del = pick(r.deliverables, d.a);
  const text = d.text.trim() || '改动';
  switch (d.kind) {
    case 'tasks.create':
      return { name: d.kind, input: { projectId: s.p.id, columnId: d.flag ? null : col, title: text, assigneeIds: d.c % 2 ? [pick(r.people, d.c)] : [], estimateHours: d.c % 5 } };
    case 'tasks.update':
      return task ? { name: d.kind, input: { id: task, ...(d.flag ? { title: text } : { priority: pick(PRIORITY_CODES, d.b) }), assigneeIds: r.people.slice(0, d.c % 3), description: `${text} @{${r.people[0]}}` } } : null;
    case 'tasks.move':
      return task && col ? { name: d.kind, input: { id: task, columnId: col, afterId: d.flag ? pick(r.tasks, d.c) ?? null : null } } : null;
    case 'tasks.setDone':
      return task ? { name: d.kind, input: { id: task, done: d.flag } } : null;
    case 'tasks.delete':
      return task ? { name: d.kind, input: { id: task } } : null;
    case 'checklist.add':
      return task ? { name: d.kind, input: { taskId: task, text, assigneeId: d.flag ? pick(r.people, d.c) : null } } : null;
    case 'checklist.update':
      return item ? { name: d.kind, input: { id: item.id, ...(d.flag ? { done: d.c % 2 === 0 } : { text }) } } : null;
    case 'checklist.move':
      return item ? { name: d.kind, input: { id: item.id, afterId: d.flag ? null : r.items.find((x) => x.task_id === item.task_id && x.id !== item.id)?.id ?? null } } : null;
    case 'checklist.delete':
      return item ? { name: d.kind, input: { id: item.id } } : null;
    case 'columns.setupDefaults':
      return { name: d.kind, input: { projectId: s.p.id } };
    case 'columns.create':
      return { name: d.kind, input: { projectId: s.p.id, name: `${text}列`.slice(0, 100), wipLimit: d.flag ? (d.c % 9) + 1 : null } };
    case 'columns.update':
      return col ? { name: d.kind, input: { id: col, ...(d.flag ? { name: `${text}栏`.slice(0, 100) } : { wipLimit: null, isDone: d.c % 3 === 0 }) } } : null;
    case 'columns.move':
      return col ? { name: d.kind, input: { id: col, afterId: d.flag ? null : pick(r.columns, d.c) ?? null } } : null;
    case 'columns.delete': {
      const to = pick(r.columns, d.c);
      return col && to ? { name: d.kind, input: { id: col, moveTo: to } } : null;
    }
    case 'deliverables.create':
      return { name: d.kind, input: { projectId: s.p.id, title: text, platform: 'douyin', productForm: 'short_video', ownerId: d.flag ? r.people[0] : null } };
    case 'deliverables.update': {
      if (!del) return null;
      const status = pick(DELIVERABLE_STATUS_CODES, d.c)!;
      return { name: d.kind, input: { id: del, ...(d.flag ? { status, publishedUrl: 'https://example.com/p/x' } : { title: text }) } };
    }
    case 'deliverables.delete':
      return del ? { name: d.kind, input: { id: del } } : null;
    case 'timeline.addDependency': {
      const other = pick(r.tasks, d.b);
      return task && other ? { name: d.kind, input: { predecessorId: task, successorId: other } } : null;
    }
    case 'timeline.removeDependency': {
      const dep = pick(r.dependencies, d.a);
      return dep ? { name: d.kind, input: dep } : null;
    }
    case 'timeline.moveTask': {
      const day = addDays('2027-01-10', d.b % 20);
      return task ? { name: d.kind, input: { taskId: task, startDate: day, dueAt: dayStart(day) + (d.c % 4) * DAY_MS + 10 * 3600_000 } } : null;
    }
  }
}

const draw: fc.Arbitrary<Draw> = fc.record({
  kind: fc.constantFrom(...UNDOABLE_COMMANDS),
  who: fc.constantFrom(0 as const, 1 as const, 2 as const),
  a: fc.nat(50),
  b: fc.nat(50),
  c: fc.nat(50),
  flag: fc.boolean(),
  text: fc.string({ minLength: 1, maxLength: 12 }),
});

describe('generic undo', () => {
  it('every command kind, drawn at random against the rows there are: run it, undo it, every table is as before', async () => {
    const s = await scene();
    const undone = new Map<string, number>();
    const refused = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(draw, { minLength: 1, maxLength: 6 }), async (draws) => {
        for (const d of draws) {
          const call = inputOf(s, d);
          if (!call) continue;
          const actor = [s.convener, s.member, s.manager][d.who]!;
          const before = digest(s.w.db);
          const r = await s.w.backend.call(call.name, call.input, actor);
          if (!r.ok) {
            // A refused command changed nothing.
            expect(digest(s.w.db)).toBe(before);
            refused.set(call.name, (refused.get(call.name) ?? 0) + 1);
            continue;
          }
          const u = await s.w.backend.call('boards.undo', { projectId: s.p.id }, actor);
          if (!u.ok) {
            // Only the review record may stop an undo (a change that signed or voided), and then nothing moved.
            expect(u.error.message.en, `${call.name} ${JSON.stringify(call.input)}`).toMatch(/review record/);
            continue;
          }
          expect(digest(s.w.db), `${call.name} ${JSON.stringify(call.input)} then undo`).toBe(before);
          undone.set(call.name, (undone.get(call.name) ?? 0) + 1);
        }
      }),
      { numRuns: 60, seed: 20261203 },
    );
    // The draw reached every kind (setupDefaults only refuses on a board that has columns: see below).
    for (const k of UNDOABLE_COMMANDS.filter((k) => k !== 'columns.setupDefaults')) expect(undone.get(k) ?? 0, k).toBeGreaterThan(0);
    expect(refused.get('columns.setupDefaults') ?? 0).toBeGreaterThan(0);
  }, 120_000);

  it('undoes the default columns of an empty board', async () => {
    const s = await scene();
    const p2 = await s.w.project({ name: '空看板', convener: '林晓峰', status: 'active' });
    // A board from before default columns existed (the only way to an empty one).
    s.w.db.prepare('DELETE FROM board_columns WHERE project_id = ?').run(p2.id);
    const before = digest(s.w.db);
    await s.w.call(s.convener, 'columns.setupDefaults', { projectId: p2.id });
    expect((await s.w.call(s.convener, 'boards.get', { projectId: p2.id })).columns).toHaveLength(4);
    await s.w.call(s.convener, 'boards.undo', { projectId: p2.id });
    expect(digest(s.w.db)).toBe(before);
  });

  it('a deleted task comes back with its checklist, comments and assignees, and the search finds it again', async () => {
    const s = await scene();
    const t = await s.w.task(s.p, { title: '独家专访提纲', assignees: ['马骁'] });
    await s.w.call(s.convener, 'checklist.add', { taskId: t.id, text: '列问题' });
    await s.w.call(s.member, 'comments.add', { taskId: t.id, body: '嘉宾已确认' });
    const before = digest(s.w.db);
    expect(await searchHits(s, '独家专访提纲')).toBe(1);
    await s.w.call(s.convener, 'tasks.delete', { id: t.id });
    expect(await searchHits(s, '独家专访提纲')).toBe(0);
    await s.w.call(s.convener, 'boards.undo', { projectId: s.p.id });
    expect(digest(s.w.db)).toBe(before);
    expect(await searchHits(s, '独家专访提纲')).toBe(1);
    const back = await s.w.call(s.convener, 'tasks.get', { id: t.id });
    expect(back.checklist.map((c) => c.text)).toEqual(['列问题']);
    expect(back.comments.map((c) => c.body)).toEqual(['嘉宾已确认']);
  });

  it("never deletes what someone added since: undoing a new task that has a colleague's comment is refused", async () => {
    const s = await scene();
    const t = await s.w.task(s.p, { title: '航拍许可' });
    await s.w.call(s.member, 'comments.add', { taskId: t.id, body: '空管已批' });
    const before = digest(s.w.db);
    const e = await s.w.fail(s.convener, 'boards.undo', { projectId: s.p.id });
    expect(e.code).toBe('CONFLICT');
    expect(e.localized.en).toMatch(/added to it since/);
    expect(digest(s.w.db)).toBe(before);
  });

  it("does not overwrite a later change, and does not bring a card back into a column deleted since", async () => {
    const s = await scene();
    const cols = rows(s).columns;
    const t = await s.w.task(s.p, { title: '字幕校对' });
    await s.w.call(s.member, 'tasks.update', { id: t.id, title: '字幕校对（马骁）' });
    await s.w.call(s.convener, 'tasks.update', { id: t.id, title: '字幕终校' });
    expect((await s.w.fail(s.member, 'boards.undo', { projectId: s.p.id })).code).toBe('CONFLICT');
    expect(s.w.db.prepare<[string], { title: string }>('SELECT title FROM tasks WHERE id = ?').get(t.id)!.title).toBe('字幕终校');

    // The member deletes a card; the convener deletes its column meanwhile (the card's row is gone, so that touches nothing of it).
    const t2 = await s.w.task(s.p, { title: '备用机位', column: Object.values(s.p.columns)[1]!.name, by: '马骁' });
    await s.w.call(s.member, 'tasks.delete', { id: t2.id });
    await s.w.call(s.convener, 'columns.delete', { id: t2.columnId, moveTo: cols[0]! });
    const before = digest(s.w.db);
    const e = await s.w.fail(s.member, 'boards.undo', { projectId: s.p.id });
    expect(e.code).toBe('CONFLICT');
    expect(digest(s.w.db)).toBe(before);
  });

  it('keeps the 三审 record: a deleted deliverable comes back with its rounds; a publish without the final approval stays on record', async () => {
    const s = await scene();
    const d = (await s.w.call(s.convener, 'boards.get', { projectId: s.p.id })) && rows(s).deliverables;
    const published = s.w.db.prepare<[string], { id: string }>("SELECT id FROM deliverables WHERE project_id = ? AND status = 'published'").get(s.p.id)!.id;
    expect(d).toContain(published);
    const roundsOf = (id: string) => s.w.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM review_rounds WHERE deliverable_id = ?').get(id)!.n;
    expect(roundsOf(published)).toBe(1);
    const before = digest(s.w.db);
    await s.w.call(s.convener, 'deliverables.delete', { id: published });
    expect(roundsOf(published)).toBe(0);
    await s.w.call(s.convener, 'boards.undo', { projectId: s.p.id });
    expect(digest(s.w.db)).toBe(before);
    expect(roundsOf(published)).toBe(1);

    // A manager's override is a signature of its own: it stays, and so does the publication it made.
    const other = rows(s).deliverables.find((x) => x !== published)!;
    await s.w.call(s.manager, 'deliverables.update', { id: other, status: 'published', publishedUrl: 'https://example.com/p/2', overrideReason: '突发新闻先发' });
    const afterOverride = digest(s.w.db);
    const e = await s.w.fail(s.manager, 'boards.undo', { projectId: s.p.id });
    expect(e).toBeInstanceOf(AppError);
    expect(e.localized.zh).toMatch(/审核记录/);
    expect(digest(s.w.db)).toBe(afterOverride);
  });

  it('a change made before row images existed is not offered for undo', async () => {
    const s = await scene();
    const t = await s.w.task(s.p, { title: '旧版本的卡片' });
    s.w.db.prepare("UPDATE activity_log SET images = NULL WHERE command = 'tasks.create' AND entity_id = ?").run(t.id);
    expect((await s.w.call(s.convener, 'boards.get', { projectId: s.p.id })).undo).toBeNull();
    expect((await s.w.fail(s.convener, 'boards.undo', { projectId: s.p.id })).code).toBe('VALIDATION');
  });
});

describe('row images of a cascade', () => {
  it('a task deleted after a rebase put its checklist rows back with other rowids logs the same images (the crash suite saw a replay disagree)', async () => {
    const s = await scene();
    const db = s.w.db;
    const task = db.prepare<[string], { id: string }>("SELECT id FROM tasks WHERE project_id = ? AND title = '彩排'").get(s.p.id)!.id;
    const imagesOfDelete = async (): Promise<string> => {
      db.exec('SAVEPOINT probe');
      try {
        await s.w.call(s.convener, 'tasks.delete', { id: task });
        return db.prepare<[string], { images: string }>("SELECT images FROM activity_log WHERE command = 'tasks.delete' AND entity_id = ? ORDER BY rowid DESC LIMIT 1").get(task)!.images;
      } finally {
        db.exec('ROLLBACK TO probe');
        db.exec('RELEASE probe');
      }
    };
    const before = await imagesOfDelete();
    // What a rebase does: the rows go and come back, here in the other order, so their rowids swap.
    const items = db.prepare<[string], Record<string, unknown>>('SELECT * FROM checklist_items WHERE task_id = ? ORDER BY rowid').all(task);
    expect(items).toHaveLength(2);
    db.transaction(() => {
      db.pragma('defer_foreign_keys = ON');
      db.prepare('DELETE FROM checklist_items WHERE task_id = ?').run(task);
      for (const row of [...items].reverse()) {
        const cols = Object.keys(row);
        db.prepare(`INSERT INTO checklist_items (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(row);
      }
    })();
    expect(db.prepare<[string], { id: string }>('SELECT id FROM checklist_items WHERE task_id = ? ORDER BY rowid').all(task).map((r) => r.id))
      .toEqual(items.map((r) => r.id).reverse());
    const after = await imagesOfDelete();
    expect(after).toBe(before);
    const tables = (JSON.parse(after) as { table: string }[]).map((i) => i.table);
    expect(tables.filter((t) => t === 'checklist_items')).toHaveLength(2);
  });
});

describe('row-image capture on a connection', () => {
  it('watches the board tables only; an install rolled back with its transaction is made again on next use (the images are never silently empty)', async () => {
    const { openDatabase } = await import('../../../main/db/connection');
    const { recordImages } = await import('../../../main/core/images');
    const { tempDbFile } = await import('../../helpers/db');
    const { file, cleanup } = tempDbFile();
    const db = openDatabase(file);
    try {
      // A table no undoable command reaches carries no trigger (a roster import pays nothing).
      const triggerOn = (t: string) => db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM temp.sqlite_master WHERE type = 'trigger' AND tbl_name = ?").get(t)!.n;
      // First use inside a transaction that rolls back: the TEMP triggers go with it.
      expect(() =>
        db.transaction(() => {
          recordImages(db, () => db.prepare("INSERT INTO meta (key, value) VALUES ('x', '1')").run());
          throw new Error('rolled back');
        })(),
      ).toThrow('rolled back');
      db.exec(`INSERT INTO teams (id, name, created_at, updated_at) VALUES ('t1', '新媒体', 0, 0);
        INSERT INTO people (id, name, pinyin, pinyin_initials, team_id, role, login, created_at, updated_at) VALUES ('p1', '甲', 'jia', 'j', 't1', 'convener', 'jia', 0, 0);
        INSERT INTO projects (id, name, convener_id, start_date, end_date, status, status_changed_at, created_at, updated_at) VALUES ('pr', '项目', 'p1', '2027-01-01', '2027-01-31', 'active', 0, 0, 0);`);
      const { images } = db.transaction(() =>
        recordImages(db, () =>
          db.prepare("INSERT INTO board_columns (id, project_id, name, position, is_done, created_at, updated_at) VALUES ('c1', 'pr', '待办', 'a0', 0, 0, 0)").run(),
        ),
      )();
      expect(images.map((i) => [i.table, i.key, i.before])).toEqual([['board_columns', '["c1"]', null]]);
      expect(triggerOn('people')).toBe(0);
      expect(triggerOn('tasks')).toBe(3);
      expect(triggerOn('deliverable_figures')).toBe(3); // hangs off deliverables: a cascade reaches it
    } finally {
      db.close();
      cleanup();
    }
  });
});
