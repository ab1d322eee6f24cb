import { useEffect } from 'react';
import { create } from 'zustand';
import type { CallInput } from '../../../../shared/contract';
import type { HubProbe, SyncStatus } from '../../../../shared/sync';
import { call } from '../../api/client';

interface SyncState {
  status: SyncStatus | null;
  /** Bumped whenever a sync brought the hub's changes in: screens reload on it. */
  epoch: number;
  refresh(): Promise<void>;
  syncNow(): Promise<void>;
  /** The certificate fingerprint the hub presents, to compare before connecting. */
  probe(hubUrl: string): Promise<HubProbe>;
  connect(input: CallInput<'sync.connect'>): Promise<SyncStatus>;
  disconnect(): Promise<void>;
  dismissNotices(): Promise<void>;
}

export const useSync = create<SyncState>((set, get) => {
  const take = (status: SyncStatus): void => {
    const prev = get().status;
    const changed = prev !== null && prev.hubVersion !== status.hubVersion;
    set({ status, epoch: changed ? get().epoch + 1 : get().epoch });
  };
  return {
    status: null,
    epoch: 0,
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
  };
});

/** Polls the status while the app is open (the main process syncs on its own; this only shows it). */
export function useSyncPolling(intervalMs = 3000): void {
  const refresh = useSync((s) => s.refresh);
  useEffect(() => {
    void refresh();
    const id = window.setInterval(() => void refresh(), intervalMs);
    return () => window.clearInterval(id);
  }, [refresh, intervalMs]);
}

/** For feature screens: reload when the hub's changes arrive (`useSyncReload(() => store.refresh())`). */
export function useSyncReload(reload: () => void): void {
  const epoch = useSync((s) => s.epoch);
  useEffect(() => {
    if (epoch > 0) reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reload on new hub data only
  }, [epoch]);
}
