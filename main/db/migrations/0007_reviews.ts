import type { Migration } from './index';

/**
 * 三审 (shared/reviews.ts). A chain per scope: the center's default (no project)
 * or a project's override, for every platform ('') or one. No unique index on
 * the scope: two desktops may set the same scope offline, and the newest row
 * wins (main/reviews/chains.ts), so a pull can never collide on it.
 *
 * A round is one submitted version: what was reviewed, its fingerprint, and the
 * steps with the reviewers resolved at submission, so a later change of the
 * chain or of someone's role does not move the goalposts of a running review.
 * Decisions are insert-only: who signed what stays signed.
 */
export const m0007Reviews: Migration = {
  version: 7,
  name: '0007_reviews',
  up(db) {
    db.exec(`
      CREATE TABLE review_chains (
        id         TEXT PRIMARY KEY,
        project_id TEXT REFERENCES projects(id) ON DELETE CASCADE,
        platform   TEXT NOT NULL DEFAULT '',
        steps      TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX review_chains_scope ON review_chains(project_id, platform);

      CREATE TABLE review_rounds (
        id             TEXT PRIMARY KEY,
        deliverable_id TEXT NOT NULL REFERENCES deliverables(id) ON DELETE CASCADE,
        round_no       INTEGER NOT NULL,
        content        TEXT NOT NULL,
        fingerprint    TEXT NOT NULL,
        note           TEXT NOT NULL DEFAULT '',
        steps          TEXT NOT NULL,
        current_step   INTEGER NOT NULL DEFAULT 0,
        status         TEXT NOT NULL CHECK (status IN ('in_review', 'approved', 'sent_back', 'withdrawn', 'overridden')),
        submitted_by   TEXT NOT NULL REFERENCES people(id),
        submitted_at   INTEGER NOT NULL,
        closed_at      INTEGER,
        superseded_at  INTEGER,
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX review_rounds_deliverable ON review_rounds(deliverable_id, round_no);
      CREATE INDEX review_rounds_open ON review_rounds(status) WHERE status = 'in_review';

      CREATE TABLE review_decisions (
        id          TEXT PRIMARY KEY,
        round_id    TEXT NOT NULL REFERENCES review_rounds(id) ON DELETE CASCADE,
        step        INTEGER NOT NULL,
        reviewer_id TEXT NOT NULL REFERENCES people(id),
        decision    TEXT NOT NULL CHECK (decision IN ('approve', 'send_back', 'override')),
        comment     TEXT NOT NULL DEFAULT '',
        decided_at  INTEGER NOT NULL,
        created_at  INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX review_decisions_round ON review_decisions(round_id, step);
      CREATE INDEX review_decisions_reviewer ON review_decisions(reviewer_id);
    `);
  },
};
