import type { ReviewQueueItem } from '../../shared/contract';
import type { Platform } from '../../shared/domain';
import type { Actor } from '../core/context';
import type { ReadDb } from '../db/connection';
import { decisionsOf, stepsOf, type RoundRow } from './rows';

/** May `actor` sign the open step of `round` now? */
export function myTurn(db: ReadDb, actor: Actor, round: RoundRow): boolean {
  if (round.status !== 'in_review' || round.submitted_by === actor.id) return false;
  const step = stepsOf(round)[round.current_step];
  if (!step?.reviewerIds.includes(actor.id)) return false;
  return !decisionsOf(db, round.id).some((d) => d.step === round.current_step && d.reviewer_id === actor.id);
}

/** Open rounds the acting person may sign. Open rounds are few (partial index review_rounds_open). */
export function reviewQueue(db: ReadDb, actor: Actor): ReviewQueueItem[] {
  const rows = db
    .prepare<[], RoundRow & { title: string; platform: Platform; project_id: string; project_name: string; project_status: string; submitter: string }>(
      `SELECT r.*, d.title, d.platform, d.project_id, pr.name AS project_name, pr.status AS project_status, p.name AS submitter
       FROM review_rounds r JOIN deliverables d ON d.id = r.deliverable_id JOIN projects pr ON pr.id = d.project_id
       LEFT JOIN people p ON p.id = r.submitted_by
       WHERE r.status = 'in_review' ORDER BY r.submitted_at, r.id`,
    )
    .all();
  return rows
    .filter((r) => r.project_status !== 'archived' && myTurn(db, actor, r))
    .map((r) => {
      const steps = stepsOf(r);
      return {
        roundId: r.id,
        roundNo: r.round_no,
        deliverableId: r.deliverable_id,
        title: r.title,
        platform: r.platform,
        projectId: r.project_id,
        projectName: r.project_name,
        stepName: steps[r.current_step]?.name ?? '',
        step: r.current_step,
        stepCount: steps.length,
        submittedBy: { id: r.submitted_by, name: r.submitter ?? '—' },
        submittedAt: r.submitted_at,
      };
    });
}

