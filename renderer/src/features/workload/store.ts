import { create } from 'zustand';
import type {
  CallInput,
  CellDetail,
  ExportFile,
  MonthlyReport,
  ReassignResult,
  Team,
  TeamView,
  TimeOffEntry,
  WorkloadGrid,
} from '../../../../shared/contract';
import type { Role } from '../../../../shared/domain';
import { call } from '../../api/client';
import { localDate } from '../../../../shared/time';

export interface GridFilters {
  teamId: string | null;
  role: Role | null;
  projectId: string | null;
  weeks: number;
  /** Count unconfirmed load (pending answers, proposed projects) in the figures. */
  tentative: boolean;
}

interface WorkloadState {
  grid: WorkloadGrid | null;
  /** Every team, for the team filter (the grid only holds the filtered ones). */
  allTeams: Team[];
  filters: GridFilters;
  loading: boolean;
  /** The cell being drilled into. */
  open: { personId: string; weekStart: string } | null;
  detail: CellDetail | null;
  teams: TeamView[];
  timeOff: TimeOffEntry[];
  report: MonthlyReport | null;
  month: string;
  setFilters(f: Partial<GridFilters>): void;
  refresh(): Promise<void>;
  openCell(personId: string, weekStart: string): Promise<void>;
  closeCell(): void;
  reassign(taskId: string, fromPersonId: string, toPersonId: string): Promise<ReassignResult>;
  loadTeams(): Promise<void>;
  loadTimeOff(): Promise<void>;
  createTimeOff(input: CallInput<'timeOff.create'>): Promise<void>;
  updateTimeOff(input: CallInput<'timeOff.update'>): Promise<void>;
  deleteTimeOff(id: string): Promise<void>;
  setMonth(month: string): void;
  loadReport(): Promise<void>;
  exportReport(format: 'xlsx' | 'csv'): Promise<ExportFile>;
}

let seq = 0;

// The center's calendar month (Asia/Shanghai), whatever zone the machine is in.
const thisMonth = (): string => localDate(Date.now()).slice(0, 7);

export const useWorkload = create<WorkloadState>((set, get) => ({
  grid: null,
  allTeams: [],
  filters: { teamId: null, role: null, projectId: null, weeks: 12, tentative: true },
  loading: false,
  open: null,
  detail: null,
  teams: [],
  timeOff: [],
  report: null,
  month: thisMonth(),
  setFilters: (f) => {
    set({ filters: { ...get().filters, ...f } });
    void get().refresh();
  },
  refresh: async () => {
    const mine = ++seq;
    set({ loading: true });
    const f = get().filters;
    try {
      if (!get().allTeams.length) set({ allTeams: await call('teams.list', {}) });
      const grid = await call('workload.grid', {
        weeks: f.weeks,
        teamId: f.teamId ?? undefined,
        role: f.role ?? undefined,
        projectId: f.projectId ?? undefined,
        tentative: f.tentative,
      });
      // An older answer must not overwrite a newer filter.
      if (mine === seq) set({ grid });
    } finally {
      if (mine === seq) set({ loading: false });
    }
  },
  openCell: async (personId, weekStart) => {
    const prev = get().open;
    const same = prev !== null && prev.personId === personId && prev.weekStart === weekStart;
    // Re-reading the open cell keeps showing the old lines until the new ones arrive.
    set({ open: { personId, weekStart }, detail: same ? get().detail : null });
    const detail = await call('workload.cell', { personId, weekStart });
    const o = get().open;
    if (o && o.personId === personId && o.weekStart === weekStart) set({ detail });
  },
  closeCell: () => set({ open: null, detail: null }),
  reassign: async (taskId, fromPersonId, toPersonId) => {
    const r = await call('workload.reassignTask', { taskId, fromPersonId, toPersonId });
    // Both people's cells change at once from the command's answer; totals and alerts follow with the refresh.
    const grid = get().grid;
    if (grid) {
      const patch = (p: WorkloadGrid['teams'][number]['people'][number]) =>
        p.id === fromPersonId || p.id === toPersonId
          ? { ...p, cells: p.cells.map((c) => (c.weekStart === r.weekStart ? (p.id === fromPersonId ? r.from : r.to) : c)) }
          : p;
      set({ grid: { ...grid, teams: grid.teams.map((b) => ({ ...b, people: b.people.map(patch) })) } });
    }
    const o = get().open;
    void get().refresh();
    if (o) void get().openCell(o.personId, o.weekStart);
    return r;
  },
  loadTeams: async () => set({ teams: await call('workload.teams', { weeks: 4 }) }),
  loadTimeOff: async () => set({ timeOff: await call('timeOff.list', {}) }),
  createTimeOff: async (input) => {
    await call('timeOff.create', input);
    await get().loadTimeOff();
  },
  updateTimeOff: async (input) => {
    await call('timeOff.update', input);
    await get().loadTimeOff();
  },
  deleteTimeOff: async (id) => {
    await call('timeOff.delete', { id });
    await get().loadTimeOff();
  },
  setMonth: (month) => {
    set({ month });
    void get().loadReport();
  },
  loadReport: async () => {
    const month = get().month;
    if (!get().allTeams.length) set({ allTeams: await call('teams.list', {}) });
    const report = await call('reports.monthly', { month });
    if (get().month === month) set({ report });
  },
  exportReport: async (format) => call('reports.export', { month: get().month, format }),
}));
