import { create } from 'zustand';
import type { CallInput, ExportFile, Person, RosterCheck, Team } from '../../../../shared/contract';
import { call } from '../../api/client';
import { toBase64 } from '../../api/files';

interface PeopleState {
  teams: Team[];
  people: Person[];
  search: string;
  teamId: string | null;
  includeInactive: boolean;
  loading: boolean;
  setSearch(s: string): void;
  setTeam(id: string | null): void;
  setIncludeInactive(v: boolean): void;
  refresh(): Promise<void>;
  createPerson(input: CallInput<'people.create'>): Promise<Person>;
  updatePerson(input: CallInput<'people.update'>): Promise<Person>;
  setActive(id: string, active: boolean): Promise<Person>;
  createTeam(input: CallInput<'teams.create'>): Promise<Team>;
  updateTeam(input: CallInput<'teams.update'>): Promise<Team>;
  /** A roster file read into cells in main (nothing written). */
  readRoster(file: File): Promise<string[][]>;
  checkRoster(input: CallInput<'people.checkImport'>): Promise<RosterCheck>;
  importRoster(input: CallInput<'people.import'>): Promise<{ created: number; updated: number; unchanged: number }>;
  exportRoster(format: 'xlsx' | 'csv'): Promise<ExportFile>;
}

let seq = 0;

export const usePeople = create<PeopleState>((set, get) => ({
  teams: [],
  people: [],
  search: '',
  teamId: null,
  includeInactive: false,
  loading: false,
  setSearch: (search) => {
    set({ search });
    void get().refresh();
  },
  setTeam: (teamId) => {
    set({ teamId });
    void get().refresh();
  },
  setIncludeInactive: (includeInactive) => {
    set({ includeInactive });
    void get().refresh();
  },
  refresh: async () => {
    const mine = ++seq;
    set({ loading: true });
    const { search, teamId, includeInactive } = get();
    try {
      const [teams, people] = await Promise.all([
        call('teams.list', {}),
        call('people.list', { search: search || undefined, teamId: teamId ?? undefined, includeInactive }),
      ]);
      // A slower, older answer must not overwrite a newer search.
      if (mine === seq) set({ teams, people });
    } finally {
      if (mine === seq) set({ loading: false });
    }
  },
  createPerson: async (input) => {
    const p = await call('people.create', input);
    await get().refresh();
    return p;
  },
  updatePerson: async (input) => {
    const p = await call('people.update', input);
    await get().refresh();
    return p;
  },
  setActive: async (id, active) => {
    const p = await call('people.setActive', { id, active });
    await get().refresh();
    return p;
  },
  readRoster: async (file) => (await call('people.readRosterFile', { fileName: file.name, dataBase64: await toBase64(file) })).rows,
  checkRoster: (input) => call('people.checkImport', input),
  importRoster: async (input) => {
    const r = await call('people.import', input);
    // The list follows in the background: the dialog closes as soon as the import is written.
    void get().refresh();
    return r;
  },
  exportRoster: (format) => call('people.exportRoster', { format, includeInactive: get().includeInactive }),
  createTeam: async (input) => {
    const t = await call('teams.create', input);
    await get().refresh();
    return t;
  },
  updateTeam: async (input) => {
    const t = await call('teams.update', input);
    await get().refresh();
    return t;
  },
}));
