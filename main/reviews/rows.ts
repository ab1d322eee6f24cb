import type { PersonName, ReviewDecision, ReviewRound, ReviewSummary } from '../../shared/contract';
import { notFound } from '../../shared/errors';
import { stepOutcome, type ReviewDecisionKind, type ReviewRoundStatus, type ReviewRule } from '../../shared/reviews';
import type { Db, ReadDb } from '../db/connection';

/** A step as a round stores it: the reviewers resolved to people when the version was submitted. */
export interface StepSnapshot {
  name: string;
  rule: ReviewRule;
  reviewerIds: string[];
}

export interface RoundRow {
  id: string;
  deliverable_id: string;
  round_no: number;
  content: string;
  fingerprint: string;
  note: string;
  steps: string;
  current_step: number;
  status: ReviewRoundStatus;
  submitted_by: string;
  submitted_at: number;
  closed_at: number | null;
  superseded_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface DecisionRow {
  id: string;
  round_id: string;
  step: number;
  reviewer_id: string;
  decision: ReviewDecisionKind;
  comment: string;
  decided_at: number;
  created_at: number;
}

/** Parses a stored snapshot defensively: a row that arrived by sync is data, not code. */
export function stepsOf(r: Pick<RoundRow, 'steps'>): StepSnapshot[] {
  let raw: unknown;
  try {
    raw = JSON.parse(r.steps);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((s: unknown): StepSnapshot[] => {
    const o = s as Partial<StepSnapshot> | null;
    if (!o || typeof o.name !== 'string' || (o.rule !== 'any' && o.rule !== 'all') || !Array.isArray(o.reviewerIds)) return [];
    return [{ name: o.name, rule: o.rule, reviewerIds: o.reviewerIds.filter((x): x is string => typeof x === 'string') }];
  });
}

export function roundRow(db: Db, id: string): RoundRow {
  const row = db.prepare<[string], RoundRow>('SELECT * FROM review_rounds WHERE id = ?').get(id);
  if (!row) throw notFound({ zh: '送审记录', en: 'Review round' });
  return row;
}

export const LATEST_ROUND_SQL = 'SELECT * FROM review_rounds WHERE deliverable_id = ? ORDER BY round_no DESC, submitted_at DESC, id DESC LIMIT 1';

export function latestRound(db: Db, deliverableId: string): RoundRow | null {
  return db.prepare<[string], RoundRow>(LATEST_ROUND_SQL).get(deliverableId) ?? null;
}

export function decisionsOf(db: ReadDb, roundId: string): DecisionRow[] {
  return db.prepare<[string], DecisionRow>('SELECT * FROM review_decisions WHERE round_id = ? ORDER BY decided_at, id').all(roundId);
}

function names(db: ReadDb, ids: readonly string[]): Map<string, string> {
  if (!ids.length) return new Map();
  const rows = db
    .prepare<[string], { id: string; name: string }>('SELECT id, name FROM people WHERE id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify([...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function toRound(db: ReadDb, r: RoundRow): ReviewRound {
  const steps = stepsOf(r);
  const decisions = decisionsOf(db, r.id);
  const who = names(db, [r.submitted_by, ...steps.flatMap((s) => s.reviewerIds), ...decisions.map((d) => d.reviewer_id)]);
  const person = (id: string): PersonName => ({ id, name: who.get(id) ?? '—' });
  const toDecision = (d: DecisionRow): ReviewDecision => ({
    id: d.id,
    reviewer: person(d.reviewer_id),
    decision: d.decision,
    comment: d.comment,
    at: d.decided_at,
  });
  const override = decisions.find((d) => d.decision === 'override');
  return {
    id: r.id,
    roundNo: r.round_no,
    content: r.content,
    fingerprint: r.fingerprint,
    note: r.note,
    status: r.status,
    currentStep: r.current_step,
    submittedBy: person(r.submitted_by),
    submittedAt: r.submitted_at,
    closedAt: r.closed_at,
    supersededAt: r.superseded_at,
    steps: steps.map((s, i) => {
      const mine = decisions.filter((d) => d.step === i && d.decision !== 'override');
      return {
        name: s.name,
        rule: s.rule,
        reviewers: s.reviewerIds.map(person),
        outcome: stepOutcome(s, mine.map((d) => ({ reviewerId: d.reviewer_id, decision: d.decision }))),
        decisions: mine.map(toDecision),
      };
    }),
    override: override ? toDecision(override) : null,
  };
}

export function toSummary(r: RoundRow): ReviewSummary {
  const steps = stepsOf(r);
  return {
    roundId: r.id,
    roundNo: r.round_no,
    status: r.status,
    superseded: r.superseded_at !== null,
    currentStep: r.current_step,
    stepName: steps[r.current_step]?.name ?? '',
    stepCount: steps.length,
  };
}

/** The latest round of each deliverable of a project, for the board (one query). */
export function reviewSummaries(db: ReadDb, projectId: string): Map<string, ReviewSummary> {
  const rows = db
    .prepare<[string], RoundRow>(
      `SELECT r.* FROM review_rounds r JOIN deliverables d ON d.id = r.deliverable_id
       WHERE d.project_id = ? ORDER BY r.deliverable_id, r.round_no, r.submitted_at, r.id`,
    )
    .all(projectId);
  const out = new Map<string, ReviewSummary>();
  for (const r of rows) out.set(r.deliverable_id, toSummary(r));
  return out;
}

/** The latest round of each of a list of deliverables (My tasks). */
export function reviewSummariesOf(db: ReadDb, deliverableIds: readonly string[]): Map<string, ReviewSummary> {
  const out = new Map<string, ReviewSummary>();
  if (!deliverableIds.length) return out;
  const rows = db
    .prepare<[string], RoundRow>(
      `SELECT * FROM review_rounds WHERE deliverable_id IN (SELECT value FROM json_each(?)) ORDER BY deliverable_id, round_no, submitted_at, id`,
    )
    .all(JSON.stringify(deliverableIds));
  for (const r of rows) out.set(r.deliverable_id, toSummary(r));
  return out;
}
