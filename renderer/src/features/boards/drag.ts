import type { BoardColumn, TaskCard } from '../../../../shared/contract';

/**
 * Where a dragged card lands (mouse or keyboard: both end in one drop on a card or a column):
 * pure, so it is unit-tested without a browser (tests/unit/renderer/drag.test.ts).
 */

/** What a card carries while dragged (TaskCardView). */
export interface CardDragData {
  type: 'card';
  taskId: string;
  containerId: string;
}

/** What a column body carries as a drop target (BoardColumnView); its drag id is its container id. */
export interface ContainerDragData {
  type: 'container';
  columnId: string;
}

export type DropData = CardDragData | ContainerDragData;

/** A move for tasks.move: the column and the card it goes after (null: first). */
export interface DropTarget {
  columnId: string;
  afterId: string | null;
}

/** The second part of a drag id (`${lane}|${column}` or `${lane}|${task}`). */
export function dndKey(id: string | number): string {
  return String(id).split('|')[1] ?? '';
}

/** `items` with the element at `from` moved to `to` (as @dnd-kit's arrayMove). */
function moved<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  const [x] = next.splice(from, 1);
  next.splice(to, 0, x as T);
  return next;
}

/**
 * The move a drop makes, or null when the card stays where it is. `cardsIn` gives a container's
 * visible cards in order (the lane's view of the column: the card goes after the one above it there).
 * Within one container the card takes the place of the card it is dropped on (below it when moving
 * down, above it when moving up), or the end when dropped on the container; into another container
 * it goes before the card dropped on, or at the end.
 */
export function dropTarget(active: CardDragData, over: DropData, overId: string | number, cardsIn: (containerId: string) => readonly Pick<TaskCard, 'id'>[]): DropTarget | null {
  const target = over.type === 'card' ? over.containerId : String(overId);
  const columnId = dndKey(target);
  const items = cardsIn(target).map((x) => x.id);
  if (target === active.containerId) {
    const from = items.indexOf(active.taskId);
    const to = over.type === 'card' ? items.indexOf(over.taskId) : items.length - 1;
    if (from === to || from < 0 || to < 0) return null;
    return { columnId, afterId: moved(items, from, to)[to - 1] ?? null };
  }
  const rest = items.filter((x) => x !== active.taskId);
  const at = over.type === 'card' ? rest.indexOf(over.taskId) : rest.length;
  return { columnId, afterId: at <= 0 ? null : (rest[at - 1] ?? null) };
}

/** The column a drag id points at (a column's container, or a card in it): what the screen reader names. */
export function columnOfDndId(id: string | number, columns: readonly Pick<BoardColumn, 'id'>[], tasks: readonly Pick<TaskCard, 'id' | 'columnId'>[]): string | null {
  const key = dndKey(id);
  if (columns.some((c) => c.id === key)) return key;
  return tasks.find((x) => x.id === key)?.columnId ?? null;
}

/** The card a card's drag id names. */
export function taskOfDndId<T extends Pick<TaskCard, 'id'>>(id: string | number, tasks: readonly T[]): T | null {
  const key = dndKey(id);
  return tasks.find((x) => x.id === key) ?? null;
}
