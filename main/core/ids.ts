import { v7 } from 'uuid';

/** Where new ids come from while a command runs: sync records them on the client and replays them on the hub. */
export interface IdSource {
  next(): string;
}

let source: IdSource | null = null;

/** UUIDv7: time-ordered, so ids sort by creation and stay unique across machines (sync). */
export const newId = (): string => (source ? source.next() : v7());

/**
 * Runs `fn` with ids taken from `src`. A command replayed elsewhere (the hub, or
 * this client after a pull) must create rows under the same ids it created the
 * first time, or later commands that name those rows would miss them.
 */
export function withIdSource<T>(src: IdSource, fn: () => T): T {
  const prev = source;
  source = src;
  try {
    return fn();
  } finally {
    source = prev;
  }
}
