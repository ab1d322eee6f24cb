import type { Migration } from './index';

/**
 * 派单确认 for a group place (#17 part 4): the person drawn into a project group
 * accepts the place or declines it with a reason, as for a task (0010).
 * Places given before this version count as accepted (people were working in
 * them); a place given by someone else waits ('pending'); one's own is
 * accepted at once. A declined place's hours are no load.
 */
export const m0014GroupResponses: Migration = {
  version: 14,
  name: '0014_group_responses',
  up(db) {
    db.exec(`
      ALTER TABLE project_members ADD COLUMN response TEXT NOT NULL DEFAULT 'accepted' CHECK (response IN ('pending', 'accepted', 'declined'));
      ALTER TABLE project_members ADD COLUMN reason TEXT NOT NULL DEFAULT '';
      ALTER TABLE project_members ADD COLUMN responded_at INTEGER;
    `);
  },
};
