import { useEffect, useRef } from 'react';
import './client'; // declares window.crewdesk
import { isLiveEvent, type LiveEvent, type LiveTopic } from '../../../shared/contract/events';

/**
 * The renderer's one data layer for change events (shared/contract/events.ts):
 * one stream per window — Server-Sent Events on the web, IPC in Electron —
 * fanned out to every live screen. Screens never poll: they refetch when main
 * says something changed, and after the stream was interrupted (a `reset`:
 * events may have been missed while it was down).
 */
type Listener = (e: LiveEvent) => void;

const listeners = new Set<Listener>();
let started = false;
let lastSeq = 0;

function deliver(raw: unknown): void {
  if (!isLiveEvent(raw)) return;
  // A gap in the numbers means events were lost on the way: treat it as a reset.
  const e: LiveEvent = lastSeq && raw.seq > lastSeq + 1 ? { seq: raw.seq, topic: 'reset' } : raw;
  lastSeq = raw.seq;
  for (const l of [...listeners]) l(e);
}

function start(): void {
  if (started) return;
  started = true;
  const bridge = window.crewdesk;
  if (bridge) {
    bridge.onEvent?.(deliver);
    return;
  }
  if (typeof EventSource === 'undefined') return;
  const source = new EventSource('/api/events');
  let broken = false;
  source.onmessage = (m) => {
    try {
      deliver(JSON.parse(String(m.data)) as unknown);
    } catch {
      /* not an event: ignored */
    }
  };
  source.onerror = () => {
    broken = true; // the browser reconnects by itself (retry: 1000)
  };
  source.onopen = () => {
    if (!broken) return;
    broken = false;
    lastSeq = 0; // the host may have restarted: its numbers start again
    for (const l of [...listeners]) l({ seq: 0, topic: 'reset' });
  };
}

/** Every event main sends this window; returns the function that stops listening. */
export function onLive(l: Listener): () => void {
  start();
  listeners.add(l);
  return () => void listeners.delete(l);
}

/** A screen reloads at most this often while events keep coming (a burst of a thousand edits costs a few reloads). */
export const LIVE_MIN_GAP_MS = 500;

/**
 * For a screen: calls `reload` when main reports a change to the data
 * (`data`, `reset`) or whatever topics are given. A burst of events (a sync
 * that brought many rows, a quick series of edits) becomes one reload; while
 * one runs, at most one more is queued, and it starts LIVE_MIN_GAP_MS after
 * the previous one started, so a busy backend is not kept busier by its own
 * windows.
 */
export function useLive(reload: () => unknown, topics: readonly LiveTopic[] = ['data', 'reset']): void {
  const latest = useRef(reload);
  latest.current = reload;
  const key = topics.join(',');
  useEffect(() => {
    const wanted = new Set(key.split(','));
    let timer: ReturnType<typeof setTimeout> | null = null;
    let running = false;
    let again = false;
    let startedAt = -Infinity;
    let alive = true;
    const schedule = (): void => {
      if (!alive || timer !== null) return;
      if (running) {
        again = true;
        return;
      }
      const wait = Math.max(30, startedAt + LIVE_MIN_GAP_MS - Date.now());
      timer = setTimeout(() => void run(), wait);
    };
    const run = async (): Promise<void> => {
      timer = null;
      running = true;
      startedAt = Date.now();
      try {
        await latest.current();
      } catch {
        /* the call already reported its error */
      } finally {
        running = false;
        if (again) {
          again = false;
          schedule();
        }
      }
    };
    const off = onLive((e) => {
      if (wanted.has(e.topic) || e.topic === 'reset') schedule();
    });
    return () => {
      alive = false; // a reload still running when the screen goes does not schedule another
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [key]);
}

/**
 * For a store taking a refetched answer: the new value, or the one it holds when
 * nothing changed (same JSON), so a refetch that finds nothing new re-renders
 * nothing — most events are about something another screen shows.
 */
export function unlessSame<T>(prev: T, next: T): T {
  if (prev === next || prev === null || prev === undefined) return next;
  return JSON.stringify(prev) === JSON.stringify(next) ? prev : next;
}
