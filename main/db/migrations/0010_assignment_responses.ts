import type { Migration } from './index';

/**
 * 派单确认: an assignee accepts or declines a task given to them (main/boards/respond.ts).
 * Assignments made before this version count as accepted (they were being worked on);
 * a new assignment by someone else waits ('pending'); one's own is accepted at once.
 * A decline carries its reason.
 */
export const m0010AssignmentResponses: Migration = {
  version: 10,
  name: '0010_assignment_responses',
  up(db) {
    db.exec(`
      ALTER TABLE task_assignees ADD COLUMN response TEXT NOT NULL DEFAULT 'accepted' CHECK (response IN ('pending', 'accepted', 'declined'));
      ALTER TABLE task_assignees ADD COLUMN reason TEXT NOT NULL DEFAULT '';
      ALTER TABLE task_assignees ADD COLUMN responded_at INTEGER;
    `);
  },
};
