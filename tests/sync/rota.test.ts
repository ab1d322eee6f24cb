import { describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../shared/time';
import { startCenter } from './harness';
import { usePostgres } from './use-postgres';
import { expectConverged } from './converged';

/**
 * Issue 17 (duty rota): the rota's commands sync through the hub like every
 * other: a swap asked offline reaches the manager; an approval changes every
 * desktop's rota; the reason reaches only the two people and managers; a
 * swap of a shift the manager had meanwhile taken away is refused at the hub,
 * and the member is told.
 */

const pgServer = usePostgres();

const onCell = (c: { db: import('../../main/db/connection').Db }, date: string): string[] =>
  c.db
    .prepare<[string], { name: string }>(
      `SELECT p.name FROM rota_entries e JOIN people p ON p.id = e.person_id JOIN shift_types s ON s.id = e.shift_type_id WHERE e.date = ? AND s.name = '晚班' ORDER BY p.name`,
    )
    .all(date)
    .map((r) => r.name);

describe('the duty rota across desktops', () => {
  it('a swap asked offline reaches the manager; approved, every desktop shows the substitute; the reason stays with the two and managers', async () => {
    const center = await startCenter(pgServer());
    try {
      const manager = await center.client('陈思远');
      const member = await center.client('王小川');
      const substitute = await center.client('宋可欣');
      const bystander = await center.client('林晓峰');
      const day = addDays(localDate(Date.now()), 10);
      const late = await manager.call('rota.saveShiftType', { name: '晚班', start: '15:00', end: '23:00' });
      const [entry] = await manager.call('rota.setCell', { date: day, shiftTypeId: late.id, personIds: [center.people.get('王小川')!] });
      await manager.sync.sync();
      for (const c of [member, substitute, bystander]) await c.sync.sync();
      expect(onCell(member, day)).toEqual(['王小川']);

      // At the venue, offline: the member asks 宋可欣 to take it.
      member.transport.offline = true;
      await member.call('rota.requestSwap', { entryId: entry!.id, substituteId: center.people.get('宋可欣')!, reason: '当晚在外地采访' });
      member.transport.offline = false;
      await member.sync.sync();
      await manager.sync.sync();
      const waiting = (await manager.call('rota.get', { from: day, to: day })).swaps;
      expect(waiting.map((s) => [s.status, s.requesterName, s.substituteName, s.reason])).toEqual([['requested', '王小川', '宋可欣', '当晚在外地采访']]);
      await manager.call('rota.decideSwap', { swapId: waiting[0]!.id, approve: true });
      await manager.sync.sync();
      for (const c of [member, substitute, bystander]) await c.sync.sync();
      for (const c of [manager, member, substitute, bystander]) expect(onCell(c, day), c.name).toEqual(['宋可欣']);
      // The reason: on the two people's and the manager's desktops; not on a bystander's.
      const reasonOn = (c: typeof member) => c.db.prepare<[], { reason: string }>('SELECT reason FROM rota_swaps').get()!.reason;
      expect([manager, member, substitute].map(reasonOn)).toEqual(['当晚在外地采访', '当晚在外地采访', '当晚在外地采访']);
      expect(reasonOn(bystander)).toBe('');
      await expectConverged(center, [manager, member, substitute, bystander]);
    } finally {
      await center.close();
    }
  });

  it('a swap of a shift the manager took away meanwhile is refused at the hub, and the member is told', async () => {
    const center = await startCenter(pgServer());
    try {
      const manager = await center.client('陈思远');
      const member = await center.client('王小川');
      const day = addDays(localDate(Date.now()), 12);
      const late = await manager.call('rota.saveShiftType', { name: '晚班', start: '15:00', end: '23:00' });
      const [entry] = await manager.call('rota.setCell', { date: day, shiftTypeId: late.id, personIds: [center.people.get('王小川')!] });
      await manager.sync.sync();
      await member.sync.sync();
      member.transport.offline = true;
      await member.call('rota.requestSwap', { entryId: entry!.id, substituteId: center.people.get('宋可欣')!, reason: '家里有事' });
      // Meanwhile the manager gives the shift to someone else.
      await manager.call('rota.setCell', { date: day, shiftTypeId: late.id, personIds: [center.people.get('宋可欣')!] });
      await manager.sync.sync();
      member.transport.offline = false;
      await member.sync.sync();
      await member.sync.sync();
      const st = member.sync.status();
      expect(st.pending).toBe(0);
      expect(st.notices.map((n) => n.message.zh).join('\n')).toMatch(/值班安排/);
      expect(onCell(member, day)).toEqual(['宋可欣']);
      expect(member.db.prepare('SELECT count(*) AS n FROM rota_swaps').get()).toEqual({ n: 0 });
      await expectConverged(center, [manager, member]);
    } finally {
      await center.close();
    }
  });
});
