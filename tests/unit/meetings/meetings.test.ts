import { afterEach, describe, expect, it } from 'vitest';
import type { TopicDetails } from '../../../shared/contract';
import { addDays, dayStart, localDate } from '../../../shared/time';
import { buildTaskList } from '../../../main/meetings/core';
import { seriesDates } from '../../../main/meetings/series';
import { dbChecksum, type TestWorld } from '../../helpers/db';
import { buildWorld, type World } from '../../helpers/world';

let w: World | null = null;
afterEach(() => {
  w?.close();
  w = null;
});

const NOW = Date.UTC(2026, 10, 24, 2, 0); // 2026-11-24 10:00 in the center
const TODAY = localDate(NOW);

/**
 * The center the meetings and figures are about: managers 陈思远 and 何静怡; 林晓峰 convenes
 * the sports games (王小川, 马骁), 唐若溪 the conference (宋可欣: a published weibo poster and a
 * TV talk show, a WeChat post due in three days), 郭振宇 the short-video trilogy (王小川: a
 * published 预告片, the 正片 not yet); 苏雨晴 convenes nothing of these.
 */
async function center(): Promise<World> {
  const t = await buildWorld({ now: NOW });
  await t.people({
    陈思远: { team: 'copy', role: 'manager' },
    何静怡: { team: 'newmedia', role: 'manager' },
    林晓峰: { team: 'live', role: 'convener' },
    苏雨晴: { team: 'copy', role: 'convener' },
    郭振宇: { team: 'shortvideo', role: 'convener' },
    唐若溪: { team: 'reporting', role: 'convener' },
    王小川: { team: 'shortvideo' },
    马骁: { team: 'camera' },
    宋可欣: { team: 'copy' },
  });
  await t.project({ name: '区第十届运动会融媒报道', convener: '林晓峰', start: -3, end: 20, members: ['王小川', '马骁'], status: 'active' });
  const conf = await t.project({ name: '全国县级融媒体发展大会报道', convener: '唐若溪', start: -10, end: 10, members: ['宋可欣'], status: 'active' });
  await t.publish(await t.deliverable(conf, { title: '大会倒计时海报', platform: 'weibo', productForm: 'poster', owner: '宋可欣', dueAt: NOW - 86_400_000 }));
  await t.publish(await t.deliverable(conf, { title: '会客厅第二期', platform: 'tv', productForm: 'interview', owner: '宋可欣' }));
  await t.deliverable(conf, { title: '开幕式图文快讯', platform: 'wechat', productForm: 'text_image', owner: '宋可欣', dueAt: dayStart(addDays(TODAY, 3)) + 10 * 3600_000 });
  const film = await t.project({ name: '“青溪山水”文旅短视频三部曲', convener: '郭振宇', start: -20, end: 20, members: ['王小川'], status: 'active' });
  await t.publish(await t.deliverable(film, { title: '预告片', platform: 'douyin', productForm: 'short_video', owner: '王小川' }));
  await t.deliverable(film, { title: '正片', platform: 'douyin', productForm: 'short_video', owner: '王小川' });
  return t;
}

const projectId = (w: TestWorld, name: string): string => w.db.prepare<[string], { id: string }>('SELECT id FROM projects WHERE name = ?').get(name)!.id;
const personId = (w: TestWorld, name: string): string => w.as(name).actorId!;

const topic = (decisions: TopicDetails['decisions']): TopicDetails => ({
  tone: '积极昂扬',
  angle: '全民健身',
  cadence: '每日两更',
  productForm: 'short_video',
  expected: { app: 100_000 },
  decisions,
});

describe('task list generation (pure)', () => {
  const meeting = { id: 'm', date: '2026-11-24', title: '第47周' };
  it('makes one task per decision without a task, owned, dated at 18:00 and linked to the meeting', () => {
    const list = buildTaskList(meeting, {
      title: '运动会开幕',
      projectId: 'p',
      details: topic([
        { key: 'a', title: '开幕式直播', ownerIds: ['x'], dueDate: '2026-11-27', priority: 'high', taskId: null },
        { key: 'b', title: '已生成的', ownerIds: [], dueDate: null, priority: 'normal', taskId: 't-old' },
        { key: 'c', title: '赛事快讯', ownerIds: ['y', 'z'], dueDate: null, priority: 'normal', taskId: null },
      ]),
    });
    expect(list.map((l) => l.key)).toEqual(['a', 'c']);
    expect(list[0]!.task).toMatchObject({ projectId: 'p', title: '开幕式直播', assigneeIds: ['x'], priority: 'high', sourceMeetingId: 'm' });
    expect(list[0]!.task.dueAt).toBe(dayStart('2026-11-27') + 18 * 3600_000);
    expect(list[0]!.task.description).toContain('宣传基调：积极昂扬');
    expect(list[1]!.task.dueAt).toBeNull();
  });
  it('refuses a topic without a project, and a deadline before the meeting', () => {
    const d = [{ key: 'a', title: 'x', ownerIds: [], dueDate: '2026-11-20', priority: 'normal' as const, taskId: null }];
    expect(() => buildTaskList(meeting, { title: 't', projectId: null, details: topic(d) })).toThrow(/project/);
    expect(() => buildTaskList(meeting, { title: 't', projectId: 'p', details: topic(d) })).toThrow(/before the meeting/);
    expect(buildTaskList(meeting, { title: 't', projectId: null, details: topic([]) })).toEqual([]);
  });
});

describe('weekly planning meeting → tasks on the project board', () => {
  it('creates the decided tasks with owners and deadlines, once, linked back to the meeting', async () => {
    w = await center();
    const admin = w.as('周岚');
    const pid = projectId(w, '区第十届运动会融媒报道');
    const m = await w.call(admin, 'meetings.create', { kind: 'weekly', date: TODAY, title: '第48周策划会' });
    const decisions = ['开幕式直播分工', '赛事快讯模板定稿', '集锦短视频脚本'].map((title, i) => ({
      key: `k${i}`,
      title,
      ownerIds: [personId(w!, ['林晓峰', '王小川', '马骁'][i]!)],
      dueDate: addDays(TODAY, i + 1),
      priority: 'normal' as const,
      taskId: null,
    }));
    await w.call(admin, 'meetings.saveItem', { meetingId: m.id, kind: 'topic', title: '运动会开幕', projectId: pid, topic: topic(decisions) });
    const r = await w.call(admin, 'meetings.generateTasks', { meetingId: m.id });
    expect(r.created).toBe(3);
    expect(r.meeting.tasks.map((t) => t.title).sort()).toEqual(decisions.map((d) => d.title).sort());
    const rows = w.db
      .prepare<[string], { title: string; project_id: string; column: string; due_at: number; owner: string }>(
        `SELECT t.title, t.project_id, c.name AS column, t.due_at, p.name AS owner FROM tasks t JOIN board_columns c ON c.id = t.column_id
         JOIN task_assignees a ON a.task_id = t.id JOIN people p ON p.id = a.person_id WHERE t.source_meeting_id = ? ORDER BY t.due_at`,
      )
      .all(m.id);
    expect(rows.map((x) => [x.title, x.owner, x.column, x.project_id])).toEqual([
      ['开幕式直播分工', '林晓峰', '待办', pid],
      ['赛事快讯模板定稿', '王小川', '待办', pid],
      ['集锦短视频脚本', '马骁', '待办', pid],
    ]);
    expect(rows[0]!.due_at).toBe(dayStart(addDays(TODAY, 1)) + 18 * 3600_000);
    // Each decision now remembers its task; generating again makes nothing new.
    expect(r.meeting.items[0]!.topic!.decisions.every((d) => d.taskId)).toBe(true);
    const again = await w.fail(admin, 'meetings.generateTasks', { meetingId: m.id });
    expect(again.code).toBe('VALIDATION');
    // Saving the topic again (a client cannot forge or drop the task links).
    const saved = await w.call(admin, 'meetings.saveItem', {
      meetingId: m.id,
      id: r.meeting.items[0]!.id,
      kind: 'topic',
      title: '运动会开幕',
      projectId: pid,
      topic: topic(decisions.map((d) => ({ ...d, taskId: null }))),
    });
    expect(saved.items[0]!.topic!.decisions.every((d) => d.taskId)).toBe(true);
  });

  it('refuses the whole task list when an owner is not in the project group, writing nothing', async () => {
    w = await center();
    const admin = w.as('周岚');
    const pid = projectId(w, '区第十届运动会融媒报道');
    const m = await w.call(admin, 'meetings.create', { kind: 'weekly', date: TODAY });
    await w.call(admin, 'meetings.saveItem', {
      meetingId: m.id,
      kind: 'topic',
      title: '运动会',
      projectId: pid,
      topic: topic([
        { key: 'a', title: '好任务', ownerIds: [personId(w, '王小川')], dueDate: null, priority: 'normal', taskId: null },
        { key: 'b', title: '坏任务', ownerIds: [personId(w, '苏雨晴')], dueDate: null, priority: 'normal', taskId: null },
      ]),
    });
    const before = dbChecksum(w.db);
    const e = await w.fail(admin, 'meetings.generateTasks', { meetingId: m.id });
    expect(e.localized.zh).toContain('苏雨晴 不是项目小组成员');
    expect(dbChecksum(w.db)).toBe(before);
  });

  it('a member cannot hold a meeting', async () => {
    w = await center();
    const e = await w.fail(w.as('王小川'), 'meetings.create', { kind: 'daily', date: TODAY });
    expect(e.code).toBe('FORBIDDEN');
  });
});

describe('monthly editorial committee', () => {
  it('turns an item into a proposed project with default columns, linked back', async () => {
    w = await center();
    const admin = w.as('周岚');
    const m = await w.call(admin, 'meetings.create', {
      kind: 'monthly',
      date: TODAY,
      chairId: personId(w, '何静怡'),
      attendeeIds: [personId(w, '陈思远'), personId(w, '何静怡')],
    });
    const withItem = await w.call(admin, 'meetings.saveItem', { meetingId: m.id, kind: 'theme', title: '冬季文旅推介', body: '围绕冰雪节做系列报道' });
    const item = withItem.items[0]!;
    const r = await w.call(admin, 'meetings.proposeProject', {
      itemId: item.id,
      convenerId: personId(w, '苏雨晴'),
      startDate: addDays(TODAY, 7),
      endDate: addDays(TODAY, 40),
    });
    const p = w.db.prepare<[string], { name: string; status: string; content: string; source_meeting_id: string }>('SELECT * FROM projects WHERE id = ?').get(r.projectId)!;
    expect(p).toMatchObject({ name: '冬季文旅推介', status: 'proposed', content: '围绕冰雪节做系列报道', source_meeting_id: m.id });
    const cols = w.db.prepare<[string], { name: string }>('SELECT name FROM board_columns WHERE project_id = ? ORDER BY position').all(r.projectId);
    expect(cols.map((c) => c.name)).toEqual(['待办', '进行中', '待审核', '已完成']);
    expect(r.meeting.items[0]!.projectId).toBe(r.projectId);
    expect((await w.fail(admin, 'meetings.proposeProject', { itemId: item.id, startDate: TODAY, endDate: TODAY })).code).toBe('CONFLICT');
    // Past records are searchable by what was said.
    const found = await w.call(admin, 'meetings.list', { search: '冰雪节' });
    expect(found.meetings.map((x) => x.id)).toEqual([m.id]);
    expect(found.meetings[0]!.snippet).toContain('冰雪节');
    expect((await w.call(admin, 'meetings.list', { search: '100%' })).meetings).toEqual([]);
  });
});

const header = ['平台', '作品', '日期', '阅读/播放量', '点赞', '转发', '评论'];

describe('figure import validation', () => {
  it('accepts a good file (platform names in Chinese or codes, thousands separators) and writes it', async () => {
    w = await center();
    const admin = w.as('周岚');
    const rows = [header, ['微博', '大会倒计时海报', '', '12,000', '480', '130', '56'], ['douyin', '预告片', TODAY, '900000', '', '0', '7']];
    const check = await w.call(admin, 'figures.checkImport', { fileName: 'a.csv', date: TODAY, rows });
    expect(check.errors).toEqual([]);
    expect(check.rows.map((r) => [r.title, r.platform, r.date, r.figures.views, r.figures.likes])).toEqual([
      ['大会倒计时海报', 'weibo', TODAY, 12000, 480],
      ['预告片', 'douyin', TODAY, 900000, 0],
    ]);
    const r = await w.call(admin, 'figures.import', { fileName: 'a.csv', date: TODAY, rows });
    expect(r).toEqual({ written: 2, replaced: 0 });
    const review = await w.call(admin, 'figures.review', { date: TODAY });
    expect(review.rows.find((x) => x.title === '大会倒计时海报')!.onDate).toEqual({ views: 12000, likes: 480, shares: 130, comments: 56 });
  });

  it('reports every error kind row by row and writes nothing', async () => {
    w = await center();
    const admin = w.as('周岚');
    const rows = [
      header,
      ['快手', '大会倒计时海报', '', '100', '1', '1', '1'], // unknown platform
      ['电视', '会客厅第二期', '', '一万', '1', '1', '1'], // not numeric
      ['微博', '大会倒计时海报', '', '100', '1', '1', '1'],
      ['微博', '大会倒计时海报', '', '200', '2', '2', '2'], // duplicate of line 4
      ['抖音', '不存在的作品', '', '100', '1', '1', '1'], // unknown item
      ['抖音', '正片', '', '100', '1', '1', '1'], // not published yet → unknown item
      ['抖音', '预告片', '11月3日', '100', '1', '1', '1'], // bad date
      ['抖音', '预告片', '', '-5', '1.5', '1', '1'], // two non-numeric cells
    ];
    const before = dbChecksum(w.db);
    const check = await w.call(admin, 'figures.checkImport', { fileName: 'bad.csv', date: TODAY, rows });
    expect(check.ok).toBe(false);
    expect(check.rows).toEqual([]);
    expect(check.errors.map((e) => [e.line, e.kind, e.column, e.value])).toEqual([
      [2, 'unknown_platform', '平台', '快手'],
      [3, 'not_numeric', '阅读/播放量', '一万'],
      [5, 'duplicate', '作品', '大会倒计时海报'],
      [6, 'unknown_item', '作品', '不存在的作品'],
      [7, 'unknown_item', '作品', '正片'],
      [8, 'bad_date', '日期', '11月3日'],
      [9, 'not_numeric', '阅读/播放量', '-5'],
      [9, 'not_numeric', '点赞', '1.5'],
    ]);
    const e = await w.fail(admin, 'figures.import', { fileName: 'bad.csv', date: TODAY, rows });
    expect(e.code).toBe('VALIDATION');
    expect(e.localized.zh).toContain('未写入任何数据');
    expect(dbChecksum(w.db)).toBe(before);
  });

  it('names missing columns, and refuses rows of projects the importer does not work on', async () => {
    w = await center();
    const missing = await w.call(w.as('周岚'), 'figures.checkImport', { fileName: 'x.csv', date: TODAY, rows: [['平台', '标题', '阅读量']] });
    expect(missing.errors.map((e) => [e.kind, e.column])).toEqual([
      ['missing_column', '点赞'],
      ['missing_column', '转发'],
      ['missing_column', '评论'],
    ]);
    // 郭振宇 convenes the short-video campaign, not the conference coverage.
    const rows = [header, ['微博', '大会倒计时海报', '', '1', '1', '1', '1'], ['抖音', '预告片', '', '1', '1', '1', '1']];
    const check = await w.call(w.as('郭振宇'), 'figures.checkImport', { fileName: 'x.csv', date: TODAY, rows });
    expect(check.errors.map((e) => [e.line, e.kind])).toEqual([[2, 'forbidden']]);
  });
});

describe('figures and publishing', () => {
  it('a deliverable that is not published takes no figures', async () => {
    w = await center();
    const main = w.db.prepare<[], { id: string }>("SELECT id FROM deliverables WHERE title = '正片'").get()!.id;
    const e = await w.fail(w.as('周岚'), 'figures.record', { date: TODAY, rows: [{ deliverableId: main, views: 1, likes: 0, shares: 0, comments: 0 }] });
    expect(e.code).toBe('VALIDATION');
  });
});

describe('editorial calendar', () => {
  it('lists deliverables by day and reschedules a planned one, keeping its time of day', async () => {
    w = await center();
    const admin = w.as('周岚');
    const items = await w.call(admin, 'calendar.range', { from: TODAY, to: addDays(TODAY, 6) });
    const opening = items.find((i) => i.title === '开幕式图文快讯')!;
    expect(opening.date).toBe(addDays(TODAY, 3));
    const moved = await w.call(admin, 'calendar.reschedule', { deliverableId: opening.id, date: addDays(TODAY, 5) });
    expect(moved.date).toBe(addDays(TODAY, 5));
    expect(moved.dueAt! - dayStart(addDays(TODAY, 5))).toBe(opening.dueAt! - dayStart(addDays(TODAY, 3)));
    // Only the convener, a manager or an admin moves it; a published item stays put.
    expect((await w.fail(w.as('王小川'), 'calendar.reschedule', { deliverableId: opening.id, date: TODAY })).code).toBe('FORBIDDEN');
    const poster = w.db.prepare<[], { id: string }>("SELECT id FROM deliverables WHERE title = '大会倒计时海报'").get()!.id;
    expect((await w.fail(admin, 'calendar.reschedule', { deliverableId: poster, date: TODAY })).code).toBe('CONFLICT');
  });
});

describe('recurring meetings', () => {
  it('computes monthly, weekly and working-day dates', () => {
    expect(seriesDates('monthly', '2026-01-31', '2026-04-30')).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
    expect(seriesDates('weekly', '2026-11-02', '2026-11-20')).toEqual(['2026-11-02', '2026-11-09', '2026-11-16']);
    expect(seriesDates('daily', '2026-11-20', '2026-11-24')).toEqual(['2026-11-20', '2026-11-23', '2026-11-24']);
  });

  it('creates each record once, with chairs taking turns', async () => {
    w = await center();
    const admin = w.as('周岚');
    const chairs = [personId(w, '陈思远'), personId(w, '何静怡')];
    await w.call(admin, 'meetingSeries.create', { kind: 'weekly', title: '每周策划会', startDate: addDays(TODAY, -14), chairIds: chairs });
    expect((await w.call(admin, 'meetings.list', {})).pendingRecurrences).toBe(3);
    expect((await w.call(admin, 'meetingSeries.catchUp', {})).created).toBe(3);
    expect((await w.call(admin, 'meetingSeries.catchUp', {})).created).toBe(0);
    const list = await w.call(admin, 'meetings.list', { kind: 'weekly' });
    expect(list.pendingRecurrences).toBe(0);
    expect(list.meetings.map((m) => [m.date, m.chair?.name])).toEqual([
      [TODAY, '陈思远'],
      [addDays(TODAY, -7), '何静怡'],
      [addDays(TODAY, -14), '陈思远'],
    ]);
  });
});

describe('reading platform exports', () => {
  it('reads an Excel sheet (dates, formulas, numbers) and a CSV with a BOM and quoted commas into cells', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    ws.addRow(['平台', '作品', '日期', '播放量', '点赞', '转发', '评论']);
    ws.addRow(['抖音', '预告片', new Date(Date.UTC(2026, 10, 24)), 1200, { formula: '10*2', result: 20 }, 3, 4]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    w = await center();
    const admin = w.as('周岚');
    const fromXlsx = await w.call(admin, 'figures.readFile', { fileName: '抖音导出.xlsx', dataBase64: xlsx.toString('base64') });
    expect(fromXlsx.rows).toEqual([
      ['平台', '作品', '日期', '播放量', '点赞', '转发', '评论'],
      ['抖音', '预告片', '2026-11-24', '1200', '20', '3', '4'],
    ]);
    const check = await w.call(admin, 'figures.checkImport', { fileName: 'x.xlsx', date: TODAY, rows: fromXlsx.rows });
    expect(check.ok).toBe(true);
    const csv = await w.call(admin, 'figures.readFile', { fileName: 'a.csv', dataBase64: Buffer.from('\uFEFF平台,作品\n"微博","海报, 第一版"\n').toString('base64') });
    expect(csv.rows).toEqual([['平台', '作品'], ['微博', '海报, 第一版']]);
    expect((await w.fail(admin, 'figures.readFile', { fileName: 'a.pdf', dataBase64: '' })).code).toBe('VALIDATION');
  });
});
