import { useMemo } from 'react';
import { create } from 'zustand';
import type { CallInput, CallResult, Rota, RotaEntry, ShiftType } from '../../../../shared/contract';
import { call, callQuiet } from '../../api/client';

type RotaCommand = 'rota.saveShiftType' | 'rota.setCell' | 'rota.fill' | 'rota.requestSwap' | 'rota.decideSwap' | 'rota.withdrawSwap';

/**
 * The rota screen's data: one range (a week or a month) at a time. Commands
 * refetch the range; other windows' and the hub's changes arrive through the
 * live events (RotaPage's useLive).
 */
interface RotaState {
  rota: Rota | null;
  range: { from: string; to: string } | null;
  load(range?: { from: string; to: string }): Promise<void>;
  run<K extends RotaCommand>(name: K, input: CallInput<K>): Promise<CallResult<K>>;
}

export const useRota = create<RotaState>((set, get) => ({
  rota: null,
  range: null,
  load: async (range) => {
    const r = range ?? get().range;
    if (!r) return;
    if (range) set({ range });
    const rota = await callQuiet('rota.get', r).catch(() => null);
    // A newer range asked for meanwhile keeps its own answer.
    const now = get().range;
    if (rota && now && now.from === r.from && now.to === r.to) set({ rota });
  },
  run: async (name, input) => {
    try {
      return (await (call as (n: RotaCommand, i: unknown) => Promise<unknown>)(name, input)) as never;
    } finally {
      await get().load();
    }
  },
}));

const NONE: ShiftType[] = [];
/** The center's shift types (a stable array: a selector returning a new one would re-render forever). */
export const selectShiftTypes = (s: RotaState): ShiftType[] => s.rota?.shiftTypes ?? NONE;
/** The shift types in use (not archived), for a component: memoised on the store's array. */
export function useActiveShiftTypes(): ShiftType[] {
  const all = useRota(selectShiftTypes);
  return useMemo(() => all.filter((x) => !x.archived), [all]);
}

/** The entries of the range by `date|shiftTypeId`. */
export function cellsOf(entries: readonly RotaEntry[]): Map<string, RotaEntry[]> {
  const m = new Map<string, RotaEntry[]>();
  for (const e of entries) {
    const k = `${e.date}|${e.shiftTypeId}`;
    m.set(k, [...(m.get(k) ?? []), e]);
  }
  return m;
}
