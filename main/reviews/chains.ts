import { onDuty } from '../rota';
import type { ChainSource, PersonName, ResolvedChainStep, ReviewChainRow } from '../../shared/contract';
import type { Platform } from '../../shared/domain';
import { BUILTIN_REVIEW_CHAIN, MAX_REVIEW_STEPS, REVIEWER_ROLES, type ReviewerRef, type ReviewerRole, type ReviewStepSpec } from '../../shared/reviews';
import type { Db, ReadDb } from '../db/connection';
import { newId } from '../core/ids';
import type { StepSnapshot } from './rows';

interface ChainRow {
  id: string;
  project_id: string | null;
  platform: string;
  steps: string;
  created_at: number;
  updated_at: number;
}

/** A stored chain, parsed defensively (rows arrive by sync); an unreadable one counts as absent. */
function parseSteps(text: string): ReviewStepSpec[] | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_REVIEW_STEPS) return null;
  const steps: ReviewStepSpec[] = [];
  for (const s of raw as unknown[]) {
    const o = s as Partial<ReviewStepSpec> | null;
    if (!o || typeof o.name !== 'string' || (o.rule !== 'any' && o.rule !== 'all') || !Array.isArray(o.reviewers)) return null;
    const reviewers: ReviewerRef[] = [];
    for (const r of o.reviewers as unknown[]) {
      const x = r as { kind?: unknown; personId?: unknown; role?: unknown; shiftTypeId?: unknown } | null;
      if (x?.kind === 'person' && typeof x.personId === 'string') reviewers.push({ kind: 'person', personId: x.personId });
      else if (x?.kind === 'role' && (REVIEWER_ROLES as readonly unknown[]).includes(x.role)) reviewers.push({ kind: 'role', role: x.role as ReviewerRole });
      else if (x?.kind === 'convener') reviewers.push({ kind: 'convener' });
      else if (x?.kind === 'duty' && typeof x.shiftTypeId === 'string') reviewers.push({ kind: 'duty', shiftTypeId: x.shiftTypeId });
    }
    if (!reviewers.length) return null;
    steps.push({ name: o.name, rule: o.rule, reviewers });
  }
  return steps;
}

const CHAIN_SQL = `SELECT * FROM review_chains WHERE project_id IS ? AND platform = ? ORDER BY updated_at DESC, id DESC LIMIT 1`;

function chainAt(db: ReadDb, projectId: string | null, platform: string): { row: ChainRow; steps: ReviewStepSpec[] } | null {
  const row = db.prepare<[string | null, string], ChainRow>(CHAIN_SQL).get(projectId, platform);
  if (!row) return null;
  const steps = parseSteps(row.steps);
  return steps ? { row, steps } : null;
}

/**
 * The chain a deliverable of `platform` in `projectId` goes through: the
 * project's for that platform, the project's for every platform, the center's
 * for that platform, the center's, or the built-in 初审 → 复审 → 终审.
 */
export function effectiveChain(db: ReadDb, projectId: string, platform: Platform): { source: ChainSource; steps: ReviewStepSpec[] } {
  for (const [p, pl, source] of [
    [projectId, platform, 'project'],
    [projectId, '', 'project'],
    [null, platform, 'center'],
    [null, '', 'center'],
  ] as const) {
    const c = chainAt(db, p, pl);
    if (c) return { source, steps: c.steps };
  }
  return { source: 'builtin', steps: BUILTIN_REVIEW_CHAIN.map((s) => ({ ...s, reviewers: [...s.reviewers] })) };
}

/** The active people a reviewer entry names at `at`, in name order. */
export function peopleOf(db: ReadDb, ref: ReviewerRef, convenerId: string, at: number): PersonName[] {
  const q = (sql: string, arg: string): PersonName[] => db.prepare<[string], PersonName>(sql).all(arg);
  switch (ref.kind) {
    case 'person':
      return q('SELECT id, name FROM people WHERE id = ? AND active = 1', ref.personId);
    case 'convener':
      return q('SELECT id, name FROM people WHERE id = ? AND active = 1', convenerId);
    case 'role':
      return q('SELECT id, name FROM people WHERE role = ? AND active = 1 ORDER BY pinyin, id', ref.role);
    case 'duty':
      return onDuty(db, ref.shiftTypeId, at);
  }
}

export function resolveSteps(db: ReadDb, steps: readonly ReviewStepSpec[], convenerId: string, at: number): ResolvedChainStep[] {
  return steps.map((s) => {
    const seen = new Map<string, PersonName>();
    for (const r of s.reviewers) for (const p of peopleOf(db, r, convenerId, at)) seen.set(p.id, p);
    return { name: s.name, rule: s.rule, reviewers: s.reviewers, people: [...seen.values()] };
  });
}

/**
 * The steps a new round is fixed to. The submitter signs none of their own
 * work: they are left out of every step; a step with nobody left is returned
 * by name so the submission can be refused with it.
 */
export function snapshotFor(
  db: Db,
  projectId: string,
  platform: Platform,
  convenerId: string,
  submitterId: string,
  at: number,
): { steps: StepSnapshot[]; empty: string | null } {
  const resolved = resolveSteps(db, effectiveChain(db, projectId, platform).steps, convenerId, at);
  const steps = resolved.map((s) => ({ name: s.name, rule: s.rule, reviewerIds: s.people.map((p) => p.id).filter((id) => id !== submitterId) }));
  return { steps, empty: steps.find((s) => s.reviewerIds.length === 0)?.name ?? null };
}

const toChainRow = (r: ChainRow): ReviewChainRow | null => {
  const steps = parseSteps(r.steps);
  return steps ? { id: r.id, projectId: r.project_id, platform: (r.platform || null) as Platform | null, steps, updatedAt: r.updated_at } : null;
};

/** The chains of one scope (the center, or a project), newest row per platform. */
export function chainsOf(db: ReadDb, projectId: string | null): ReviewChainRow[] {
  const rows = db
    .prepare<[string | null], ChainRow>('SELECT * FROM review_chains WHERE project_id IS ? ORDER BY platform, updated_at DESC, id DESC')
    .all(projectId);
  const out: ReviewChainRow[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.platform)) continue;
    seen.add(r.platform);
    const c = toChainRow(r);
    if (c) out.push(c);
  }
  return out;
}

/** Writes (or, with `steps` null, removes) the chain of one scope. Returns the rows before and after. */
export function writeChain(
  db: Db,
  projectId: string | null,
  platform: Platform | null,
  steps: ReviewStepSpec[] | null,
  now: number,
): { before: ChainRow[]; after: ChainRow | null } {
  const pl = platform ?? '';
  const before = db.prepare<[string | null, string], ChainRow>('SELECT * FROM review_chains WHERE project_id IS ? AND platform = ?').all(projectId, pl);
  db.prepare('DELETE FROM review_chains WHERE project_id IS ? AND platform = ?').run(projectId, pl);
  if (!steps) return { before, after: null };
  const id = newId();
  const created = before[0]?.created_at ?? now;
  db.prepare('INSERT INTO review_chains (id, project_id, platform, steps, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    id, projectId, pl, JSON.stringify(steps), created, now,
  );
  return { before, after: db.prepare<[string], ChainRow>('SELECT * FROM review_chains WHERE id = ?').get(id) ?? null };
}
