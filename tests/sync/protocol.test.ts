import { describe, expect, it } from 'vitest';
import { setPassword } from '../../main/hub/store';
import { ADMIN, NO_FAULTS, PASSWORD, hubPost, startCenter, startTestHub, type Client } from './harness';
import { usePostgres } from './use-postgres';
import { expectConverged } from './converged';

const pgServer = usePostgres();

const converged = expectConverged;

const teamOf = async (c: Client): Promise<{ id: string; name: string; description: string }> => (await c.call('teams.list', {}))[0]!;

describe('sync through a hub on PostgreSQL', () => {
  it('a client signs in, receives the workspace, and acts as its hub user', async () => {
    const center = await startCenter(pgServer());
    try {
      const a = await center.client('陈思远');
      const people = await a.call('people.list', {});
      expect(people.map((p) => p.name).sort()).toEqual(['周岚', '宋可欣', '林晓峰', '王小川', '陈思远'].sort());
      expect(a.session.actorId).toBe(center.people.get('陈思远'));
      const st = a.sync.status();
      expect(st).toMatchObject({ configured: true, online: true, pending: 0, hubUser: '陈思远' });
      expect(st.hubVersion).toBe(1);
      await converged(center, [a]);
    } finally {
      await center.close();
    }
  });

  it('offline edits of different fields of the same row both survive, field by field, in hub order', async () => {
    const center = await startCenter(pgServer());
    try {
      const admin = await center.client('周岚');
      const manager = await center.client('陈思远');
      const team = await teamOf(admin);
      admin.transport.offline = true;
      manager.transport.offline = true;
      await admin.call('teams.update', { id: team.id, description: '负责直播与转播' });
      await manager.call('teams.update', { id: team.id, skills: ['导播', '5G 传输'] });
      await manager.call('teams.update', { id: team.id, description: '经理的描述' });
      await admin.sync.sync().catch(() => undefined);
      expect(admin.sync.status()).toMatchObject({ online: false, pending: 1 });
      // The manager reconnects first, the admin later: the admin's description is the later write.
      manager.transport.offline = false;
      await manager.sync.sync();
      admin.transport.offline = false;
      await admin.sync.sync();
      await converged(center, [admin, manager]);
      for (const c of [admin, manager]) {
        const t = (await c.call('teams.list', {})).find((x) => x.id === team.id)!;
        expect(t.description).toBe('负责直播与转播');
        expect(t.skills).toEqual(['导播', '5G 传输']);
      }
      // Every change is in the activity log everywhere, attributed to who made it.
      const log = await manager.call('activity.list', { entityId: team.id });
      expect(log.map((e) => e.actorName).sort()).toEqual(['周岚', '陈思远', '陈思远']);
    } finally {
      await center.close();
    }
  });

  it('tells the windows: a change pulled from the hub emits `data`, every sync run emits `sync`', async () => {
    const center = await startCenter(pgServer());
    try {
      const admin = await center.client('周岚');
      const manager = await center.client('陈思远');
      const heard: string[] = [];
      manager.backend.events.on((e) => heard.push(e.topic));
      await manager.sync.sync(); // nothing new at the hub yet
      expect(heard).toEqual(['sync']);
      const team = await teamOf(admin);
      await admin.call('teams.update', { id: team.id, description: '窗口应当听到' });
      await admin.sync.sync();
      heard.length = 0;
      await manager.sync.sync();
      expect(heard).toContain('data');
      expect(heard[heard.length - 1]).toBe('sync');
      expect((await manager.call('teams.list', {})).find((t) => t.id === team.id)!.description).toBe('窗口应当听到');
    } finally {
      await center.close();
    }
  });

  it('a push whose answer is lost after the hub committed is retried and applied once', async () => {
    const center = await startCenter(pgServer());
    try {
      const a = await center.client('陈思远');
      const team = await teamOf(a);
      a.transport.faults = { ...NO_FAULTS, dropResponse: 1 };
      await a.call('teams.update', { id: team.id, description: '第一次' });
      await expect(a.sync.sync()).rejects.toThrow(/response dropped/);
      expect(a.sync.pendingCount()).toBe(1);
      a.transport.faults = { ...NO_FAULTS, duplicate: 1 };
      await a.sync.sync();
      await a.transport.settle();
      a.transport.faults = NO_FAULTS;
      await converged(center, [a]);
      const log = await center.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM hub_mutations WHERE name = 'teams.update'");
      expect(log.rows[0]!.n).toBe(1);
      const acts = await a.call('activity.list', { entityId: team.id });
      expect(acts).toHaveLength(1);
    } finally {
      await center.close();
    }
  });

  it('a change the hub refuses (rights changed meanwhile) is rolled back locally with a notice', async () => {
    const center = await startCenter(pgServer());
    try {
      const admin = await center.client('周岚');
      const manager = await center.client('陈思远');
      manager.transport.offline = true;
      // Offline, still a manager here, 陈思远 creates a team …
      const made = await manager.call('teams.create', { name: '无人机航拍' });
      await manager.call('people.update', { id: center.people.get('陈思远')!, title: '副主任' });
      expect((await manager.call('teams.list', {})).some((t) => t.id === made.id)).toBe(true);
      // … while the admin makes them a plain member at the hub.
      await admin.call('people.update', { id: center.people.get('陈思远')!, role: 'member' });
      await admin.sync.sync();
      manager.transport.offline = false;
      await manager.sync.sync();
      const st = manager.sync.status();
      expect(st.pending).toBe(0);
      expect(st.notices).toHaveLength(1);
      expect(st.notices[0]!.command).toBe('teams.create');
      expect(st.notices[0]!.message.zh).toMatch(/枢纽拒绝了您的改动/);
      expect((await manager.call('teams.list', {})).some((t) => t.id === made.id)).toBe(false);
      // Their own title is theirs to change: that one went through.
      const me = await manager.call('people.get', { id: center.people.get('陈思远')! });
      expect(me).toMatchObject({ role: 'member', title: '副主任' });
      await converged(center, [admin, manager]);
    } finally {
      await center.close();
    }
  });

  it('a change made on a machine under another local identity is run as the hub user, and refused if they may not', async () => {
    const center = await startCenter(pgServer());
    try {
      const member = await center.client('王小川');
      const adminSession = { actorId: center.people.get('周岚')! };
      await member.call('teams.create', { name: '冒名团队' }, adminSession);
      await member.sync.sync();
      expect(member.sync.status().notices[0]?.message.en).toMatch(/refused/);
      expect((await member.call('teams.list', {})).some((t) => t.name === '冒名团队')).toBe(false);
      await converged(center, [member]);
    } finally {
      await center.close();
    }
  });

  it('a delete wins: an offline edit of a row the hub has deleted is refused and the row stays gone', async () => {
    const center = await startCenter(pgServer());
    try {
      const admin = await center.client('周岚');
      const manager = await center.client('陈思远');
      const team = await admin.call('teams.create', { name: '临时专班' });
      await admin.sync.sync();
      await manager.sync.sync();
      expect((await manager.call('teams.list', {})).some((t) => t.id === team.id)).toBe(true);
      manager.transport.offline = true;
      await manager.call('teams.update', { id: team.id, description: '离线时写的说明' });
      // No delete command exists yet (boards and groups bring them); a delete is a tombstone at the
      // next version, exactly what the hub writes when a command deletes a row.
      const c = await center.pool.connect();
      try {
        await c.query('BEGIN');
        const v = (await c.query<{ version: number }>('UPDATE hub_version SET version = version + 1 RETURNING version')).rows[0]!.version;
        await c.query("UPDATE hub_rows SET data = NULL, version = $1 WHERE tbl = 'teams' AND pk = $2", [v, JSON.stringify([team.id])]);
        await c.query('COMMIT');
      } finally {
        c.release();
      }
      await admin.sync.sync();
      expect((await admin.call('teams.list', {})).some((t) => t.id === team.id)).toBe(false);
      manager.transport.offline = false;
      await manager.sync.sync();
      expect((await manager.call('teams.list', {})).some((t) => t.id === team.id)).toBe(false);
      const notices = manager.sync.status().notices;
      expect(notices).toHaveLength(1);
      expect(notices[0]!.message.en).toMatch(/not found/i);
      await converged(center, [admin, manager]);
    } finally {
      await center.close();
    }
  });

  it('an admin sets hub passwords over the API; others may not; a wrong password is refused', async () => {
    const center = await startCenter(pgServer());
    try {
      const post = (path: string, body: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }> =>
        hubPost(center.hubUrl, path, body, token);
      const bad = await post('/v1/login', { login: 'wangxiaochuan', password: 'wrong-password' });
      expect(bad.status).toBe(401);
      const member = await post('/v1/login', { login: 'wangxiaochuan', password: PASSWORD });
      const admin = await post('/v1/login', { login: 'zhoulan', password: PASSWORD });
      const target = center.people.get('宋可欣')!;
      expect((await post('/v1/password', { personId: target, password: 'new-password-1' }, member.body.token as string)).status).toBe(403);
      expect((await post('/v1/password', { personId: target, password: 'new-password-1' }, admin.body.token as string)).status).toBe(200);
      expect((await post('/v1/login', { login: 'songkexin', password: PASSWORD })).status).toBe(401);
      expect((await post('/v1/login', { login: 'songkexin', password: 'new-password-1' })).status).toBe(200);
      expect((await post('/v1/pull', { protocol: 1, schemaVersion: 1, clientId: crypto.randomUUID(), since: 0, pendingFrom: 1 })).status).toBe(401);
    } finally {
      await center.close();
    }
  });

  it('two hub processes on one PostgreSQL serve clients together (hubs are stateless)', async () => {
    const center = await startCenter(pgServer());
    const second = await startTestHub(center.pgUrl);
    try {
      const a = await center.client('周岚');
      const b = await center.client('陈思远', 7, second.url);
      const team = await teamOf(a);
      for (let i = 0; i < 5; i++) {
        await a.call('teams.update', { id: team.id, description: `甲${i}` });
        await b.call('teams.update', { id: team.id, nameEn: `B${i}` });
        await Promise.all([a.sync.sync(), b.sync.sync()]);
      }
      await converged(center, [a, b]);
      const t = (await b.call('teams.list', {})).find((x) => x.id === team.id)!;
      expect(t).toMatchObject({ description: '甲4', nameEn: 'B4' });
      const versions = await center.pool.query<{ n: number; d: number }>(
        "SELECT count(*)::int AS n, count(DISTINCT version)::int AS d FROM hub_mutations WHERE status = 'applied'",
      );
      expect(versions.rows[0]).toEqual({ n: 10, d: 10 }); // one global order across both processes
    } finally {
      await second.close();
      await center.close();
    }
  });

  it('after a password reset the person signs in again and keeps what they changed offline', async () => {
    const center = await startCenter(pgServer());
    try {
      const a = await center.client('陈思远');
      const team = await teamOf(a);
      await setPassword(center.pool, center.people.get('陈思远')!, 'a-new-password');
      await a.call('teams.update', { id: team.id, description: '重置密码前写的' });
      await expect(a.sync.sync()).rejects.toThrow(/sign in again/);
      expect(a.sync.status()).toMatchObject({ pending: 1, lastError: { en: expect.stringMatching(/sign in again/) } });
      await a.call('sync.connect', { hubUrl: center.hubUrl, name: 'chensiyuan', password: 'a-new-password' });
      expect(a.sync.status()).toMatchObject({ pending: 0, lastError: null });
      await converged(center, [a]);
      expect((await a.call('teams.list', {})).find((t) => t.id === team.id)!.description).toBe('重置密码前写的');
    } finally {
      await center.close();
    }
  });

  it('survives a hub restart: the hub keeps no state of its own', async () => {
    const center = await startCenter(pgServer());
    try {
      const a = await center.client('周岚');
      const b = await center.client('陈思远');
      const team = await teamOf(a);
      await a.call('teams.update', { id: team.id, description: '重启前' });
      await a.sync.sync();
      await center.restartHub();
      await b.call('teams.update', { id: team.id, nameEn: 'After restart' });
      await b.sync.sync();
      await a.sync.sync();
      await converged(center, [a, b]);
      const t = (await a.call('teams.list', {})).find((x) => x.id === team.id)!;
      expect(t).toMatchObject({ description: '重启前', nameEn: 'After restart' });
    } finally {
      await center.close();
    }
  });
});
