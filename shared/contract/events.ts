/**
 * The `listen` side of the contract: what main tells every open window without
 * being asked. An event carries no data, only what changed, so it can never
 * show anyone more than their own calls would: a window that hears `data`
 * refetches what it shows through the ordinary (validated, scoped) calls.
 *
 * - `data`  a command committed here, or a sync brought the hub's rows in
 * - `sync`  the sync state changed (online, queue, last sync, notices)
 * - `reset` the database itself was replaced (a restore), or the stream was
 *           interrupted and events may have been missed: refetch everything
 *
 * Web host: Server-Sent Events on `GET /api/events` (same session cookie as the
 * calls). Electron: the `crewdesk:event` IPC channel, exposed by the preload as
 * `window.crewdesk.onEvent`.
 */
export const LIVE_TOPICS = ['data', 'sync', 'reset'] as const;
export type LiveTopic = (typeof LIVE_TOPICS)[number];

export interface LiveEvent {
  /** Increases by one per event of this process (a gap means events were missed). */
  seq: number;
  topic: LiveTopic;
}

export function isLiveEvent(v: unknown): v is LiveEvent {
  if (!v || typeof v !== 'object') return false;
  const e = v as Record<string, unknown>;
  return typeof e.seq === 'number' && Number.isSafeInteger(e.seq) && (LIVE_TOPICS as readonly unknown[]).includes(e.topic);
}
