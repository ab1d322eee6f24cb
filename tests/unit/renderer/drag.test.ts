import { describe, expect, it } from 'vitest';
import { columnOfDndId, dndKey, dropTarget, taskOfDndId, type CardDragData, type ContainerDragData } from '../../../renderer/src/features/boards/drag';

/** Two columns in lane `all`: todo holds a, b, c; doing holds x. */
const cards: Record<string, { id: string }[]> = {
  'all|todo': [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
  'all|doing': [{ id: 'x' }],
  'all|done': [],
};
const cardsIn = (id: string) => cards[id] ?? [];
const held = (taskId: string, containerId = 'all|todo'): CardDragData => ({ type: 'card', taskId, containerId });
const onCard = (taskId: string, containerId: string): [CardDragData, string] => [{ type: 'card', taskId, containerId }, `${containerId.split('|')[0]}|${taskId}`];
const onColumn = (containerId: string): [ContainerDragData, string] => [{ type: 'container', columnId: containerId.split('|')[1]! }, containerId];

describe('dropTarget within one column', () => {
  it('moving down: the card goes after the one it is dropped on', () => {
    expect(dropTarget(held('a'), ...onCard('b', 'all|todo'), cardsIn)).toEqual({ columnId: 'todo', afterId: 'b' });
    expect(dropTarget(held('a'), ...onCard('c', 'all|todo'), cardsIn)).toEqual({ columnId: 'todo', afterId: 'c' });
  });

  it('moving up: the card goes before the one it is dropped on', () => {
    expect(dropTarget(held('c'), ...onCard('b', 'all|todo'), cardsIn)).toEqual({ columnId: 'todo', afterId: 'a' });
    expect(dropTarget(held('c'), ...onCard('a', 'all|todo'), cardsIn)).toEqual({ columnId: 'todo', afterId: null });
  });

  it('dropped on the column itself: to the end', () => {
    expect(dropTarget(held('a'), ...onColumn('all|todo'), cardsIn)).toEqual({ columnId: 'todo', afterId: 'c' });
  });

  it('no move when it lands where it was (on itself, or at the end it already holds)', () => {
    expect(dropTarget(held('b'), ...onCard('b', 'all|todo'), cardsIn)).toBeNull();
    expect(dropTarget(held('c'), ...onColumn('all|todo'), cardsIn)).toBeNull();
  });

  it('no move when the card is not in the list the drop names (filtered out meanwhile)', () => {
    expect(dropTarget(held('gone'), ...onCard('b', 'all|todo'), cardsIn)).toBeNull();
  });
});

describe('dropTarget into another column', () => {
  it('before the card it is dropped on', () => {
    expect(dropTarget(held('a'), ...onCard('x', 'all|doing'), cardsIn)).toEqual({ columnId: 'doing', afterId: null });
  });

  it('on the column: after its last card, or first in an empty column', () => {
    expect(dropTarget(held('a'), ...onColumn('all|doing'), cardsIn)).toEqual({ columnId: 'doing', afterId: 'x' });
    expect(dropTarget(held('a'), ...onColumn('all|done'), cardsIn)).toEqual({ columnId: 'done', afterId: null });
  });

  it('a keyboard move one column right (Space, →, Space) ends over the next column: to its end', () => {
    // dnd-kit's keyboard coordinates land on the column body when it has no card under the card.
    const [over, id] = onColumn('all|doing');
    expect(dropTarget(held('b'), over, id, cardsIn)).toEqual({ columnId: 'doing', afterId: 'x' });
  });

  it('another lane of the same column: placed among that lane’s cards', () => {
    const lanes: Record<string, { id: string }[]> = { 'wang|todo': [{ id: 'a' }, { id: 'b' }], 'song|todo': [{ id: 'b' }, { id: 'c' }] };
    const inLane = (id: string) => lanes[id] ?? [];
    // b is in both lanes (two assignees); dragged from wang's lane onto c in song's lane it goes before c, with no card above it there.
    expect(dropTarget(held('b', 'wang|todo'), ...onCard('c', 'song|todo'), inLane)).toEqual({ columnId: 'todo', afterId: null });
    expect(dropTarget(held('a', 'wang|todo'), ...onColumn('song|todo'), inLane)).toEqual({ columnId: 'todo', afterId: 'c' });
  });
});

describe('drag ids', () => {
  const columns = [{ id: 'todo' }, { id: 'doing' }];
  const tasks = [{ id: 'a', columnId: 'todo', title: '每日综述稿' }];

  it('the second part of a lane-qualified id', () => {
    expect(dndKey('all|a')).toBe('a');
    expect(dndKey('nobody|todo')).toBe('todo');
    expect(dndKey(7)).toBe('');
  });

  it('the column of a column id or of a card id', () => {
    expect(columnOfDndId('all|doing', columns, tasks)).toBe('doing');
    expect(columnOfDndId('wang|a', columns, tasks)).toBe('todo');
    expect(columnOfDndId('all|zzz', columns, tasks)).toBeNull();
  });

  it('the card of a card id', () => {
    expect(taskOfDndId('all|a', tasks)?.title).toBe('每日综述稿');
    expect(taskOfDndId('all|todo', tasks)).toBeNull();
  });
});
