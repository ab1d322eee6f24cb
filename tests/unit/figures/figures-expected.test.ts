import { afterEach, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../../shared/time';
import { world, type TestWorld } from '../../helpers/db';

/**
 * Expected vs actual views (figures.dashboard, figures.review). Still on the demo: a
 * deliverable's expected views are written only by the demo's seeding — no contract call
 * (deliverables.create/update, a template) sets them today — so a test world cannot make
 * one through the calls. On the demo allow-list of tests/unit/core/test-worlds.test.ts
 * until a call sets expected views.
 */
let w: TestWorld | null = null;
afterEach(() => {
  w?.close();
  w = null;
});

const NOW = Date.UTC(2026, 10, 24, 2, 0); // 2026-11-24 10:00 in the center
const TODAY = localDate(NOW);

const projectId = (w: TestWorld, name: string): string => w.db.prepare<[string], { id: string }>('SELECT id FROM projects WHERE name = ?').get(name)!.id;

describe('expected vs actual', () => {
  it('sums daily figures per deliverable and per platform against expected views', async () => {
    w = await world({ demo: true, now: NOW });
    const admin = w.as('周岚');
    const pid = projectId(w, '“青溪山水”文旅短视频三部曲');
    const before = await w.call(admin, 'figures.dashboard', { projectId: pid, from: addDays(TODAY, -20), to: TODAY });
    const teaser = w.db.prepare<[], { id: string }>("SELECT id FROM deliverables WHERE title = '预告片'").get()!.id;
    const seeded = w.db.prepare<[string], { v: number }>('SELECT sum(views) AS v FROM deliverable_figures WHERE deliverable_id = ?').get(teaser)!.v;
    expect(before.platforms).toEqual([{ platform: 'douyin', items: 1, expectedViews: 5_000_000, actual: expect.objectContaining({ views: seeded }) }]);

    await w.call(admin, 'figures.record', { date: TODAY, rows: [{ deliverableId: teaser, views: 123_456, likes: 1000, shares: 200, comments: 30 }] });
    // Recording the same day again replaces, not adds.
    await w.call(admin, 'figures.record', { date: TODAY, rows: [{ deliverableId: teaser, views: 200_000, likes: 1000, shares: 200, comments: 30 }] });
    const after = await w.call(admin, 'figures.dashboard', { projectId: pid, from: addDays(TODAY, -20), to: TODAY });
    expect(after.totals.actual.views).toBe(seeded + 200_000);
    expect(after.totals.expectedViews).toBe(5_000_000);
    expect(after.trend.at(-1)).toEqual({ date: TODAY, views: 200_000, likes: 1000, shares: 200, comments: 30 });
    expect(after.trend).toHaveLength(21);
    expect(after.top[0]!.title).toBe('预告片');

    const review = await w.call(admin, 'figures.review', { date: TODAY });
    const row = review.rows.find((r) => r.deliverableId === teaser)!;
    expect(row.onDate?.views).toBe(200_000);
    expect(row.actual.views).toBe(seeded + 200_000);
    const douyin = review.platforms.find((p) => p.platform === 'douyin')!;
    expect(douyin.expectedViews).toBe(review.rows.filter((r) => r.platform === 'douyin').reduce((n, r) => n + (r.expectedViews ?? 0), 0));
    // Platforms come in the matrix's order.
    const order = ['tv', 'radio', 'app', 'wechat', 'douyin', 'channels', 'weibo', 'newspaper'];
    const seen = review.platforms.map((p) => order.indexOf(p.platform));
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

});
