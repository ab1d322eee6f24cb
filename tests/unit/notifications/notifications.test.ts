import { afterEach, describe, expect, it } from 'vitest';
import { scopeRow } from '../../../main/core/read-scopes';
import { fromDisplay, mentionsIn, mentionToken, renderMentions, toDisplay, tokensFromNames } from '../../../shared/mentions';
import { inQuietHours } from '../../../shared/notifications';
import type { TestWorld } from '../../helpers/db';
import { buildWorld } from '../../helpers/world';

/** The notification centre (main/notifications/): derived per person, read state stored. The test's own center, fixed clock. */

const NOW = Date.UTC(2027, 2, 10, 2, 0, 0); // 10:00 in Shanghai
const H = 3600_000;
let w: TestWorld | null = null;
afterEach(() => {
  w?.close();
  w = null;
});

const CONF = '全国县级融媒体发展大会报道';

async function setup() {
  const t = await buildWorld({ now: NOW });
  w = t;
  // 唐若溪 convenes the conference coverage with 王小川 and 宋可欣; 陈思远 is the manager (复审), 周岚 the admin (终审).
  await t.people({
    陈思远: { team: 'copy', role: 'manager' },
    唐若溪: { team: 'reporting', role: 'convener' },
    王小川: { team: 'shortvideo' },
    宋可欣: { team: 'copy' },
  });
  const p = await t.project({ name: CONF, convener: '唐若溪', start: -7, end: 14, members: ['王小川', '宋可欣'], status: 'active' });
  await t.deliverable(p, { title: '开幕式图文快讯', platform: 'app', productForm: 'text_image', owner: '宋可欣' });
  const pid = p.id;
  const convener = t.as('唐若溪');
  const member = t.as('王小川');
  const task = await t.call(convener, 'tasks.create', { projectId: pid, title: '圆桌论坛快讯', dueAt: NOW + 30 * H });
  return { t, pid, convener, member, task };
}

const list = (t: TestWorld, s: { actorId: string | null }) => t.call(s, 'notifications.list', { limit: 200 });
/** The kinds listed about one thing, sorted (with a fixed clock, rows of one moment have no order). */
const kinds = async (t: TestWorld, s: { actorId: string | null }, title: string) =>
  (await list(t, s)).items.filter((n) => n.subject?.title === title).map((n) => n.kind).sort();

describe('mentions', () => {
  it('are stored by id and shown by the current name; typed names become tokens only for people picked', () => {
    const id = '0190a000-0000-7000-8000-000000000001';
    const text = tokensFromNames('请@王小川 和 @王小 看一下，@张三 不在名单', [
      { id, name: '王小川' },
      { id: '0190a000-0000-7000-8000-000000000002', name: '王小' },
    ]);
    expect(text).toBe(`请${mentionToken(id)} 和 @{0190a000-0000-7000-8000-000000000002} 看一下，@张三 不在名单`);
    expect(mentionsIn(text)).toEqual([id, '0190a000-0000-7000-8000-000000000002']);
    expect(renderMentions(text, (x) => (x === id ? '王晓川' : undefined))).toBe('请@王晓川 和 @? 看一下，@张三 不在名单');
  });

  it('a description shown in its box and saved unchanged keeps every token, even of people the box cannot name', () => {
    const a = '0190a000-0000-7000-8000-00000000000a';
    const b = '0190a000-0000-7000-8000-00000000000b';
    const c = '0190a000-0000-7000-8000-00000000000c';
    const gone = '0190a000-0000-7000-8000-00000000000d';
    const names: Record<string, string> = { [a]: '王小川', [b]: '王小', [c]: '王小川' };
    const stored = `${mentionToken(a)} 和 ${mentionToken(b)} 拍摄，${mentionToken(c)} 剪辑，${mentionToken(gone)} 已离职，${mentionToken(a)} 复核`;
    const { display, known } = toDisplay(stored, (x) => names[x]);
    // Two people called 王小川: the second stays a token (it cannot come back from the name); the unknown one too.
    expect(display).toBe(`@王小川 和 @王小 拍摄，${mentionToken(c)} 剪辑，${mentionToken(gone)} 已离职，@王小川 复核`);
    expect(fromDisplay(display, known)).toBe(stored);
    // A name typed since (picked in the box) joins; text around the mentions is kept as typed.
    const edited = `${display}；@王小 补拍`;
    expect(fromDisplay(edited, known)).toBe(`${stored}；${mentionToken(b)} 补拍`);
  });
});

describe('deriving notifications', () => {
  it('an assignment and an @mention by someone else reach the person, not the one who made them', async () => {
    const { t, convener, member, task } = await setup();
    await t.call(convener, 'tasks.update', { id: task.id, assigneeIds: [member.actorId!] });
    await t.call(convener, 'comments.add', { taskId: task.id, body: `${mentionToken(member.actorId!)} 请今晚出稿` });
    const mine = (await list(t, member)).items.filter((n) => n.subject?.id === task.id);
    expect(mine.map((n) => [n.kind, n.actorName, n.read]).sort()).toEqual([
      ['assigned', '唐若溪', false],
      ['mentioned', '唐若溪', false],
    ]);
    expect(mine.find((n) => n.kind === 'mentioned')!.detail).toBe('评论：@王小川 请今晚出稿');
    expect(await kinds(t, convener, '圆桌论坛快讯')).toEqual([]);
    // The member's own change to their task is no news to them; the convener's is.
    await t.call(member, 'tasks.update', { id: task.id, priority: 'high' });
    expect(await kinds(t, member, '圆桌论坛快讯')).toEqual(['assigned', 'mentioned']);
    await t.call(convener, 'checklist.add', { taskId: task.id, text: '配图' });
    expect(await kinds(t, member, '圆桌论坛快讯')).toEqual(['assigned', 'changed', 'mentioned']);
  });

  it('a busy center does not push a person’s news out: 600 edits of others’ tasks come after the assignment', async () => {
    const { t, convener, member, task, pid } = await setup();
    await t.call(convener, 'tasks.update', { id: task.id, assigneeIds: [member.actorId!] });
    const other = await t.call(convener, 'tasks.create', { projectId: pid, title: '别人的任务' });
    for (let i = 0; i < 600; i++) await t.call(convener, 'tasks.update', { id: other.id, estimateHours: i % 40 });
    expect(await kinds(t, member, '圆桌论坛快讯')).toEqual(['assigned']);
    expect(await kinds(t, member, '别人的任务')).toEqual([]);
  });

  it('due within 24 h, overdue, and nothing for a due date further off or a task done', async () => {
    const { t, convener, member, pid } = await setup();
    const soon = await t.call(convener, 'tasks.create', { projectId: pid, title: '明早快讯', dueAt: NOW + 10 * H, assigneeIds: [member.actorId!] });
    await t.call(convener, 'tasks.create', { projectId: pid, title: '下周专题', dueAt: NOW + 30 * H, assigneeIds: [member.actorId!] });
    const late = await t.call(convener, 'tasks.create', { projectId: pid, title: '昨日综述', dueAt: NOW - H, assigneeIds: [member.actorId!] });
    expect(await kinds(t, member, '明早快讯')).toEqual(['assigned', 'due_soon']);
    expect(await kinds(t, member, '下周专题')).toEqual(['assigned']);
    expect(await kinds(t, member, '昨日综述')).toEqual(['assigned', 'overdue']);
    const n = (await list(t, member)).items.find((x) => x.kind === 'due_soon' && x.subject?.id === soon.id)!;
    // Given to the person just now: news now, not at "a day before it is due" (14 h ago), so it is not read already.
    expect(n.at).toBe(NOW);
    await t.call(member, 'tasks.setDone', { id: late.id, done: true });
    expect(await kinds(t, member, '昨日综述')).toEqual(['assigned']);
  });

  it('a review waiting for me, and my submission sent back or finally approved', async () => {
    const { t } = await setup();
    const owner = t.as('宋可欣');
    const id = t.db.prepare<[], { id: string }>("SELECT id FROM deliverables WHERE title = '开幕式图文快讯'").get()!.id;
    const r = await t.call(owner, 'reviews.submit', { deliverableId: id, content: 'https://example.com/p' });
    expect(await kinds(t, t.as('唐若溪'), '开幕式图文快讯')).toEqual(['review_waiting']);
    await t.call(t.as('唐若溪'), 'reviews.decide', { roundId: r.id, decision: 'approve', comment: '' });
    expect(await kinds(t, t.as('唐若溪'), '开幕式图文快讯')).toEqual([]);
    expect(await kinds(t, owner, '开幕式图文快讯')).toEqual([]); // an intermediate approval is not news yet
    await t.call(t.as('陈思远'), 'reviews.decide', { roundId: r.id, decision: 'send_back', comment: '数据请核实' });
    const back = (await list(t, owner)).items.find((n) => n.kind === 'review_decided')!;
    expect(back).toMatchObject({ actorName: '陈思远', detail: '复审退回：数据请核实', subject: { type: 'deliverable', id } });
  });
});

describe('read state and settings', () => {
  it('reads one, then all; no notification is listed twice; a muted project and a kind turned off drop out', async () => {
    const { t, convener, member, task, pid } = await setup();
    await t.call(convener, 'tasks.update', { id: task.id, assigneeIds: [member.actorId!] });
    await t.call(convener, 'comments.add', { taskId: task.id, body: `${mentionToken(member.actorId!)} 看这里` });
    const before = await list(t, member);
    const keys = before.items.map((n) => n.key);
    expect(new Set(keys).size).toBe(keys.length);
    const mention = before.items.find((n) => n.kind === 'mentioned')!;
    const r = await t.call(member, 'notifications.read', { keys: [mention.key, mention.key] });
    expect(r.unread).toBe(before.unread - 1);
    expect((await list(t, member)).items.find((n) => n.key === mention.key)!.read).toBe(true);
    // Keys are the app's, not free text.
    expect((await t.fail(member, 'notifications.read', { keys: ["x'; DROP TABLE people;--"] })).code).toBe('VALIDATION');

    expect((await t.call(member, 'notifications.readAll', { before: NOW + 365 * 24 * H })).unread).toBe(0);
    const row = t.db.prepare<[string], { read_before: number }>('SELECT read_before FROM notification_prefs WHERE person_id = ?').get(member.actorId!)!;
    expect(row.read_before).toBe(NOW); // never later than now

    await t.call(member, 'notifications.setPrefs', { disabledKinds: ['overdue'], mutedProjects: [pid], quietStart: 22 * 60, quietEnd: 7 * 60, desktop: true });
    const after = await list(t, member);
    expect(after.items.some((n) => n.projectId === pid || n.kind === 'overdue')).toBe(false);
    expect(after.prefs).toEqual({ disabledKinds: ['overdue'], mutedProjects: [pid], quietStart: 1320, quietEnd: 420, desktop: true });
    // None of this shows in the center's log screens.
    expect((await t.call(convener, 'activity.list', { limit: 20 })).some((e) => e.entityType === 'notification')).toBe(false);
  });

  it('quiet hours may wrap midnight, in the center’s time', () => {
    const at = (h: number, m = 0) => Date.UTC(2027, 2, 10, h - 8, m); // Shanghai wall time
    const night = { quietStart: 22 * 60, quietEnd: 7 * 60 };
    expect(inQuietHours(night, at(23))).toBe(true);
    expect(inQuietHours(night, at(6, 59))).toBe(true);
    expect(inQuietHours(night, at(7))).toBe(false);
    expect(inQuietHours({ quietStart: 12 * 60, quietEnd: 14 * 60 }, at(13))).toBe(true);
    expect(inQuietHours({ quietStart: null, quietEnd: null }, at(23))).toBe(false);
  });

  it('what one person has read and their settings reach others by sync empty', () => {
    const row = { table: 'notification_prefs', key: '["p"]', version: 3, data: { person_id: 'p', read_before: 5, disabled_kinds: '["overdue"]', muted_projects: '["x"]', quiet_start: 1320, quiet_end: 420, desktop: 0, updated_at: 1 } };
    expect(scopeRow({ id: 'p', role: 'member' }, row)).toBe(row);
    expect(scopeRow({ id: 'q', role: 'admin' }, row).data).toMatchObject({ read_before: 0, disabled_kinds: '[]', muted_projects: '[]', quiet_start: null, desktop: 1 });
    const read = { table: 'notification_reads', key: '["p","k"]', version: 4, data: { person_id: 'p', key: 'assigned:x', read_at: 99 } };
    expect(scopeRow({ id: 'q', role: 'manager' }, read).data).toMatchObject({ read_at: 0 });
  });
});
