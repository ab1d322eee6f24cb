import { create } from 'zustand';
import type { Board, CallInput, MyTasks, TaskCard, TaskDetail } from '../../../../shared/contract';
import { compareKeys, keyBetween } from '../../../../shared/ordering';
import { call } from '../../api/client';
import { unlessSame } from '../../api/live';

export { NO_FILTERS, type BoardFilters, type DueFilter, type Swimlanes } from './filters';
import { NO_FILTERS, type BoardFilters, type Swimlanes } from './filters';

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
  | 'tasks.respond'
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
    if (mine === seq && get().projectId === projectId) set({ board: unlessSame(get().board, board) });
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
  refresh: async () => {
    const data = await call('myTasks.get', {});
    set({ data: unlessSame(get().data, data) });
  },
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

export { visibleTasks } from './filters';
