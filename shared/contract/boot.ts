import { Empty, query } from './define';
import type { MaintenanceStatus } from './maintenance';
import type { SyncStatus } from '../sync';
import type { SessionInfo, WorkspaceStatus } from './workspace';

/**
 * What the shell needs to pick its first screen, in one round trip (issue 18: the boot
 * path was maintenance.status → workspace.status + session.current → sync.status, one
 * after another). Declared here, handled in main/workspace/index.ts; in recovery mode
 * the host answers it itself (main/host/hosting.ts).
 *
 * Public, and scoped like the calls it stands for: before anyone has signed in it says
 * only what the welcome, sign-in and recovery screens need.
 */
export interface BootInfo {
  /** As maintenance.status (absolute paths for an admin only; always in recovery mode). */
  maintenance: MaintenanceStatus;
  /** As workspace.status; null in recovery mode (the database could not be opened). */
  workspace: WorkspaceStatus | null;
  /** As session.current: who acts in this window (null: the sign-in screen). */
  session: SessionInfo;
  /** Whether this desktop is joined to a hub (the sign-in screen then asks for hub passwords). */
  hubJoined: boolean;
  /** As sync.status, for a signed-in person only; null before sign-in and in recovery mode. */
  sync: SyncStatus | null;
}

export const bootCalls = {
  'app.boot': query<BootInfo>()(Empty, 'public'),
};
