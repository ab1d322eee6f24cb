import { create } from 'zustand';
import type {
  CalendarItem,
  CallInput,
  DashboardData,
  DailyReview,
  ImportCheck,
  MeetingDetail,
  MeetingProjectOption,
  MeetingSeries,
  MeetingSummary,
} from '../../../../shared/contract';
import type { MeetingKind } from '../../../../shared/domain';
import { toBase64 } from '../../api/files';
import { call } from '../../api/client';

/** The meetings feature's state: the record list, the open record, its review, the projects it can point at. */
interface MeetingsState {
  meetings: MeetingSummary[];
  pendingRecurrences: number;
  kind: MeetingKind | null;
  search: string;
  loading: boolean;
  current: MeetingDetail | null;
  review: DailyReview | null;
  projects: MeetingProjectOption[];
  series: MeetingSeries[];
  calendar: CalendarItem[];
  dashboard: DashboardData | null;
  loadCalendar(input: CallInput<'calendar.range'>): Promise<void>;
  reschedule(deliverableId: string, date: string): Promise<CalendarItem>;
  loadDashboard(input: CallInput<'figures.dashboard'>): Promise<void>;
  setKind(k: MeetingKind | null): void;
  setSearch(s: string): void;
  refresh(): Promise<void>;
  catchUp(): Promise<number>;
  create(input: CallInput<'meetings.create'>): Promise<MeetingDetail>;
  open(id: string): Promise<void>;
  update(input: CallInput<'meetings.update'>): Promise<void>;
  saveItem(input: CallInput<'meetings.saveItem'>): Promise<MeetingDetail>;
  removeItem(id: string): Promise<void>;
  generateTasks(): Promise<number>;
  proposeProject(input: CallInput<'meetings.proposeProject'>): Promise<string>;
  addAdjustment(input: CallInput<'meetings.addAdjustment'>): Promise<void>;
  loadProjects(): Promise<void>;
  loadReview(date: string): Promise<void>;
  recordFigures(input: CallInput<'figures.record'>): Promise<void>;
  readFile(file: File): Promise<string[][]>;
  checkImport(input: CallInput<'figures.checkImport'>): Promise<ImportCheck>;
  importFigures(input: CallInput<'figures.import'>): Promise<number>;
  loadSeries(): Promise<void>;
  createSeries(input: CallInput<'meetingSeries.create'>): Promise<void>;
  setSeriesActive(id: string, active: boolean): Promise<void>;
}

let seq = 0;


export const useMeetings = create<MeetingsState>((set, get) => ({
  meetings: [],
  pendingRecurrences: 0,
  kind: null,
  search: '',
  loading: false,
  current: null,
  review: null,
  projects: [],
  series: [],
  calendar: [],
  dashboard: null,
  loadCalendar: async (input) => set({ calendar: await call('calendar.range', input) }),
  reschedule: async (deliverableId, date) => {
    const moved = await call('calendar.reschedule', { deliverableId, date });
    set({ calendar: get().calendar.map((c) => (c.id === moved.id ? moved : c)) });
    return moved;
  },
  loadDashboard: async (input) => set({ dashboard: await call('figures.dashboard', input) }),
  setKind: (kind) => {
    set({ kind });
    void get().refresh();
  },
  setSearch: (search) => {
    set({ search });
    void get().refresh();
  },
  refresh: async () => {
    const mine = ++seq;
    set({ loading: true });
    const { kind, search } = get();
    try {
      const r = await call('meetings.list', { kind: kind ?? undefined, search: search || undefined });
      if (mine === seq) set({ meetings: r.meetings, pendingRecurrences: r.pendingRecurrences });
    } finally {
      if (mine === seq) set({ loading: false });
    }
  },
  catchUp: async () => {
    const r = await call('meetingSeries.catchUp', {});
    await get().refresh();
    return r.created;
  },
  create: async (input) => {
    const m = await call('meetings.create', input);
    set({ current: m });
    return m;
  },
  open: async (id) => {
    if (get().current?.id !== id) set({ current: null, review: null });
    const m = await call('meetings.get', { id });
    set({ current: m });
  },
  update: async (input) => set({ current: await call('meetings.update', input) }),
  saveItem: async (input) => {
    const m = await call('meetings.saveItem', input);
    set({ current: m });
    return m;
  },
  removeItem: async (id) => set({ current: await call('meetings.removeItem', { id }) }),
  generateTasks: async () => {
    const r = await call('meetings.generateTasks', { meetingId: get().current!.id });
    set({ current: r.meeting });
    return r.created;
  },
  proposeProject: async (input) => {
    const r = await call('meetings.proposeProject', input);
    set({ current: r.meeting });
    return r.projectId;
  },
  addAdjustment: async (input) => set({ current: await call('meetings.addAdjustment', input) }),
  loadProjects: async () => set({ projects: await call('meetings.projects', {}) }),
  loadReview: async (date) => set({ review: await call('figures.review', { date }) }),
  recordFigures: async (input) => set({ review: await call('figures.record', input) }),
  readFile: async (file) => (await call('figures.readFile', { fileName: file.name, dataBase64: await toBase64(file) })).rows,
  checkImport: (input) => call('figures.checkImport', input),
  importFigures: async (input) => {
    const r = await call('figures.import', input);
    await get().loadReview(input.date);
    return r.written;
  },
  loadSeries: async () => set({ series: await call('meetingSeries.list', {}) }),
  createSeries: async (input) => {
    await call('meetingSeries.create', input);
    await get().loadSeries();
  },
  setSeriesActive: async (id, active) => {
    await call('meetingSeries.setActive', { id, active });
    await get().loadSeries();
  },
}));
