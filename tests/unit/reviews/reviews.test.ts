import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../main/core/backend';
import { fingerprintOf } from '../../../main/reviews/rounds';
import { reviewFigures } from '../../../main/reports/data';
import { stepOutcome } from '../../../shared/reviews';
import { dbChecksum, type TestWorld } from '../../helpers/db';
import { buildWorld } from '../../helpers/world';

/** 三审 (shared/reviews.ts, main/reviews/): chains, rounds, the publishing gate. The test's own center, fixed clock. */

const NOW = Date.UTC(2027, 2, 10, 2, 0, 0);
let w: TestWorld | null = null;
afterEach(() => {
  w?.close();
  w = null;
});

const CONF = '全国县级融媒体发展大会报道';
const POST = '开幕式图文快讯';
const URL = 'https://example.com/wx/opening';

function deliverableId(t: TestWorld, title: string): string {
  return t.db.prepare<[string], { id: string }>('SELECT id FROM deliverables WHERE title = ?').get(title)!.id;
}
function projectId(t: TestWorld, name: string): string {
  return t.db.prepare<[string], { id: string }>('SELECT id FROM projects WHERE name = ?').get(name)!.id;
}
const status = (t: TestWorld, id: string): string =>
  t.db.prepare<[string], { status: string }>('SELECT status FROM deliverables WHERE id = ?').get(id)!.status;

async function setup() {
  const t = await buildWorld({ now: NOW });
  w = t;
  // Four managers (复审: any one signs), the conference's convener, its group, and the post on WeChat.
  await t.people({
    陈思远: { team: 'copy', role: 'manager' },
    何静怡: { team: 'newmedia', role: 'manager' },
    秦佑雅: { team: 'design', role: 'manager' },
    徐兰德: { team: 'tech', role: 'manager' },
    唐若溪: { team: 'reporting', role: 'convener' },
    宋可欣: { team: 'copy' },
    王小川: { team: 'shortvideo' },
  });
  const conf = await t.project({ name: CONF, convener: '唐若溪', start: -7, end: 14, members: ['宋可欣', '王小川'], status: 'active' });
  await t.deliverable(conf, { title: POST, platform: 'wechat', productForm: 'text_image', owner: '宋可欣' });
  const owner = t.as('宋可欣'); // group member, owns the post
  const convener = t.as('唐若溪'); // 初审 (the project's convener)
  const manager = t.as('陈思远'); // 复审 (any manager)
  const otherManager = t.as('何静怡');
  const admin = t.as('周岚'); // 终审 (the admin)
  const outsider = t.as('王小川'); // in the group, but no reviewer
  const id = deliverableId(t, POST);
  return { t, owner, convener, manager, otherManager, admin, outsider, id };
}

const submit = (t: TestWorld, s: Session, id: string, content = URL) => t.call(s, 'reviews.submit', { deliverableId: id, content });

describe('step rules (或签 / 会签)', () => {
  it('或签 passes on one approval, 会签 on all; one send-back ends either', () => {
    const any = { rule: 'any' as const, reviewerIds: ['a', 'b'] };
    const all = { rule: 'all' as const, reviewerIds: ['a', 'b'] };
    const ok = (r: string) => ({ reviewerId: r, decision: 'approve' as const });
    expect(stepOutcome(any, [])).toBe('waiting');
    expect(stepOutcome(any, [ok('b')])).toBe('approved');
    expect(stepOutcome(all, [ok('b')])).toBe('waiting');
    expect(stepOutcome(all, [ok('b'), ok('a')])).toBe('approved');
    expect(stepOutcome(all, [ok('a'), { reviewerId: 'b', decision: 'send_back' }])).toBe('sent_back');
  });
});

describe('the built-in chain 初审 → 复审 → 终审', () => {
  it('runs a send-back and a new round; only the final approval of the current version allows publishing', async () => {
    const { t, owner, convener, manager, otherManager, admin, id } = await setup();

    // Never submitted: publishing is refused in main, whatever the UI offers.
    expect((await t.fail(owner, 'deliverables.update', { id, status: 'published', publishedUrl: URL })).code).toBe('CONFLICT');
    // 审核中 is entered by submitting, not by picking the status.
    expect((await t.fail(owner, 'deliverables.update', { id, status: 'in_review' })).code).toBe('VALIDATION');

    const r1 = await submit(t, owner, id);
    expect(r1).toMatchObject({ roundNo: 1, status: 'in_review', currentStep: 0, fingerprint: fingerprintOf(URL) });
    expect(r1.steps.map((s) => [s.name, s.reviewers.map((p) => p.name)])).toEqual([
      ['初审', ['唐若溪']],
      ['复审', ['陈思远', '何静怡', '秦佑雅', '徐兰德']], // every active manager, any one signs
      ['终审', ['周岚']],
    ]);
    expect(status(t, id)).toBe('in_review');
    // The submitter cannot sign, nor a reviewer of a later step before its turn.
    expect((await t.fail(owner, 'reviews.decide', { roundId: r1.id, decision: 'approve' })).code).toBe('FORBIDDEN');
    expect((await t.fail(manager, 'reviews.decide', { roundId: r1.id, decision: 'approve' })).code).toBe('FORBIDDEN');
    // The queue: 初审 waits for the convener only.
    expect((await t.call(convener, 'reviews.queue', {})).map((q) => [q.title, q.stepName])).toEqual([[POST, '初审']]);
    expect((await t.call(manager, 'reviews.queue', {})).filter((q) => q.deliverableId === id)).toEqual([]);

    await t.call(convener, 'reviews.decide', { roundId: r1.id, decision: 'approve', comment: '' });
    expect((await t.fail(convener, 'reviews.decide', { roundId: r1.id, decision: 'approve' })).code).toBe('FORBIDDEN'); // signed already
    expect((await t.call(otherManager, 'myTasks.get', {})).reviews.filter((q) => q.deliverableId === id).map((q) => q.stepName)).toEqual(['复审']);
    // A send-back needs a comment the owner can act on.
    expect((await t.fail(manager, 'reviews.decide', { roundId: r1.id, decision: 'send_back', comment: '' })).code).toBe('VALIDATION');
    const back = await t.call(manager, 'reviews.decide', { roundId: r1.id, decision: 'send_back', comment: '导语太长，数据请核实' });
    expect(back.status).toBe('sent_back');
    expect(back.steps[1]!.decisions).toEqual([expect.objectContaining({ decision: 'send_back', comment: '导语太长，数据请核实' })]);
    expect(status(t, id)).toBe('in_production');
    expect((await t.call(otherManager, 'reviews.queue', {})).filter((q) => q.deliverableId === id)).toEqual([]); // the round is over for 或签's other reviewer too

    // The owner reads the comment and resubmits: version 2 starts again at 初审.
    const view = await t.call(owner, 'reviews.get', { deliverableId: id });
    expect(view.rounds[0]!.steps[1]!.decisions[0]!.comment).toBe('导语太长，数据请核实');
    expect(view.canSubmit).toBe(true);
    const r2 = await submit(t, owner, id, `${URL}?v=2`);
    expect(r2.roundNo).toBe(2);
    await t.call(convener, 'reviews.decide', { roundId: r2.id, decision: 'approve', comment: '' });
    await t.call(manager, 'reviews.decide', { roundId: r2.id, decision: 'approve', comment: '' });
    expect((await t.fail(owner, 'deliverables.update', { id, status: 'published', publishedUrl: URL })).localized.en).toMatch(/version 2 is at 终审/);
    const done = await t.call(admin, 'reviews.decide', { roundId: r2.id, decision: 'approve', comment: '同意发布' });
    expect(done.status).toBe('approved');

    const published = await t.call(owner, 'deliverables.update', { id, status: 'published', publishedUrl: URL });
    expect(published).toMatchObject({ status: 'published', review: { roundNo: 2, status: 'approved', superseded: false } });
    // Every round stays on record, newest first, with who signed what.
    const record = await t.call(owner, 'reviews.get', { deliverableId: id });
    expect(record.rounds.map((r) => [r.roundNo, r.status])).toEqual([
      [2, 'approved'],
      [1, 'sent_back'],
    ]);
    expect(record.rounds[0]!.steps.map((s) => s.decisions.map((d) => d.reviewer.name))).toEqual([['唐若溪'], ['陈思远'], ['周岚']]);
    // Each step is in the deliverable's history, attributed.
    const log = t.db
      .prepare<[string], { summary: string }>("SELECT summary FROM activity_log WHERE entity_id = ? ORDER BY at, rowid")
      .all(id)
      .map((r) => r.summary);
    expect(log.filter((s) => /送审|审通过|审退回/.test(s)).map((s) => s.replace(/“.*”/, '“”').replace(/：[^：]*$/, ''))).toEqual([
      '送审“”第 1 版', '初审通过“”第 1 版', '复审退回“”第 1 版', '送审“”第 2 版', '初审通过“”第 2 版', '复审通过“”第 2 版', '终审通过“”第 2 版',
    ]);
  });

  it('going back to production voids the approval; taking it down keeps it (and undo republishes only on a standing one)', async () => {
    const { t, owner, convener, manager, admin, id } = await setup();
    const r = await submit(t, owner, id);
    for (const s of [convener, manager, admin]) await t.call(s, 'reviews.decide', { roundId: r.id, decision: 'approve', comment: '' });
    await t.call(owner, 'deliverables.update', { id, status: 'published', publishedUrl: URL });
    // Taken down (back to 审核中, approval stands), undo puts it up again.
    await t.call(owner, 'deliverables.update', { id, status: 'in_review' });
    await t.call(owner, 'boards.undo', { projectId: projectId(t, CONF) });
    expect(status(t, id)).toBe('published');
    // Back to production: the approval lapses, so neither publishing nor undoing into published works.
    await t.call(owner, 'deliverables.update', { id, status: 'in_production' });
    expect((await t.call(owner, 'reviews.get', { deliverableId: id })).rounds[0]!.supersededAt).toBe(NOW);
    expect((await t.fail(owner, 'deliverables.update', { id, status: 'published', publishedUrl: URL })).localized.en).toMatch(/lapsed/);
    const before = dbChecksum(t.db);
    expect((await t.fail(owner, 'boards.undo', { projectId: projectId(t, CONF) })).code).toBe('CONFLICT');
    expect(dbChecksum(t.db)).toBe(before);
  });

  it('a manager may publish without the final approval, with a reason, recorded on the round; nobody else may', async () => {
    const { t, owner, convener, manager, id } = await setup();
    const r = await submit(t, owner, id);
    await t.call(convener, 'reviews.decide', { roundId: r.id, decision: 'approve', comment: '' });
    expect((await t.fail(owner, 'deliverables.update', { id, status: 'published', publishedUrl: URL, overrideReason: '紧急' })).code).toBe('FORBIDDEN');
    expect((await t.fail(convener, 'deliverables.update', { id, status: 'published', publishedUrl: URL, overrideReason: '紧急' })).code).toBe('FORBIDDEN');
    expect((await t.fail(manager, 'deliverables.update', { id, status: 'published', publishedUrl: URL, overrideReason: ' ' })).code).toBe('VALIDATION');
    await t.call(manager, 'deliverables.update', { id, status: 'published', publishedUrl: URL, overrideReason: '突发事件，须第一时间发布' });
    const rec = await t.call(owner, 'reviews.get', { deliverableId: id });
    expect(rec.rounds[0]).toMatchObject({ status: 'overridden', override: { reviewer: { name: '陈思远' }, comment: '突发事件，须第一时间发布' } });
    const last = t.db.prepare<[], { summary: string }>('SELECT summary FROM activity_log ORDER BY at DESC, rowid DESC LIMIT 1').get()!;
    expect(last.summary).toMatch(/越级发布，理由：突发事件/);
    expect((await t.call(manager, 'reviews.queue', {})).filter((q) => q.deliverableId === id)).toEqual([]);
  });

  it('withdrawing returns it to production; a second submission while one is open is refused', async () => {
    const { t, owner, outsider, convener, id } = await setup();
    const r = await submit(t, owner, id);
    expect((await t.fail(owner, 'reviews.submit', { deliverableId: id, content: 'x' })).code).toBe('CONFLICT');
    expect((await t.fail(outsider, 'reviews.withdraw', { roundId: r.id })).code).toBe('FORBIDDEN');
    expect((await t.call(owner, 'reviews.withdraw', { roundId: r.id })).status).toBe('withdrawn');
    expect(status(t, id)).toBe('in_production');
    expect((await t.fail(convener, 'reviews.decide', { roundId: r.id, decision: 'approve' })).code).toBe('CONFLICT');
  });
});

describe('review figures of the monthly report', () => {
  it('counts the versions submitted, sent back, still open, and the median time to their end', async () => {
    const { t, owner, convener, manager, admin, id } = await setup();
    const month = '2027-03';
    const before = (await t.call(admin, 'reports.monthly', { month })).reviews;
    const r1 = await submit(t, owner, id);
    await t.call(convener, 'reviews.decide', { roundId: r1.id, decision: 'approve', comment: '' });
    await t.call(manager, 'reviews.decide', { roundId: r1.id, decision: 'send_back', comment: '标题不准确' });
    await submit(t, owner, id, `${URL}?v=2`);
    const after = (await t.call(admin, 'reports.monthly', { month })).reviews;
    expect({ rounds: after.rounds - before.rounds, sentBack: after.sentBack - before.sentBack, open: after.open - before.open, deliverables: after.deliverables - before.deliverables }).toEqual({
      rounds: 2, sentBack: 1, open: 1, deliverables: 1,
    });
    // Only this test's two versions (both at NOW, the fixed clock): one ended at once, one open.
    expect(reviewFigures(t.db, NOW, NOW + 1, null)).toEqual({ deliverables: 1, rounds: 2, roundsPerDeliverable: 2, sentBack: 1, overridden: 0, medianWaitHours: 0, open: 1 });
    // A member's report counts only their own deliverables.
    const mine = (await t.call(owner, 'reports.monthly', { month })).reviews;
    expect(mine.deliverables).toBeGreaterThanOrEqual(1);
    expect((await t.call(t.as('王小川'), 'reports.monthly', { month })).reviews.rounds).toBeLessThan(after.rounds);
  });
});

describe('chains the center and a project set', () => {
  it('会签 at a step needs every reviewer; a project override per platform wins over the center default', async () => {
    const { t, owner, convener, manager, otherManager, admin, id } = await setup();
    const pid = projectId(t, CONF);
    // Only managers set the center's chain; a member sets none.
    expect((await t.fail(owner, 'reviews.setChain', { steps: [{ name: '终审', rule: 'any', reviewers: [{ kind: 'role', role: 'admin' }] }] })).code).toBe('FORBIDDEN');
    await t.call(manager, 'reviews.setChain', {
      steps: [
        { name: '初审', rule: 'any', reviewers: [{ kind: 'convener' }] },
        { name: '会签', rule: 'all', reviewers: [{ kind: 'person', personId: manager.actorId! }, { kind: 'person', personId: otherManager.actorId! }] },
      ],
    });
    // The project's WeChat override (its convener may set it): one step, the admin.
    expect((await t.fail(owner, 'reviews.setChain', { projectId: pid, platform: 'wechat', steps: null })).code).toBe('FORBIDDEN');
    const chains = await t.call(convener, 'reviews.setChain', {
      projectId: pid,
      platform: 'wechat',
      steps: [{ name: '终审', rule: 'any', reviewers: [{ kind: 'role', role: 'admin' }] }],
    });
    expect(chains.rows.map((r) => r.platform)).toEqual(['wechat']);
    expect((await t.call(owner, 'reviews.get', { deliverableId: id })).chain).toMatchObject({ source: 'project', steps: [{ name: '终审' }] });

    // Remove the override: the center's 会签 applies to the post.
    await t.call(convener, 'reviews.setChain', { projectId: pid, platform: 'wechat', steps: null });
    const r = await submit(t, owner, id);
    expect(r.steps.map((s) => s.name)).toEqual(['初审', '会签']);
    await t.call(convener, 'reviews.decide', { roundId: r.id, decision: 'approve', comment: '' });
    const half = await t.call(manager, 'reviews.decide', { roundId: r.id, decision: 'approve', comment: '' });
    expect(half).toMatchObject({ status: 'in_review', currentStep: 1 });
    expect((await t.fail(admin, 'reviews.decide', { roundId: r.id, decision: 'approve' })).code).toBe('FORBIDDEN');
    expect((await t.call(otherManager, 'reviews.decide', { roundId: r.id, decision: 'approve', comment: '' })).status).toBe('approved');
  });

  it('refuses a submission no one could sign (the submitter is the only reviewer of a step)', async () => {
    const { t, convener, manager, id } = await setup();
    await t.call(manager, 'reviews.setChain', { steps: [{ name: '初审', rule: 'any', reviewers: [{ kind: 'convener' }] }] });
    const before = dbChecksum(t.db);
    const e = await t.fail(convener, 'reviews.submit', { deliverableId: id, content: URL });
    expect(e.localized.zh).toMatch(/“初审”没有可以审核的人/);
    expect(dbChecksum(t.db)).toBe(before);
  });

  it('refuses unknown reviewer kinds, roles and people at the boundary', async () => {
    const { t, manager } = await setup();
    for (const reviewers of [[{ kind: 'role', role: 'member' }], [{ kind: 'anyone' }], [], [{ kind: 'person', personId: '0190a000-0000-7000-8000-000000000000' }]]) {
      const e = await t.fail(manager, 'reviews.setChain', { steps: [{ name: '初审', rule: 'any', reviewers }] });
      expect(e.code).toBe('VALIDATION');
    }
  });
});
