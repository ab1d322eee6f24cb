import { create } from 'zustand';
import type { Board, CallInput, MyTasks, TaskCard, TaskDetail } from '../../../../shared/contract';
import { compareKeys, keyBetween } from '../../../../shared/ordering';
import { call } from '../../api/client';

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

interface BoardState {
  board: Board | null;
  projectId: string | null;
  filters: BoardFilters;
  swimlanes: Swimlanes;
  openTaskId: string | null;
  detail: TaskDetail | null;
  load(projectId: string): Promise<void>;
  refresh(): Promise<void>;
  setFilters(f: Partial<BoardFilters>): void;
  setSwimlanes(s: Swimlanes): void;
  openTask(id: string | null): void;
  loadDetail(): Promise<void>;
  /** Optimistic: the card moves at once; the answer from main replaces it (or a reload puts it back). */
  moveTask(id: string, columnId: string, afterId: string | null): Promise<void>;
  run<K extends BoardCommand>(name: K, input: CallInput<K>): Promise<void>;
  undo(): Promise<string>;
}

type BoardCommand =
  | 'tasks.create'
  | 'tasks.update'
  | 'tasks.delete'
  | 'checklist.add'
  | 'checklist.update'
  | 'checklist.move'
  | 'checklist.delete'
  | 'comments.add'
  | 'columns.create'
  | 'columns.setupDefaults'
  | 'columns.update'
  | 'columns.move'
  | 'columns.delete'
  | 'deliverables.create'
  | 'deliverables.update'
  | 'deliverables.delete';

let seq = 0;

export const useBoard = create<BoardState>((set, get) => ({
  board: null,
  projectId: null,
  filters: NO_FILTERS,
  swimlanes: 'none',
  openTaskId: null,
  detail: null,
  load: async (projectId) => {
    if (get().projectId !== projectId) set({ board: null, projectId, filters: NO_FILTERS, openTaskId: null, detail: null });
    await get().refresh();
  },
  refresh: async () => {
    const projectId = get().projectId;
    if (!projectId) return;
    const mine = ++seq;
    const board = await call('boards.get', { projectId });
    if (mine === seq && get().projectId === projectId) set({ board });
  },
  setFilters: (f) => set({ filters: { ...get().filters, ...f } }),
  setSwimlanes: (swimlanes) => set({ swimlanes }),
  openTask: (openTaskId) => {
    set({ openTaskId, detail: null });
    if (openTaskId) void get().loadDetail();
  },
  loadDetail: async () => {
    const id = get().openTaskId;
    if (!id) return;
    const detail = await call('tasks.get', { id });
    if (get().openTaskId === id) set({ detail });
  },
  moveTask: async (id, columnId, afterId) => {
    const board = get().board;
    if (!board) return;
    const task = board.tasks.find((t) => t.id === id);
    if (!task) return;
    // A provisional key for the moment until main answers with the real one.
    const siblings = board.tasks.filter((t) => t.columnId === columnId && t.id !== id).sort(compareKeys);
    const i = afterId ? siblings.findIndex((t) => t.id === afterId) : -1;
    const a = i >= 0 ? siblings[i]!.position : null;
    const b = siblings.slice(i + 1).find((t) => a === null || t.position > a)?.position ?? null;
    let position = task.position;
    try {
      position = keyBetween(a, b);
    } catch {
      /* main decides */
    }
    const moved: TaskCard = { ...task, columnId, position };
    set({ board: { ...board, tasks: board.tasks.map((t) => (t.id === id ? moved : t)).sort(compareKeys) } });
    try {
      await call('tasks.move', { id, columnId, afterId });
    } finally {
      await get().refresh();
    }
  },
  run: async (name, input) => {
    try {
      await (call as (n: BoardCommand, i: unknown) => Promise<unknown>)(name, input);
    } finally {
      await Promise.all([get().refresh(), get().openTaskId ? get().loadDetail() : Promise.resolve()]);
    }
  },
  undo: async () => {
    const projectId = get().projectId;
    if (!projectId) return '';
    try {
      const r = await call('boards.undo', { projectId });
      return r.summary;
    } finally {
      await Promise.all([get().refresh(), get().openTaskId ? get().loadDetail() : Promise.resolve()]);
    }
  },
}));

interface MyTasksState {
  data: MyTasks | null;
  refresh(): Promise<void>;
  setDone(id: string, done: boolean): Promise<void>;
  tick(itemId: string, done: boolean): Promise<void>;
}

export const useMyTasks = create<MyTasksState>((set, get) => ({
  data: null,
  refresh: async () => set({ data: await call('myTasks.get', {}) }),
  setDone: async (id, done) => {
    try {
      await call('tasks.setDone', { id, done });
    } finally {
      await get().refresh();
    }
  },
  tick: async (itemId, done) => {
    try {
      await call('checklist.update', { id: itemId, done });
    } finally {
      await get().refresh();
    }
  },
}));

/** Cards that pass the board's filters and search (what the person sees; rules of work stay in main). */
export function visibleTasks(board: Board, f: BoardFilters, now: number): TaskCard[] {
  const q = f.search.trim().toLowerCase();
  const teamOf = new Map(board.members.map((m) => [m.id, m.teamId]));
  const startOfToday = new Date(now);
  startOfToday.setHours(0, 0, 0, 0);
  const endOfToday = startOfToday.getTime() + 86_400_000;
  const dow = (startOfToday.getDay() + 6) % 7;
  const endOfWeek = startOfToday.getTime() + (7 - dow) * 86_400_000;
  return board.tasks.filter((t) => {
    if (q && !t.title.toLowerCase().includes(q) && !t.labels.some((l) => l.toLowerCase().includes(q))) return false;
    if (f.assigneeIds.length && !t.assigneeIds.some((a) => f.assigneeIds.includes(a))) return false;
    if (f.teamIds.length && !t.assigneeIds.some((a) => f.teamIds.includes(teamOf.get(a) ?? ''))) return false;
    if (f.labels.length && !t.labels.some((l) => f.labels.includes(l))) return false;
    switch (f.due) {
      case 'overdue':
        return t.dueAt !== null && t.dueAt < now && t.completedAt === null;
      case 'today':
        return t.dueAt !== null && t.dueAt >= startOfToday.getTime() && t.dueAt < endOfToday;
      case 'week':
        return t.dueAt !== null && t.dueAt >= startOfToday.getTime() && t.dueAt < endOfWeek;
      case 'none':
        return t.dueAt === null;
      default:
        return true;
    }
  });
}
