import { z } from 'zod';
import { PLATFORM_CODES, type DeliverableStatus, type Platform } from '../domain';
import {
  MAX_REVIEW_STEPS,
  MAX_STEP_REVIEWERS,
  MIN_REASON_LENGTH,
  REVIEWER_ROLES,
  type ReviewDecisionKind,
  type ReviewerRef,
  type ReviewRoundStatus,
  type ReviewRule,
  type ReviewStepSpec,
  type StepOutcome,
} from '../reviews';
import { command, Id, Name, query, Text } from './define';

/** 三审: review chains, submissions, sign-offs. Handled in main/reviews/; rules in shared/reviews.ts. */

export interface PersonName {
  id: string;
  name: string;
}

export interface ReviewDecision {
  id: string;
  reviewer: PersonName;
  decision: ReviewDecisionKind;
  comment: string;
  at: number;
}

export interface ReviewRoundStep {
  name: string;
  rule: ReviewRule;
  /** Who could sign this step, fixed when the version was submitted. */
  reviewers: PersonName[];
  outcome: StepOutcome;
  decisions: ReviewDecision[];
}

export interface ReviewRound {
  id: string;
  /** The version number: 1 for the first submission, one more for each new one. */
  roundNo: number;
  /** What is reviewed: the link or the text, as submitted. */
  content: string;
  /** SHA-256 of the content, so a printed sign-off names exactly what was approved. */
  fingerprint: string;
  note: string;
  status: ReviewRoundStatus;
  currentStep: number;
  submittedBy: PersonName;
  submittedAt: number;
  closedAt: number | null;
  supersededAt: number | null;
  steps: ReviewRoundStep[];
  /** A manager's override (publishing without the last approval), when there was one. */
  override: ReviewDecision | null;
}

/** The review state shown on a deliverable row and the board. */
export interface ReviewSummary {
  roundId: string;
  roundNo: number;
  status: ReviewRoundStatus;
  superseded: boolean;
  currentStep: number;
  stepName: string;
  stepCount: number;
}

export interface ResolvedChainStep {
  name: string;
  rule: ReviewRule;
  reviewers: ReviewerRef[];
  /** The people the reviewers name today (a role resolves to its active holders). */
  people: PersonName[];
}

export type ChainSource = 'project' | 'center' | 'builtin';

export interface DeliverableReview {
  deliverable: {
    id: string;
    title: string;
    platform: Platform;
    status: DeliverableStatus;
    projectId: string;
    projectName: string;
    ownerName: string | null;
    publishedUrl: string | null;
    publishedAt: number | null;
  };
  /** The chain a new submission would go through. */
  chain: { source: ChainSource; steps: ResolvedChainStep[] };
  /** Newest first. */
  rounds: ReviewRound[];
  canSubmit: boolean;
  canWithdraw: boolean;
  /** The step of the open round the acting person may sign now. */
  myTurn: { roundId: string; step: number; stepName: string } | null;
  mayPublish: boolean;
  /** A manager or admin may publish without the last approval, giving a reason. */
  mayOverride: boolean;
}

export interface ReviewQueueItem {
  roundId: string;
  roundNo: number;
  deliverableId: string;
  title: string;
  platform: Platform;
  projectId: string;
  projectName: string;
  stepName: string;
  step: number;
  stepCount: number;
  submittedBy: PersonName;
  submittedAt: number;
}

export interface ReviewChainRow {
  id: string;
  projectId: string | null;
  /** null: every platform. */
  platform: Platform | null;
  steps: ReviewStepSpec[];
  updatedAt: number;
}

export interface ReviewChains {
  builtin: ReviewStepSpec[];
  rows: ReviewChainRow[];
  /** May the acting person change the chains of this scope. */
  canEdit: boolean;
}

const Reviewer = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('person'), personId: Id }).strict(),
  z.object({ kind: z.literal('role'), role: z.enum(REVIEWER_ROLES) }).strict(),
  z.object({ kind: z.literal('convener') }).strict(),
  z.object({ kind: z.literal('duty'), shiftTypeId: Id }).strict(),
]);

export const ReviewStep = z
  .object({
    name: Name.max(20),
    rule: z.enum(['any', 'all']),
    reviewers: z.array(Reviewer).min(1).max(MAX_STEP_REVIEWERS),
  })
  .strict();

const Reason = z.string().trim().min(MIN_REASON_LENGTH).max(1000);

export const reviewCalls = {
  'reviews.get': query<DeliverableReview>()(z.object({ deliverableId: Id })),
  /** Rounds waiting for the acting person's signature (待我审核). */
  'reviews.queue': query<ReviewQueueItem[]>()(z.object({}).strict()),
  /** The center's chains (no projectId) or one project's overrides. */
  'reviews.chains': query<ReviewChains>()(z.object({ projectId: Id.nullable().default(null) })),

  /** Sets the chain of a scope (center or project, every platform or one); `steps: null` removes it. */
  'reviews.setChain': command<ReviewChains>()(
    z.object({
      projectId: Id.nullable().default(null),
      platform: z.enum(PLATFORM_CODES).nullable().default(null),
      steps: z.array(ReviewStep).min(1).max(MAX_REVIEW_STEPS).nullable(),
    }),
  ),
  /** Submits the current version for review (送审): the deliverable goes to 审核中. */
  'reviews.submit': command<ReviewRound>()(
    z.object({ deliverableId: Id, content: z.string().trim().min(1).max(5000), note: Text(1000).default('') }),
  ),
  /** Signs the open step of a round: approve, or send back with a comment. */
  'reviews.decide': command<ReviewRound>()(
    z.discriminatedUnion('decision', [
      z.object({ roundId: Id, decision: z.literal('approve'), comment: Text(1000).default('') }),
      z.object({ roundId: Id, decision: z.literal('send_back'), comment: Reason }),
    ]),
  ),
  /** The submitter (or the project's convener) takes an open round back to production. */
  'reviews.withdraw': command<ReviewRound>()(z.object({ roundId: Id })),
};

export const OverrideReason = Reason;
