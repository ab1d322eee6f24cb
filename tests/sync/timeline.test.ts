import { describe, expect, it } from 'vitest';
import { fromLocalDateTime } from '../../shared/time';
import { convenerAndMember, startCenter } from './harness';
import { usePostgres } from './use-postgres';
import { expectConverged } from './converged';

/**
 * Issue 17 part 5 (the timeline): dependencies and re-dated tasks sync through
 * the hub, which replays the same handlers and so the same cycle rule. Two
 * desktops each link the same two tasks offline, in opposite directions: each
 * is fine where it was made, together a cycle. The first to reach the hub
 * keeps its dependency; the other is refused there, the person is told, and
 * every desktop ends with the one dependency and the moved task's dates.
 */

const pgServer = usePostgres();

const deps = (c: { db: import('../../main/db/connection').Db }): string[] =>
  c.db
    .prepare<[], { pair: string }>(
      "SELECT a.title || '→' || b.title AS pair FROM task_dependencies d JOIN tasks a ON a.id = d.predecessor_id JOIN tasks b ON b.id = d.successor_id ORDER BY 1",
    )
    .all()
    .map((r) => r.pair);

describe('timeline dependencies across desktops', () => {
  it('two desktops link the same tasks offline in opposite directions: the hub refuses the cycle, the re-dating syncs', async () => {
    const center = await startCenter(pgServer());
    try {
      const { convener, member, project } = await convenerAndMember(center, '春节联欢直播');
      const shoot = await convener.call('tasks.create', { projectId: project.id, title: '外景拍摄', dueAt: fromLocalDateTime('2027-01-20 18:00') });
      const edit = await convener.call('tasks.create', { projectId: project.id, title: '成片剪辑', dueAt: fromLocalDateTime('2027-01-25 18:00') });
      await convener.sync.sync();
      await member.sync.sync();
      expect((await member.call('timeline.project', { projectId: project.id })).tasks.map((t) => t.title)).toEqual(['外景拍摄', '成片剪辑']);

      convener.transport.offline = true;
      member.transport.offline = true;
      await convener.call('timeline.addDependency', { predecessorId: shoot.id, successorId: edit.id });
      const mine = await member.call('timeline.addDependency', { predecessorId: edit.id, successorId: shoot.id });
      expect(mine.dependencies).toHaveLength(1);
      // The convener also moves 外景拍摄 two days later, past the start of 成片剪辑 (offline, still).
      await convener.call('timeline.moveTask', { taskId: edit.id, startDate: '2027-01-22', dueAt: fromLocalDateTime('2027-01-25 18:00') });
      await convener.call('timeline.moveTask', { taskId: shoot.id, startDate: '2027-01-19', dueAt: fromLocalDateTime('2027-01-22 18:00') });

      convener.transport.offline = false;
      await convener.sync.sync();
      member.transport.offline = false;
      await member.sync.sync();
      await member.sync.sync();
      const st = member.sync.status();
      expect(st.pending).toBe(0); // refused, not stuck
      expect(st.notices.map((n) => n.message.zh).join('\n')).toContain('循环');

      await convener.sync.sync();
      for (const c of [convener, member]) expect(deps(c), c.name).toEqual(['外景拍摄→成片剪辑']);
      const seen = await member.call('timeline.project', { projectId: project.id });
      const moved = seen.tasks.find((t) => t.id === shoot.id)!;
      expect([moved.startDate, moved.dueAt]).toEqual(['2027-01-19', fromLocalDateTime('2027-01-22 18:00')]);
      expect(seen.dependencies).toEqual([{ predecessorId: shoot.id, successorId: edit.id, conflict: true }]);
      await expectConverged(center, [convener, member]);
    } finally {
      await center.close();
    }
  });
});
