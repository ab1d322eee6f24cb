import { describe, expect, it } from 'vitest';
import { mentionToken } from '../../shared/mentions';
import { startCenter } from './harness';
import { usePostgres } from './use-postgres';
import { expectConverged } from './converged';

/**
 * Issue 16: notifications are derived on each desktop, so a colleague's change that
 * arrives by sync notifies like a local one; what the person read travels through
 * the hub to their other desktops, and no other desktop learns what they read.
 */

const pgServer = usePostgres();

describe('notifications across desktops', () => {
  it('an assignment made on another desktop notifies once it arrives; read on the laptop, it is read on the office desktop too', async () => {
    const center = await startCenter(pgServer());
    try {
      const convener = await center.client('林晓峰');
      const office = await center.client('王小川');
      const laptop = await center.client('王小川');
      const me = center.people.get('王小川')!;
      const project = await convener.call('projects.create', { name: '春运直播', startDate: '2027-01-10', endDate: '2027-02-20', convenerId: center.people.get('林晓峰') });
      await convener.call('projects.group.add', { projectId: project.id, personId: me, role: '摄像', hoursPerWeek: 10 });
      const task = await convener.call('tasks.create', { projectId: project.id, title: '火车站机位' });
      await convener.sync.sync();
      await office.sync.sync();
      await laptop.sync.sync();
      const about = async (c: typeof office) => (await c.call('notifications.list', { limit: 50 })).items.filter((n) => n.subject?.id === task.id);
      expect(await about(office)).toEqual([]);

      // The convener, on their own desktop, assigns the task and mentions the member.
      await convener.call('tasks.update', { id: task.id, assigneeIds: [me] });
      await convener.call('comments.add', { taskId: task.id, body: `${mentionToken(me)} 明早六点到位` });
      await convener.sync.sync();
      // Nothing yet on the member's desktops: the change has not arrived.
      expect(await about(office)).toEqual([]);
      await office.sync.sync();
      await laptop.sync.sync();
      for (const c of [office, laptop]) {
        expect((await about(c)).map((n) => [n.kind, n.read]).sort()).toEqual([
          ['assigned', false],
          ['mentioned', false],
        ]);
      }
      // Read on the laptop: read on the office desktop too, through the hub.
      const mention = (await about(laptop)).find((n) => n.kind === 'mentioned')!;
      await laptop.call('notifications.read', { keys: [mention.key] });
      await laptop.sync.sync();
      await office.sync.sync();
      expect((await about(office)).find((n) => n.kind === 'mentioned')!.read).toBe(true);
      expect((await about(office)).find((n) => n.kind === 'assigned')!.read).toBe(false);
      // The convener's desktop holds the row, but not when it was read.
      await convener.sync.sync();
      expect(convener.db.prepare<[string], { read_at: number }>('SELECT read_at FROM notification_reads WHERE person_id = ?').all(me)).toEqual([{ read_at: 0 }]);
      await expectConverged(center, [convener, office, laptop]);
    } finally {
      await center.close();
    }
  });
});
