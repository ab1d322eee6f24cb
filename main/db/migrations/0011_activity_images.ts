import type { Migration } from './index';

/**
 * Generic undo: the activity row of a command a person can undo carries the row images
 * it made (main/core/images.ts: every row it changed, before and after, as JSON). Older
 * rows have none and are not undoable; nothing else changes.
 */
export const m0011ActivityImages: Migration = {
  version: 11,
  name: '0011_activity_images',
  up(db) {
    db.exec('ALTER TABLE activity_log ADD COLUMN images TEXT');
  },
};
