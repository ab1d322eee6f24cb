import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { startCenter, type Client } from './harness';
import { usePostgres } from './use-postgres';
import { expectConverged } from './converged';

/**
 * Issue 13, item 3: one NUL (or a lone surrogate) must never wedge a desktop's
 * sync. PostgreSQL's jsonb cannot hold it, so the contract refuses it on the
 * desktop; and a queue that is stuck anyway (an old client queued such text)
 * is reported, can be exported and cleared, and what was queued after it flows.
 */

const pgServer = usePostgres();

const converged = expectConverged;

const commentBodies = (c: Client, taskId: string): string[] =>
  c.db.prepare<[string], { body: string }>('SELECT body FROM task_comments WHERE task_id = ? ORDER BY created_at, id').all(taskId).map((r) => r.body);

describe('text the hub cannot store', () => {
  it('a NUL typed into a comment is refused on the desktop, nothing is queued, and later edits reach the hub and the other desktop', async () => {
    const center = await startCenter(pgServer());
    try {
      const a = await center.client('陈思远');
      const b = await center.client('林晓峰');
      const project = await a.call('projects.create', { name: '两会报道', startDate: '2026-03-01', endDate: '2026-03-20', convenerId: center.people.get('林晓峰') });
      const task = await a.call('tasks.create', { projectId: project.id, title: '采访提纲' });
      await a.sync.sync();
      expect(a.sync.pendingCount()).toBe(0);

      for (const body of ['见附件\u0000', `见附件${'😀'.slice(0, 1)}`]) {
        const r = await a.backend.call('comments.add', { taskId: task.id, body }, a.session);
        if (r.ok) throw new Error('a NUL comment was accepted');
        const e = AppError.fromPayload(r.error);
        expect(e.code).toBe('VALIDATION');
        expect(e.localized.zh).toMatch(/^内容 含有无法保存的字符（U\+(0000|D83D)）/);
        expect(a.sync.pendingCount(), 'a refused change is never queued').toBe(0);
      }

      await a.call('comments.add', { taskId: task.id, body: '见附件 📎 第二版' });
      expect(a.sync.pendingCount()).toBe(1);
      await a.sync.sync();
      expect(a.sync.status()).toMatchObject({ online: true, pending: 0, lastError: null, stuck: null });
      await b.sync.sync();
      expect(commentBodies(b, task.id)).toEqual(['见附件 📎 第二版']);
      await converged(center, [a, b]);
    } finally {
      await center.close();
    }
  });

  it('a NUL already in the queue (as an old client queued it) does not wedge it: the hub refuses it with a reason and the queue moves on', async () => {
    const center = await startCenter(pgServer());
    try {
      const a = await center.client('陈思远');
      const b = await center.client('林晓峰');
      const team = (await a.call('teams.list', {}))[0]!;
      const hubDescription = team.description;

      a.transport.offline = true;
      await a.call('teams.update', { id: team.id, description: '先写的说明' });
      // What an old client (before the contract refused it) would have queued.
      const head = a.db.prepare<[], { id: number; args: string }>('SELECT id, args FROM sync_mutations ORDER BY id LIMIT 1').get()!;
      const args = JSON.parse(head.args) as Record<string, unknown>;
      a.db.prepare('UPDATE sync_mutations SET args = ? WHERE id = ?').run(JSON.stringify({ ...args, description: '坏\u0000字' }), head.id);
      await a.call('teams.update', { id: team.id, skills: ['采访', '剪辑'] });
      expect(a.sync.pendingCount()).toBe(2);

      a.transport.offline = false;
      await a.sync.sync().catch(() => undefined);
      await a.sync.sync().catch(() => undefined);
      const st = a.sync.status();
      const hubRefusedIt = st.pending === 0;

      expect(hubRefusedIt, 'the hub refuses what it cannot store, with a reason; the queue moves on').toBe(true);
      {
        // The hub refuses what it cannot store, with a reason (hub side, helper E2): the queue moved on by itself.
        const refused = st.notices.filter((n) => n.command === 'teams.update');
        expect(refused).toHaveLength(1);
        expect(refused[0]!.message.zh).toMatch(/无法保存的字符/);
      }

      await a.sync.sync();
      expect(a.sync.status()).toMatchObject({ online: true, pending: 0, stuck: null });
      const local = (await a.call('teams.list', {})).find((t) => t.id === team.id)!;
      expect(local.description, 'the stuck change is gone here too').toBe(hubDescription);
      expect(local.skills).toEqual(['采访', '剪辑']);
      await b.sync.sync();
      const there = (await b.call('teams.list', {})).find((t) => t.id === team.id)!;
      expect(there.skills).toEqual(['采访', '剪辑']);
      expect(there.description).toBe(hubDescription);
      // Later edits keep flowing, and nothing was refused on the hub but the cleared placeholder.
      await a.call('teams.update', { id: team.id, description: '之后的说明' });
      await converged(center, [a, b]);
      expect((await b.call('teams.list', {})).find((t) => t.id === team.id)!.description).toBe('之后的说明');
      // The only notice is the hub's refusal of the NUL change.
      expect(a.sync.status().notices.filter((n) => n.command !== 'sync.clearQueue')).toHaveLength(1);
      const hubLog = await center.pool.query<{ name: string; status: string }>('SELECT name, status FROM hub_mutations ORDER BY mutation_id');
      expect(hubLog.rows.filter((r) => r.status === 'rejected').map((r) => r.name).every((n) => n === 'sync.cleared' || n === 'teams.update')).toBe(true);
    } finally {
      await center.close();
    }
  });

  it('a change the hub keeps failing on (a fault of the hub) is reported stuck, exported, cleared; later edits flow', async () => {
    const center = await startCenter(pgServer());
    try {
      const a = await center.client('陈思远');
      const b = await center.client('林晓峰');
      const team = (await a.call('teams.list', {}))[0]!;
      const hubDescription = team.description;
      a.transport.offline = true;
      await a.call('teams.update', { id: team.id, description: '触发枢纽故障的说明' });
      const head = a.db.prepare<[], { id: number }>('SELECT id FROM sync_mutations ORDER BY id LIMIT 1').get()!;
      await a.call('teams.update', { id: team.id, skills: ['采访', '剪辑'] });
      expect(a.sync.pendingCount()).toBe(2);
      // A hub fault on exactly that change (not a refusal with a reason): PostgreSQL raises on its row.
      await center.pool.query(`CREATE FUNCTION test_hub_fault() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.data::text LIKE '%触发枢纽故障%' THEN RAISE EXCEPTION 'simulated hub fault'; END IF; RETURN NEW; END $$`);
      await center.pool.query('CREATE TRIGGER test_hub_fault BEFORE INSERT OR UPDATE ON hub_rows FOR EACH ROW EXECUTE FUNCTION test_hub_fault()');
      a.transport.offline = false;
      await a.sync.sync().catch(() => undefined);
      await a.sync.sync().catch(() => undefined);
      const st = a.sync.status();
      expect(st.pending).toBe(2);
        // This branch's hub still fails on it: the client reports the stuck head with the hub's answer …
        expect(st.stuck).toMatchObject({ mutationId: head.id, name: 'teams.update' });
        expect(st.stuck!.attempts).toBeGreaterThanOrEqual(2);
        expect(st.stuck!.error.zh.length).toBeGreaterThan(0);
        const q = await a.call('sync.queue', {});
        expect(q.total).toBe(2);
        expect(q.items.map((i) => i.name)).toEqual(['teams.update', 'teams.update']);
        expect(q.items[0]!.actorName).toBe('陈思远');
        // … disconnect explains what to do instead of just refusing …
        const d = await a.backend.call('sync.disconnect', {}, a.session);
        expect(d.ok).toBe(false);
        const msg = (d as { ok: false; error: { message: { zh: string; en: string } } }).error.message;
        expect(msg.zh).toMatch(/导出.*清除/);
        expect(msg.en).toMatch(/export.*clear/i);
        // … the queue can be saved as JSON, the NUL kept (escaped) …
        const exported = await a.call('sync.exportQueue', {});
        expect(exported.fileName).toMatch(/^crewdesk-unsynced-\d{8}-\d{4}\.json$/);
        const doc = JSON.parse(exported.json) as { format: string; mutations: { mutationId: number; args: { description?: string } }[] };
        expect(doc.format).toBe('crewdesk-sync-queue');
        expect(doc.mutations.map((m) => m.mutationId)).toEqual([head.id, head.id + 1]);
        expect(doc.mutations[0]!.args.description).toBe('触发枢纽故障的说明');
        // … and clearing the stuck one (confirmed) undoes its local effect, records a notice, and the rest flows.
        expect((await a.backend.call('sync.clearQueue', { through: head.id }, a.session)).ok).toBe(false); // no confirmation
        const cleared = await a.call('sync.clearQueue', { through: head.id, confirm: true });
        expect(cleared.cleared).toBe(1);
        expect(cleared.notices.some((n) => n.command === 'sync.clearQueue' && /已清除 1 项/.test(n.message.zh))).toBe(true);
      await a.sync.sync();
      expect(a.sync.status()).toMatchObject({ online: true, pending: 0, stuck: null });
      const local = (await a.call('teams.list', {})).find((t) => t.id === team.id)!;
      expect(local.description, 'the cleared change is gone here too').toBe(hubDescription);
      expect(local.skills).toEqual(['采访', '剪辑']);
      await a.call('teams.update', { id: team.id, description: '之后的说明' });
      await converged(center, [a, b]);
      expect((await b.call('teams.list', {})).find((t) => t.id === team.id)!.description).toBe('之后的说明');
    } finally {
      await center.pool.query('DROP TRIGGER IF EXISTS test_hub_fault ON hub_rows').catch(() => undefined);
      await center.close();
    }
  });
});
