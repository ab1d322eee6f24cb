import type { Backend, BackendOptions } from '../core/backend';
import { connectionOf, type Db, type ReadDb } from '../db/connection';
import { SyncClient, type SyncClientOptions } from './client';
import { CommandHooks } from './hooks';

interface Attached {
  hooks: CommandHooks;
  client: SyncClient | null;
  /** The options the client was started with, so a restore can start it again the same way. */
  clientOpts: SyncClientOptions;
  /** The database the backend currently runs on (a restore moves it to the new one). */
  ref: { db: Db };
}

const attached = new WeakMap<Db, Attached>();

/** Backend options that let sync record and replay commands on this database. */
export function syncHooks(db: Db, opts: BackendOptions): { hooks: CommandHooks; opts: BackendOptions } {
  const hooks = new CommandHooks(opts.now ?? Date.now);
  const ref = { db };
  attached.set(db, { hooks, client: null, clientOpts: {}, ref });
  const onCommand = opts.onCommand;
  return {
    hooks,
    opts: {
      ...opts,
      now: hooks.now,
      aroundCommand: hooks.around,
      onCommand: (entry) => {
        onCommand?.(entry);
        attached.get(ref.db)?.client?.schedule();
      },
    },
  };
}

/** Starts the sync client of a backend (idle until a hub is configured). */
export function attachSyncClient(backend: Backend, opts: SyncClientOptions = {}): SyncClient {
  const a = attached.get(backend.db);
  if (!a) throw new Error('backend was not created with sync hooks');
  a.client?.close();
  a.clientOpts = opts;
  a.client = new SyncClient(backend, a.hooks, opts);
  return a.client;
}

/**
 * The backend now runs on another database (a restore replaced the file):
 * the old client is stopped, the hooks move to the new database, and — if the
 * backend had one — a new sync client starts on it (its prepared statements,
 * SQL functions and TEMP capture triggers are made on the new connection).
 */
export function moveSync(backend: Backend, previous: Db): SyncClient | null {
  const a = attached.get(previous);
  if (!a || previous === backend.db) return a?.client ?? null;
  const hadClient = a.client !== null;
  a.client?.close();
  attached.delete(previous);
  a.ref.db = backend.db;
  a.client = null;
  attached.set(backend.db, a);
  a.hooks.recordEnabled = false;
  if (hadClient) a.client = new SyncClient(backend, a.hooks, a.clientOpts);
  return a.client;
}

export function syncClientOf(db: Db): SyncClient | null {
  return attached.get(db)?.client ?? null;
}

/** What a query may know of this desktop's sync (it reads; only sync's own handlers drive the client). */
export interface SyncView {
  configured(): boolean;
  hubPersonId(): string | null;
  notices(): ReturnType<SyncClient['status']>['notices'];
}

export function syncViewOf(db: ReadDb): SyncView | null {
  const c = attached.get(connectionOf(db))?.client;
  if (!c) return null;
  return { configured: () => c.configured(), hubPersonId: () => c.hubPersonId(), notices: () => c.status().notices };
}

export function hooksOf(db: Db): CommandHooks | null {
  return attached.get(db)?.hooks ?? null;
}
