import type { CallName } from '../shared/contract';
import { Backend, type BackendOptions, type HandlerGroup } from './core/backend';
import { openDatabase, type Db, type OpenOptions } from './db/connection';
import { boardHandlers } from './boards';
import { maintenanceHandlers, registerBackend } from './maintenance';
import { meetingHandlers } from './meetings';
import { figureHandlers } from './figures';
import { calendarHandlers } from './calendar';
import { peopleHandlers } from './people';
import { projectHandlers } from './projects';
import { searchHandlers } from './search';
import { workloadHandlers } from './workload';
import { reportHandlers } from './reports';
import { reviewHandlers } from './reviews';
import { rotaHandlers } from './rota';
import { gearHandlers } from './gear';
import { timelineHandlers } from './timeline';
import { notificationHandlers } from './notifications';
import { workspaceHandlers } from './workspace';
import { syncHandlers } from './sync/handlers';
import { attachSyncClient, syncHooks } from './sync/registry';

/**
 * Every capability's handlers, registered once: adding a capability is one line here (and its
 * calls in shared/contract/index.ts). A call without a handler fails to compile (below); a call
 * with two stops start-up (mergeHandlers).
 */
const CAPABILITIES = [
  workspaceHandlers,
  peopleHandlers,
  projectHandlers,
  boardHandlers,
  meetingHandlers,
  figureHandlers,
  calendarHandlers,
  workloadHandlers,
  reportHandlers,
  reviewHandlers,
  rotaHandlers,
  gearHandlers,
  timelineHandlers,
  notificationHandlers,
  maintenanceHandlers,
  searchHandlers,
  syncHandlers,
] as const;

type KeysOf<G> = G extends unknown ? keyof G : never;
type Covered = KeysOf<(typeof CAPABILITIES)[number]>;
type Missing = Exclude<CallName, Covered>;
/** Compile-time: `{ missing: 'x.y' }` here names a contract call no capability handles. */
const everyCallHandled: [Missing] extends [never] ? true : { missing: Missing } = true;
void everyCallHandled;

export const HANDLER_GROUPS: HandlerGroup[] = [...CAPABILITIES];

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
