import { describe, expect, it } from 'vitest';
import { convenerAndMember, startCenter } from './harness';
import { usePostgres } from './use-postgres';
import { expectConverged } from './converged';

/**
 * Issue 17 (派单确认): an assignee's answer syncs like every other command — a
 * decline made offline at the venue reaches the convener's desktop with its
 * reason and becomes their notification; an edit of the task meanwhile keeps it.
 */

const pgServer = usePostgres();

describe('assignment answers across desktops', () => {
  it('declined offline, the answer and its reason reach the convener, who is notified; an edit meanwhile keeps it', async () => {
    const center = await startCenter(pgServer());
    try {
      const { convener, member, me, project } = await convenerAndMember(center, '春运直播');
      const task = await convener.call('tasks.create', { projectId: project.id, title: '火车站机位', assigneeIds: [me] });
      expect(task.responses).toEqual([{ personId: me, response: 'pending' }]);
      await convener.sync.sync();
      await member.sync.sync();

      member.transport.offline = true;
      await member.call('tasks.respond', { id: task.id, accept: false, reason: '那天在县医院蹲点' });
      // Meanwhile the convener changes the task's title on their desktop.
      await convener.call('tasks.update', { id: task.id, title: '火车站机位（早班）' });
      await convener.sync.sync();
      member.transport.offline = false;
      await member.sync.sync();
      expect(member.sync.status().pending).toBe(0);
      await convener.sync.sync();
      const seen = await convener.call('tasks.get', { id: task.id });
      expect(seen.title).toBe('火车站机位（早班）');
      expect(seen.assignments).toMatchObject([{ personId: me, response: 'declined', reason: '那天在县医院蹲点' }]);
      const told = (await convener.call('notifications.list', { limit: 50 })).items.filter((n) => n.kind === 'assignment_declined');
      expect(told.map((n) => [n.actorName, n.detail])).toEqual([['王小川', '那天在县医院蹲点']]);
      await expectConverged(center, [convener, member]);
    } finally {
      await center.close();
    }
  });

  it('a group place declined offline reaches the convener with its reason and a notification; the convener’s edit of its hours meanwhile stands too', async () => {
    const center = await startCenter(pgServer());
    try {
      const { convener, member, me, project } = await convenerAndMember(center, '县运会报道');
      await convener.sync.sync();
      await member.sync.sync();
      expect((await member.call('projects.get', { id: project.id })).group.find((g) => g.personId === me)).toMatchObject({ response: 'pending' });

      member.transport.offline = true;
      await member.call('projects.group.respond', { projectId: project.id, accept: false, reason: '那两周在市里培训' });
      // Meanwhile the convener changes the place's hours on their desktop: both changes stand.
      await convener.call('projects.group.update', { projectId: project.id, personId: me, hoursPerWeek: 12 });
      await convener.sync.sync();
      member.transport.offline = false;
      await member.sync.sync();
      expect(member.sync.status().pending).toBe(0);
      await convener.sync.sync();
      for (const c of [convener, member]) {
        const place = (await c.call('projects.get', { id: project.id })).group.find((g) => g.personId === me);
        expect(place).toMatchObject({ response: 'declined', reason: '那两周在市里培训', hoursPerWeek: 12 });
      }
      const told = (await convener.call('notifications.list', { limit: 50 })).items.filter((n) => n.kind === 'place_declined');
      expect(told.map((n) => [n.actorName, n.detail])).toEqual([['王小川', '那两周在市里培训']]);
      await expectConverged(center, [convener, member]);
    } finally {
      await center.close();
    }
  });
});
