import type { Migration } from './index';

/**
 * Indexes for the hot reads measured by `npm run bench` (docs/PERFORMANCE.md):
 * - checklist counts per card (board, My tasks) read `done` from the index alone
 *   instead of one table row per checklist item;
 * - the monthly report finds the tasks completed in a month by a range read
 *   instead of a scan of every task.
 */
export const m0005PerfIndexes: Migration = {
  version: 5,
  name: '0005_perf_indexes',
  up(db) {
    db.exec(`
      CREATE INDEX checklist_task_done ON checklist_items(task_id, done);
      CREATE INDEX tasks_completed ON tasks(completed_at) WHERE completed_at IS NOT NULL;
    `);
  },
};
