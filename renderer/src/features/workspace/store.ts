import { create } from 'zustand';
import type { Person, WorkspaceStatus } from '../../../../shared/contract';
import type { Role } from '../../../../shared/domain';
import { call, callQuiet } from '../../api/client';
import { managesCenter } from '../../../../shared/policy/roles';

/** Who is acting in this window, and whether the workspace exists yet. */
interface SessionState {
  loaded: boolean;
  status: WorkspaceStatus | null;
  actor: Person | null;
  load(): Promise<void>;
  /** What app.boot said (renderer/src/shell/boot.ts): the same as load() without its two calls. */
  fromBoot(status: WorkspaceStatus, actor: Person | null): void;
  /** Throws the call's AppError (a synced desktop wants the person's hub password). */
  signIn(personId: string, password?: string): Promise<void>;
  signOut(): Promise<void>;
  setupDemo(): Promise<void>;
  setupEmpty(name: string, title: string, teamKey: string): Promise<void>;
}

export const useSession = create<SessionState>((set, get) => ({
  loaded: false,
  status: null,
  actor: null,
  load: async () => {
    const [status, session] = await Promise.all([call('workspace.status', {}), call('session.current', {})]);
    set({ loaded: true, status, actor: session.actor });
  },
  fromBoot: (status, actor) => set({ loaded: true, status, actor }),
  signIn: async (personId, password) => {
    const s = await callQuiet('session.signIn', password ? { personId, password } : { personId });
    set({ actor: s.actor });
  },
  signOut: async () => {
    await call('session.signOut', {});
    set({ actor: null });
  },
  setupDemo: async () => {
    await call('workspace.setup', { mode: 'demo' });
    await get().load();
  },
  setupEmpty: async (name, title, teamKey) => {
    const s = await call('workspace.setup', { mode: 'empty', admin: { name, title }, teamKey });
    if (s.actor) await call('session.signIn', { personId: s.actor.id });
    await get().load();
  },
}));

export const selectActor = (s: SessionState): Person | null => s.actor;
export const selectRole = (s: SessionState): Role | null => s.actor?.role ?? null;
export const selectCanManageStaff = (s: SessionState): boolean => managesCenter(s.actor?.role);
