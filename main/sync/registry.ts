import type { Backend, BackendOptions } from '../core/backend';
import type { Db } from '../db/connection';
import { SyncClient, type SyncClientOptions } from './client';
import { CommandHooks } from './hooks';

interface Attached {
  hooks: CommandHooks;
  client: SyncClient | null;
}

const attached = new WeakMap<Db, Attached>();

/** Backend options that let sync record and replay commands on this database. */
export function syncHooks(db: Db, opts: BackendOptions): { hooks: CommandHooks; opts: BackendOptions } {
  const hooks = new CommandHooks(opts.now ?? Date.now);
  attached.set(db, { hooks, client: null });
  const onCommand = opts.onCommand;
  return {
    hooks,
    opts: {
      ...opts,
      now: hooks.now,
      aroundCommand: hooks.around,
      onCommand: (entry) => {
        onCommand?.(entry);
        attached.get(db)?.client?.schedule();
      },
    },
  };
}

/** Starts the sync client of a backend (idle until a hub is configured). */
export function attachSyncClient(backend: Backend, opts: SyncClientOptions = {}): SyncClient {
  const a = attached.get(backend.db);
  if (!a) throw new Error('backend was not created with sync hooks');
  a.client?.close();
  a.client = new SyncClient(backend, a.hooks, opts);
  return a.client;
}

export function syncClientOf(db: Db): SyncClient | null {
  return attached.get(db)?.client ?? null;
}

export function hooksOf(db: Db): CommandHooks | null {
  return attached.get(db)?.hooks ?? null;
}
