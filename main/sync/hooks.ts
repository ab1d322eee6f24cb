import { v7 } from 'uuid';
import { withIdSource, type IdSource } from '../core/ids';
import type { Db } from '../db/connection';

/**
 * What sync changes about running a command: where its new ids come from and
 * which clock it reads. Recording (a person's command on a synced client) keeps
 * the ids it creates so the hub can create the same; replaying (the hub, or a
 * client re-applying its queue after a pull) hands those ids back in order and
 * runs at the time the person made the change.
 */
export class CommandHooks {
  private recording: string[] | null = null;
  private replay: { ids: string[]; at: number } | null = null;
  /** On for a client with a hub configured; a single-machine app never records. */
  recordEnabled = false;

  constructor(private readonly baseNow: () => number) {}

  readonly now = (): number => this.replay?.at ?? this.baseNow();

  readonly around = <T>(_name: string, _input: unknown, run: () => T): T => {
    if (this.replay) {
      const ids = this.replay.ids;
      let i = 0;
      // Past the recorded list (the hub's state made the command create more rows), fresh ids.
      const src: IdSource = { next: () => (i < ids.length ? ids[i++]! : v7()) };
      return withIdSource(src, run);
    }
    if (!this.recordEnabled) return run();
    const rec: string[] = [];
    const prev = this.recording;
    this.recording = rec;
    try {
      return withIdSource({ next: () => { const id = v7(); rec.push(id); return id; } }, run);
    } finally {
      this.recording = prev;
    }
  };

  /** Runs `fn` (which must run the command synchronously) as a replay of a recorded mutation. */
  replaying<T>(m: { ids: string[]; at: number }, fn: () => T): T {
    const prev = this.replay;
    this.replay = m;
    try {
      return fn();
    } finally {
      this.replay = prev;
    }
  }

  /** The SQL function the queue trigger calls to store the ids of the command being recorded. */
  register(db: Db): void {
    db.function('sync_ids', { deterministic: false }, () => JSON.stringify(this.recording ?? []));
  }
}
