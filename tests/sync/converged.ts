import { expect } from 'vitest';
import { clientRows, diffRows, type Center, type Client } from './harness';

/**
 * Syncs every client twice round, then: nothing is queued anywhere, and each desktop holds
 * exactly the hub's rows as the read policy sends them to its person (core/read-scopes).
 */
export async function expectConverged(center: Center, clients: Client[]): Promise<void> {
  for (let round = 0; round < 2; round++) for (const c of clients) await c.sync.sync();
  for (const c of clients) {
    expect(c.sync.pendingCount(), `${c.name} has nothing queued`).toBe(0);
    expect(diffRows(clientRows(c.db), await center.hubRows(c.name)), `${c.name} matches the hub`).toEqual([]);
  }
}
