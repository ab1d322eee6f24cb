import { useEffect } from 'react';
import { create } from 'zustand';
import type { CallInput } from '../../../../shared/contract';
import type { HubProbe, SyncConflict, SyncStatus } from '../../../../shared/sync';
import { call } from '../../api/client';
import { unlessSame, useLive } from '../../api/live';

interface SyncState {
  status: SyncStatus | null;
  /** Set by app.boot (renderer/src/shell/boot.ts): the first screen need not ask again. */
  fromBoot: SyncStatus | null;
  takeBoot(status: SyncStatus): void;
  refresh(): Promise<void>;
  syncNow(): Promise<void>;
  /** The certificate fingerprint the hub presents, to compare before connecting. */
  probe(hubUrl: string): Promise<HubProbe>;
  connect(input: CallInput<'sync.connect'>): Promise<SyncStatus>;
  disconnect(): Promise<void>;
  dismissNotices(): Promise<void>;
  /** A conflict notice let go (the value that won stays). */
  dismissConflict(id: number): Promise<void>;
  /** The person's value again, as a new command (the hub orders it after the one that won). */
  reapplyConflict(c: SyncConflict): Promise<void>;
}

export const useSync = create<SyncState>((set, get) => {
  const take = (status: SyncStatus): void => set({ status: unlessSame(get().status, status) });
  return {
    status: null,
    fromBoot: null,
    takeBoot: (status) => set({ status, fromBoot: status }),
    refresh: async () => take(await call('sync.status', {})),
    syncNow: async () => take(await call('sync.now', {})),
    probe: (hubUrl) => call('sync.probe', { hubUrl }),
    connect: async (input) => {
      const status = await call('sync.connect', input);
      take(status);
      return status;
    },
    disconnect: async () => take(await call('sync.disconnect', {})),
    dismissNotices: async () => take(await call('sync.dismissNotices', {})),
    dismissConflict: async (id) => take(await call('sync.dismissConflict', { id })),
    reapplyConflict: async (c) => {
      const r = c.reapply;
      if (!r) return;
      // The three calls a conflict may name, each with its own typed input.
      if (r.call === 'tasks.update') await call('tasks.update', r.input as CallInput<'tasks.update'>);
      else if (r.call === 'deliverables.update') await call('deliverables.update', r.input as CallInput<'deliverables.update'>);
      else await call('columns.update', r.input as CallInput<'columns.update'>);
      take(await call('sync.dismissConflict', { id: c.id }));
    },
  };
});

/**
 * Keeps the status current while a screen shows it: read once, then again
 * whenever main reports a sync run or a local change (the queue count moves).
 * No polling: main syncs on its own and says when it did.
 */
export function useSyncStatus(): void {
  const refresh = useSync((s) => s.refresh);
  useEffect(() => {
    // The status app.boot brought is as fresh as this read would be: used once, instead of it.
    const boot = useSync.getState().fromBoot;
    if (boot) useSync.setState({ fromBoot: null });
    else void refresh();
  }, [refresh]);
  useLive(refresh, ['sync', 'data']);
}
