import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { expectConverged } from './converged';
import { startCenter, type Client } from './harness';
import { usePostgres } from './use-postgres';

/**
 * A push or pull at the hub is mostly waiting on PostgreSQL: on a busy machine each round trip is
 * a scheduling wait (p95 ≈ 4–5 ms here under load), so their number is what a center's desktops
 * feel (docs/PERFORMANCE.md, "Hub at center scale"). These pin it: a one-change sync (push + pull)
 * and a quiet pull, counted as statements sent by the hub's PostgreSQL clients.
 */
const pgServer = usePostgres();

/** Statements every pg client in this process sends while `fn` runs. */
async function statements(fn: () => Promise<void>): Promise<string[]> {
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  const sent: string[] = [];
  proto.query = function (this: unknown, ...a: unknown[]) {
    const q = a[0];
    sent.push(typeof q === 'string' ? q : String((q as { text?: unknown } | null)?.text ?? '?'));
    return original.apply(this, a);
  };
  try {
    await fn();
  } finally {
    proto.query = original;
  }
  return sent.map((s) => s.replace(/\s+/g, ' ').trim().slice(0, 60));
}

describe("the hub's round trips to PostgreSQL", () => {
  it('a one-change sync takes at most 14 statements (push 8, pull 6; before: 22), a quiet pull 4 (before: 7), and both stay correct', async () => {
    const center = await startCenter(pgServer());
    try {
      const c: Client = await center.client('陈思远');
      const other = await center.client('林晓峰');
      await c.sync.sync();
      const team = (await c.call('teams.list', {}))[0]!;

      // Push one change, then pull it back (the desktop's sync: push, then pull). The push: the
      // session, the per-minute budget, BEGIN + the write lock, the client's row, the version, the
      // rows with the new version, the log row with the client's progress, COMMIT. The pull: the
      // session, BEGIN, one head query, the refusals (the change is still queued), the rows, COMMIT.
      other.transport.offline = true;
      await c.call('teams.update', { id: team.id, description: '负责融媒体直播' });
      const one = await statements(() => c.sync.sync());
      expect(one.length, one.join('\n')).toBeLessThanOrEqual(14);
      expect(c.sync.status()).toMatchObject({ pending: 0, online: true });

      // Nothing new: the pull is the session check, BEGIN, one head query and COMMIT.
      const quiet = await statements(() => c.sync.sync());
      expect(quiet.length, quiet.join('\n')).toBeLessThanOrEqual(4);

      // The other desktop, back, learns the change.
      other.transport.offline = false;
      await expectConverged(center, [c, other]);
      expect((await other.call('teams.list', {})).find((t) => t.id === team.id)!.description).toBe('负责融媒体直播');
    } finally {
      await center.close();
    }
  });
});
