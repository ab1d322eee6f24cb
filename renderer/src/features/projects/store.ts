import { create } from 'zustand';
import type {
  Candidate,
  CallInput,
  GroupMember,
  Person,
  ProjectDetail,
  ProjectSummary,
  SuggestionGroup,
  Team,
  TemplateInfo,
} from '../../../../shared/contract';
import type { Platform, ProjectStatus } from '../../../../shared/domain';
import { call } from '../../api/client';
import { unlessSame } from '../../api/live';
import { mayCreateProjects } from '../../../../shared/policy/roles';

export interface ProjectFilters {
  statuses: ProjectStatus[];
  platform: Platform | null;
  teamId: string | null;
  convenerId: string | null;
  mine: boolean;
  search: string;
}

interface ProjectsState {
  filters: ProjectFilters;
  list: ProjectSummary[];
  listLoading: boolean;
  teams: Team[];
  /** People who may convene (for the convener filter). */
  conveners: Person[];
  templates: TemplateInfo[];
  current: ProjectDetail | null;
  candidates: Candidate[];
  candidatesLoading: boolean;
  suggestions: SuggestionGroup[];
  setFilters(f: Partial<ProjectFilters>): void;
  /** `quiet`: a live refetch (no loading state, no re-render when nothing changed). */
  refreshList(opts?: { quiet?: boolean }): Promise<void>;
  loadReference(): Promise<void>;
  open(id: string): Promise<void>;
  create(input: CallInput<'projects.create'>): Promise<ProjectDetail>;
  update(input: CallInput<'projects.update'>): Promise<ProjectDetail>;
  setStatus(id: string, status: ProjectStatus): Promise<ProjectDetail>;
  searchCandidates(projectId: string, search: string): Promise<void>;
  loadSuggestions(projectId: string): Promise<void>;
  addMember(input: CallInput<'projects.group.add'>): Promise<GroupMember>;
  updateMember(input: CallInput<'projects.group.update'>): Promise<GroupMember>;
  removeMember(projectId: string, personId: string): Promise<void>;
  /** 派单确认: the signed-in person answers their own place in a group. */
  respondPlace(input: CallInput<'projects.group.respond'>): Promise<GroupMember>;
  saveTemplate(input: CallInput<'templates.saveFromProject'>): Promise<TemplateInfo>;
}

let listSeq = 0;
let candSeq = 0;
let lastSearch = '';

export const useProjects = create<ProjectsState>((set, get) => ({
  filters: { statuses: [], platform: null, teamId: null, convenerId: null, mine: false, search: '' },
  list: [],
  listLoading: false,
  teams: [],
  conveners: [],
  templates: [],
  current: null,
  candidates: [],
  candidatesLoading: false,
  suggestions: [],
  setFilters: (f) => {
    set({ filters: { ...get().filters, ...f } });
    void get().refreshList();
  },
  refreshList: async (opts) => {
    const mine = ++listSeq;
    const f = get().filters;
    if (!opts?.quiet) set({ listLoading: true });
    try {
      const list = await call('projects.list', {
        statuses: f.statuses.length ? f.statuses : undefined,
        platform: f.platform ?? undefined,
        teamId: f.teamId ?? undefined,
        convenerId: f.convenerId ?? undefined,
        mine: f.mine,
        search: f.search || undefined,
      });
      // An older, slower answer must not overwrite a newer filter.
      if (mine === listSeq) set({ list: unlessSame(get().list, list) });
    } finally {
      if (mine === listSeq) set({ listLoading: false });
    }
  },
  loadReference: async () => {
    const [teams, people, templates] = await Promise.all([
      call('teams.list', {}),
      call('people.list', { includeInactive: false }),
      call('templates.list', {}),
    ]);
    set({ teams, conveners: people.filter((p) => mayCreateProjects(p.role)), templates });
  },
  open: async (id) => {
    if (get().current?.id !== id) set({ current: null, candidates: [], suggestions: [] });
    const current = await call('projects.get', { id });
    set({ current });
  },
  create: async (input) => {
    const p = await call('projects.create', input);
    set({ current: p });
    void get().refreshList();
    return p;
  },
  update: async (input) => {
    const p = await call('projects.update', input);
    set({ current: p });
    return p;
  },
  setStatus: async (id, status) => {
    const p = await call('projects.setStatus', { id, status });
    set({ current: p });
    return p;
  },
  searchCandidates: async (projectId, search) => {
    const mine = ++candSeq;
    lastSearch = search;
    set({ candidatesLoading: true });
    try {
      const candidates = await call('projects.candidates', { projectId, search: search || undefined });
      if (mine === candSeq) set({ candidates });
    } finally {
      if (mine === candSeq) set({ candidatesLoading: false });
    }
  },
  loadSuggestions: async (projectId) => {
    const suggestions = await call('projects.suggestions', { projectId, perNeed: 4 });
    set({ suggestions });
  },
  addMember: async (input) => {
    const m = await call('projects.group.add', input);
    await afterGroupChange(input.projectId);
    return m;
  },
  updateMember: async (input) => {
    const m = await call('projects.group.update', input);
    await afterGroupChange(input.projectId);
    return m;
  },
  removeMember: async (projectId, personId) => {
    await call('projects.group.remove', { projectId, personId });
    await afterGroupChange(projectId);
  },
  respondPlace: async (input) => {
    const m = await call('projects.group.respond', input);
    await afterGroupChange(input.projectId);
    return m;
  },
  saveTemplate: async (input) => {
    const t = await call('templates.saveFromProject', input);
    set({ templates: await call('templates.list', {}) });
    return t;
  },
}));

/** A group change moves loads, "in group" marks and suggestions: reload what shows them. */
async function afterGroupChange(projectId: string): Promise<void> {
  const s = useProjects.getState();
  await Promise.all([s.open(projectId), s.searchCandidates(projectId, lastSearch), s.loadSuggestions(projectId)]);
}

export const selectCurrent = (s: ProjectsState): ProjectDetail | null => s.current;
