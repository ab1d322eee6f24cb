import { describe, expect, it } from 'vitest';
import type { BoardMember, TaskCard } from '../../../shared/contract';
import { containerKey, laneContainers, lanesOf, NOBODY, newTaskColumn, shownLanes } from '../../../renderer/src/features/boards/lanes';

function card(id: string, columnId: string, position: string, assigneeIds: string[] = []): TaskCard {
  return {
    id, projectId: 'p', columnId, title: id, dueAt: null, priority: 'normal', estimateHours: null, position,
    labels: [], assigneeIds, responses: [], deliverableId: null, completedAt: null, checklistDone: 0, checklistTotal: 0, updatedAt: 0,
  };
}

const member = (id: string, name: string, teamId: string, teamName: string): BoardMember => ({ id, name, pinyin: '', pinyinInitials: '', teamId, teamName, groupRole: '' });

const members = [member('wang', '王小川', 'video', '短视频团队'), member('song', '宋可欣', 'live', '直播团队'), member('li', '李娜', 'video', '短视频团队')];
const tasks = [card('a', 'todo', 'a2', ['wang']), card('b', 'todo', 'a1', ['song', 'wang']), card('c', 'doing', 'a0'), card('d', 'doing', 'a3', ['song'])];
const board = { members, tasks };

describe('lanesOf', () => {
  it('no swimlanes: one untitled lane that holds every card', () => {
    const lanes = lanesOf(board, 'none', '未指派');
    expect(lanes.map((l) => [l.key, l.title])).toEqual([['all', null]]);
    expect(tasks.every((x) => lanes[0]!.has(x))).toBe(true);
  });

  it('by assignee: members who hold a card, in the group order, then the unassigned lane', () => {
    const lanes = lanesOf(board, 'assignee', '未指派');
    // 李娜 holds no card: no lane.
    expect(lanes.map((l) => [l.key, l.title])).toEqual([['wang', '王小川'], ['song', '宋可欣'], [NOBODY, '未指派']]);
    const ids = (key: string) => tasks.filter((x) => lanes.find((l) => l.key === key)!.has(x)).map((x) => x.id);
    // A card with two assignees is in both lanes.
    expect(ids('wang')).toEqual(['a', 'b']);
    expect(ids('song')).toEqual(['b', 'd']);
    expect(ids(NOBODY)).toEqual(['c']);
  });

  it('by team: each team once, a card in the team of any assignee, then the unassigned lane', () => {
    const lanes = lanesOf(board, 'team', 'Unassigned');
    expect(lanes.map((l) => [l.key, l.title])).toEqual([['video', '短视频团队'], ['live', '直播团队'], [NOBODY, 'Unassigned']]);
    expect(tasks.filter((x) => lanes[0]!.has(x)).map((x) => x.id)).toEqual(['a', 'b']);
    expect(tasks.filter((x) => lanes[1]!.has(x)).map((x) => x.id)).toEqual(['b', 'd']);
  });
});

describe('shownLanes', () => {
  it('leaves out lanes with no visible card', () => {
    const visible = tasks.filter((x) => x.id === 'd');
    expect(shownLanes(board, 'assignee', visible, '未指派').map((l) => l.key)).toEqual(['song']);
  });

  it('keeps the first lane when the filters hide every card (the columns stay on screen)', () => {
    expect(shownLanes(board, 'team', [], '未指派').map((l) => l.key)).toEqual(['video']);
    expect(shownLanes(board, 'none', [], '未指派').map((l) => l.key)).toEqual(['all']);
  });
});

describe('laneContainers', () => {
  it('one container per lane and column, its visible cards in key order', () => {
    const lanes = lanesOf(board, 'assignee', '未指派');
    const m = laneContainers([{ id: 'todo' }, { id: 'doing' }], lanes, tasks);
    expect([...m.keys()]).toEqual(['wang|todo', 'wang|doing', 'song|todo', 'song|doing', 'nobody|todo', 'nobody|doing']);
    expect(m.get(containerKey('wang', 'todo'))!.map((x) => x.id)).toEqual(['b', 'a']);
    expect(m.get('song|doing')!.map((x) => x.id)).toEqual(['d']);
    expect(m.get('nobody|doing')!.map((x) => x.id)).toEqual(['c']);
    expect(m.get('wang|doing')).toEqual([]);
  });

  it('only the visible cards', () => {
    const lanes = lanesOf(board, 'none', '');
    const m = laneContainers([{ id: 'todo' }], lanes, [tasks[0]!]);
    expect(m.get('all|todo')!.map((x) => x.id)).toEqual(['a']);
  });
});

describe('newTaskColumn', () => {
  it('the first column that is not a done column, else the first, else none', () => {
    expect(newTaskColumn([{ id: 'done', isDone: true }, { id: 'todo', isDone: false }])).toBe('todo');
    expect(newTaskColumn([{ id: 'done', isDone: true }])).toBe('done');
    expect(newTaskColumn([])).toBeNull();
  });
});
