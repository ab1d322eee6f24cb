import { create } from 'zustand';
import type { CallInput, ProjectTimeline, SeasonTimeline } from '../../../../shared/contract';
import { call, callQuiet } from '../../api/client';

type TimelineCommand = 'timeline.addDependency' | 'timeline.removeDependency' | 'timeline.moveTask';

/**
 * The timeline's data: the season's projects over the range on screen, and one project's tasks and
 * dependencies. A command answers with the project's timeline as it now is; other windows' and the
 * hub's changes arrive through the live events (useLive in the screens).
 */
interface TimelineState {
  season: SeasonTimeline | null;
  range: { from: string; to: string } | null;
  project: ProjectTimeline | null;
  projectId: string | null;
  loadSeason(range?: { from: string; to: string }): Promise<void>;
  loadProject(projectId?: string): Promise<void>;
  run<K extends TimelineCommand>(name: K, input: CallInput<K>): Promise<ProjectTimeline>;
}

export const useTimeline = create<TimelineState>((set, get) => ({
  season: null,
  range: null,
  project: null,
  projectId: null,
  loadSeason: async (range) => {
    const r = range ?? get().range;
    if (!r) return;
    if (range) set({ range });
    const season = await callQuiet('timeline.season', r).catch(() => null);
    // A newer range asked for meanwhile keeps its own answer.
    const now = get().range;
    if (season && now && now.from === r.from && now.to === r.to) set({ season });
  },
  loadProject: async (projectId) => {
    const id = projectId ?? get().projectId;
    if (!id) return;
    if (projectId && projectId !== get().projectId) set({ projectId, project: null });
    const p = await callQuiet('timeline.project', { projectId: id }).catch(() => null);
    if (p && get().projectId === id) set({ project: p });
  },
  run: async (name, input) => {
    try {
      const p = await (call as (n: TimelineCommand, i: unknown) => Promise<ProjectTimeline>)(name, input);
      if (get().projectId === p.project.id) set({ project: p });
      return p;
    } catch (e) {
      await get().loadProject();
      throw e;
    }
  },
}));

export const selectSeason = (s: TimelineState): SeasonTimeline | null => s.season;
export const selectProject = (s: TimelineState): ProjectTimeline | null => s.project;
