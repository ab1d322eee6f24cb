import type { Migration } from './index';

/**
 * Indexes for the hot reads measured by `npm run bench` (docs/PERFORMANCE.md):
 * - checklist counts per card (board, My tasks) read `done` from the index alone
 *   instead of one table row per checklist item;
 * - the monthly report finds the tasks completed in a month by a range read
 *   instead of a scan of every task;
 * - opening a board looks for the acting user's last undoable change on that
 *   board among their own rows of that project, not among all their rows.
 */
export const m0005PerfIndexes: Migration = {
  version: 5,
  name: '0005_perf_indexes',
  up(db) {
    db.exec(`
      CREATE INDEX checklist_task_done ON checklist_items(task_id, done);
      CREATE INDEX tasks_completed ON tasks(completed_at) WHERE completed_at IS NOT NULL;
      CREATE INDEX activity_actor_project ON activity_log(actor_id, project_id, at) WHERE project_id IS NOT NULL;
    `);
  },
};
