import type { LiveEvent, LiveTopic } from '../../shared/contract/events';

export type LiveListener = (e: LiveEvent) => void;

/**
 * Main's side of the `listen` contract (shared/contract/events.ts): the
 * backend emits after each committed command, sync after each run and each
 * pull that brought rows in, the host after a restore. Hosts forward every
 * event to their windows (SSE, IPC). A listener that throws is dropped, never
 * allowed to fail the command that emitted.
 */
export class EventBus {
  private readonly listeners = new Set<LiveListener>();
  private seq = 0;

  on(l: LiveListener): () => void {
    this.listeners.add(l);
    return () => void this.listeners.delete(l);
  }

  emit(topic: LiveTopic): void {
    const e: LiveEvent = { seq: ++this.seq, topic };
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch {
        this.listeners.delete(l);
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
