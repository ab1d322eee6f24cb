import { createHash } from 'node:crypto';
import type { DeliverableStatus, Platform } from '../../shared/domain';
import { conflict, forbidden, invalid } from '../../shared/errors';
import { managesCenter } from '../../shared/policy/roles';
import { reviewAllowsPublishing, stepOutcome } from '../../shared/reviews';
import type { Db } from '../db/connection';
import type { Actor } from '../core/context';
import { newId } from '../core/ids';
import { snapshotFor } from './chains';
import { decisionsOf, latestRound, stepsOf, type RoundRow, type StepSnapshot } from './rows';

/** The writes of review_rounds and review_decisions, and the publishing gate every path goes through. */

export const fingerprintOf = (content: string): string => createHash('sha256').update(content, 'utf8').digest('hex');

export interface NewRound {
  deliverableId: string;
  content: string;
  note: string;
  steps: StepSnapshot[];
  status?: RoundRow['status'];
  submittedBy: string;
}

export function insertRound(db: Db, r: NewRound, now: number): string {
  const id = newId();
  const prev = db.prepare<[string], { n: number | null }>('SELECT max(round_no) AS n FROM review_rounds WHERE deliverable_id = ?').get(r.deliverableId);
  const status = r.status ?? 'in_review';
  db.prepare(
    `INSERT INTO review_rounds (id, deliverable_id, round_no, content, fingerprint, note, steps, current_step, status, submitted_by, submitted_at,
       closed_at, superseded_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, NULL, ?, ?)`,
  ).run(
    id, r.deliverableId, (prev?.n ?? 0) + 1, r.content, fingerprintOf(r.content), r.note, JSON.stringify(r.steps), status, r.submittedBy, now,
    status === 'in_review' ? null : now, now, now,
  );
  return id;
}

export function insertDecision(
  db: Db,
  d: { roundId: string; step: number; reviewerId: string; decision: 'approve' | 'send_back' | 'override'; comment: string },
  now: number,
): void {
  db.prepare(
    'INSERT INTO review_decisions (id, round_id, step, reviewer_id, decision, comment, decided_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(newId(), d.roundId, d.step, d.reviewerId, d.decision, d.comment, now, now);
}

export function setRoundState(db: Db, id: string, s: { status: RoundRow['status']; currentStep?: number; closed: boolean }, now: number): void {
  db.prepare('UPDATE review_rounds SET status = ?, current_step = coalesce(?, current_step), closed_at = ?, updated_at = ? WHERE id = ?').run(
    s.status, s.currentStep ?? null, s.closed ? now : null, now, id,
  );
}

export function supersede(db: Db, id: string, now: number): void {
  db.prepare('UPDATE review_rounds SET superseded_at = ?, updated_at = ? WHERE id = ? AND superseded_at IS NULL').run(now, now, id);
}

/** The state the decisions leave a round in: the next open step, or its end. */
export function advance(db: Db, round: RoundRow, now: number): RoundRow['status'] {
  const steps = stepsOf(round);
  const decisions = decisionsOf(db, round.id).filter((d) => d.step === round.current_step && d.decision !== 'override');
  const step = steps[round.current_step];
  if (!step) return round.status;
  const outcome = stepOutcome(step, decisions.map((d) => ({ reviewerId: d.reviewer_id, decision: d.decision })));
  if (outcome === 'sent_back') {
    setRoundState(db, round.id, { status: 'sent_back', closed: true }, now);
    return 'sent_back';
  }
  if (outcome === 'approved') {
    if (round.current_step + 1 >= steps.length) {
      setRoundState(db, round.id, { status: 'approved', closed: true }, now);
      return 'approved';
    }
    setRoundState(db, round.id, { status: 'in_review', currentStep: round.current_step + 1, closed: false }, now);
  }
  return 'in_review';
}

const describe = (r: RoundRow | null): { zh: string; en: string } => {
  if (!r) return { zh: '还没有送审', en: 'it was never submitted for review' };
  const step = stepsOf(r)[r.current_step]?.name ?? '';
  if (r.superseded_at !== null) return { zh: `第 ${r.round_no} 版的审核已因退回制作而失效，请重新送审`, en: `the approval of version ${r.round_no} lapsed when it went back to production; submit it again` };
  switch (r.status) {
    case 'in_review':
      return { zh: `第 ${r.round_no} 版正在${step}`, en: `version ${r.round_no} is at ${step}` };
    case 'sent_back':
      return { zh: `第 ${r.round_no} 版在${step}被退回`, en: `version ${r.round_no} was sent back at ${step}` };
    case 'withdrawn':
      return { zh: `第 ${r.round_no} 版已撤回`, en: `version ${r.round_no} was withdrawn` };
    default:
      return { zh: '', en: '' };
  }
};

export interface StatusChange {
  deliverable: { id: string; title: string; platform: Platform; project_id: string; published_url: string | null };
  from: DeliverableStatus;
  to: DeliverableStatus;
  /** A manager publishing without the final approval. */
  overrideReason?: string;
  /** The project's convener (the chain's 初审 by default), for an override's record. */
  convenerId: string;
}

/**
 * THE publishing gate (三审): every way a deliverable's status changes — the
 * deliverable panel, undo, a replay at the hub — comes through here first.
 * - 已发布 only on the current version's final approval, or a manager's override with a reason (recorded on the round);
 * - 审核中 is entered by submitting (reviews.submit), or kept while an approval stands (taken down, to be published again);
 * - back to 计划中 / 制作中 withdraws an open round, and voids an approval (the content will change).
 * Returns whether an override was recorded.
 */
export function gateStatusChange(db: Db, actor: Actor, c: StatusChange, now: number): { overridden: boolean } {
  if (c.from === c.to) return { overridden: false };
  const latest = latestRound(db, c.deliverable.id);
  const state = latest ? { status: latest.status, superseded: latest.superseded_at !== null } : null;
  const title = c.deliverable.title;
  if (c.to === 'published') {
    if (reviewAllowsPublishing(state)) return { overridden: false };
    if (c.overrideReason === undefined) {
      const why = describe(latest);
      throw conflict({
        zh: `“${title}”还没有通过终审，不能发布（${why.zh}）。管理者可以填写理由越级发布。`,
        en: `“${title}” has not passed its final review, so it cannot be published (${why.en}). A manager can publish it with a reason.`,
      });
    }
    if (!managesCenter(actor.role)) {
      throw forbidden({ zh: '只有管理者或管理员可以不经终审发布', en: 'Only a manager or an admin can publish without the final review' });
    }
    const reason = c.overrideReason.trim();
    if (latest && latest.status === 'in_review') {
      insertDecision(db, { roundId: latest.id, step: latest.current_step, reviewerId: actor.id, decision: 'override', comment: reason }, now);
      setRoundState(db, latest.id, { status: 'overridden', closed: true }, now);
    } else {
      const steps = snapshotFor(db, c.deliverable.project_id, c.deliverable.platform, c.convenerId, actor.id, now).steps;
      const id = insertRound(
        db,
        { deliverableId: c.deliverable.id, content: c.deliverable.published_url ?? title, note: '', steps, status: 'overridden', submittedBy: actor.id },
        now,
      );
      insertDecision(db, { roundId: id, step: 0, reviewerId: actor.id, decision: 'override', comment: reason }, now);
    }
    return { overridden: true };
  }
  if (c.to === 'in_review') {
    if (latest && (latest.status === 'in_review' || reviewAllowsPublishing(state))) return { overridden: false };
    throw invalid({
      zh: `请用“送审”提交“${title}”：写明送审的链接或稿件，按审核流程逐级审核`,
      en: `Submit “${title}” for review instead: give the link or the text, and it goes through the review chain`,
    });
  }
  // Back to planned or in production.
  if (latest?.status === 'in_review') setRoundState(db, latest.id, { status: 'withdrawn', closed: true }, now);
  else if (latest && reviewAllowsPublishing(state)) supersede(db, latest.id, now);
  return { overridden: false };
}
