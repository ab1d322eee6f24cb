import { afterEach, describe, expect, it } from 'vitest';
import { buildWorld, type World } from '../../helpers/world';

/**
 * Undo brings a card (a column, a checklist item) back to the key it had. A colleague's row may
 * have taken that very key since (the place was empty and got the first key). Found by the
 * convergence suite (tests/sync/convergence.test.ts): two cards of one column shared the key a0.
 */
let w: World | null = null;
afterEach(() => {
  w?.close();
  w = null;
});

const keysOf = (world: World, sql: string, parent: string) =>
  world.db.prepare<[string], { id: string; position: string }>(sql).all(parent);

describe('undo into a place taken since', () => {
  it('a card moved back into a column where a colleague has since put a card at the same key gets a key of its own, after it', async () => {
    w = await buildWorld();
    await w.people({ 林晓峰: { team: 'live', role: 'convener' }, 马骁: { team: 'camera' } });
    const p = await w.project({ name: '元宵直播', convener: '林晓峰', members: ['马骁'] });
    const [todo, doing] = [p.columns['待办']!, p.columns['进行中']!];
    const x = await w.task(p, { title: '机位图', column: '待办', by: '马骁' });
    const y = await w.task(p, { title: '嘉宾联络', column: '进行中' });
    // 马骁 moves his card out of 待办 (now empty); 林晓峰 moves another card into it: it takes the first key again.
    await w.call(w.as('马骁'), 'tasks.move', { id: x.id, columnId: doing.id, afterId: null });
    await w.call(w.as('林晓峰'), 'tasks.move', { id: y.id, columnId: todo.id, afterId: null });
    // 马骁 undoes his move: his card's row is as his move left it, so it comes back to 待办.
    await w.call(w.as('马骁'), 'boards.undo', { projectId: p.id });
    const cards = keysOf(w, 'SELECT id, position FROM tasks WHERE column_id = ? ORDER BY position, id', todo.id);
    expect(cards.map((c) => c.id).sort()).toEqual([x.id, y.id].sort());
    expect(new Set(cards.map((c) => c.position)).size, JSON.stringify(cards)).toBe(2);
    // The card that was there stays where it is; the one brought back comes right after it.
    expect(cards.map((c) => c.id)).toEqual([y.id, x.id]);
    const board = await w.call(w.as('林晓峰'), 'boards.get', { projectId: p.id });
    expect(board.tasks.filter((t) => t.columnId === todo.id).map((t) => t.title)).toEqual(['嘉宾联络', '机位图']);
  });

  it('a deleted checklist item brought back where a new one took its key gets a key of its own', async () => {
    w = await buildWorld();
    await w.people({ 林晓峰: { team: 'live', role: 'convener' }, 马骁: { team: 'camera' } });
    const p = await w.project({ name: '元宵直播', convener: '林晓峰', members: ['马骁'] });
    const t = await w.task(p, { title: '机位图' });
    const item = await w.call(w.as('马骁'), 'checklist.add', { taskId: t.id, text: '借三脚架' });
    await w.call(w.as('马骁'), 'checklist.delete', { id: item.id });
    await w.call(w.as('林晓峰'), 'checklist.add', { taskId: t.id, text: '订车' }); // the list is empty: the first key again
    await w.call(w.as('马骁'), 'boards.undo', { projectId: p.id });
    const items = keysOf(w, 'SELECT id, position FROM checklist_items WHERE task_id = ? ORDER BY position, id', t.id);
    expect(items).toHaveLength(2);
    expect(new Set(items.map((i) => i.position)).size, JSON.stringify(items)).toBe(2);
  });
});
