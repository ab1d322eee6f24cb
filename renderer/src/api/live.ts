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

/**
 * For a screen: calls `reload` when main reports a change to the data
 * (`data`, `reset`) or whatever topics are given. A burst of events (a sync
 * that brought many rows, a quick series of edits) becomes one reload; while
 * one runs, at most one more is queued.
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
    const run = async (): Promise<void> => {
      timer = null;
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        await latest.current();
      } catch {
        /* the call already reported its error */
      } finally {
        running = false;
        if (again) {
          again = false;
          void run();
        }
      }
    };
    const off = onLive((e) => {
      if (!wanted.has(e.topic) && e.topic !== 'reset') return;
      if (timer === null) timer = setTimeout(() => void run(), 30);
    });
    return () => {
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [key]);
}
