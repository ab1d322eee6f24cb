import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../main/core/backend';
import { keyAfter, type Positioned } from '../../../main/boards/order';
import { bucketOf } from '../../../main/boards/read';
import { projectProgress } from '../../../main/boards/progress';
import { insertTask } from '../../../main/boards/tasks-core';
import { compareKeys, keyBetween } from '../../../shared/ordering';
import { addDays, dayStart, localDate } from '../../../shared/time';
import { dbChecksum, world, type TestWorld } from '../../helpers/db';

let w: TestWorld | null = null;
afterEach(() => {
  w?.close();
  w = null;
});

const order = (xs: Positioned[]): string[] => [...xs].sort(compareKeys).map((x) => x.id);

describe('board ordering (fractional keys)', () => {
  const list = (): Positioned[] => {
    let k: string | null = null;
    return ['a', 'b', 'c', 'd'].map((id) => ({ id, position: (k = keyBetween(k, null)) }));
  };

  it('inserts at the top, between two cards and at the end', () => {
    const xs = list();
    expect(order([...xs, { id: 'top', position: keyAfter(xs, null, null) }])).toEqual(['top', 'a', 'b', 'c', 'd']);
    expect(order([...xs, { id: 'mid', position: keyAfter(xs, 'b', null) }])).toEqual(['a', 'b', 'mid', 'c', 'd']);
    expect(order([...xs, { id: 'end', position: keyAfter(xs, 'd', null) }])).toEqual(['a', 'b', 'c', 'd', 'end']);
  });

  it('moves a card down, up and to the top, changing only its own key', () => {
    const xs = list();
    const move = (id: string, after: string | null): Positioned[] =>
      xs.map((x) => (x.id === id ? { id, position: keyAfter(xs, after, id) } : x));
    expect(order(move('a', 'c'))).toEqual(['b', 'c', 'a', 'd']);
    expect(order(move('d', 'a'))).toEqual(['a', 'd', 'b', 'c']);
    expect(order(move('c', null))).toEqual(['c', 'a', 'b', 'd']);
    const moved = move('a', 'c');
    expect(moved.filter((x, i) => x.position !== xs[i]!.position).map((x) => x.id)).toEqual(['a']);
  });

  it('refuses to place a card after itself or after a card of another list', () => {
    const xs = list();
    expect(() => keyAfter(xs, 'a', 'a')).toThrow();
    expect(() => keyAfter(xs, 'zz', null)).toThrow();
  });

  it('handles concurrent positions: two machines gave two cards the same key offline', () => {
    const xs = list();
    // Offline, both machines inserted after 'b': same key, told apart by id.
    const k = keyAfter(xs, 'b', null);
    const withTie = [...xs, { id: 'x1', position: k }, { id: 'x2', position: k }];
    expect(order(withTie)).toEqual(['a', 'b', 'x1', 'x2', 'c', 'd']);
    // Inserting after either twin still gives a valid key that lands after both, before 'c'.
    const after1 = keyAfter(withTie, 'x1', null);
    expect(order([...withTie, { id: 'n', position: after1 }])).toEqual(['a', 'b', 'x1', 'x2', 'n', 'c', 'd']);
    // Moving a twin to the top works too (one key written).
    const moved = withTie.map((x) => (x.id === 'x2' ? { ...x, position: keyAfter(withTie, null, 'x2') } : x));
    expect(order(moved)).toEqual(['x2', 'a', 'b', 'x1', 'c', 'd']);
  });

  it('keeps a total order through any sequence of random moves (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(9), fc.integer({ min: -1, max: 9 })), { maxLength: 60 }), (moves) => {
        let xs = list().concat(['e', 'f', 'g', 'h', 'i', 'j'].map((id) => ({ id, position: '' })));
        let k: string | null = null;
        xs = xs.map((x) => ({ ...x, position: (k = keyBetween(k, null)) }));
        let expected = order(xs);
        for (const [from, to] of moves) {
          const id = expected[from]!;
          const rest = expected.filter((x) => x !== id);
          const afterId = to < 0 || to >= rest.length ? null : rest[to]!;
          xs = xs.map((x) => (x.id === id ? { id, position: keyAfter(xs, afterId, id) } : x));
          const at = afterId === null ? 0 : rest.indexOf(afterId) + 1;
          expected = [...rest.slice(0, at), id, ...rest.slice(at)];
          if (order(xs).join() !== expected.join()) return false;
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });
});

describe('project progress and the behind-plan (双过半) rule', () => {
  const project = { startDate: '2027-01-01', endDate: '2027-01-10', status: 'active' as const };
  const at = (date: string, hour = 0) => dayStart(date) + hour * 3600_000;

  it('counts published over planned', () => {
    const p = projectProgress(project, ['published', 'planned', 'in_review', 'published'], at('2027-01-02'));
    expect(p).toMatchObject({ planned: 4, published: 2, workShare: 0.5 });
  });

  it('time half gone, work half done: on plan; time ahead of work: behind', () => {
    const half = at('2027-01-06');
    expect(projectProgress(project, ['published', 'planned'], half)).toMatchObject({ timeShare: 0.5, behindPlan: false });
    expect(projectProgress(project, ['published', 'planned', 'planned'], half).behindPlan).toBe(true);
    expect(projectProgress(project, ['published', 'published', 'planned'], half).behindPlan).toBe(false);
  });

  it('the clock runs from the first day 00:00 to the end of the last day and is clamped', () => {
    expect(projectProgress(project, ['planned'], at('2026-12-20')).timeShare).toBe(0);
    expect(projectProgress(project, ['planned'], at('2027-01-01', 12)).timeShare).toBeCloseTo(0.05);
    expect(projectProgress(project, ['planned'], at('2027-02-01')).timeShare).toBe(1);
    expect(projectProgress(project, ['published'], at('2027-02-01')).behindPlan).toBe(false);
    expect(projectProgress(project, ['published', 'in_review'], at('2027-02-01')).behindPlan).toBe(true);
  });

  it('nothing planned: no work share and no flag; a proposed project has not started its clock', () => {
    expect(projectProgress(project, [], at('2027-01-09'))).toMatchObject({ workShare: null, behindPlan: false });
    expect(projectProgress({ ...project, status: 'proposed' }, ['planned'], at('2027-01-09'))).toMatchObject({
      timeShare: 0,
      behindPlan: false,
    });
  });
});

describe('My tasks buckets', () => {
  it('overdue, today, this week (to Sunday), later', () => {
    const today = '2027-01-06'; // a Wednesday
    const now = dayStart(today) + 10 * 3600_000;
    expect(bucketOf(now - 1, now)).toBe('overdue');
    expect(bucketOf(dayStart(today) + 18 * 3600_000, now)).toBe('today');
    expect(bucketOf(dayStart(addDays(today, 4)) + 3600_000, now)).toBe('week');
    expect(bucketOf(dayStart(addDays(today, 5)), now)).toBe('later');
    expect(bucketOf(null, now)).toBe('later');
  });
});

// --- On the demo workspace ---------------------------------------------------------------

const projectId = (w: TestWorld, name: string): string =>
  w.db.prepare<[string], { id: string }>('SELECT id FROM projects WHERE name = ?').get(name)!.id;
const personId = (w: TestWorld, name: string): string =>
  w.db.prepare<[string], { id: string }>('SELECT id FROM people WHERE name = ?').get(name)!.id;
const CONF = '全国县级融媒体发展大会报道';

async function board(w: TestWorld, s: Session, name = CONF) {
  return w.call(s, 'boards.get', { projectId: projectId(w, name) });
}

describe('assignees are restricted to the project group', () => {
  it('refuses an outsider on create, edit and checklist, and changes nothing', async () => {
    w = await world({ demo: true });
    const me = w.as('王小川');
    const pid = projectId(w, CONF);
    const outsider = personId(w, '吕佳宁'); // not in the conference group
    const insider = personId(w, '宋可欣');
    const sum = dbChecksum(w.db);
    const e1 = await w.fail(me, 'tasks.create', { projectId: pid, title: '采访', assigneeIds: [insider, outsider] });
    expect(e1.code).toBe('VALIDATION');
    expect(e1.localized.zh).toContain('吕佳宁');
    const task = (await board(w, me)).tasks[0]!;
    expect((await w.fail(me, 'tasks.update', { id: task.id, assigneeIds: [outsider] })).code).toBe('VALIDATION');
    expect((await w.fail(me, 'checklist.add', { taskId: task.id, text: 'x', assigneeId: outsider })).code).toBe('VALIDATION');
    expect(dbChecksum(w.db)).toBe(sum);
    const ok = await w.call(me, 'tasks.create', { projectId: pid, title: '采访', assigneeIds: [insider] });
    expect(ok.assigneeIds).toEqual([insider]);
  });

  it('someone outside the group cannot touch the board; a member cannot change its columns', async () => {
    w = await world({ demo: true });
    const b = await board(w, w.as('王小川'));
    expect(b.canWork).toBe(true);
    expect(b.canManage).toBe(false);
    const outsider = w.as('吕佳宁');
    expect((await w.fail(outsider, 'tasks.move', { id: b.tasks[0]!.id, columnId: b.columns[1]!.id, afterId: null })).code).toBe('FORBIDDEN');
    expect((await w.fail(w.as('王小川'), 'columns.create', { projectId: b.project.id, name: '发布' })).code).toBe('FORBIDDEN');
    const col = await w.call(w.as('唐若溪'), 'columns.create', { projectId: b.project.id, name: '发布', wipLimit: 3 });
    expect(col).toMatchObject({ name: '发布', wipLimit: 3, isDone: false });
    // It lands before the done column at the end, not after it.
    const names = (await board(w, w.as('唐若溪'))).columns.map((c) => c.name);
    expect(names.slice(-2)).toEqual(['发布', '已完成']);
  });
});

describe('moving cards', () => {
  it('a move writes one task row and one log row; the done column completes the task', async () => {
    w = await world({ demo: true });
    const me = w.as('王小川');
    const b = await board(w, me);
    const [todo, , , done] = b.columns;
    const card = b.tasks.find((t) => t.columnId === todo!.id)!;
    const before = w.db.prepare<[], { id: string; position: string; updated_at: number }>('SELECT id, position, updated_at FROM tasks').all();
    const logBefore = w.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM activity_log').get()!.n;
    const moved = await w.call(me, 'tasks.move', { id: card.id, columnId: done!.id, afterId: null });
    expect(moved.columnId).toBe(done!.id);
    expect(moved.completedAt).not.toBeNull();
    const after = w.db.prepare<[], { id: string; position: string; updated_at: number }>('SELECT id, position, updated_at FROM tasks').all();
    const changed = after.filter((r) => {
      const o = before.find((x) => x.id === r.id)!;
      return o.position !== r.position || o.updated_at !== r.updated_at;
    });
    expect(changed.map((r) => r.id)).toEqual([card.id]);
    expect(w.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM activity_log').get()!.n).toBe(logBefore + 1);
    const b2 = await board(w, me);
    expect(b2.tasks.filter((t) => t.columnId === done!.id)[0]!.id).toBe(card.id);
  });
});

describe('undo of the last board change', () => {
  it('undoes a move, an edit and a delete, newest first, each undo logged as its own command', async () => {
    w = await world({ demo: true });
    const me = w.as('王小川');
    const b = await board(w, me);
    const card = b.tasks.find((t) => t.checklistTotal > 0 && t.columnId === b.columns[0]!.id)!;
    const startSum = dbChecksum(w.db);
    const snap = () => w!.db.prepare('SELECT * FROM tasks WHERE id = ?').get(card.id);
    const original = snap();

    await w.call(me, 'tasks.move', { id: card.id, columnId: b.columns[1]!.id, afterId: null });
    await w.call(me, 'tasks.update', { id: card.id, title: '改过的标题', priority: 'urgent' });
    await w.call(me, 'comments.add', { taskId: card.id, body: '已联系嘉宾' });
    await w.call(me, 'tasks.delete', { id: card.id });
    expect(snap()).toBeUndefined();

    const b1 = await board(w, me);
    expect(b1.undo?.summary).toContain('删除任务');
    await w.call(me, 'boards.undo', { projectId: b.project.id });
    expect(snap()).toMatchObject({ title: '改过的标题' });
    const detail = await w.call(me, 'tasks.get', { id: card.id });
    expect(detail.checklist.length).toBe(card.checklistTotal);
    expect(detail.comments.map((c) => c.body)).toEqual(['已联系嘉宾']);

    await w.call(me, 'boards.undo', { projectId: b.project.id });
    expect(snap()).toMatchObject({ title: card.title, priority: card.priority, column_id: b.columns[1]!.id });
    await w.call(me, 'boards.undo', { projectId: b.project.id });
    expect(snap()).toMatchObject({ column_id: card.columnId, position: card.position, completed_at: null });
    expect(snap()).toMatchObject({ title: (original as { title: string }).title });
    // Nothing of mine left to undo; the log kept every step, undos included.
    expect((await board(w, me)).undo).toBeNull();
    expect((await w.fail(me, 'boards.undo', { projectId: b.project.id })).code).toBe('VALIDATION');
    const undos = w.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM activity_log WHERE command = 'boards.undo'").get()!.n;
    expect(undos).toBe(3);
    expect(dbChecksum(w.db)).not.toBe(startSum);
  });

  it("does not overwrite someone else's later change", async () => {
    w = await world({ demo: true });
    const me = w.as('王小川');
    const b = await board(w, me);
    const card = b.tasks[0]!;
    await w.call(me, 'tasks.update', { id: card.id, title: '我的标题' });
    await w.call(w.as('唐若溪'), 'tasks.update', { id: card.id, title: '召集人的标题' });
    const e = await w.fail(me, 'boards.undo', { projectId: b.project.id });
    expect(e.code).toBe('CONFLICT');
    expect(w.db.prepare<[string], { title: string }>('SELECT title FROM tasks WHERE id = ?').get(card.id)!.title).toBe('召集人的标题');
  });

  it('undoes a column delete: the column and its cards come back', async () => {
    w = await world({ demo: true });
    const convener = w.as('唐若溪');
    const b = await board(w, convener);
    const todo = b.columns[0]!;
    const cards = b.tasks.filter((t) => t.columnId === todo.id).map((t) => t.id);
    const r = await w.call(convener, 'columns.delete', { id: todo.id, moveTo: b.columns[1]!.id });
    expect(r.moved).toBe(cards.length);
    await w.call(convener, 'boards.undo', { projectId: b.project.id });
    const b2 = await board(w, convener);
    expect(b2.columns.map((c) => c.id)).toEqual(b.columns.map((c) => c.id));
    expect(b2.tasks.filter((t) => t.columnId === todo.id).map((t) => t.id)).toEqual(cards);
  });
});

describe('checklists, comments and history', () => {
  it('adds, ticks, reorders and assigns items; history lists every change', async () => {
    w = await world({ demo: true });
    const me = w.as('王小川');
    const b = await board(w, me);
    const task = b.tasks[0]!;
    const i1 = await w.call(me, 'checklist.add', { taskId: task.id, text: '素材挑选' });
    const i2 = await w.call(me, 'checklist.add', { taskId: task.id, text: '剪辑', assigneeId: personId(w, '王小川') });
    await w.call(me, 'checklist.update', { id: i1.id, done: true });
    await w.call(me, 'checklist.move', { id: i2.id, afterId: null });
    const d = await w.call(me, 'tasks.get', { id: task.id });
    const texts = d.checklist.map((c) => c.text);
    expect(texts.indexOf('剪辑')).toBe(0);
    expect(d.checklist.find((c) => c.id === i1.id)!.done).toBe(true);
    expect(d.history.slice(0, 4).map((h) => h.summary)).toEqual([
      '调整清单项“剪辑”的顺序',
      '勾选清单项“素材挑选”',
      '添加清单项“剪辑”',
      '添加清单项“素材挑选”',
    ]);
    expect(d.history[0]!.actorName).toBe('王小川');
  });
});

describe('deliverables and progress', () => {
  it('publishing needs a URL and the final review; publishing one moves the project progress', async () => {
    w = await world({ demo: true });
    const me = w.as('王小川');
    const b = await board(w, me);
    expect(b.progress).toMatchObject({ planned: 4, published: 1 });
    const d = b.deliverables.find((x) => x.status !== 'published')!;
    expect((await w.fail(me, 'deliverables.update', { id: d.id, status: 'published' })).code).toBe('VALIDATION');
    expect((await w.fail(me, 'deliverables.update', { id: d.id, status: 'published', publishedUrl: 'javascript:alert(1)' })).code).toBe(
      'VALIDATION',
    );
    // … and the final review (三审, tests/unit/reviews): refused before it, allowed after.
    expect((await w.fail(me, 'deliverables.update', { id: d.id, status: 'published', publishedUrl: 'https://example.com/a' })).code).toBe('CONFLICT');
    const round = await w.call(me, 'reviews.submit', { deliverableId: d.id, content: 'https://example.com/preview' });
    for (const who of ['唐若溪', '陈思远', '周岚']) await w.call(w.as(who), 'reviews.decide', { roundId: round.id, decision: 'approve', comment: '' });
    const pub = await w.call(me, 'deliverables.update', { id: d.id, status: 'published', publishedUrl: 'https://example.com/a' });
    expect(pub.publishedAt).not.toBeNull();
    const b2 = await board(w, me);
    expect(b2.progress).toMatchObject({ planned: 4, published: 2, workShare: 0.5 });
    // A member may move a deliverable along, but the plan itself is the convener's.
    expect((await w.fail(me, 'deliverables.delete', { id: d.id })).code).toBe('FORBIDDEN');
  });
});

describe('My tasks', () => {
  it("lists the member's open tasks across projects, overdue first, and the deliverables they own", async () => {
    w = await world({ demo: true });
    const me = w.as('王小川');
    const mine = await w.call(me, 'myTasks.get', {});
    expect(new Set(mine.tasks.map((t) => t.projectName)).size).toBeGreaterThan(1);
    const rank = { overdue: 0, today: 1, week: 2, later: 3 };
    const ranks = mine.tasks.map((t) => rank[t.bucket]);
    expect(ranks).toEqual([...ranks].sort());
    expect(mine.tasks[0]!.bucket).toBe('overdue');
    expect(mine.tasks.every((t) => t.completedAt === null)).toBe(true);
    // Quick complete removes it from the list.
    const first = mine.tasks[0]!;
    await w.call(me, 'tasks.setDone', { id: first.id, done: true });
    expect((await w.call(me, 'myTasks.get', {})).tasks.map((t) => t.id)).not.toContain(first.id);
    expect(mine.deliverables.every((d) => d.ownerId === personId(w!, '王小川'))).toBe(true);
  });

  it('carries checklist counts only; a task’s items are read when it is opened, in their order', async () => {
    w = await world({ demo: true });
    const me = w.as('王小川');
    const mine = await w.call(me, 'myTasks.get', {});
    const withItems = mine.tasks.find((t) => t.checklistTotal > 0)!;
    expect(withItems).toBeDefined();
    expect('checklist' in withItems).toBe(false);
    const items = await w.call(me, 'checklist.list', { taskId: withItems.id });
    expect(items.length).toBe(withItems.checklistTotal);
    expect(items.filter((i) => i.done).length).toBe(withItems.checklistDone);
    expect(items).toEqual((await w.call(me, 'tasks.get', { id: withItems.id })).checklist);
    expect((await w.fail(me, 'checklist.list', { taskId: '01900000-0000-7000-8000-0000000000ff' })).code).toBe('NOT_FOUND');
  });
});

describe('a board with 1,000 cards', () => {
  it('loads in well under a second and keeps its order', async () => {
    w = await world({ demo: true });
    const pid = projectId(w, CONF);
    const me = personId(w, '王小川');
    const now = Date.now();
    w.db.transaction(() => {
      for (let i = 0; i < 1000; i++) {
        insertTask(w!.db, { projectId: pid, title: `卡片 ${i}`, assigneeIds: [me], dueAt: dayStart(localDate(now)) }, me, now);
      }
    })();
    const t0 = performance.now();
    const b = await board(w, w.as('王小川'));
    const ms = performance.now() - t0;
    expect(b.tasks.length).toBeGreaterThanOrEqual(1000);
    expect(ms).toBeLessThan(1000);
    const todo = b.tasks.filter((t) => t.columnId === b.columns[0]!.id);
    expect(todo.map((t) => t.position)).toEqual([...todo.map((t) => t.position)].sort());
    // Keys stay short when appending: fractional keys grow logarithmically.
    expect(Math.max(...todo.map((t) => t.position.length))).toBeLessThan(8);
  });
});

describe('board cards read in one statement (raw rows)', () => {
  it('give every card exactly as tasks.get gives it: assignees in order, answers, labels, checklist counts', async () => {
    w = await world({ demo: true });
    const convener = w.as('唐若溪');
    const pid = projectId(w, CONF);
    const a = personId(w, '王小川');
    const b = personId(w, '宋可欣');
    // Given by the convener: both answers wait; labels and a checklist with one item ticked.
    const made = await w.call(convener, 'tasks.create', { projectId: pid, title: '带标签的卡片', assigneeIds: [b, a], labels: ['重点', '外拍'] });
    const item = await w.call(convener, 'checklist.add', { taskId: made.id, text: '第一项' });
    await w.call(convener, 'checklist.add', { taskId: made.id, text: '第二项' });
    await w.call(convener, 'checklist.update', { id: item.id, done: true });
    const cards = (await board(w, convener)).tasks;
    expect(cards.length).toBeGreaterThan(5);
    const mine = cards.find((c) => c.id === made.id)!;
    expect(mine).toMatchObject({ labels: ['重点', '外拍'], checklistDone: 1, checklistTotal: 2 });
    expect(mine.assigneeIds).toEqual([a, b].sort());
    expect(mine.responses.map((r) => r.response)).toEqual(['pending', 'pending']);
    for (const c of cards) {
      const { description: _d, assignments: _a, checklist: _c, comments: _m, history: _h, ...card } = await w.call(convener, 'tasks.get', { id: c.id });
      expect(c).toEqual(card);
    }
    expect(cards.map((c) => c.id)).toEqual([...cards].sort(compareKeys).map((c) => c.id));
  });
});

describe('a new project without columns', () => {
  it('gets the default columns once, from its convener', async () => {
    w = await world({ demo: true });
    const convener = personId(w, '苏雨晴');
    const pid = '01900000-0000-7000-8000-000000000001';
    const now = Date.now();
    w.db.prepare(
      `INSERT INTO projects (id, name, convener_id, start_date, end_date, status, status_changed_at, created_at, updated_at)
       VALUES (?, '新项目', ?, '2027-01-01', '2027-02-01', 'active', ?, ?, ?)`,
    ).run(pid, convener, now, now, now);
    expect((await w.call(w.as('苏雨晴'), 'boards.get', { projectId: pid })).columns).toEqual([]);
    expect((await w.fail(w.as('王小川'), 'columns.setupDefaults', { projectId: pid })).code).toBe('FORBIDDEN');
    const cols = await w.call(w.as('苏雨晴'), 'columns.setupDefaults', { projectId: pid });
    expect(cols.map((c) => [c.name, c.isDone])).toEqual([
      ['待办', false],
      ['进行中', false],
      ['待审核', false],
      ['已完成', true],
    ]);
    expect((await w.fail(w.as('苏雨晴'), 'columns.setupDefaults', { projectId: pid })).code).toBe('CONFLICT');
  });
});

describe('hot queries use their indexes', () => {
  it('the board reads tasks by project, My tasks by assignee', async () => {
    w = await world({ demo: true });
    const plan = (sql: string, ...args: string[]) =>
      w!.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args).map((r) => (r as { detail: string }).detail).join('\n');
    expect(plan('SELECT * FROM tasks WHERE project_id = ?', 'x')).toContain('tasks_project');
    expect(
      plan(
        `SELECT t.* FROM tasks t JOIN task_assignees a ON a.task_id = t.id WHERE a.person_id = ? AND t.completed_at IS NULL`,
        'x',
      ),
    ).toMatch(/task_assignees_person|sqlite_autoindex_task_assignees/);
    expect(plan('SELECT id, position FROM tasks WHERE column_id = ?', 'x')).toContain('tasks_column');
  });
});

describe('task edits in the log', () => {
  it('name the changed fields in Chinese', async () => {
    w = await world({ demo: true });
    const me = w.as('王小川');
    const task = (await board(w, me)).tasks[0]!;
    await w.call(me, 'tasks.update', { id: task.id, priority: 'urgent', labels: ['直播'] });
    const d = await w.call(me, 'tasks.get', { id: task.id });
    expect(d.history[0]!.summary).toBe(`编辑任务“${task.title}”（优先级、标签）`);
    expect(d.labels).toEqual(['直播']);
  });
});

describe('an archived project', () => {
  it('has a read-only board, even for its convener', async () => {
    w = await world({ demo: true });
    const convener = w.as('郭振宇');
    const b = await w.call(convener, 'boards.get', { projectId: projectId(w, '秋收助农直播') });
    expect(b.project.status).toBe('archived');
    const e = await w.fail(convener, 'tasks.move', { id: b.tasks[0]!.id, columnId: b.columns[0]!.id, afterId: null });
    expect(e.code).toBe('FORBIDDEN');
    expect(e.localized.zh).toContain('已归档');
  });
});
