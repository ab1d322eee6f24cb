import type { DailyReview, DashboardData, Figures, PlatformEffect, ReviewRow } from '../../shared/contract';
import { PLATFORMS, type Platform, type ProductForm } from '../../shared/domain';
import { addDays, DAY_MS, dayStart, localDate } from '../../shared/time';
import type { ReadDb } from '../db/connection';

/**
 * Figures are recorded per deliverable per day (what the platform counted that
 * day); a deliverable's actual response is the sum of its days. Expected
 * response is the deliverable's expected views, so expected vs actual compares
 * like with like: views against target views.
 */
export const ZERO: Figures = { views: 0, likes: 0, shares: 0, comments: 0 };

export const addFigures = (a: Figures, b: Figures): Figures => ({
  views: a.views + b.views,
  likes: a.likes + b.likes,
  shares: a.shares + b.shares,
  comments: a.comments + b.comments,
});

const PLATFORM_ORDER = new Map<string, number>(PLATFORMS.map((p, i) => [p.code, i]));

/** Expected vs actual per platform, in the matrix's order; only platforms that have items. */
export function aggregateByPlatform(rows: Pick<ReviewRow, 'platform' | 'expectedViews' | 'actual'>[]): PlatformEffect[] {
  const by = new Map<Platform, PlatformEffect>();
  for (const r of rows) {
    const e = by.get(r.platform) ?? { platform: r.platform, items: 0, expectedViews: 0, actual: ZERO };
    by.set(r.platform, {
      platform: r.platform,
      items: e.items + 1,
      expectedViews: e.expectedViews + (r.expectedViews ?? 0),
      actual: addFigures(e.actual, r.actual),
    });
  }
  return [...by.values()].sort((a, b) => PLATFORM_ORDER.get(a.platform)! - PLATFORM_ORDER.get(b.platform)!);
}

interface PublishedRow {
  id: string;
  title: string;
  project_id: string;
  project_name: string;
  platform: Platform;
  product_form: ProductForm;
  published_at: number;
  expected_views: number | null;
  views: number;
  likes: number;
  shares: number;
  comments: number;
}

/** Published deliverables with their figures summed up to `until` (inclusive). */
function published(db: ReadDb, f: { until: string; publishedFrom: number; projectId: string | null }): PublishedRow[] {
  return db
    .prepare<{ until: string; untilMs: number; from: number; projectId: string | null }, PublishedRow>(
      `SELECT d.id, d.title, d.project_id, p.name AS project_name, d.platform, d.product_form, d.published_at, d.expected_views,
         coalesce(sum(f.views), 0) AS views, coalesce(sum(f.likes), 0) AS likes,
         coalesce(sum(f.shares), 0) AS shares, coalesce(sum(f.comments), 0) AS comments
       FROM deliverables d JOIN projects p ON p.id = d.project_id
       LEFT JOIN deliverable_figures f ON f.deliverable_id = d.id AND f.date <= @until
       WHERE d.status = 'published' AND d.published_at IS NOT NULL AND d.published_at < @untilMs AND d.published_at >= @from
         AND p.status <> 'archived' AND (@projectId IS NULL OR d.project_id = @projectId)
       GROUP BY d.id`,
    )
    .all({ until: f.until, untilMs: dayStart(f.until) + DAY_MS, from: f.publishedFrom, projectId: f.projectId });
}

const toReviewRow = (r: PublishedRow, since: string, onDate: Figures | null): ReviewRow => ({
  deliverableId: r.id,
  title: r.title,
  projectId: r.project_id,
  projectName: r.project_name,
  platform: r.platform,
  productForm: r.product_form,
  publishedAt: r.published_at,
  isNew: localDate(r.published_at) >= since,
  expectedViews: r.expected_views,
  actual: { views: r.views, likes: r.likes, shares: r.shares, comments: r.comments },
  onDate,
});

/** How many days back the pre-editorial meeting keeps tracking what was published. */
export const TRACK_DAYS = 30;

export function dailyReview(db: ReadDb, date: string): DailyReview {
  const prev = db
    .prepare<[string], { date: string }>("SELECT max(date) AS date FROM meetings WHERE kind = 'daily' AND date < ?")
    .get(date)?.date;
  const since = prev ?? addDays(date, -7);
  const rows = published(db, { until: date, publishedFrom: dayStart(addDays(date, -TRACK_DAYS)), projectId: null });
  const onDate = db.prepare<[string, string], Figures>(
    'SELECT views, likes, shares, comments FROM deliverable_figures WHERE deliverable_id = ? AND date = ?',
  );
  const review = rows
    .map((r) => toReviewRow(r, since, onDate.get(r.id, date) ?? null))
    .sort(
      (a, b) =>
        PLATFORM_ORDER.get(a.platform)! - PLATFORM_ORDER.get(b.platform)! || b.publishedAt - a.publishedAt || (a.deliverableId < b.deliverableId ? -1 : 1),
    );
  return { date, since, rows: review, platforms: aggregateByPlatform(review) };
}

export function dashboard(db: ReadDb, f: { projectId: string | null; from: string; to: string }): DashboardData {
  const rows = published(db, { until: f.to, publishedFrom: 0, projectId: f.projectId }).map((r) => toReviewRow(r, f.from, null));
  const platforms = aggregateByPlatform(rows);
  const trendRows = db
    .prepare<{ from: string; to: string; projectId: string | null }, { date: string } & Figures>(
      `SELECT f.date, sum(f.views) AS views, sum(f.likes) AS likes, sum(f.shares) AS shares, sum(f.comments) AS comments
       FROM deliverable_figures f JOIN deliverables d ON d.id = f.deliverable_id JOIN projects p ON p.id = d.project_id
       WHERE f.date >= @from AND f.date <= @to AND p.status <> 'archived' AND (@projectId IS NULL OR d.project_id = @projectId)
       GROUP BY f.date ORDER BY f.date`,
    )
    .all(f);
  const byDate = new Map(trendRows.map((r) => [r.date, r]));
  const trend: DashboardData['trend'] = [];
  for (let d = f.from; d <= f.to && trend.length < 400; d = addDays(d, 1)) {
    const r = byDate.get(d);
    trend.push({ date: d, ...(r ? { views: r.views, likes: r.likes, shares: r.shares, comments: r.comments } : ZERO) });
  }
  const top = [...rows].sort((a, b) => b.actual.views - a.actual.views || (a.deliverableId < b.deliverableId ? -1 : 1)).slice(0, 10);
  return {
    projectId: f.projectId,
    from: f.from,
    to: f.to,
    totals: {
      expectedViews: platforms.reduce((n, p) => n + p.expectedViews, 0),
      actual: platforms.reduce((a, p) => addFigures(a, p.actual), ZERO),
      items: rows.length,
    },
    platforms,
    top,
    trend,
  };
}
