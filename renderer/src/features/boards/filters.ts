import type { Board, BoardMember, TaskCard } from '../../../../shared/contract';
import { dueWindows } from '../../../../shared/policy/dates';

/** The board's filter bar: pure, so it is unit-tested without a browser (tests/unit/boards/filters.test.ts). */
export type Swimlanes = 'none' | 'team' | 'assignee';
export type DueFilter = 'any' | 'overdue' | 'today' | 'week' | 'none';

export interface BoardFilters {
  search: string;
  assigneeIds: string[];
  teamIds: string[];
  labels: string[];
  due: DueFilter;
}

export const NO_FILTERS: BoardFilters = { search: '', assigneeIds: [], teamIds: [], labels: [], due: 'any' };

/** Cards that pass the board's filters and search (what the person sees; rules of work stay in main). */
export function visibleTasks(board: Board, f: BoardFilters, now: number): TaskCard[] {
  const q = f.search.trim().toLowerCase();
  const teamOf = new Map(board.members.map((m) => [m.id, m.teamId]));
  const { todayStart, todayEnd, weekEnd } = dueWindows(now);
  return board.tasks.filter((t) => {
    if (q && !t.title.toLowerCase().includes(q) && !t.labels.some((l) => l.toLowerCase().includes(q))) return false;
    if (f.assigneeIds.length && !t.assigneeIds.some((a) => f.assigneeIds.includes(a))) return false;
    if (f.teamIds.length && !t.assigneeIds.some((a) => f.teamIds.includes(teamOf.get(a) ?? ''))) return false;
    if (f.labels.length && !t.labels.some((l) => f.labels.includes(l))) return false;
    switch (f.due) {
      case 'overdue':
        return t.dueAt !== null && t.dueAt < now && t.completedAt === null;
      case 'today':
        return t.dueAt !== null && t.dueAt >= todayStart && t.dueAt < todayEnd;
      case 'week':
        return t.dueAt !== null && t.dueAt >= todayStart && t.dueAt < weekEnd;
      case 'none':
        return t.dueAt === null;
      default:
        return true;
    }
  });
}

/** The teams of the group, once each, in the order the members list them (the team filter's options). */
export function boardTeams(members: readonly Pick<BoardMember, 'teamId' | 'teamName'>[]): [id: string, name: string][] {
  return [...new Map(members.map((m) => [m.teamId, m.teamName]))];
}

/** Every label on the board's cards, once each, sorted (the label filter's options). */
export function boardLabels(tasks: readonly Pick<TaskCard, 'labels'>[]): string[] {
  return [...new Set(tasks.flatMap((x) => x.labels))].sort();
}

/** The assignee filter's search: characters of the name, full pinyin anywhere, or the initials from the start. */
export function memberMatches(m: Pick<BoardMember, 'name' | 'pinyin' | 'pinyinInitials'>, input: string): boolean {
  const q = input.toLowerCase();
  return m.name.includes(input) || m.pinyin.includes(q) || m.pinyinInitials.startsWith(q);
}
