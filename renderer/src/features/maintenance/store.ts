import { create } from 'zustand';
import type { BackupInfo, MaintenanceStatus, RestoreResult } from '../../../../shared/contract';
import { call } from '../../api/client';

/** Backups, restore, and whether the app runs in recovery mode (the database could not be opened). */
interface MaintenanceState {
  /** `checking` until maintenance.status answered. */
  mode: 'checking' | 'normal' | 'recovery';
  status: MaintenanceStatus | null;
  backups: BackupInfo[];
  busy: boolean;
  checkMode(): Promise<void>;
  /** The status app.boot brought (renderer/src/shell/boot.ts). */
  fromBoot(status: MaintenanceStatus): void;
  loadBackups(): Promise<void>;
  backup(): Promise<BackupInfo>;
  restore(name: string): Promise<RestoreResult>;
}

export const useMaintenance = create<MaintenanceState>((set, get) => ({
  mode: 'checking',
  status: null,
  backups: [],
  busy: false,
  checkMode: async () => {
    try {
      const status = await call('maintenance.status', {});
      set({ status, mode: status.mode });
    } catch {
      // An older host without the call, or a transient failure: carry on normally.
      set({ mode: 'normal' });
    }
  },
  fromBoot: (status) => set({ status, mode: status.mode }),
  loadBackups: async () => {
    set({ backups: await call('maintenance.backups', {}) });
  },
  backup: async () => {
    set({ busy: true });
    try {
      const b = await call('maintenance.backup', {});
      await get().loadBackups();
      return b;
    } finally {
      set({ busy: false });
    }
  },
  restore: async (name) => {
    set({ busy: true });
    try {
      return await call('maintenance.restore', { name });
    } finally {
      set({ busy: false });
    }
  },
}));

export const selectNewestBackup = (s: MaintenanceState): BackupInfo | null => s.backups[0] ?? null;
