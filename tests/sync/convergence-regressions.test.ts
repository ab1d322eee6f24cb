import { describe, expect, it } from 'vitest';
import { expectConverged } from './converged';
import { convenerAndMember, startCenter } from './harness';
import { usePostgres } from './use-postgres';

/**
 * What the convergence suite (tests/sync/convergence.test.ts) found, each kept as the story it
 * shows, across desktops and the hub.
 */
const pgServer = usePostgres();

describe('convergence regressions', () => {
  it('an undo made offline brings a card back into a column where a colleague has put a card since: two keys, one order on every desktop', async () => {
    const center = await startCenter(pgServer());
    try {
      const { convener, member, project } = await convenerAndMember(center, '元宵直播');
      await convener.sync.sync();
      await member.sync.sync();
      const board = await member.call('boards.get', { projectId: project.id });
      const [todo, doing] = [board.columns[0]!, board.columns[1]!];
      const x = await member.call('tasks.create', { projectId: project.id, columnId: todo.id, title: '机位图' });
      const y = await convener.call('tasks.create', { projectId: project.id, columnId: doing.id, title: '嘉宾联络' });
      await member.sync.sync();
      await convener.sync.sync();
      await member.sync.sync();
      // 王小川 moves his card out of 待办; the column is empty now.
      await member.call('tasks.move', { id: x.id, columnId: doing.id, afterId: null });
      await member.sync.sync();
      await convener.sync.sync();
      // Offline, 王小川 takes his move back; meanwhile 林晓峰 puts his card into the empty 待办 (its first key again).
      member.transport.offline = true;
      await member.call('boards.undo', { projectId: project.id });
      await convener.call('tasks.move', { id: y.id, columnId: todo.id, afterId: null });
      await convener.sync.sync();
      member.transport.offline = false;
      await expectConverged(center, [convener, member]);
      for (const c of [convener, member]) {
        const cards = c.db.prepare<[string], { id: string; position: string }>('SELECT id, position FROM tasks WHERE column_id = ? ORDER BY position, id').all(todo.id);
        expect(cards.map((r) => r.id), `${c.name}: the card there stays first, the one brought back follows`).toEqual([y.id, x.id]);
        expect(new Set(cards.map((r) => r.position)).size, `${c.name}: ${JSON.stringify(cards)}`).toBe(2);
      }
    } finally {
      await center.close();
    }
  });
});
