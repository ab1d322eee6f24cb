import { afterEach, expect, it } from 'vitest';
import { ensureSyncTables, installCapture, setCapture, syncedTables } from '../../../main/sync/rows';
import { hooksOf } from '../../../main/sync/registry';
import { world, type TestWorld } from '../../helpers/db';

/**
 * Regression (found by `npm run test:crash`, kind sync): a queued command's own activity row must
 * be captured under that command's mutation. It was captured by one trigger and queued by another
 * on the same insert, and SQLite promises no order between them: once the connection also carried
 * the row-image triggers (main/core/images.ts), the queue trigger fired first and left the
 * activity row's pre-image belonging to no mutation. The queue trigger now captures it itself.
 */
let w: TestWorld | null = null;
afterEach(() => {
  w?.close();
  w = null;
});

it("every pre-image a queued command leaves, its activity row's included, belongs to that command's mutation", async () => {
  w = await world({ now: Date.UTC(2027, 0, 13, 1, 30) });
  const setup = await w.call({ actorId: null }, 'workspace.setup', { mode: 'empty', admin: { name: '周岚' } });
  const admin = { actorId: setup.actor!.id };
  ensureSyncTables(w.db);
  hooksOf(w.db)!.register(w.db);
  installCapture(w.db, syncedTables(w.db));
  w.db.prepare("INSERT INTO sync_state VALUES ('nextMutationId', '1')").run();
  setCapture(w.db, true, true);
  const p = await w.call(admin, 'projects.create', { name: '元宵晚会', startDate: '2027-01-13', endDate: '2027-02-20', keyDates: [], platforms: [], formats: [] });
  await w.call(admin, 'tasks.create', { projectId: p.id, columnId: null, title: '舞台走位', description: '', dueAt: null, priority: 'normal', estimateHours: null, labels: [], assigneeIds: [], deliverableId: null });
  const rows = w.db.prepare<[], { mutation_id: number | null; tbl: string }>('SELECT mutation_id, tbl FROM sync_capture ORDER BY seq').all();
  expect(rows.filter((r) => r.mutation_id === null)).toEqual([]);
  expect(rows.filter((r) => r.tbl === 'activity_log').map((r) => r.mutation_id)).toEqual([1, 2]);
  // Replays (queue off) still capture their activity rows, for the next rebase to undo.
  setCapture(w.db, true, false);
  await w.call(admin, 'tasks.create', { projectId: p.id, columnId: null, title: '灯光彩排', description: '', dueAt: null, priority: 'normal', estimateHours: null, labels: [], assigneeIds: [], deliverableId: null });
  expect(w.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM sync_capture WHERE tbl = 'activity_log' AND mutation_id IS NULL").get()!.n).toBe(1);
  expect(w.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM sync_mutations').get()!.n).toBe(2);
});
