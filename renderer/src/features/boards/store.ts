import { create } from 'zustand';
import type { Board, BoardVersion, CallInput, ChecklistItem, MyTasks, TaskCard, TaskDetail } from '../../../../shared/contract';
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
  /** After a change event: reads the whole board again only when the database moved past what this board shows. */
  refreshIfChanged(): Promise<void>;
  setFilters(f: Partial<BoardFilters>): void;
  setSwimlanes(s: Swimlanes): void;
  openTask(id: string | null): void;
  loadDetail(): Promise<void>;
  /**
   * Optimistic: the card moves at once; main's answer (the moved card) replaces it, and the board
   * is not read again when the move was the only change since it was read (the version moved by
   * one activity row). A refusal puts the card back where it was; the shell shows why.
   */
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
/** Own moves still waiting for main; a change event meanwhile is looked at when they are done. */
let movesInFlight = 0;
let eventWhileMoving = false;

/** The version after one more command of one's own: one activity row more, the same hub version. */
export function nextVersion(version: string): string {
  const i = version.indexOf(':');
  const last = Number(version.slice(0, i));
  return Number.isSafeInteger(last) ? `${last + 1}${version.slice(i)}` : '';
}

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
    // Read before one's own move was answered: it may not show the move; looked at again after the moves.
    else if (movesInFlight > 0) eventWhileMoving = true;
  },
  refreshIfChanged: async () => {
    const { projectId, board } = get();
    if (!projectId) return;
    if (movesInFlight > 0) {
      eventWhileMoving = true;
      return;
    }
    if (board && board.project.id === projectId) {
      const mine = seq;
      const { version } = await call('boards.version', { projectId });
      // Nothing read since, and the database has not moved: the board on screen is current.
      if (version === get().board?.version && mine === seq) return;
    }
    await get().refresh();
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
    const put = (card: TaskCard, mark?: BoardVersion): void => {
      const now = get().board;
      if (!now || now.project.id !== board.project.id) return;
      set({ board: { ...now, ...(mark ?? {}), tasks: now.tasks.map((t) => (t.id === card.id ? card : t)).sort(compareKeys) } });
    };
    put(moved);
    movesInFlight++;
    seq++; // a board read already on its way may not show this move: it is dropped (and looked at again after)
    let fresh = false;
    try {
      const result = await call('tasks.move', { id, columnId, afterId });
      put(result);
      const before = get().board?.version ?? '';
      const mark = await call('boards.version', { projectId: board.project.id });
      // One row more than the board knew: the move was the only change, the board is current (and its undo is this move).
      if (movesInFlight === 1 && mark.version === nextVersion(before)) put(result, mark);
      else fresh = true;
    } catch {
      // Refused (or lost): the card goes back where it was; the shell has shown main's reason (call reports it).
      put(task);
      fresh = true;
    } finally {
      movesInFlight--;
      if (movesInFlight === 0 && (fresh || eventWhileMoving)) {
        eventWhileMoving = false;
        await (fresh ? get().refresh() : get().refreshIfChanged()).catch(() => undefined);
      }
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
  /** The checklists of the tasks the person has opened, read on opening (myTasks.get carries the counts only). */
  checklists: Record<string, ChecklistItem[]>;
  open: string[];
  refresh(): Promise<void>;
  setDone(id: string, done: boolean): Promise<void>;
  toggleChecklist(taskId: string): Promise<void>;
  tick(taskId: string, itemId: string, done: boolean): Promise<void>;
}

export const useMyTasks = create<MyTasksState>((set, get) => {
  const loadChecklist = async (taskId: string): Promise<void> => {
    const items = await call('checklist.list', { taskId });
    if (!get().open.includes(taskId)) return;
    const prev = get().checklists[taskId];
    set({ checklists: { ...get().checklists, [taskId]: prev ? unlessSame(prev, items) : items } });
  };
  return {
    data: null,
    checklists: {},
    open: [],
    refresh: async () => {
      const data = await call('myTasks.get', {});
      // A task gone from the list (done, reassigned) closes; the open ones re-read their items.
      const ids = new Set(data.tasks.map((t) => t.id));
      const open = get().open.filter((id) => ids.has(id));
      set({ data: unlessSame(get().data, data), open });
      await Promise.all(open.map((id) => loadChecklist(id).catch(() => undefined)));
    },
    setDone: async (id, done) => {
      try {
        await call('tasks.setDone', { id, done });
      } finally {
        await get().refresh();
      }
    },
    toggleChecklist: async (taskId) => {
      if (get().open.includes(taskId)) {
        set({ open: get().open.filter((id) => id !== taskId) });
        return;
      }
      set({ open: [...get().open, taskId] });
      await loadChecklist(taskId);
    },
    tick: async (taskId, itemId, done) => {
      // At once on screen; main's answer (or the refresh after a refusal) settles it.
      const items = get().checklists[taskId];
      if (items) set({ checklists: { ...get().checklists, [taskId]: items.map((i) => (i.id === itemId ? { ...i, done } : i)) } });
      try {
        await call('checklist.update', { id: itemId, done });
      } finally {
        await get().refresh();
      }
    },
  };
});

export { visibleTasks } from './filters';
