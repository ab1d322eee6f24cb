import type { Labeled, Role } from './domain';

/**
 * 三审 — the review chain a deliverable passes before it may be published.
 * The rules live here once: main enforces them (main/reviews/), the screens
 * only read them to decide what to offer.
 *
 * A chain is an ordered list of steps (初审 → 复审 → 终审 by default). Each step
 * names its reviewers — people, a center role, the project's convener, or
 * whoever is on a duty shift (值班主编) at submission — and
 * its rule: 或签 (`any`: one approval suffices) or 会签 (`all`: every reviewer
 * approves). Any reviewer of the step may send it back, with a comment.
 */

export type ReviewRule = 'any' | 'all';
export const REVIEW_RULES = [
  { code: 'any', zh: '或签（一人通过即可）', en: 'Any one approves' },
  { code: 'all', zh: '会签（全部通过）', en: 'All approve' },
] as const satisfies readonly Labeled<ReviewRule>[];

/** Center roles a step may name (a member role reviews nothing by itself). */
export const REVIEWER_ROLES = ['admin', 'manager'] as const satisfies readonly Role[];
export type ReviewerRole = (typeof REVIEWER_ROLES)[number];

export type ReviewerRef =
  | { kind: 'person'; personId: string }
  | { kind: 'role'; role: ReviewerRole }
  /** The convener of the deliverable's project (its 责任编辑). */
  | { kind: 'convener' }
  /** Whoever is on this shift of the duty rota when it is submitted (e.g. 值班主编; shared/rota.ts). */
  | { kind: 'duty'; shiftTypeId: string };

export interface ReviewStepSpec {
  name: string;
  rule: ReviewRule;
  reviewers: ReviewerRef[];
}

export const MAX_REVIEW_STEPS = 6;
export const MAX_STEP_REVIEWERS = 20;

/** Used until the center sets its own (Settings → 审核流程). */
export const BUILTIN_REVIEW_CHAIN: readonly ReviewStepSpec[] = [
  { name: '初审', rule: 'any', reviewers: [{ kind: 'convener' }] },
  { name: '复审', rule: 'any', reviewers: [{ kind: 'role', role: 'manager' }] },
  { name: '终审', rule: 'any', reviewers: [{ kind: 'role', role: 'admin' }] },
];

/** A round's status: in review, approved at the last step, sent back, withdrawn by the owner, or published on a manager's override. */
export type ReviewRoundStatus = 'in_review' | 'approved' | 'sent_back' | 'withdrawn' | 'overridden';
export const REVIEW_ROUND_STATUSES = [
  { code: 'in_review', zh: '审核中', en: 'In review' },
  { code: 'approved', zh: '已通过', en: 'Approved' },
  { code: 'sent_back', zh: '已退回', en: 'Sent back' },
  { code: 'withdrawn', zh: '已撤回', en: 'Withdrawn' },
  { code: 'overridden', zh: '越级发布', en: 'Published on override' },
] as const satisfies readonly Labeled<ReviewRoundStatus>[];

export type ReviewDecisionKind = 'approve' | 'send_back' | 'override';
export const REVIEW_DECISIONS = [
  { code: 'approve', zh: '通过', en: 'Approved' },
  { code: 'send_back', zh: '退回', en: 'Sent back' },
  { code: 'override', zh: '越级发布', en: 'Override' },
] as const satisfies readonly Labeled<ReviewDecisionKind>[];

export type StepOutcome = 'waiting' | 'approved' | 'sent_back';

/**
 * Where one step stands, from its reviewers (resolved when the version was
 * submitted) and the decisions taken on it. A send-back by any reviewer ends it.
 */
export function stepOutcome(
  step: { rule: ReviewRule; reviewerIds: readonly string[] },
  decisions: readonly { reviewerId: string; decision: ReviewDecisionKind }[],
): StepOutcome {
  if (decisions.some((d) => d.decision === 'send_back')) return 'sent_back';
  const approved = new Set(decisions.filter((d) => d.decision === 'approve').map((d) => d.reviewerId));
  if (step.rule === 'any') return approved.size > 0 ? 'approved' : 'waiting';
  return step.reviewerIds.every((id) => approved.has(id)) ? 'approved' : 'waiting';
}

/** What a deliverable's latest round says about publishing. */
export interface ReviewState {
  status: ReviewRoundStatus;
  /** Set when the deliverable went back to production after approval: that approval no longer covers it. */
  superseded: boolean;
}

/** "Published" is allowed only on the current version's final approval (or a recorded override). */
export const reviewAllowsPublishing = (r: ReviewState | null): boolean =>
  r !== null && !r.superseded && (r.status === 'approved' || r.status === 'overridden');

/** A send-back needs a reason the owner can act on; an override a reason for the record. */
export const MIN_REASON_LENGTH = 2;

/** A published URL the screens offer to save (main validates it again: http(s) only). */
export const looksLikePublishedUrl = (text: string): boolean => /^https?:\/\/\S+$/.test(text.trim());

/** Is this send-back comment or override reason long enough? */
export const isReason = (text: string): boolean => text.trim().length >= MIN_REASON_LENGTH;
