import { describe, expect, it } from 'vitest';
import { convenerAndMember, startCenter } from './harness';
import { usePostgres } from './use-postgres';
import { expectConverged } from './converged';

/**
 * Generic undo (issue 15) across desktops: boards.undo is a command like any other, so the
 * hub replays it from its own log's row images. An undo made offline that still holds at the
 * hub is applied there; one overtaken by a colleague's later change is refused there (the
 * person told), and every desktop ends with the hub's rows.
 */

const pgServer = usePostgres();

describe('undo across desktops', () => {
  it('an offline delete and its undo reach the hub as one restored card; an undo overtaken at the hub is refused there', async () => {
    const center = await startCenter(pgServer());
    try {
      const { convener, member, me, project } = await convenerAndMember(center, '端午龙舟赛');
      const task = await convener.call('tasks.create', { projectId: project.id, title: '终点机位', assigneeIds: [me] });
      await convener.call('checklist.add', { taskId: task.id, text: '借长焦镜头' });
      await convener.sync.sync();
      await member.sync.sync();

      // At the venue, offline: the member deletes the card by mistake and undoes it.
      member.transport.offline = true;
      await member.call('tasks.delete', { id: task.id });
      await member.call('boards.undo', { projectId: project.id });
      member.transport.offline = false;
      await member.sync.sync();
      expect(member.sync.status().pending).toBe(0);
      await convener.sync.sync();
      const seen = await convener.call('tasks.get', { id: task.id });
      expect(seen.checklist.map((c) => c.text)).toEqual(['借长焦镜头']);
      await expectConverged(center, [convener, member]);

      // Offline again: the member retitles the card and undoes it; the convener retitles it and syncs first.
      // At the hub the member's retitle lands on the convener's title and the undo takes it back to
      // that (the hub's own row image): the convener's title stands, nothing is refused.
      member.transport.offline = true;
      await member.call('tasks.update', { id: task.id, title: '终点机位（王小川）' });
      await member.call('boards.undo', { projectId: project.id });
      await convener.call('tasks.update', { id: task.id, title: '终点机位（双机）' });
      await convener.sync.sync();
      member.transport.offline = false;
      await member.sync.sync();
      await convener.sync.sync();
      expect(member.sync.status().notices).toEqual([]);
      expect((await convener.call('tasks.get', { id: task.id })).title).toBe('终点机位（双机）');
      expect((await member.call('tasks.get', { id: task.id })).title).toBe('终点机位（双机）');
      await expectConverged(center, [convener, member]);

      // The member's retitle reaches the hub; the convener changes the card after it; the member,
      // offline and not having seen that, undoes their retitle. The hub refuses the undo (the card
      // changed since), the member is told, and the convener's title stays everywhere.
      await member.call('tasks.update', { id: task.id, title: '终点机位（王小川）' });
      await member.sync.sync();
      member.transport.offline = true;
      await convener.sync.sync();
      await convener.call('tasks.update', { id: task.id, title: '终点机位（三机）' });
      await convener.sync.sync();
      await member.call('boards.undo', { projectId: project.id });
      member.transport.offline = false;
      await member.sync.sync();
      const st = member.sync.status();
      expect(st.pending).toBe(0);
      expect(st.notices.map((n) => n.message.zh).join('\n')).toMatch(/之后又有人改动了它，无法撤销/);
      expect((await member.call('tasks.get', { id: task.id })).title).toBe('终点机位（三机）');
      await convener.sync.sync();
      await expectConverged(center, [convener, member]);
    } finally {
      await center.close();
    }
  });
});
