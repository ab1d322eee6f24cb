import { DELIVERABLE_STATUSES, type DeliverableStatus } from '../../shared/domain';
import { invalid } from '../../shared/errors';
import { keyBetween } from '../../shared/ordering';
import type { HandlerGroup } from '../core/backend';
import type { Db } from '../db/connection';
import { newId } from '../core/ids';
import { assertGroupMembers, requireProjectManager, requireProjectWorker } from '../projects/access';
import { gateStatusChange } from '../reviews/rounds';
import { latestRound, toSummary } from '../reviews/rows';
import { deliverableRow, toDeliverable, assertNotArchived, type DeliverableRow } from './rows';

/**
 * The deliverable checklist (交付清单): one product version per platform.
 * The plan (adding, removing) is the convener's; the group moves each one
 * along planned → in production → in review → published.
 */
/** A deliverable's status, set by the review flow (送审, 退回, 撤回); the caller has passed the gate and records it. */
export function setDeliverableStatus(db: Db, id: string, status: DeliverableStatus, now: number): void {
  db.prepare('UPDATE deliverables SET status = ?, updated_at = ? WHERE id = ?').run(status, now, id);
}

/** A deliverable's due time, moved (the editorial calendar's drag); the caller checks rights and records it. */
export function setDeliverableDue(db: Db, id: string, dueAt: number | null, now: number): void {
  db.prepare('UPDATE deliverables SET due_at = ?, updated_at = ? WHERE id = ?').run(dueAt, now, id);
}

export interface NewDeliverable {
  id?: string;
  projectId: string;
  title: string;
  platform: string;
  productForm: string;
  ownerId?: string | null;
  dueAt?: number | null;
  status?: string;
  expectedViews?: number | null;
  publishedAt?: number | null;
  publishedUrl?: string | null;
  /** The list position; by default after the last one. */
  position?: string;
}

/** The one way a deliverable row comes into being (the command, a template, the demo). Returns the id. */
export function insertDeliverable(db: Db, d: NewDeliverable, now: number): string {
  const id = d.id ?? newId();
  const position = d.position ?? keyBetween(
    db.prepare<[string], { position: string }>('SELECT position FROM deliverables WHERE project_id = ? ORDER BY position DESC LIMIT 1').get(d.projectId)?.position || null,
    null,
  );
  db.prepare(
    `INSERT INTO deliverables (id, project_id, title, platform, product_form, owner_id, due_at, status, expected_views, published_at, published_url,
       position, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id, d.projectId, d.title, d.platform, d.productForm, d.ownerId ?? null, d.dueAt ?? null, d.status ?? 'planned', d.expectedViews ?? null,
    d.publishedAt ?? null, d.publishedUrl ?? null, position, now, now,
  );
  return id;
}

const withReview = (db: Db, r: DeliverableRow) => {
  const latest = latestRound(db, r.id);
  return toDeliverable(r, latest ? toSummary(latest) : null);
};

const statusZh = (s: string): string => DELIVERABLE_STATUSES.find((x) => x.code === s)?.zh ?? s;

export const deliverableHandlers = {
  'deliverables.create': (ctx, input) => {
    const { project } = requireProjectManager(ctx, input.projectId);
    assertNotArchived(project);
    if (input.ownerId) assertGroupMembers(ctx.db, project.id, [input.ownerId]);
    const id = insertDeliverable(ctx.db, {
      projectId: project.id, title: input.title, platform: input.platform, productForm: input.productForm, ownerId: input.ownerId, dueAt: input.dueAt,
    }, ctx.now());
    const after = deliverableRow(ctx.db, id);
    ctx.record({ entityType: 'deliverable', entityId: id, projectId: project.id, summary: `新增交付物“${input.title}”`, after });
    return withReview(ctx.db, after);
  },

  'deliverables.update': (ctx, input) => {
    const before = deliverableRow(ctx.db, input.id);
    const { actor, project } = requireProjectWorker(ctx, before.project_id);
    assertNotArchived(project);
    if (input.ownerId) assertGroupMembers(ctx.db, project.id, [input.ownerId]);
    const status = input.status ?? before.status;
    const url = input.publishedUrl !== undefined ? input.publishedUrl : before.published_url;
    if (status === 'published' && !url) {
      throw invalid({ zh: '标记为已发布时请填写发布链接', en: 'Give the published URL to mark it published' });
    }
    const now = ctx.now();
    const { overridden } = gateStatusChange(
      ctx.db,
      actor,
      {
        deliverable: { id: before.id, title: before.title, platform: input.platform ?? before.platform, project_id: before.project_id, published_url: url },
        from: before.status,
        to: status,
        overrideReason: input.overrideReason,
        convenerId: project.convenerId,
      },
      now,
    );
    const publishedAt = status === 'published' ? (before.status === 'published' ? before.published_at : now) : null;
    ctx.db
      .prepare(
        `UPDATE deliverables SET title = ?, platform = ?, product_form = ?, owner_id = ?, due_at = ?, status = ?, published_url = ?,
           published_at = ?, updated_at = ? WHERE id = ?`,
      )
      .run(
        input.title ?? before.title,
        input.platform ?? before.platform,
        input.productForm ?? before.product_form,
        input.ownerId !== undefined ? input.ownerId : before.owner_id,
        input.dueAt !== undefined ? input.dueAt : before.due_at,
        status,
        status === 'published' ? url : (url ?? null),
        publishedAt,
        now,
        before.id,
      );
    const after = deliverableRow(ctx.db, before.id);
    const summary =
      after.status !== before.status
        ? `交付物“${after.title}”：${statusZh(before.status)} → ${statusZh(after.status)}${overridden ? `（越级发布，理由：${input.overrideReason?.trim()}）` : ''}`
        : `编辑交付物“${after.title}”`;
    ctx.record({ entityType: 'deliverable', entityId: before.id, projectId: project.id, summary, before, after });
    return withReview(ctx.db, after);
  },

  'deliverables.delete': (ctx, input) => {
    const before = deliverableRow(ctx.db, input.id);
    const { project } = requireProjectManager(ctx, before.project_id);
    assertNotArchived(project);
    ctx.db.prepare('DELETE FROM deliverables WHERE id = ?').run(before.id);
    ctx.record({ entityType: 'deliverable', entityId: before.id, projectId: project.id, summary: `删除交付物“${before.title}”`, before });
    return { id: before.id };
  },
} satisfies HandlerGroup;
