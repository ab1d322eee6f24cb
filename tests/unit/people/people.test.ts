import { afterEach, describe, expect, it } from 'vitest';
import { pinyinKeys } from '../../../main/core/pinyin';
import { world, type TestWorld } from '../../helpers/db';
import { buildWorld, DEFAULT_NOW, type World } from '../../helpers/world';

let w: TestWorld | null = null;
afterEach(() => {
  w?.close();
  w = null;
});

const teamId = (w: TestWorld, name: string): string =>
  w.db.prepare<[string], { id: string }>('SELECT id FROM teams WHERE name = ?').get(name)!.id;

/** 周岚 (admin, made by the set-up), two managers and two members. */
async function staffed(): Promise<World> {
  const w = await buildWorld();
  await w.people({
    陈思远: { team: 'copy', role: 'manager' },
    何静怡: { team: 'newmedia', role: 'manager' },
    王小川: { team: 'shortvideo' },
    宋可欣: { team: 'copy' },
  });
  return w;
}

describe('pinyin keys', () => {
  it('gives full pinyin and initials, reading the first character as a surname', () => {
    expect(pinyinKeys('张晓明')).toEqual({ full: 'zhangxiaoming', initials: 'zxm' });
    expect(pinyinKeys('单雨桐')).toEqual({ full: 'shanyutong', initials: 'syt' });
    expect(pinyinKeys('曾乐')).toEqual({ full: 'zengle', initials: 'zl' });
    expect(pinyinKeys('吕佳宁')).toEqual({ full: 'lvjianing', initials: 'ljn' });
    expect(pinyinKeys('Lily 王')).toEqual({ full: 'lilywang', initials: 'lw' });
  });
});

describe('finding people', () => {
  it('finds 张晓明 by zxm, zhangxiaoming, xiaoming, 晓明 and by skill', async () => {
    w = await staffed();
    const admin = w.as('周岚');
    await w.call(admin, 'people.create', { name: '张晓明', teamId: teamId(w, '短视频团队'), skills: ['无人机'] });
    for (const q of ['zxm', 'ZXM', 'zhangxiaoming', 'zhang xiaoming', 'xiaoming', '晓明', '无人机']) {
      const found = await w.call(admin, 'people.list', { search: q });
      expect(found.map((p) => p.name), q).toContain('张晓明');
    }
    const none = await w.call(admin, 'people.list', { search: 'zxq' });
    expect(none.map((p) => p.name)).not.toContain('张晓明');
  });

  it('ranks initials matches first', async () => {
    const b = (w = await buildWorld());
    // Initials (李安娜: lan) before a pinyin prefix (兰欣: lanxin) before pinyin inside the name (周岚: zhoulan).
    await b.people({ 兰欣: { team: 'copy' }, 李安娜: { team: 'tech' }, 钟亮: { team: 'tech' } });
    const found = await w.call(w.as('周岚'), 'people.list', { search: 'lan' });
    expect(found.map((p) => p.name)).toEqual(['李安娜', '兰欣', '周岚']);
    expect(found[0]!.pinyinInitials.startsWith('lan')).toBe(true);
    const zl = await w.call(w.as('周岚'), 'people.list', { search: 'zl' });
    expect(zl.map((p) => p.name).sort()).toEqual(['周岚', '钟亮'].sort());
  });

  it('hides deactivated people unless asked, and filters by team', async () => {
    const b = (w = await staffed());
    await b.people({ 郭振宇: { team: 'shortvideo', role: 'convener' }, 田甜: { team: 'shortvideo' } });
    const admin = w.as('周岚');
    const xc = w.as('王小川').actorId!;
    await w.call(admin, 'people.setActive', { id: xc, active: false });
    expect((await w.call(admin, 'people.list', { search: '王小川' })).length).toBe(0);
    expect((await w.call(admin, 'people.list', { search: '王小川', includeInactive: true }))[0]!.active).toBe(false);
    const sv = await w.call(admin, 'people.list', { teamId: teamId(w, '短视频团队') });
    expect(sv.every((p) => p.teamId === teamId(w!, '短视频团队'))).toBe(true);
    expect(sv.map((p) => p.name).sort()).toEqual(['田甜', '郭振宇'].sort());
  });
});

describe('roles, enforced in main', () => {
  it('a member cannot add, edit or move others', async () => {
    w = await staffed();
    const member = w.as('王小川');
    const other = w.as('宋可欣').actorId!;
    for (const [name, input] of [
      ['people.create', { name: '新人', teamId: teamId(w, '文案团队') }],
      ['people.update', { id: other, title: '主编' }],
      ['people.update', { id: other, teamId: teamId(w, '直播团队') }],
      ['people.setActive', { id: other, active: false }],
      ['teams.create', { name: '新团队' }],
    ] as const) {
      const e = await w.fail(member, name, input);
      expect(e.code, name).toBe('FORBIDDEN');
      expect(e.localized.zh).toContain('没有权限');
    }
  });

  it('people keep their own title and skills, but not their team, role or capacity', async () => {
    w = await staffed();
    const me = w.as('王小川');
    const p = await w.call(me, 'people.update', { id: me.actorId!, title: '编导', skills: ['剪辑', '脚本'] });
    expect(p.skills).toEqual(['剪辑', '脚本']);
    expect((await w.fail(me, 'people.update', { id: me.actorId!, role: 'admin' })).code).toBe('FORBIDDEN');
    expect((await w.fail(me, 'people.update', { id: me.actorId!, capacityHours: 10 })).code).toBe('FORBIDDEN');
  });

  it('a manager staffs teams but cannot grant admin; an admin can; the last admin stays', async () => {
    w = await staffed();
    const manager = w.as('陈思远');
    const admin = w.as('周岚');
    const moved = await w.call(manager, 'people.update', { id: w.as('王小川').actorId!, teamId: teamId(w, '直播团队') });
    expect(moved.teamId).toBe(teamId(w, '直播团队'));
    expect((await w.fail(manager, 'people.update', { id: w.as('王小川').actorId!, role: 'admin' })).code).toBe('VALIDATION');
    await w.call(admin, 'people.update', { id: w.as('何静怡').actorId!, role: 'admin' });
    await w.call(admin, 'people.update', { id: w.as('何静怡').actorId!, role: 'manager' });
    expect((await w.fail(admin, 'people.update', { id: admin.actorId!, role: 'member' })).code).toBe('CONFLICT');
    expect((await w.fail(admin, 'people.setActive', { id: admin.actorId!, active: false })).code).toBe('CONFLICT');
  });

  it('a deactivated person can no longer act', async () => {
    w = await staffed();
    const xc = w.as('王小川');
    await w.call(w.as('周岚'), 'people.setActive', { id: xc.actorId!, active: false });
    expect((await w.fail(xc, 'people.get', { id: xc.actorId! })).code).toBe('FORBIDDEN');
    expect((await w.fail({ actorId: null }, 'session.signIn', { personId: xc.actorId! })).code).toBe('CONFLICT');
  });

  it('team names are unique', async () => {
    w = await staffed();
    expect((await w.fail(w.as('周岚'), 'teams.create', { name: '直播团队' })).code).toBe('CONFLICT');
  });
});

describe('workspace set-up', () => {
  it('creates the first admin with the ten standard teams, once', async () => {
    w = await world({ now: DEFAULT_NOW });
    expect((await w.call({ actorId: null }, 'workspace.status', {})).initialized).toBe(false);
    const s = await w.call({ actorId: null }, 'workspace.setup', { mode: 'empty', admin: { name: '顾明远' } });
    expect(s.actor?.role).toBe('admin');
    expect((await w.call({ actorId: null }, 'teams.list', {})).length).toBe(10);
    expect((await w.call({ actorId: null }, 'workspace.status', {})).initialized).toBe(true);
    expect((await w.fail({ actorId: null }, 'workspace.setup', { mode: 'demo' })).code).toBe('CONFLICT');
    const log = w.db.prepare<[], { actor_id: string }>("SELECT actor_id FROM activity_log WHERE command = 'workspace.setup'").get()!;
    expect(log.actor_id).toBe(s.actor!.id);
  });
});

describe('logins (hub sign-in handles)', () => {
  it('every person gets a unique login from the pinyin of the name; a repeated name gets a number', async () => {
    w = await staffed();
    const admin = w.as('周岚');
    expect((await w.call(admin, 'people.get', { id: admin.actorId! })).login).toBe('zhoulan');
    const a = await w.call(admin, 'people.create', { name: '王伟', teamId: teamId(w, '文案团队') });
    const b = await w.call(admin, 'people.create', { name: '王伟', teamId: teamId(w, '文案团队') });
    expect(a.login).toBe('wangwei');
    expect(b.login).toBe('wangwei2');
    const c = await w.call(admin, 'people.create', { name: '王伟', teamId: teamId(w, '文案团队'), login: ' S0427 ' });
    expect(c.login).toBe('s0427');
  });

  it('only an admin sets or changes a login; a member renaming themself keeps theirs', async () => {
    w = await staffed();
    const admin = w.as('周岚');
    const manager = w.as('陈思远');
    const me = w.as('王小川');
    const renamed = await w.call(me, 'people.update', { id: me.actorId!, name: '周岚' });
    expect(renamed).toMatchObject({ name: '周岚', login: 'wangxiaochuan' });
    expect((await w.fail(me, 'people.update', { id: me.actorId!, login: 'zhoulan2' })).code).toBe('FORBIDDEN');
    expect((await w.fail(manager, 'people.update', { id: me.actorId!, login: 'wxc' })).code).toBe('FORBIDDEN');
    expect((await w.fail(manager, 'people.create', { name: '新人', teamId: teamId(w, '文案团队'), login: 'xinren' })).code).toBe('FORBIDDEN');
    expect((await w.call(admin, 'people.update', { id: me.actorId!, login: 'WXC' })).login).toBe('wxc');
    // Taken (case-insensitively) or malformed: refused.
    expect((await w.fail(admin, 'people.update', { id: me.actorId!, login: 'ZhouLan' })).code).toBe('CONFLICT');
    expect((await w.fail(admin, 'people.update', { id: me.actorId!, login: '周岚' })).code).toBe('VALIDATION');
    expect((await w.fail(admin, 'people.update', { id: me.actorId!, login: 'a b' })).code).toBe('VALIDATION');
  });
});
