import { afterEach, describe, expect, it } from 'vitest';
import type { Candidate } from '../../../shared/contract';
import { DEFAULT_COLUMNS } from '../../../shared/templates';
import { addDays, weekStart } from '../../../shared/time';
import { loadForWeeks } from '../../../main/workload/load';
import { compareForNeed, twoWeekRatio } from '../../../main/projects/group';
import { buildWorld, type BuiltProject, type World } from '../../helpers/world';

let w: World | null = null;
afterEach(() => {
  w?.close();
  w = null;
});

const today = (): string => w!.clock.today();
const idOf = (w: World, table: 'teams' | 'templates', name: string): string =>
  w.db.prepare<[string], { id: string }>(`SELECT id FROM ${table} WHERE name = ?`).get(name)!.id;

/**
 * 周岚 (admin), a manager, two conveners and members across the teams the large-live-show
 * template needs. 新春大直播 (active, 林晓峰) has its live day 38 days from today with 钟一鸣,
 * 马骁 and 吕佳宁 in its group and an open task on 钟一鸣; 文旅短视频 (active, 苏雨晴) has
 * 王小川, 马骁 and 吕佳宁, with a key date on another day.
 */
async function center(): Promise<{ w: World; big: BuiltProject; film: BuiltProject }> {
  const w = await buildWorld();
  await w.people({
    陈思远: { team: 'copy', role: 'manager' },
    林晓峰: { team: 'live', role: 'convener', skills: ['直播导播', '现场调度'] },
    苏雨晴: { team: 'copy', role: 'convener', skills: ['策划', '文案'] },
    王小川: { team: 'shortvideo', skills: ['短视频剪辑'] },
    宋可欣: { team: 'copy', skills: ['文案'] },
    马骁: { team: 'camera', skills: ['摄像', '航拍'] },
    田野: { team: 'camera', skills: ['摄像'] },
    高远: { team: 'camera', skills: ['摄影'] },
    钟一鸣: { team: 'tech', skills: ['技术保障', '5G传输'] },
    吕佳宁: { team: 'design', skills: ['海报设计'] },
    方圆: { team: 'live', skills: ['直播导播'] },
    白露: { team: 'post', skills: ['剪辑'] },
    江帆: { team: 'newmedia', skills: ['抖音运营'] },
  });
  const big = await w.project({
    name: '新春大直播',
    convener: '林晓峰',
    start: -20,
    end: 45,
    platforms: ['tv', 'app', 'douyin'],
    keyDates: [{ date: 38, label: '直播日' }, { date: 30, label: '全流程彩排' }],
    members: [
      { name: '方圆', role: '直播导播', hoursPerWeek: 16 },
      { name: '钟一鸣', role: '技术保障', hoursPerWeek: 20 },
      { name: '马骁', role: '摄像', hoursPerWeek: 20 },
      { name: '吕佳宁', role: '舞美包装', hoursPerWeek: 12 },
    ],
    status: 'active',
  });
  await w.task(big, { title: '5G传输链路测试', column: '进行中', assignees: ['钟一鸣'], dueInDays: 2 });
  const film = await w.project({
    name: '文旅短视频',
    convener: '苏雨晴',
    start: -10,
    end: 40,
    platforms: ['douyin', 'channels'],
    keyDates: [{ date: 20, label: '首发' }],
    members: [{ name: '王小川', role: '剪辑', hoursPerWeek: 10 }, { name: '马骁', role: '摄像', hoursPerWeek: 6 }, { name: '吕佳宁', role: '海报', hoursPerWeek: 4 }],
    status: 'active',
  });
  return { w, big, film };
}

async function liveShow(w: World, keyDate = addDays(today(), 38)) {
  return w.call(w.as('林晓峰'), 'projects.create', {
    name: '元宵灯会直播',
    content: '元宵灯会现场直播',
    formats: ['live', 'short_video'],
    platforms: ['tv', 'douyin'],
    audience: '全区群众',
    startDate: today(),
    endDate: addDays(today(), 44),
    keyDates: [{ date: keyDate, label: '直播日' }],
    templateId: idOf(w, 'templates', '大型直播'),
  });
}

describe('creating a project', () => {
  it('from the large-live-show template pre-fills needs, columns, deliverables and tasks with checklists', async () => {
    ({ w } = await center());
    const p = await liveShow(w);
    expect(p.status).toBe('proposed');
    expect(p.convenerName).toBe('林晓峰');
    expect(p.templateName).toBe('大型直播');
    expect(p.needs.map((n) => n.teamName)).toEqual([
      '直播团队', '摄影摄像团队', '技术研发团队', '美编设计团队', '文案团队', '后期剪辑团队', '新媒体运营团队',
    ]);
    expect(p.needs[0]).toMatchObject({ role: '直播导播', count: 4, hoursPerWeek: 16, skill: '直播导播' });
    expect(p.counts).toEqual({ tasks: 5, openTasks: 5, deliverables: 4, columns: 4 });
    const checklist = w.db
      .prepare<[string], { n: number }>(
        "SELECT count(*) AS n FROM checklist_items c JOIN tasks t ON t.id = c.task_id WHERE t.project_id = ? AND t.title = '确定板块与串联单'",
      )
      .get(p.id)!.n;
    expect(checklist).toBe(3);
    // The convener is in the group they convene.
    expect(p.group.map((g) => [g.name, g.role])).toEqual([['林晓峰', '召集人']]);
    const log = w.db
      .prepare<[string], { actor_id: string; summary: string }>("SELECT actor_id, summary FROM activity_log WHERE entity_id = ? AND command = 'projects.create'")
      .get(p.id)!;
    expect(log.actor_id).toBe(w.as('林晓峰').actorId);
    expect(log.summary).toContain('大型直播');
  });

  it('without a template gets the default board columns and no tasks', async () => {
    ({ w } = await center());
    const p = await w.call(w.as('苏雨晴'), 'projects.create', { name: '读书月', startDate: today(), endDate: addDays(today(), 10) });
    const cols = w.db
      .prepare<[string], { name: string; is_done: number }>('SELECT name, is_done FROM board_columns WHERE project_id = ? ORDER BY position')
      .all(p.id);
    expect(cols.map((c) => c.name)).toEqual(DEFAULT_COLUMNS.map((c) => c.name));
    expect(cols.at(-1)!.is_done).toBe(1);
    expect(p.counts.tasks).toBe(0);
  });

  it('refuses key dates outside the project and an end before the start', async () => {
    ({ w } = await center());
    const lxf = w.as('林晓峰');
    const e = await w.fail(lxf, 'projects.create', {
      name: 'x', startDate: today(), endDate: addDays(today(), 3), keyDates: [{ date: addDays(today(), 9), label: '' }],
    });
    expect(e.code).toBe('VALIDATION');
    expect(e.localized.zh).toContain('不在项目起止日期内');
    expect((await w.fail(lxf, 'projects.create', { name: 'x', startDate: today(), endDate: addDays(today(), -1) })).code).toBe('VALIDATION');
  });
});

describe('status', () => {
  it('moves proposed → active → wrapped → archived one step at a time, recording who and when', async () => {
    ({ w } = await center());
    const p = await liveShow(w);
    const lxf = w.as('林晓峰');
    expect((await w.fail(lxf, 'projects.setStatus', { id: p.id, status: 'wrapped' })).code).toBe('VALIDATION');
    await w.call(lxf, 'projects.setStatus', { id: p.id, status: 'active' });
    await w.call(w.as('陈思远'), 'projects.setStatus', { id: p.id, status: 'wrapped' });
    const done = await w.call(lxf, 'projects.setStatus', { id: p.id, status: 'archived' });
    expect(done.statusHistory.map((h) => [h.status, h.actorName])).toEqual([
      ['proposed', '林晓峰'], ['active', '林晓峰'], ['wrapped', '陈思远'], ['archived', '林晓峰'],
    ]);
    expect(done.statusChangedByName).toBe('林晓峰');
    // An archived project is a record: its group no longer changes.
    const e = await w.fail(lxf, 'projects.group.add', { projectId: p.id, personId: w.as('马骁').actorId! });
    expect(e.code).toBe('CONFLICT');
    expect(e.localized.zh).toContain('已归档');
  });
});

describe('load and clashes', () => {
  it('flags members of another project with a key date on the same day, and time off on a key date', async () => {
    const { w: built, big } = await center();
    w = built;
    const p = await liveShow(w);
    const candidates = await w.call(w.as('林晓峰'), 'projects.candidates', { projectId: p.id });
    const byName = new Map(candidates.map((c) => [c.name, c]));
    // 钟一鸣 is in the group of 新春大直播, whose live day is the same day.
    const zym = byName.get('钟一鸣')!;
    expect(zym.clashes).toEqual([
      { kind: 'project', date: addDays(today(), 38), label: '直播日', projectId: big.id, projectName: '新春大直播' },
    ]);
    // 王小川 is in other groups, but none has a key date that day.
    expect(byName.get('王小川')!.clashes).toEqual([]);
    // Every clash names a proposed or active project that really has that key date.
    for (const c of candidates) for (const x of c.clashes) expect(x.date).toBe(addDays(today(), 38));

    // Time off: 钟一鸣 is on a field assignment Monday–Wednesday of the week after next.
    const monday = weekStart(today());
    await w.call(w.as('陈思远'), 'timeOff.create', {
      personId: w.id('钟一鸣'), kind: 'field', startDate: addDays(monday, 14), endDate: addDays(monday, 16), note: '市里抽调',
    });
    const q = await w.call(w.as('林晓峰'), 'projects.create', {
      name: '外派周测试', startDate: monday, endDate: addDays(monday, 20), keyDates: [{ date: addDays(monday, 15), label: '发布' }],
    });
    const zym2 = (await w.call(w.as('林晓峰'), 'projects.candidates', { projectId: q.id, search: '钟一鸣' }))[0]!;
    // A convener sees the field assignment, not its reason (core/read-scopes).
    expect(zym2.clashes).toEqual([{ kind: 'timeOff', date: addDays(monday, 15), label: '', timeOffKind: 'field' }]);
  });

  it('a key date on which someone is on the duty rota is a clash, naming the shift', async () => {
    ({ w } = await center());
    const manager = w.as('陈思远');
    const monday = weekStart(today());
    const day = addDays(monday, 16);
    const late = await w.call(manager, 'rota.saveShiftType', { name: '晚班二', start: '15:00', end: '23:00' });
    await w.call(manager, 'rota.setCell', { date: day, shiftTypeId: late.id, personIds: [w.as('宋可欣').actorId!] });
    const q = await w.call(w.as('林晓峰'), 'projects.create', {
      name: '值班冲突测试', startDate: monday, endDate: addDays(monday, 20), keyDates: [{ date: day, label: '发布' }, { date: addDays(day, 1), label: '复盘' }],
    });
    const [skx] = await w.call(w.as('林晓峰'), 'projects.candidates', { projectId: q.id, search: '宋可欣' });
    expect(skx!.clashes).toEqual([{ kind: 'duty', date: day, label: '晚班二 15:00–23:00', shiftName: '晚班二' }]);
    const [wxc] = await w.call(w.as('林晓峰'), 'projects.candidates', { projectId: q.id, search: '王小川' });
    expect(wxc!.clashes.filter((c) => c.kind === 'duty')).toEqual([]);
  });

  it('a wrapped project no longer clashes', async () => {
    const { w: built, big } = await center();
    w = built;
    const p = await liveShow(w);
    await w.call(w.as('林晓峰'), 'projects.setStatus', { id: big.id, status: 'wrapped' });
    const zym = (await w.call(w.as('林晓峰'), 'projects.candidates', { projectId: p.id, search: '钟一鸣' }))[0]!;
    expect(zym.clashes).toEqual([]);
  });

  it('shows load this week and next from the one load definition, and counts active projects', async () => {
    ({ w } = await center());
    const monday = weekStart(today());
    const lxf = w.as('林晓峰');
    const p = await w.call(lxf, 'projects.create', { name: '整周项目', startDate: monday, endDate: addDays(monday, 30) });
    const target = w.as('吕佳宁').actorId!;
    const before = (await w.call(lxf, 'projects.candidates', { projectId: p.id, search: '吕佳宁' }))[0]!;
    const expected = loadForWeeks(w.db, [target], [monday, addDays(monday, 7)]).get(target)!;
    expect(before.thisWeek.totalHours).toBe(expected[0]!.totalHours);
    expect(before.nextWeek.capacityHours).toBe(expected[1]!.capacityHours);
    expect(before.activeProjects).toBe(2);

    await w.call(lxf, 'projects.group.add', { projectId: p.id, personId: target, role: '主视觉', hoursPerWeek: 20 });
    const after = (await w.call(lxf, 'projects.candidates', { projectId: p.id, search: '吕佳宁' }))[0]!;
    // The project covers every working day of both weeks: 20 h more in each.
    expect(after.thisWeek.totalHours).toBeCloseTo(before.thisWeek.totalHours + 20, 5);
    expect(after.nextWeek.totalHours).toBeCloseTo(before.nextWeek.totalHours + 20, 5);
    expect(after.inGroup).toBe(true);
    // Proposed projects load people but are not yet "active projects".
    expect(after.activeProjects).toBe(2);
    await w.call(lxf, 'projects.setStatus', { id: p.id, status: 'active' });
    expect((await w.call(lxf, 'projects.candidates', { projectId: p.id, search: '吕佳宁' }))[0]!.activeProjects).toBe(3);
  });

  it('a person may be in several groups at once, once per group', async () => {
    ({ w } = await center());
    const p = await liveShow(w);
    const mx = w.as('马骁').actorId!;
    await w.call(w.as('林晓峰'), 'projects.group.add', { projectId: p.id, personId: mx });
    const e = await w.fail(w.as('林晓峰'), 'projects.group.add', { projectId: p.id, personId: mx });
    expect(e.code).toBe('CONFLICT');
    const groups = w.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM project_members WHERE person_id = ?').get(mx)!.n;
    // 新春大直播, 文旅短视频 and now this one.
    expect(groups).toBe(3);
  });
});

describe('suggestions', () => {
  const cand = (name: string, skills: string[], total: number, cap: number, clashes = 0): Candidate => ({
    personId: name, name, pinyin: name, teamId: 't', title: '', skills, capacityHours: cap,
    thisWeek: { weekStart: '', totalHours: total, capacityHours: cap, ratio: null, level: 'free' },
    nextWeek: { weekStart: '', totalHours: total, capacityHours: cap, ratio: null, level: 'free' },
    activeProjects: 0,
    clashes: Array.from({ length: clashes }, () => ({ kind: 'timeOff' as const, date: '2027-01-01', label: '', timeOffKind: 'leave' as const })),
    inGroup: false,
  });

  it('orders by matching skill, then least loaded, then fewest clashes, then pinyin', () => {
    const list = [
      cand('e', [], 0, 40),
      cand('d', ['摄像'], 30, 40),
      cand('c', ['摄像'], 10, 40, 1),
      cand('b', ['摄像'], 10, 40),
      cand('a', ['摄像'], 10, 0),
      cand('f', ['摄像'], 0, 0),
    ];
    expect(list.sort(compareForNeed('摄像')).map((c) => c.name)).toEqual(['f', 'b', 'c', 'd', 'a', 'e']);
    expect(twoWeekRatio(cand('x', [], 10, 0))).toBe(Infinity);
  });

  it('for each needed team, puts people with the skill and the least load first', async () => {
    ({ w } = await center());
    const p = await liveShow(w);
    const lxf = w.as('林晓峰');
    const groups = await w.call(lxf, 'projects.suggestions', { projectId: p.id, perNeed: 8 });
    expect(groups.map((g) => g.need.teamName)).toEqual(p.needs.map((n) => n.teamName));
    for (const g of groups) {
      const hasSkill = g.people.map((c) => (g.need.skill ? c.skills.includes(g.need.skill) : true));
      // Once someone without the skill appears, no one with it follows.
      expect(hasSkill.indexOf(false) === -1 || !hasSkill.slice(hasSkill.indexOf(false)).includes(true)).toBe(true);
      const withSkill = g.people.filter((_, i) => hasSkill[i]);
      for (let i = 1; i < withSkill.length; i++) expect(twoWeekRatio(withSkill[i]!)).toBeGreaterThanOrEqual(twoWeekRatio(withSkill[i - 1]!));
      expect(g.people.every((c) => c.teamId === g.need.teamId && !c.inGroup)).toBe(true);
    }
    // The convener (live team) is already in: counted, not suggested.
    const live = groups.find((g) => g.need.teamName === '直播团队')!;
    expect(live.have).toBe(1);
    expect(live.people.map((c) => c.name)).not.toContain('林晓峰');

    // Loading the least-loaded camera person elsewhere pushes them down the list.
    const camera = groups.find((g) => g.need.teamName === '摄影摄像团队')!;
    const first = camera.people[0]!;
    const monday = weekStart(today());
    const other = await w.call(lxf, 'projects.create', { name: '占满', startDate: monday, endDate: addDays(monday, 20) });
    await w.call(lxf, 'projects.group.add', { projectId: other.id, personId: first.personId, hoursPerWeek: 60 });
    const again = (await w.call(lxf, 'projects.suggestions', { projectId: p.id, perNeed: 8 })).find((g) => g.need.teamName === '摄影摄像团队')!;
    expect(again.people[0]!.personId).not.toBe(first.personId);
  });
});

describe('who may change a project and its group', () => {
  it('a plain member sees the project but every change is refused with a clear message', async () => {
    ({ w } = await center());
    const p = await liveShow(w);
    const member = w.as('王小川');
    const seen = await w.call(member, 'projects.get', { id: p.id });
    expect(seen.canManage).toBe(false);
    const someone = w.as('马骁').actorId!;
    for (const [name, input] of [
      ['projects.group.add', { projectId: p.id, personId: someone }],
      ['projects.group.update', { projectId: p.id, personId: w.as('林晓峰').actorId!, role: '摄像' }],
      ['projects.group.remove', { projectId: p.id, personId: w.as('林晓峰').actorId! }],
      ['projects.update', { id: p.id, name: '改名' }],
      ['projects.setStatus', { id: p.id, status: 'active' }],
      ['templates.saveFromProject', { projectId: p.id, name: '我的模板' }],
    ] as const) {
      const e = await w.fail(member, name, input);
      expect(e.code, name).toBe('FORBIDDEN');
      expect(e.localized.zh, name).toContain('只有项目召集人、管理者或管理员');
    }
    expect((await w.fail(member, 'projects.create', { name: 'x', startDate: today(), endDate: today() })).code).toBe('FORBIDDEN');
  });

  it('another convener cannot change it; a manager and an admin can', async () => {
    ({ w } = await center());
    const p = await liveShow(w);
    const mx = w.as('马骁').actorId!;
    expect((await w.fail(w.as('苏雨晴'), 'projects.group.add', { projectId: p.id, personId: mx })).code).toBe('FORBIDDEN');
    expect((await w.call(w.as('苏雨晴'), 'projects.get', { id: p.id })).canManage).toBe(false);
    await w.call(w.as('陈思远'), 'projects.group.add', { projectId: p.id, personId: mx, role: '摄像', hoursPerWeek: 12 });
    const m = await w.call(w.as('周岚'), 'projects.group.update', { projectId: p.id, personId: mx, hoursPerWeek: 6 });
    expect([m.role, m.hoursPerWeek]).toEqual(['摄像', 6]);
    await w.call(w.as('林晓峰'), 'projects.group.remove', { projectId: p.id, personId: mx });
    const log = w.db
      .prepare<[string], { command: string }>("SELECT command FROM activity_log WHERE project_id = ? AND entity_type = 'project_member' ORDER BY at, id")
      .all(p.id)
      .map((r) => r.command);
    expect(log).toEqual(['projects.group.add', 'projects.group.update', 'projects.group.remove']);
  });

  it('a convener cannot name someone else as convener; a manager can', async () => {
    ({ w } = await center());
    const input = { name: 'x', startDate: today(), endDate: today(), convenerId: w.as('苏雨晴').actorId! };
    expect((await w.fail(w.as('林晓峰'), 'projects.create', input)).code).toBe('FORBIDDEN');
    expect((await w.call(w.as('陈思远'), 'projects.create', input)).convenerName).toBe('苏雨晴');
  });

  it('adds with the role and hours the project needs from the person’s team; refuses to drop someone with open tasks', async () => {
    ({ w } = await center());
    const p = await liveShow(w);
    const lxf = w.as('林晓峰');
    const m = await w.call(lxf, 'projects.group.add', { projectId: p.id, personId: w.as('马骁').actorId! });
    expect([m.role, m.hoursPerWeek]).toEqual(['摄像', 14]);
    const big = (await w.call(lxf, 'projects.list', { search: '新春大直播' }))[0]!.id;
    const e = await w.fail(lxf, 'projects.group.remove', { projectId: big, personId: w.as('钟一鸣').actorId! });
    expect(e.code).toBe('CONFLICT');
    expect(e.localized.zh).toContain('未完成的任务');
  });
});

describe('project list', () => {
  it('filters by status, platform, team, convener and my projects', async () => {
    ({ w } = await center());
    // Beside 新春大直播 and 文旅短视频 (both active): one proposed, one wrapped.
    const proposed = await w.project({ name: '读书月直播', convener: '林晓峰', platforms: ['weibo'], members: ['王小川'] });
    await w.project({ name: '年终盘点H5', convener: '苏雨晴', start: -40, end: -5, platforms: ['wechat'], members: ['钟一鸣'], status: 'wrapped' });
    const me = w.as('王小川');
    const all = await w.call(me, 'projects.list', {});
    expect(all.length).toBe(4);
    expect(all.map((p) => p.status)).toEqual(['active', 'active', 'proposed', 'wrapped']);
    const active = await w.call(me, 'projects.list', { statuses: ['active'] });
    expect(active.map((p) => p.name).sort()).toEqual(['新春大直播', '文旅短视频'].sort());
    const douyin = await w.call(me, 'projects.list', { platform: 'douyin' });
    expect(douyin.every((p) => p.platforms.includes('douyin'))).toBe(true);
    expect(douyin.map((p) => p.name).sort()).toEqual(['新春大直播', '文旅短视频'].sort());
    const techTeam = idOf(w, 'teams', '技术研发团队');
    const tech = await w.call(me, 'projects.list', { teamId: techTeam });
    expect(tech.map((p) => p.name).sort()).toEqual(['新春大直播', '年终盘点H5'].sort());
    expect(tech.every((p) => p.teamIds.includes(techTeam))).toBe(true);
    const lxf = await w.call(me, 'projects.list', { convenerId: w.as('林晓峰').actorId! });
    expect(lxf.map((p) => p.name).sort()).toEqual(['新春大直播', '读书月直播'].sort());
    const mine = await w.call(me, 'projects.list', { mine: true });
    expect(mine.map((p) => p.name).sort()).toEqual(['文旅短视频', '读书月直播'].sort());
    expect(mine.every((p) => p.mine)).toBe(true);
    expect(all.find((p) => p.id === proposed.id)!.mine).toBe(true);
  });
});

describe('templates', () => {
  it('saves a project as a new template that lays out the same project again', async () => {
    const { w: built, big: bigProject } = await center();
    w = built;
    const lxf = w.as('林晓峰');
    const big = bigProject.id;
    const link = (await w.call(lxf, 'boards.get', { projectId: big })).tasks.find((t) => t.title === '5G传输链路测试')!;
    for (const text of ['主会场背包测试', '分会场链路', '备份线路']) await w.call(lxf, 'checklist.add', { taskId: link.id, text });
    for (const title of ['确定直播板块与串联单', '舞台包装设计稿', '机位图与摄像分工']) await w.task(bigProject, { title });
    await w.deliverable(bigProject, { title: '除夕融媒直播', platform: 'tv', productForm: 'live' });
    await w.deliverable(bigProject, { title: '直播精彩切片', platform: 'douyin', productForm: 'short_video' });
    const t = await w.call(lxf, 'templates.saveFromProject', { projectId: big, name: '新春直播（2027版）', description: '复用' });
    expect(t.builtin).toBe(false);
    expect(t.payload.columns.map((c) => c.name)).toEqual(['待办', '进行中', '待审核', '已完成']);
    const taskCount = w.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM tasks WHERE project_id = ?').get(big)!.n;
    expect(taskCount).toBe(4);
    expect(t.payload.tasks.length).toBe(taskCount);
    expect(t.payload.tasks.find((x) => x.title === '5G传输链路测试')!.checklist).toEqual(['主会场背包测试', '分会场链路', '备份线路']);
    expect(t.payload.keyDates.map((k) => k.label).sort()).toEqual(['全流程彩排', '直播日']);
    // No needs were stated for the project: the group by team and role stands in.
    expect(t.payload.roles.some((r) => r.team === '直播团队' && r.role === '直播导播')).toBe(true);
    expect((await w.call(lxf, 'templates.list', {})).map((x) => x.name)).toContain('新春直播（2027版）');
    expect((await w.fail(lxf, 'templates.saveFromProject', { projectId: big, name: '新春直播（2027版）' })).code).toBe('CONFLICT');

    const again = await w.call(lxf, 'projects.create', {
      name: '2028新春大直播', startDate: today(), endDate: addDays(today(), t.payload.durationDays - 1), templateId: t.id,
    });
    expect(again.counts).toMatchObject({ tasks: taskCount, deliverables: 2, columns: 4 });
    expect(again.needs.length).toBe(t.payload.roles.length);
  });
});
