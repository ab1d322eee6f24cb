import { z } from 'zod';
import type { HubProbe, SyncStatus, SyncStuck } from '../sync';
import { Empty, query, session } from './define';

/** One change waiting to reach the hub, as Settings lists it. */
export interface SyncQueueItem {
  mutationId: number;
  /** The contract command. */
  name: string;
  at: number;
  actorId: string | null;
  actorName: string | null;
  /** The change's activity summary, or the start of its input when it does not apply here. */
  summary: string;
}

export interface SyncQueue {
  /** All waiting changes (items holds the oldest `limit`). */
  total: number;
  items: SyncQueueItem[];
  stuck: SyncStuck | null;
}

/** The queue as a JSON document the person saves (before clearing it). */
export interface SyncQueueExport {
  fileName: string;
  json: string;
  count: number;
}

/**
 * Calls of the sync feature. These change only this machine's link to the hub
 * (never workspace data), so they are not commands: commands are what sync ships.
 */
export const syncCalls = {
  'sync.status': query<SyncStatus>()(Empty, 'public'),
  /**
   * First contact: the certificate fingerprint the hub presents, shown to the person to compare
   * with what the hub's admin printed (as SSH does) before `sync.connect` pins it.
   */
  'sync.probe': query<HubProbe>()(z.object({ hubUrl: z.string().trim().min(1).max(300).regex(/^https?:\/\//i, 'http(s)://…') }), 'public'),
  /** Signs this machine in to the center's hub; the hub's workspace replaces the local one. */
  'sync.connect': session<SyncStatus>()(
    z.object({
      hubUrl: z.string().trim().min(1).max(300).regex(/^https?:\/\//i, 'http(s)://…'),
      name: z.string().trim().min(1).max(100),
      password: z.string().min(1).max(200),
      /**
       * The certificate fingerprint (from `sync.probe`) the person confirmed matches what the hub's
       * admin printed; every later connection must present it. Needed for https on first connect.
       */
      fingerprint: z.string().trim().regex(/^(?:[0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/, 'SHA-256 AB:CD:…').optional(),
      /** The person confirmed that local data is replaced (a copy is kept). */
      replaceLocal: z.boolean().default(false),
    }),
    'public',
  ),
  /** Push and pull now; the answer tells whether the hub was reached. */
  'sync.now': session<SyncStatus>()(Empty, 'public'),
  'sync.disconnect': session<SyncStatus>()(Empty),
  'sync.dismissNotices': session<SyncStatus>()(Empty, 'public'),
  /** One conflict notice read: its value applied again (a new command) or let go. */
  'sync.dismissConflict': session<SyncStatus>()(z.object({ id: z.number().int().min(1) })),
  /** The changes waiting to reach the hub, oldest first, and whether the hub keeps failing on the first. */
  'sync.queue': query<SyncQueue>()(z.object({ limit: z.number().int().min(1).max(500).default(100) })),
  'sync.exportQueue': query<SyncQueueExport>()(Empty),
  /**
   * Drops the waiting changes numbered up to `through` (the last one the person saw when confirming;
   * later ones stay) and undoes their effect here. Recorded as a sync notice.
   */
  'sync.clearQueue': session<SyncStatus & { cleared: number }>()(
    z.object({ through: z.number().int().min(1), confirm: z.literal(true) }).strict(),
  ),
};
