import { describe, expect, it } from 'vitest';
import { startCenter } from './harness';
import { usePostgres } from './use-postgres';
import { expectConverged } from './converged';

/**
 * Issue 17 (roster import): people.import is one command with one activity row,
 * and it syncs like every other — imported offline, it reaches the hub and every
 * desktop under the same ids; a manager's desktop cannot import at all.
 */

const pgServer = usePostgres();

describe('a roster import across desktops', () => {
  it('imported offline by the admin, the new and updated people reach every desktop; one activity row', async () => {
    const center = await startCenter(pgServer());
    try {
      const admin = await center.client('周岚');
      const manager = await center.client('陈思远');
      const team = admin.db.prepare<[], { name: string }>('SELECT t.name FROM teams t JOIN people p ON p.team_id = t.id WHERE p.name = \'王小川\'').get()!.name;
      const rows = [
        ['工号', '姓名', '团队', '职务', '每周可用工时'],
        ['0427', '韩叶舟', team, '主播', '36'],
        ['', '王小川', team, '首席编导', ''],
      ];
      admin.transport.offline = true;
      expect(await admin.call('people.import', { fileName: '花名册.xlsx', rows })).toEqual({ created: 1, updated: 1, unchanged: 0 });
      const refused = await manager.backend.call('people.import', { fileName: '花名册.xlsx', rows }, manager.session);
      expect(refused.ok ? 'ok' : refused.error.code).toBe('FORBIDDEN');
      admin.transport.offline = false;
      await admin.sync.sync();
      expect(admin.sync.status().pending).toBe(0);
      await manager.sync.sync();
      const row = (c: typeof admin, name: string) =>
        c.db.prepare<[string], { id: string; login: string; title: string; capacity_hours: number }>('SELECT id, login, title, capacity_hours FROM people WHERE name = ?').get(name);
      for (const c of [admin, manager]) {
        expect(row(c, '韩叶舟'), c.name).toMatchObject({ login: '0427', title: '主播', capacity_hours: 36 });
        expect(row(c, '王小川')!.title, c.name).toBe('首席编导');
      }
      expect(row(manager, '韩叶舟')!.id).toBe(row(admin, '韩叶舟')!.id);
      const logs = manager.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM activity_log WHERE command = 'people.import'").get()!.n;
      expect(logs).toBe(1);
      await expectConverged(center, [admin, manager]);
    } finally {
      await center.close();
    }
  });
});
