import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemp } from './harness';
import { BUILDERS, COMMANDS, DESKTOPS, NEVER_APPLIED, NOT_GENERATED, opArb } from './convergence-model';
import { kindTable, newTotals, openSuite, playRun, rightsViolations, type Suite } from './convergence-run';
import { startPostgres, type TestPostgres } from './postgres';

/**
 * The convergence suite (issue #20): random runs of every command kind a member, a convener, a
 * manager and an admin can issue, by four desktops under dropped, duplicated and reordered
 * messages, stale replies, offline periods and hub restarts. After each run, once everyone has
 * synced: every desktop's rows equal the hub's; every committed change reached the hub once and
 * was applied or refused with the reason shown on its desktop; the activity log has one row per
 * applied change; fractional keys are unique and ordered alike everywhere; and nothing the rights
 * policy forbids was applied.
 *
 *   npm run test:sync -- --runs 2000            (tests/sync/run.mjs → CONVERGENCE_RUNS)
 *   CONVERGENCE_RUNS=2000 CONVERGENCE_SEED=7 npm run test:sync -- tests/sync/convergence.test.ts
 *
 * CI runs 200 runs of 50 steps. A failure prints fast-check's seed and path: replay it with
 * CONVERGENCE_SEED and CONVERGENCE_PATH, and keep the shrunk steps as a named case in
 * tests/sync/convergence-regressions.test.ts.
 */
const RUNS = Number(process.env.CONVERGENCE_RUNS ?? 200);
const STEPS = Number(process.env.CONVERGENCE_STEPS ?? 50);
const SEED = process.env.CONVERGENCE_SEED ? Number(process.env.CONVERGENCE_SEED) : undefined;
const PATH = process.env.CONVERGENCE_PATH;

let pgServer: TestPostgres;
let suite: Suite;
beforeAll(async () => {
  pgServer = await startPostgres();
  suite = await openSuite(pgServer);
});
afterAll(async () => {
  await suite?.snapshot.close();
  pgServer?.stop();
  cleanupTemp();
});

describe('convergence over every command kind', () => {
  it('has a generator for every command of the contract', () => {
    expect(COMMANDS.filter((c) => !(c in BUILDERS)), 'commands without a generator').toEqual([]);
    expect(Object.keys(NOT_GENERATED)).toEqual(['workspace.setup']);
  });

  it('the rights model names a change its author was not allowed to make at that moment', () => {
    const start = {
      version: 1,
      roles: new Map([['m', 'member'], ['c', 'convener'], ['a', 'admin']]),
      conveners: new Map([['p', 'c']]),
      groups: new Map([['p', new Set<string>()]]),
      activity: new Map<string, number>(),
    };
    const m = (name: string, person_id: string, args: Record<string, unknown>, version: number) => ({ name, person_id, args, at: version, version });
    const applied = [
      m('tasks.create', 'm', { projectId: 'p', title: 'x' }, 2), // not in the group yet
      m('projects.group.add', 'c', { projectId: 'p', personId: 'm' }, 3),
      m('tasks.create', 'm', { projectId: 'p', title: 'y' }, 4), // now in it
      m('teams.create', 'c', { name: 't' }, 5), // a convener keeps no teams
      m('people.update', 'a', { id: 'c', role: 'manager' }, 6),
      m('teams.create', 'c', { name: 't' }, 7), // a manager now
      m('people.update', 'm', { id: 'm', title: '记者' }, 8), // one's own title
      m('people.update', 'm', { id: 'm', role: 'admin' }, 9),
    ];
    const found = rightsViolations(start, applied, (x) => (typeof x.args?.projectId === 'string' ? x.args.projectId : null));
    expect(found.map((f) => f.replace(/ \{.*$/, ''))).toEqual([
      'tasks.create by a member (v2): not working on project p',
      'teams.create by a convener (v5): center command',
      'people.update by a member (v9): staffing or someone else',
      'people.update by a member (v9): admin role',
    ]);
  });

  it(`${RUNS} random runs of ${STEPS} steps over ${DESKTOPS.length} desktops converge, lose nothing, log everything and break no rule`, async () => {
    const totals = newTotals();
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(fc.array(opArb(), { minLength: STEPS, maxLength: STEPS }), fc.integer({ min: 1, max: 1_000_000 }), async (ops, seed) => {
        await playRun(suite, ops, seed, totals);
        if (totals.runs % 50 === 0) console.log(`convergence: ${totals.runs} runs in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      }),
      { numRuns: RUNS, endOnFailure: true, ...(SEED !== undefined ? { seed: SEED } : {}), ...(PATH ? { path: PATH } : {}) },
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `convergence: ${totals.runs} runs, ${totals.steps} steps, ${seconds.toFixed(0)} s (${((seconds / Math.max(1, totals.runs)) * 1000).toFixed(0)} ms a run); ` +
        `restarts ${totals.restarts}, offline periods ${totals.offline}, lost answers ${totals.droppedResponses}, duplicates ${totals.duplicates}, stale replies ${totals.staleReplies}; time in s: ${Object.entries(totals.ms).map(([k, v]) => `${k} ${(v / 1000).toFixed(0)}`).join(', ')}\n${kindTable(totals)}`,
    );
    // The runs exercised what they claim to.
    expect(totals.runs).toBe(RUNS);
    if (RUNS >= 50) {
      const faults = { restarts: totals.restarts, offline: totals.offline, lostAnswers: totals.droppedResponses, duplicates: totals.duplicates, staleReplies: totals.staleReplies };
      for (const [what, x] of Object.entries(faults)) expect(x, what).toBeGreaterThan(0);
      expect([...totals.kinds.values()].reduce((s, k) => s + k.rejected, 0), 'some changes were refused by the hub').toBeGreaterThan(0);
    }
    if (RUNS >= 200 && STEPS >= 50) {
      // Every command kind was applied at the hub at least once over a CI-sized run.
      expect(COMMANDS.filter((c) => !(c in NEVER_APPLIED) && !(totals.kinds.get(c)?.applied ?? 0)), 'kinds never applied').toEqual([]);
      for (const c of Object.keys(NEVER_APPLIED)) expect(totals.kinds.get(c)?.local ?? 0, `${c} was issued`).toBeGreaterThan(0);
    }
  }, 3_600_000 * 4);
});
