import { useEffect } from 'react';
import { create } from 'zustand';
import type { Person } from '../../../../shared/contract';
import { call } from '../../api/client';
import { unlessSame, useLive } from '../../api/live';
import { selectActor, useSession } from '../workspace/store';

/**
 * Everyone active, loaded once per window and kept current by the change
 * events: every person box filters this list locally (shared/people-search.ts),
 * so what it shows always answers the text typed, and Enter picks from that.
 */
interface DirectoryState {
  people: Person[] | null;
  /** Whose view the list is (read scopes differ by person); null before sign-in. */
  loadedFor: string | null | undefined;
  load(force?: boolean): Promise<void>;
}

let inflight: Promise<void> | null = null;
let again = false;

export const useDirectory = create<DirectoryState>((set, get) => ({
  people: null,
  loadedFor: undefined,
  load: async (force = false) => {
    const who = useSession.getState().actor?.id ?? null;
    if (!force && get().people && get().loadedFor === who) return;
    if (inflight) {
      again = true;
      return inflight;
    }
    inflight = (async () => {
      try {
        do {
          again = false;
          const asked = useSession.getState().actor?.id ?? null;
          const people = await call('people.list', { includeInactive: false });
          set({ people: unlessSame(get().people, people), loadedFor: asked });
        } while (again);
      } finally {
        inflight = null;
      }
    })();
    return inflight;
  },
}));

export const selectDirectory = (s: DirectoryState): Person[] | null => s.people;

/** The directory for a person box: loads it (again after a change of user), follows changes. */
export function usePeopleDirectory(): Person[] | null {
  const people = useDirectory(selectDirectory);
  const actorId = useSession((s) => selectActor(s)?.id ?? null);
  useEffect(() => {
    void useDirectory.getState().load(useDirectory.getState().loadedFor !== actorId && useDirectory.getState().loadedFor !== undefined);
  }, [actorId]);
  useLive(() => useDirectory.getState().load(true));
  return people;
}
