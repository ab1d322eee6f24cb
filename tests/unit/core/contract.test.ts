import { afterEach, describe, expect, it } from 'vitest';
import { HANDLER_GROUPS } from '../../../main/app';
import { Backend, mergeHandlers } from '../../../main/core/backend';
import { openDatabase } from '../../../main/db/connection';
import { CALL_NAMES, contract } from '../../../shared/contract';
import { dbChecksum } from '../../helpers/db';
import { buildWorld, DEFAULT_NOW, type World } from '../../helpers/world';

let w: World | null = null;

/** 周岚 (admin) and 王小川, a member of the short-video team titled 短视频编导. */
async function staffed(): Promise<World> {
  const t = await buildWorld();
  await t.person('王小川', { team: 'shortvideo', title: '短视频编导' });
  return t;
}

/** The first admin and one member, set up on a bare backend through its calls; their ids. */
async function setUpBare(backend: Backend): Promise<{ admin: string; member: string }> {
  const r = await backend.call('workspace.setup', { mode: 'empty', admin: { name: '周岚' } }, { actorId: null });
  if (!r.ok) throw new Error(r.error.message.en);
  const admin = (r.value as { actor: { id: string; teamId: string } }).actor;
  const m = await backend.call('people.create', { name: '王小川', teamId: admin.teamId }, { actorId: admin.id });
  if (!m.ok) throw new Error(m.error.message.en);
  return { admin: admin.id, member: (m.value as { id: string }).id };
}
afterEach(() => {
  w?.close();
  w = null;
});

describe('one contract', () => {
  it('every call has exactly one handler', () => {
    expect(() => mergeHandlers(HANDLER_GROUPS)).not.toThrow();
    const names = HANDLER_GROUPS.flatMap((g) => Object.keys(g)).sort();
    expect(names).toEqual([...CALL_NAMES].sort());
  });

  it('a missing handler stops start-up', () => {
    const [first, ...rest] = HANDLER_GROUPS;
    const partial = { ...first };
    delete (partial as Record<string, unknown>)['people.list'];
    delete (partial as Record<string, unknown>)['workspace.status'];
    expect(() => mergeHandlers([partial, ...rest])).toThrow(/without a handler: .*workspace.status/);
  });

  it('a handler registered twice stops start-up', () => {
    expect(() => mergeHandlers([...HANDLER_GROUPS, { 'people.list': HANDLER_GROUPS[1]!['people.list'] }])).toThrow(/registered twice: people.list/);
  });

  it('declares a kind and an access level for every call', () => {
    for (const name of CALL_NAMES) {
      expect(['query', 'command', 'session']).toContain(contract[name].kind);
      expect(['public', 'user']).toContain(contract[name].access);
    }
  });
});

describe('validation at the boundary', () => {
  it('bad input gets a typed VALIDATION error in both languages, and changes nothing', async () => {
    w = await staffed();
    const admin = w.as('周岚');
    const before = dbChecksum(w.db);
    const bad: [string, unknown][] = [
      ['people.create', { name: '', teamId: 'x' }],
      ['people.create', { name: '测试', teamId: '01a20f82-0255-70fe-82d5-694ee806f155', capacityHours: -5 }],
      ['people.create', { name: 'x'.repeat(101), teamId: '01a20f82-0255-70fe-82d5-694ee806f155' }],
      ['people.create', null],
      ['people.create', 'DROP TABLE people'],
      ['people.update', { id: 42 }],
      ['people.setActive', { id: '01a20f82-0255-70fe-82d5-694ee806f155', active: 'yes' }],
      ['teams.update', { id: '01a20f82-0255-70fe-82d5-694ee806f155', sort: 1.5 }],
      ['people.list', { includeInactive: 'true' }],
    ];
    for (const [name, input] of bad) {
      const e = await w.fail(admin, name, input);
      expect(e.code, `${name} ${JSON.stringify(input)}`).toBe('VALIDATION');
      expect(e.localized.zh).toMatch(/输入有误/);
      expect(e.localized.en).toMatch(/Invalid input/);
      expect(e.issues?.length).toBeGreaterThan(0);
    }
    expect(dbChecksum(w.db)).toBe(before);
  });

  it('an unknown call is NOT_FOUND; an unknown id is NOT_FOUND; neither changes anything', async () => {
    w = await staffed();
    const admin = w.as('周岚');
    const before = dbChecksum(w.db);
    expect((await w.fail(admin, 'people.drop', {})).code).toBe('NOT_FOUND');
    expect((await w.fail(admin, '__proto__', {})).code).toBe('NOT_FOUND');
    expect((await w.fail(admin, 'people.update', { id: '01a20f82-0255-70fe-82d5-694ee806f155', title: 'x' })).code).toBe('NOT_FOUND');
    expect(dbChecksum(w.db)).toBe(before);
  });

  it('calls that need a user are refused before anyone has signed in', async () => {
    w = await staffed();
    const e = await w.fail({ actorId: null }, 'people.get', { id: w.as('周岚').actorId });
    expect(e.code).toBe('FORBIDDEN');
  });
});

describe('the write path', () => {
  it('each command writes its change and exactly one attributed activity row, with before and after', async () => {
    w = await staffed();
    const admin = w.as('周岚');
    const count = () => w!.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM activity_log').get()!.n;
    const n0 = count();
    const xc = w.as('王小川');
    await w.call(admin, 'people.update', { id: xc.actorId!, title: '资深编导' });
    expect(count()).toBe(n0 + 1);
    const row = w.db
      .prepare<[], { actor_id: string; command: string; entity_id: string; before: string; after: string; input: string }>(
        'SELECT * FROM activity_log ORDER BY at DESC, id DESC LIMIT 1',
      )
      .get()!;
    expect(row.actor_id).toBe(admin.actorId);
    expect(row.command).toBe('people.update');
    expect(row.entity_id).toBe(xc.actorId);
    expect(JSON.parse(row.before).title).toBe('短视频编导');
    expect(JSON.parse(row.after).title).toBe('资深编导');
    expect(JSON.parse(row.input)).toEqual({ id: xc.actorId, title: '资深编导' });
  });

  it('a command that fails midway leaves no trace (data and log roll back together)', async () => {
    const { file } = await import('../../helpers/db').then((m) => m.tempDbFile());
    const db = openDatabase(file);
    let calls = 0;
    const backend = new Backend(db, [
      ...HANDLER_GROUPS.map((g) => {
        const copy = { ...g };
        if ('people.setActive' in copy) {
          copy['people.setActive'] = (ctx, input) => {
            calls++;
            ctx.db.prepare('UPDATE people SET active = ? WHERE id = ?').run(input.active ? 1 : 0, input.id);
            throw new Error('power cut');
          };
        }
        return copy;
      }),
    ], { now: () => DEFAULT_NOW });
    const { admin, member: target } = await setUpBare(backend);
    const before = dbChecksum(db);
    const r = await backend.call('people.setActive', { id: target, active: false }, { actorId: admin });
    expect(calls).toBe(1);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('INTERNAL');
    expect(dbChecksum(db)).toBe(before);
    db.close();
  });

  it('a command that forgets its activity row is refused', async () => {
    const { file } = await import('../../helpers/db').then((m) => m.tempDbFile());
    const db = openDatabase(file);
    const backend = new Backend(db, [
      ...HANDLER_GROUPS.map((g) => {
        const copy = { ...g };
        if ('teams.create' in copy) {
          copy['teams.create'] = (ctx, input) => {
            ctx.db.prepare("INSERT INTO teams (id, name, created_at, updated_at) VALUES ('x', ?, 0, 0)").run(input.name);
            return { id: 'x', name: input.name, nameEn: '', description: '', skills: [], sort: 0, headcount: 0 };
          };
        }
        return copy;
      }),
    ], { now: () => DEFAULT_NOW });
    const { admin } = await setUpBare(backend);
    const r = await backend.call('teams.create', { name: '无日志团队' }, { actorId: admin });
    expect(r.ok).toBe(false);
    expect(db.prepare("SELECT 1 FROM teams WHERE name = '无日志团队'").get()).toBeUndefined();
    db.close();
  });
});

describe('validation messages', () => {
  it('names the field and the rule in both languages', async () => {
    w = await staffed();
    const e = await w.fail(w.as('周岚'), 'people.create', { name: '', teamId: 'nope' });
    expect(e.localized.zh).toContain('名称不能为空');
    expect(e.localized.zh).toMatch(/teamId：.*UUID/);
    expect(e.localized.en).toContain('Name cannot be empty');
    expect(e.issues?.map((i) => i.path)).toEqual(['name', 'teamId']);
    // The words a person reads, never “title 数值过大”.
    await w.project({ name: '读书月', members: ['王小川'] });
    const b = await w.call(w.as('周岚'), 'projects.list', {});
    const long = await w.fail(w.as('周岚'), 'tasks.create', { projectId: b[0]!.id, title: '长'.repeat(300) });
    expect(long.localized.zh).toMatch(/^输入有误：标题过长（最多 \d+ 个字符）$/);
    expect(long.localized.en).toMatch(/^Invalid input: Title is too long \(at most \d+ characters\)$/);
    const hours = await w.fail(w.as('周岚'), 'people.create', { name: '欧阳', teamId: b[0]!.teamIds[0]!, role: 'member', capacityHours: 500 });
    expect(hours.localized.zh).toContain('每周可用工时不能大于 80');
  });
});
