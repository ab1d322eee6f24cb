import { describe, expect, it } from 'vitest';
import type { CallInput, CallName } from '../../shared/contract';
import { convenerAndMember, startCenter } from './harness';
import { usePostgres } from './use-postgres';
import { expectConverged } from './converged';

/**
 * Issue 20, conflicts a person can see: two desktops change the same card's title offline; the
 * one whose value lost at the hub is told (the thing, the field, both values, who), applies
 * theirs again with one command, and the other desktop then shows it. One's own change on
 * another desktop, a value that survived, and a refused change (its own notice) tell nothing.
 */

const pgServer = usePostgres();

describe('conflict notices', () => {
  it('the desktop whose title lost sees both values and re-applies its own; a delete of the card is told too', async () => {
    const center = await startCenter(pgServer());
    try {
      const { convener, member, me, project } = await convenerAndMember(center, '国庆灯光秀');
      const task = await convener.call('tasks.create', { projectId: project.id, title: '无人机航拍', assigneeIds: [me] });
      const other = await convener.call('tasks.create', { projectId: project.id, title: '备用电池', assigneeIds: [me] });
      await convener.sync.sync();
      await member.sync.sync();

      // Both offline: each retitles the card; the member also changes its priority (nobody else does).
      member.transport.offline = true;
      convener.transport.offline = true;
      await member.call('tasks.update', { id: task.id, title: '无人机航拍（东岸）', priority: 'high' });
      await member.call('tasks.update', { id: other.id, title: '备用电池×4' });
      await convener.call('tasks.update', { id: task.id, title: '无人机航拍（西岸）' });
      // The member reaches the hub first; the convener's later change wins there.
      member.transport.offline = false;
      await member.sync.sync();
      expect(member.sync.status().conflicts).toEqual([]);
      convener.transport.offline = false;
      await convener.sync.sync();
      expect(convener.sync.status().conflicts).toEqual([]); // the convener's value won
      await member.sync.sync();

      const [c, ...rest] = member.sync.status().conflicts;
      expect(rest).toEqual([]); // the priority survived, the other card was nobody else's
      expect(c).toMatchObject({
        entity: { type: 'task', id: task.id, title: '无人机航拍（西岸）', projectId: project.id },
        field: 'title',
        mine: '无人机航拍（东岸）',
        theirs: '无人机航拍（西岸）',
        deleted: false,
        byName: '林晓峰',
        reapply: { call: 'tasks.update', input: { id: task.id, title: '无人机航拍（东岸）' } },
      });
      expect((await member.call('tasks.get', { id: task.id })).priority).toBe('high');
      // The values are the member's to read: not someone signed out on that desktop, nor another person there.
      const bystander = { actorId: center.people.get('林晓峰')! };
      expect((await member.call('sync.status', {}, { actorId: null })).conflicts).toEqual([]);
      expect((await member.call('sync.status', {}, bystander)).conflicts).toEqual([]);
      await expect(member.call('sync.dismissConflict', { id: c!.id }, bystander)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(member.sync.status().conflicts).toHaveLength(1);

      // One click: the member's title again, as a new command the hub orders after the convener's.
      await member.call(c!.reapply!.call as CallName, c!.reapply!.input as CallInput<'tasks.update'>);
      await member.call('sync.dismissConflict', { id: c!.id });
      expect(member.sync.status().conflicts).toEqual([]);
      await member.sync.sync();
      await convener.sync.sync();
      expect((await convener.call('tasks.get', { id: task.id })).title).toBe('无人机航拍（东岸）');
      // The member's new command came after the convener's had reached the hub: an ordinary edit, nothing to tell.
      expect(convener.sync.status().conflicts).toEqual([]);

      // Both offline again: the member changes the spare-battery card, the convener deletes it. The
      // member's change reaches the hub first; the delete, made before that, wins after it: told, nothing to re-apply.
      member.transport.offline = true;
      convener.transport.offline = true;
      await member.call('tasks.update', { id: other.id, title: '备用电池×6' });
      await convener.call('tasks.delete', { id: other.id });
      member.transport.offline = false;
      await member.sync.sync();
      convener.transport.offline = false;
      await convener.sync.sync();
      await member.sync.sync();
      const gone = member.sync.status().conflicts.find((x) => x.entity.id === other.id);
      expect(gone).toMatchObject({ deleted: true, field: 'title', mine: '备用电池×6', theirs: null, byName: '林晓峰', reapply: null });
      // A later, ordinary edit by the convener of a card the member changed long before tells nothing.
      await convener.call('tasks.update', { id: task.id, description: '东岸两台、西岸一台' });
      await convener.sync.sync();
      const before = member.sync.status().conflicts.length;
      await member.sync.sync();
      expect(member.sync.status().conflicts).toHaveLength(before);
      await expectConverged(center, [convener, member]);
    } finally {
      await center.close();
    }
  });
});
