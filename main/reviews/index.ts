import type { DeliverableReview, ReviewChains } from '../../shared/contract';
import { conflict, forbidden, invalid } from '../../shared/errors';
import { managesCenter } from '../../shared/policy/roles';
import { BUILTIN_REVIEW_CHAIN, reviewAllowsPublishing } from '../../shared/reviews';
import type { HandlerGroup } from '../core/backend';
import type { Actor, ReadCtx } from '../core/context';
import { requireActor } from '../core/rights';
import type { ReadDb } from '../db/connection';
import { canManageProject, canWorkOnProject, projectRef, requireProjectManager, requireProjectWorker } from '../projects/access';
import { deliverableRow, assertNotArchived } from '../boards/rows';
import { setDeliverableStatus } from '../boards/deliverables';
import { chainsOf, effectiveChain, resolveSteps, snapshotFor, writeChain } from './chains';
import { advance, insertDecision, insertRound, setRoundState, supersede } from './rounds';
import { myTurn, reviewQueue } from './queue';
import { latestRound, roundRow, stepsOf, toRound, type RoundRow } from './rows';

export { gateStatusChange } from './rounds';
export { reviewSummaries, reviewSummariesOf } from './rows';
export { reviewQueue } from './queue';

/**
 * 三审 (shared/reviews.ts): chains, submissions and sign-offs. Each command
 * writes one activity row on the deliverable, so its history reads as the
 * review record; the 审签单 prints from reviews.get.
 */

function chainsView(db: ReadDb, actor: Actor, projectId: string | null): ReviewChains {
  const canEdit = projectId === null ? managesCenter(actor.role) : canManageProject(actor, projectRef(db, projectId));
  return { builtin: BUILTIN_REVIEW_CHAIN.map((s) => ({ ...s, reviewers: [...s.reviewers] })), rows: chainsOf(db, projectId), canEdit };
}

function reviewOf(ctx: ReadCtx, deliverableId: string): DeliverableReview {
  const actor = requireActor(ctx);
  const d = deliverableRow(ctx.db, deliverableId);
  const project = projectRef(ctx.db, d.project_id);
  const chain = effectiveChain(ctx.db, project.id, d.platform);
  const rounds = ctx.db
    .prepare<[string], RoundRow>('SELECT * FROM review_rounds WHERE deliverable_id = ? ORDER BY round_no DESC, submitted_at DESC, id DESC')
    .all(d.id);
  const latest = rounds[0] ?? null;
  const works = canWorkOnProject(ctx.db, actor, project) && project.status !== 'archived';
  const state = latest ? { status: latest.status, superseded: latest.superseded_at !== null } : null;
  const turn = latest && myTurn(ctx.db, actor, latest) ? latest : null;
  return {
    deliverable: {
      id: d.id,
      title: d.title,
      platform: d.platform,
      status: d.status,
      projectId: project.id,
      projectName: project.name,
      ownerName: d.owner_name ?? null,
      publishedUrl: d.published_url,
      publishedAt: d.published_at,
    },
    chain: { source: chain.source, steps: resolveSteps(ctx.db, chain.steps, project.convenerId, ctx.now()) },
    rounds: rounds.map((r) => toRound(ctx.db, r)),
    canSubmit: works && d.status !== 'published' && latest?.status !== 'in_review',
    canWithdraw: works && latest?.status === 'in_review' && (latest.submitted_by === actor.id || canManageProject(actor, project)),
    myTurn: turn ? { roundId: turn.id, step: turn.current_step, stepName: stepsOf(turn)[turn.current_step]?.name ?? '' } : null,
    mayPublish: works && d.status !== 'published' && reviewAllowsPublishing(state),
    mayOverride: works && d.status !== 'published' && !reviewAllowsPublishing(state) && managesCenter(actor.role),
  };
}

export const reviewHandlers = {
  'reviews.get': (ctx, input) => reviewOf(ctx, input.deliverableId),
  'reviews.queue': (ctx) => reviewQueue(ctx.db, requireActor(ctx)),
  'reviews.chains': (ctx, input) => chainsView(ctx.db, requireActor(ctx), input.projectId),

  'reviews.setChain': (ctx, input) => {
    const actor = requireActor(ctx);
    let projectName: string | null = null;
    if (input.projectId === null) {
      if (!managesCenter(actor.role)) {
        throw forbidden({ zh: '只有管理者或管理员可以设置中心的审核流程', en: 'Only a manager or an admin can set the center’s review chain' });
      }
    } else {
      projectName = requireProjectManager(ctx, input.projectId).project.name;
    }
    for (const s of input.steps ?? []) {
      for (const r of s.reviewers) {
        if (r.kind === 'person' && !ctx.db.prepare('SELECT 1 FROM people WHERE id = ? AND active = 1').get(r.personId)) {
          throw invalid({ zh: `“${s.name}”的审核人不存在或已停用`, en: `A reviewer of “${s.name}” does not exist or is inactive` });
        }
        if (r.kind === 'duty' && !ctx.db.prepare('SELECT 1 FROM shift_types WHERE id = ? AND archived = 0').get(r.shiftTypeId)) {
          throw invalid({ zh: `“${s.name}”所选的值班班次不存在或已停用`, en: `The duty shift named in “${s.name}” does not exist or is archived` });
        }
      }
    }
    const { before, after } = writeChain(ctx.db, input.projectId, input.platform, input.steps, ctx.now());
    const scope = projectName ? `项目“${projectName}”` : '中心';
    const what = input.steps ? input.steps.map((s) => s.name).join(' → ') : '恢复默认';
    ctx.record({
      entityType: 'review_chain',
      entityId: after?.id ?? before[0]?.id ?? input.projectId ?? 'center',
      projectId: input.projectId,
      summary: `设置${scope}${input.platform ? `（${input.platform}）` : ''}的审核流程：${what}`,
      before: before[0] ?? null,
      after,
    });
    return chainsView(ctx.db, actor, input.projectId);
  },

  'reviews.submit': (ctx, input) => {
    const d = deliverableRow(ctx.db, input.deliverableId);
    const { actor, project } = requireProjectWorker(ctx, d.project_id);
    assertNotArchived(project);
    if (d.status === 'published') {
      throw conflict({ zh: `“${d.title}”已经发布；要改稿请先撤下`, en: `“${d.title}” is already published; take it down first to change it` });
    }
    const latest = latestRound(ctx.db, d.id);
    if (latest?.status === 'in_review') {
      throw conflict({ zh: `“${d.title}”的第 ${latest.round_no} 版正在审核中`, en: `Version ${latest.round_no} of “${d.title}” is already in review` });
    }
    const { steps, empty } = snapshotFor(ctx.db, project.id, d.platform, project.convenerId, actor.id, ctx.now());
    if (empty !== null) {
      throw invalid({
        zh: `审核流程的“${empty}”没有可以审核的人（送审人不能审核自己的稿件）。请在设置中调整审核流程。`,
        en: `Nobody can sign “${empty}” of the review chain (no one reviews their own work). Adjust the chain in Settings.`,
      });
    }
    const now = ctx.now();
    if (latest && latest.superseded_at === null && (latest.status === 'approved' || latest.status === 'overridden')) supersede(ctx.db, latest.id, now);
    const id = insertRound(ctx.db, { deliverableId: d.id, content: input.content, note: input.note, steps, submittedBy: actor.id }, now);
    setDeliverableStatus(ctx.db, d.id, 'in_review', now);
    const after = roundRow(ctx.db, id);
    ctx.record({
      entityType: 'deliverable',
      entityId: d.id,
      projectId: project.id,
      summary: `送审“${d.title}”第 ${after.round_no} 版：${steps.map((s) => s.name).join(' → ')}`,
      after,
    });
    return toRound(ctx.db, after);
  },

  'reviews.decide': (ctx, input) => {
    const actor = requireActor(ctx);
    const round = roundRow(ctx.db, input.roundId);
    const d = deliverableRow(ctx.db, round.deliverable_id);
    assertNotArchived(projectRef(ctx.db, d.project_id));
    if (round.status !== 'in_review') {
      throw conflict({ zh: `“${d.title}”的第 ${round.round_no} 版已不在审核中`, en: `Version ${round.round_no} of “${d.title}” is no longer in review` });
    }
    const step = stepsOf(round)[round.current_step];
    if (!myTurn(ctx.db, actor, round) || !step) {
      const own = round.submitted_by === actor.id;
      throw forbidden({
        zh: own ? '送审人不能审核自己的稿件' : `您不是“${d.title}”${step?.name ?? ''}的审核人，或已经签过`,
        en: own ? 'No one reviews their own submission' : `You are not a reviewer of ${step?.name ?? 'this step'} of “${d.title}”, or you have signed it already`,
      });
    }
    const now = ctx.now();
    insertDecision(ctx.db, { roundId: round.id, step: round.current_step, reviewerId: actor.id, decision: input.decision, comment: input.comment }, now);
    const status = advance(ctx.db, round, now);
    if (status === 'sent_back') setDeliverableStatus(ctx.db, d.id, 'in_production', now);
    const after = roundRow(ctx.db, round.id);
    const verb = input.decision === 'approve' ? '通过' : '退回';
    ctx.record({
      entityType: 'deliverable',
      entityId: d.id,
      projectId: d.project_id,
      summary: `${step.name}${verb}“${d.title}”第 ${round.round_no} 版${input.comment ? `：${input.comment}` : ''}`,
      before: round,
      after,
    });
    return toRound(ctx.db, after);
  },

  'reviews.withdraw': (ctx, input) => {
    const actor = requireActor(ctx);
    const round = roundRow(ctx.db, input.roundId);
    const d = deliverableRow(ctx.db, round.deliverable_id);
    const { project } = requireProjectWorker(ctx, d.project_id);
    assertNotArchived(project);
    if (round.status !== 'in_review') {
      throw conflict({ zh: `“${d.title}”的第 ${round.round_no} 版已不在审核中`, en: `Version ${round.round_no} of “${d.title}” is no longer in review` });
    }
    if (round.submitted_by !== actor.id && !canManageProject(actor, project)) {
      throw forbidden({ zh: '只有送审人或项目召集人可以撤回送审', en: 'Only the submitter or the project’s convener can withdraw it' });
    }
    const now = ctx.now();
    setRoundState(ctx.db, round.id, { status: 'withdrawn', closed: true }, now);
    setDeliverableStatus(ctx.db, d.id, 'in_production', now);
    const after = roundRow(ctx.db, round.id);
    ctx.record({ entityType: 'deliverable', entityId: d.id, projectId: d.project_id, summary: `撤回“${d.title}”第 ${round.round_no} 版的送审`, before: round, after });
    return toRound(ctx.db, after);
  },
} satisfies HandlerGroup;
