import { Backend, type BackendOptions, type HandlerGroup } from './core/backend';
import { openDatabase, type Db, type OpenOptions } from './db/connection';
import { boardHandlers } from './boards';
import { maintenanceHandlers, registerBackend } from './maintenance';
import { meetingHandlers } from './meetings';
import { peopleHandlers } from './people';
import { projectHandlers } from './projects';
import { searchHandlers } from './search';
import { workloadHandlers } from './workload';
import { workspaceHandlers } from './workspace';
import { syncHandlers } from './sync/handlers';
import { attachSyncClient, syncHooks } from './sync/registry';

/** Every feature's handlers. A call without a handler, or with two, stops start-up. */
export const HANDLER_GROUPS: HandlerGroup[] = [
  workspaceHandlers,
  peopleHandlers,
  projectHandlers,
  boardHandlers,
  meetingHandlers,
  workloadHandlers,
  maintenanceHandlers,
  searchHandlers,
  syncHandlers,
];

export function createBackend(db: Db, opts: BackendOptions = {}): Backend {
  const backend = new Backend(db, HANDLER_GROUPS, syncHooks(db, opts).opts);
  registerBackend(backend);
  return backend;
}

/** A backend whose database syncs with the center's hub once one is configured (idle until then). */
export function createSyncedBackend(db: Db, opts: BackendOptions = {}): Backend {
  const backend = createBackend(db, opts);
  attachSyncClient(backend);
  return backend;
}

export function openBackend(file: string, opts: BackendOptions & OpenOptions = {}): Backend {
  return createSyncedBackend(openDatabase(file, opts), opts);
}
