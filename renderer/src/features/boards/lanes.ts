import type { Board, BoardColumn, TaskCard } from '../../../../shared/contract';
import { compareKeys } from '../../../../shared/ordering';
import type { Swimlanes } from './filters';

/**
 * The board's swimlanes and the card lists ("containers") they make with the columns: pure, so
 * they are unit-tested without a browser (tests/unit/renderer/lanes.test.ts).
 */
export interface Lane {
  key: string;
  /** null: the one lane of a board without swimlanes (no heading). */
  title: string | null;
  has(t: TaskCard): boolean;
}

type LaneSource = Pick<Board, 'members' | 'tasks'>;

/** The key of the lane of cards with no assignee (team and assignee lanes). */
export const NOBODY = 'nobody';

/** Every lane of a mode, in order: teams or assignees as the group lists them, then the unassigned cards. */
export function lanesOf(board: LaneSource, mode: Swimlanes, unassignedTitle: string): Lane[] {
  if (mode === 'none') return [{ key: 'all', title: null, has: () => true }];
  const nobody: Lane = { key: NOBODY, title: unassignedTitle, has: (x) => x.assigneeIds.length === 0 };
  if (mode === 'assignee') {
    const used = new Set(board.tasks.flatMap((x) => x.assigneeIds));
    return [
      ...board.members.filter((m) => used.has(m.id)).map((m): Lane => ({ key: m.id, title: m.name, has: (x) => x.assigneeIds.includes(m.id) })),
      nobody,
    ];
  }
  const teamOf = new Map(board.members.map((m) => [m.id, m.teamId]));
  const teams = new Map<string, string>();
  for (const m of board.members) teams.set(m.teamId, m.teamName);
  return [
    ...[...teams].map(([id, name]): Lane => ({ key: id, title: name, has: (x) => x.assigneeIds.some((a) => teamOf.get(a) === id) })),
    nobody,
  ];
}

/**
 * The lanes shown: those with a card that passes the filters (an empty lane would only be an empty
 * row); when none has one, the first lane, so the columns (and their drop targets) stay on screen.
 */
export function shownLanes(board: LaneSource, mode: Swimlanes, visible: readonly TaskCard[], unassignedTitle: string): Lane[] {
  const all = lanesOf(board, mode, unassignedTitle);
  if (mode === 'none') return all;
  const shown = all.filter((l) => visible.some((x) => l.has(x)));
  return shown.length ? shown : all.slice(0, 1);
}

/** A drop container is one column in one lane: `${lane}|${column}`; a card's drag id is `${lane}|${task}`. */
export const containerKey = (lane: string, columnId: string): string => `${lane}|${columnId}`;

/** Each container's visible cards, in board order. */
export function laneContainers(columns: readonly Pick<BoardColumn, 'id'>[], lanes: readonly Lane[], visible: readonly TaskCard[]): Map<string, TaskCard[]> {
  const m = new Map<string, TaskCard[]>();
  for (const lane of lanes) {
    for (const col of columns) {
      m.set(containerKey(lane.key, col.id), visible.filter((x) => x.columnId === col.id && lane.has(x)).sort(compareKeys));
    }
  }
  return m;
}

/** Where "New task" puts a card unless the person picks another column: the first column that is not a done column. */
export function newTaskColumn(columns: readonly Pick<BoardColumn, 'id' | 'isDone'>[]): string | null {
  return columns.find((c) => !c.isDone)?.id ?? columns[0]?.id ?? null;
}
