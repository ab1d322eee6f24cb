import { describe, expect, it } from 'vitest';
import { startCenter } from './harness';
import { usePostgres } from './use-postgres';
import { expectConverged } from './converged';

/**
 * Issue 16: "published" is refused at the hub too. The hub replays the very
 * handlers a desktop runs, so the publishing gate (main/reviews/rounds.ts) holds
 * there whatever order the mutations of several desktops arrive in.
 */

const pgServer = usePostgres();

describe('三审 across desktops', () => {
  it('an approval voided on one desktop offline and a publish on another reach the hub in that order: the hub refuses the publish and the person is told', async () => {
    const center = await startCenter(pgServer());
    try {
      const owner = await center.client('林晓峰'); // the convener: owns the post
      const admin = await center.client('周岚'); // 终审
      const manager = await center.client('陈思远'); // publishes it
      const project = await owner.call('projects.create', { name: '春节走基层', startDate: '2027-01-20', endDate: '2027-02-20', convenerId: center.people.get('林晓峰') });
      await owner.call('reviews.setChain', { projectId: project.id, steps: [{ name: '终审', rule: 'any', reviewers: [{ kind: 'role', role: 'admin' }] }] });
      const post = await owner.call('deliverables.create', { projectId: project.id, title: '走基层推文', platform: 'wechat', productForm: 'text_image' });
      const round = await owner.call('reviews.submit', { deliverableId: post.id, content: 'https://example.com/preview/zoujiceng' });
      await owner.sync.sync();

      // 终审 signs on their own desktop; every desktop learns of it.
      await admin.sync.sync();
      await admin.call('reviews.decide', { roundId: round.id, decision: 'approve', comment: '' });
      await admin.sync.sync();
      await owner.sync.sync();
      await manager.sync.sync();
      expect((await manager.call('reviews.get', { deliverableId: post.id })).mayPublish).toBe(true);

      // Both offline: the owner takes it back to production (the approval lapses), the manager publishes it.
      owner.transport.offline = true;
      manager.transport.offline = true;
      await owner.call('deliverables.update', { id: post.id, status: 'in_production' });
      const published = await manager.call('deliverables.update', { id: post.id, status: 'published', publishedUrl: 'https://example.com/wx/zoujiceng' });
      expect(published.status).toBe('published'); // saved on the manager's desktop, as far as it knew

      // The owner's change reaches the hub first; then the publish, which the hub refuses.
      owner.transport.offline = false;
      await owner.sync.sync();
      manager.transport.offline = false;
      await manager.sync.sync();
      await manager.sync.sync();
      const st = manager.sync.status();
      expect(st.pending).toBe(0); // refused, not stuck: the queue moved on
      expect(st.notices.map((n) => n.message.zh).join('\n')).toMatch(/“走基层推文”还没有通过终审，不能发布（第 1 版的审核已因退回制作而失效/);
      // … and the bell has it too, once.
      const refusals = (await manager.call('notifications.list', { limit: 50 })).items.filter((n) => n.kind === 'sync_refused');
      expect(refusals).toHaveLength(1);
      expect(refusals[0]!.detail).toMatch(/走基层推文/);
      // The manager's desktop now shows what the hub holds: in production, not published.
      const row = manager.db.prepare<[string], { status: string; published_at: number | null }>('SELECT status, published_at FROM deliverables WHERE id = ?').get(post.id)!;
      expect(row).toEqual({ status: 'in_production', published_at: null });
      const hub = await center.pool.query<{ status: string }>("SELECT data->>'status' AS status FROM hub_rows WHERE tbl = 'deliverables' AND data->>'id' = $1", [post.id]);
      expect(hub.rows[0]!.status).toBe('in_production');
      await expectConverged(center, [owner, admin, manager]);
    } finally {
      await center.close();
    }
  });
});
