import { afterEach, describe, expect, it } from 'vitest';
import { loadForWeeks } from '../../../main/workload/load';
import { addDays, dayStart, localDate, weekStart } from '../../../shared/time';
import { buildWorld, type World } from '../../helpers/world';

/** 派单确认 (tasks.respond, shared/assignments.ts): accept or decline with a reason; the test's own center, fixed clock. */

const NOW = Date.UTC(2027, 2, 10, 2, 0, 0);
let w: World | null = null;
afterEach(() => {
  w?.close();
  w = null;
});

async function setup() {
  w = await buildWorld({ now: NOW });
  const t = w;
  await t.people({ 林晓峰: { team: 'live', role: 'convener' }, 王小川: { team: 'shortvideo' }, 宋可欣: { team: 'copy' } });
  // A project 林晓峰 convenes with 王小川 and 宋可欣 in its group.
  const convener = t.as('林晓峰');
  const p = await t.call(convener, 'projects.create', { name: '派单确认测试', startDate: localDate(NOW), endDate: addDays(localDate(NOW), 30) });
  for (const name of ['王小川', '宋可欣']) {
    await t.call(convener, 'projects.group.add', { projectId: p.id, personId: t.as(name).actorId!, role: '编辑', hoursPerWeek: 0 });
  }
  const member = t.as('王小川');
  const colleague = t.as('宋可欣');
  const task = await t.call(convener, 'tasks.create', {
    projectId: p.id, title: '开幕式快剪', assigneeIds: [member.actorId!, convener.actorId!], dueAt: dayStart(addDays(localDate(NOW), 1)) + 17 * 3600_000, estimateHours: 6,
  });
  return { t, p, task, convener, member, colleague };
}

describe('tasks.respond', () => {
  it('a task given by someone else waits; one taken oneself is accepted; the assignee accepts or declines with a reason', async () => {
    const { t, task, convener, member, colleague } = await setup();
    expect(task.responses).toEqual([{ personId: member.actorId, response: 'pending' }]);
    const accepted = await t.call(member, 'tasks.respond', { id: task.id, accept: true });
    expect(accepted.assignments.find((a) => a.personId === member.actorId)).toMatchObject({ response: 'accepted', reason: '', respondedAt: NOW });
    expect(accepted.responses).toEqual([]);

    // A reason is required; a bystander cannot answer for someone.
    expect((await t.fail(member, 'tasks.respond', { id: task.id, accept: false, reason: ' ' })).code).toBe('VALIDATION');
    expect((await t.fail(colleague, 'tasks.respond', { id: task.id, accept: true })).code).toBe('FORBIDDEN');
    const declined = await t.call(member, 'tasks.respond', { id: task.id, accept: false, reason: '当天在外地采访' });
    expect(declined.responses).toEqual([{ personId: member.actorId, response: 'declined' }]);
    expect((await t.call(member, 'tasks.get', { id: task.id })).history.map((h) => h.summary)).toContain('婉拒任务“开幕式快剪”：当天在外地采访');
    expect((await t.fail(member, 'tasks.respond', { id: task.id, accept: false, reason: '当天在外地采访' })).code).toBe('CONFLICT');

    // The convener is told, with the reason; the board card says so.
    const list = await t.call(convener, 'notifications.list', {});
    const n = list.items.find((x) => x.kind === 'assignment_declined');
    expect(n).toMatchObject({ actorName: '王小川', detail: '当天在外地采访', subject: { type: 'task', id: task.id, title: '开幕式快剪' } });
    const board = await t.call(convener, 'boards.get', { projectId: task.projectId });
    expect(board.tasks.find((x) => x.id === task.id)!.responses).toEqual([{ personId: member.actorId, response: 'declined' }]);
  });

  it('an edit keeps the answers; taken off and given again, the task waits again; a declined task no longer counts in the load', async () => {
    const { t, task, convener, member } = await setup();
    const week = weekStart(addDays(localDate(NOW), 1));
    const hours = () => {
      const l = loadForWeeks(t.db, [member.actorId!, convener.actorId!], [week]);
      return [l.get(member.actorId!)![0]!.taskHours, l.get(convener.actorId!)![0]!.taskHours];
    };
    const [m0, c0] = hours();
    await t.call(member, 'tasks.respond', { id: task.id, accept: false, reason: '与值班冲突' });
    // 6 h between two assignees, 3 h each; the one who declined has none of it: all 6 h are the convener's.
    expect(hours()).toEqual([m0! - 3, c0! + 3]);
    await t.call(convener, 'tasks.update', { id: task.id, title: '开幕式快剪（竖版）' });
    expect((await t.call(convener, 'tasks.get', { id: task.id })).responses).toEqual([{ personId: member.actorId, response: 'declined' }]);
    await t.call(convener, 'tasks.update', { id: task.id, assigneeIds: [convener.actorId!] });
    const again = await t.call(convener, 'tasks.update', { id: task.id, assigneeIds: [convener.actorId!, member.actorId!] });
    expect(again.responses).toEqual([{ personId: member.actorId, response: 'pending' }]);
    // A done task needs no answer.
    await t.call(convener, 'tasks.setDone', { id: task.id, done: true });
    expect((await t.fail(member, 'tasks.respond', { id: task.id, accept: true })).code).toBe('CONFLICT');
  });
});
