import { create } from 'zustand';
import type { CallInput, CallResult, GearBooking, GearCalendar, GearItem, ProjectGear, ProjectSummary, Team } from '../../../../shared/contract';
import { gearKindOrder, type GearKind } from '../../../../shared/gear';
import { call, callQuiet } from '../../api/client';

type GearCommand = 'gear.saveItem' | 'gear.setRepair' | 'gear.book' | 'gear.cancel';

/**
 * Equipment screens' data: the calendar of one week, the catalogue (with retired items, for the
 * keepers' dialog), and one project's bookings (the overview's card). Commands refetch what is
 * open; other windows' and the hub's changes arrive through the live events (useLive in the screens).
 */
interface GearState {
  calendar: GearCalendar | null;
  range: { from: string; to: string } | null;
  catalogue: GearItem[] | null;
  project: ProjectGear | null;
  /** Projects the booking dialog offers (running ones the person works on; all running ones for managers). */
  projects: ProjectSummary[] | null;
  teams: Team[] | null;
  load(range?: { from: string; to: string }): Promise<void>;
  loadCatalogue(): Promise<void>;
  loadProject(projectId: string): Promise<void>;
  loadChoices(): Promise<void>;
  run<K extends GearCommand>(name: K, input: CallInput<K>): Promise<CallResult<K>>;
}

export const useGear = create<GearState>((set, get) => ({
  calendar: null,
  range: null,
  catalogue: null,
  project: null,
  projects: null,
  teams: null,
  load: async (range) => {
    const r = range ?? get().range;
    if (!r) return;
    if (range) set({ range });
    const calendar = await callQuiet('gear.calendar', r).catch(() => null);
    // A newer week asked for meanwhile keeps its own answer.
    const now = get().range;
    if (calendar && now && now.from === r.from && now.to === r.to) set({ calendar });
  },
  loadCatalogue: async () => {
    const c = await callQuiet('gear.catalogue', { includeArchived: true }).catch(() => null);
    if (c) set({ catalogue: c.items });
  },
  loadProject: async (projectId) => {
    const p = await callQuiet('gear.projectBookings', { projectId }).catch(() => null);
    if (p && p.projectId === projectId) set({ project: p });
  },
  loadChoices: async () => {
    const [projects, teams] = await Promise.all([
      callQuiet('projects.list', { statuses: ['proposed', 'active'] }).catch(() => null),
      callQuiet('teams.list', {}).catch(() => null),
    ]);
    set({ projects, teams });
  },
  run: async (name, input) => {
    try {
      return (await (call as (n: GearCommand, i: unknown) => Promise<unknown>)(name, input)) as never;
    } finally {
      const s = get();
      await Promise.all([s.load(), s.catalogue ? s.loadCatalogue() : null, s.project ? s.loadProject(s.project.projectId) : null]);
    }
  },
}));

export const selectCalendar = (s: GearState): GearCalendar | null => s.calendar;
export const selectCatalogue = (s: GearState): GearItem[] | null => s.catalogue;
export const selectProjectGear = (s: GearState): ProjectGear | null => s.project;
export const selectProjectChoices = (s: GearState): ProjectSummary[] | null => s.projects;
export const selectTeams = (s: GearState): Team[] | null => s.teams;

/** The calendar's rows: items grouped by kind, in the kinds' order (shared/gear.ts). */
export function groupByKind(items: readonly GearItem[]): { kind: GearKind; items: GearItem[] }[] {
  const m = new Map<GearKind, GearItem[]>();
  for (const i of items) m.set(i.kind, [...(m.get(i.kind) ?? []), i]);
  return [...m.entries()].sort((a, b) => gearKindOrder(a[0]) - gearKindOrder(b[0])).map(([kind, list]) => ({ kind, items: list }));
}

/** Bookings by item id. */
export function bookingsByItem(bookings: readonly GearBooking[]): Map<string, GearBooking[]> {
  const m = new Map<string, GearBooking[]>();
  for (const b of bookings) m.set(b.itemId, [...(m.get(b.itemId) ?? []), b]);
  return m;
}
