/**
 * `npm run bench [-- --size ci|full] [--json FILE] [--md FILE] [--repeat N] [--only SUBSTR,…] [--fresh]`
 *
 * Generates the dataset if it is missing (or with --fresh), copies it to a working
 * file, then times every operation of OPERATIONS (tests/bench/operations.ts):
 * warm-up, then n timed iterations per round; p50/p95 per round; the figures
 * reported are the medians over rounds (--repeat, default 3 for full, 1 otherwise).
 * Prints a table and, with --json, writes one record per operation:
 *   { name, n, p50_ms, p95_ms, ratio, status, baseline_p50_ms, baseline_p95_ms, target_p95_ms, target_ratio, meets, note, calls }
 * `ratio` = p50 / baseline p50 (null when no baseline applies). No assertions:
 * CI runs it for the figures; docs/PERFORMANCE.md says which targets are met.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { createBackend } from '../../main/app';
import { openDatabase } from '../../main/db/connection';
import { parseArgs } from './args';
import { quantileSorted } from './stats';
import { datasetVersion, defaultOut, generate, GENERATOR_VERSION, readBenchMeta } from './generate';
import { OPERATIONS, workCopy, type BenchOp, type Env } from './operations';

export interface BenchRecord {
  name: string;
  n: number;
  p50_ms: number | null;
  p95_ms: number | null;
  ratio: number | null;
  status: BenchOp['status'];
  baseline_p50_ms: number | null;
  baseline_p95_ms: number | null;
  target_p95_ms: number | null;
  target_ratio: number | null;
  /** null: not measured (pending) or no target. */
  meets: boolean | null;
  note: string;
  calls: string[];
}

const quantile = quantileSorted;
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

async function timeIt(env: Env, fn: (env: Env, i: number) => unknown, n: number, warm: number): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < warm; i++) await fn(env, n + i);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await fn(env, i);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = process.cwd();
  const cacheDir = resolve(root, '.cache', 'bench');
  const dataset = args.out ?? defaultOut(args.size);
  if (args.fresh || !existsSync(dataset) || datasetVersion(dataset) !== GENERATOR_VERSION) {
    console.log(`dataset ${dataset} missing, made by another generator version, or --fresh: generating (${args.size})…`);
    generate({ size: args.size, out: dataset, ...(args.seed !== undefined ? { seed: args.seed } : {}), ...(args.today !== undefined ? { today: args.today } : {}), log: (l) => console.log(l) });
  }
  const rounds = args.repeat ?? (args.size === 'full' ? 3 : 1);
  const ops = OPERATIONS.filter((o) => !args.only || args.only.some((s) => o.name.includes(s)));
  const perOp = new Map<string, { p50: number[]; p95: number[]; b50: number[]; b95: number[] }>();
  const t0 = Date.now();
  const load0 = loadavg().map((x) => x.toFixed(1)).join(' ');
  for (let round = 0; round < rounds; round++) {
    const file = workCopy(dataset, cacheDir, args.size);
    const db = openDatabase(file);
    const backend = createBackend(db);
    const meta = readBenchMeta(db);
    const adminId = db.prepare<[], { id: string }>("SELECT id FROM people WHERE role = 'admin' AND active = 1 ORDER BY id LIMIT 1").get()!.id;
    const env: Env = {
      size: args.size,
      file,
      db,
      backend,
      admin: { actorId: adminId },
      busiest: { actorId: meta.busiestPerson },
      busiestId: meta.busiestPerson,
      largestProjectId: meta.largestProject,
      board5000ProjectId: meta.board5000,
      today: meta.today,
      cacheDir,
    };
    for (const op of ops) {
      const n = op.n(args.size);
      const warm = Math.max(1, Math.min(10, Math.floor(n / 10)));
      await op.setup?.(env);
      const acc = perOp.get(op.name) ?? { p50: [], p95: [], b50: [], b95: [] };
      if (op.baseline) {
        const b = await timeIt(env, op.baseline, n, warm);
        acc.b50.push(b.p50);
        acc.b95.push(b.p95);
      }
      if (op.run) {
        const r = await timeIt(env, op.run, n, op.kind === 'import' ? 1 : warm);
        acc.p50.push(r.p50);
        acc.p95.push(r.p95);
      }
      perOp.set(op.name, acc);
      process.stdout.write(`  round ${round + 1}/${rounds} ${op.name} done\n`);
    }
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }

  const records: BenchRecord[] = ops.map((op) => {
    const a = perOp.get(op.name)!;
    const p50 = a.p50.length ? r3(median(a.p50)) : null;
    const p95 = a.p95.length ? r3(median(a.p95)) : null;
    const b50 = a.b50.length ? r3(median(a.b50)) : null;
    const b95 = a.b95.length ? r3(median(a.b95)) : null;
    const ratio = p50 !== null && b50 ? Math.round((p50 / b50) * 100) / 100 : null;
    const t = op.target;
    const meets =
      p95 === null || !t ? null : p95 <= t.p95Ms && (t.ratio === undefined || ratio === null || ratio <= t.ratio);
    return {
      name: op.name,
      n: op.run ? op.n(args.size) : 0,
      p50_ms: p50,
      p95_ms: p95,
      ratio,
      status: op.status,
      baseline_p50_ms: b50,
      baseline_p95_ms: b95,
      target_p95_ms: t?.p95Ms ?? null,
      target_ratio: t?.ratio ?? null,
      meets,
      note: op.note ?? '',
      calls: op.calls ?? [],
    };
  });

  const fmt = (x: number | null): string => (x === null ? '—' : x.toFixed(x < 10 ? 3 : 1));
  console.log(`\nCrewdesk bench — size ${args.size}, ${rounds} round(s), medians of rounds; ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}; load average at start ${load0}, at end ${loadavg().map((x) => x.toFixed(1)).join(' ')}; ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  console.table(
    records.map((r) => ({
      operation: r.name,
      status: r.status,
      n: r.n,
      'p50 ms': fmt(r.p50_ms),
      'p95 ms': fmt(r.p95_ms),
      'base p50': fmt(r.baseline_p50_ms),
      ratio: r.ratio === null ? '—' : r.ratio.toFixed(2),
      target: r.target_p95_ms === null ? '' : `p95≤${r.target_p95_ms}${r.target_ratio ? ` ×≤${r.target_ratio}` : ''}`,
      meets: r.meets === null ? (r.status === 'pending' ? 'pending' : '—') : r.meets ? 'yes' : 'NO',
    })),
  );
  if (args.md) {
    const cell = (x: number | null): string => (x === null ? '—' : x.toFixed(x < 10 ? 2 : 1));
    const lines = [
      `Size ${args.size}, ${rounds} round(s), medians of rounds; ${cpus().length} cores, node ${process.version}; load average ${load0} → ${loadavg().map((x) => x.toFixed(1)).join(' ')}.`,
      '',
      '| operation | status | n | p50 ms | p95 ms | baseline p50 ms | baseline p95 ms | ratio | target | met |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
      ...records.map(
        (r) =>
          `| ${r.name} | ${r.status} | ${r.n} | ${cell(r.p50_ms)} | ${cell(r.p95_ms)} | ${cell(r.baseline_p50_ms)} | ${cell(r.baseline_p95_ms)} | ${r.ratio === null ? '—' : r.ratio.toFixed(2)} | ${
            r.target_p95_ms === null ? '' : `p95 ≤ ${r.target_p95_ms} ms${r.target_ratio ? `, ≤ ${r.target_ratio}×` : ''}`
          } | ${r.meets === null ? (r.status === 'pending' ? 'pending' : '—') : r.meets ? 'yes' : '**no**'} |`,
      ),
    ];
    mkdirSync(dirname(resolve(args.md)), { recursive: true });
    writeFileSync(resolve(args.md), `${lines.join('\n')}\n`);
    console.log(`wrote ${resolve(args.md)}`);
  }
  if (args.json) {
    mkdirSync(dirname(resolve(args.json)), { recursive: true });
    writeFileSync(resolve(args.json), `${JSON.stringify(records, null, 2)}\n`);
    console.log(`wrote ${resolve(args.json)}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
