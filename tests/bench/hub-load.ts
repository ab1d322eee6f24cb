import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { HubEndpoint } from '../../main/sync/transport';
import type { WireMutation } from '../../shared/sync';
import { ThinDesktop, type Workplace } from './hub-desktop';
import { quantileSorted } from './stats';

/**
 * The simulated desktops' side of the hub bench: the timers, the figures, and the worker
 * processes that host the desktops. A few hundred desktops in one Node process are a load of
 * their own (a TLS handshake per request, JSON of every answer): one process saturated its event
 * loop at 150 desktops and its own queueing then showed up as the hub's latency. So the desktops
 * are spread over worker processes, and each worker reports its event-loop delay with its figures.
 */
export const PUSH_EVERY_MS = 10_000;
export const PULL_EVERY_MS = 5_000;

// ---- figures -----------------------------------------------------------------------

const quantile = quantileSorted;
export const r1 = (x: number): number => Math.round(x * 10) / 10;
export const r2 = (x: number): number => Math.round(x * 100) / 100;

export interface Stat {
  n: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
  mean_ms: number;
}
export function stat(xs: readonly number[]): Stat {
  const s = [...xs].sort((a, b) => a - b);
  return {
    n: s.length,
    p50_ms: r1(quantile(s, 0.5)),
    p95_ms: r1(quantile(s, 0.95)),
    p99_ms: r1(quantile(s, 0.99)),
    max_ms: r1(s[s.length - 1] ?? NaN),
    mean_ms: r1(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
  };
}

/** What one phase measured (in one process; merged across workers). */
export interface Samples {
  push: number[];
  pull: number[];
  pullRows: number[];
  errors: [string, number][];
  /** A request due while the desktop's previous one of the kind still ran (skipped, as a desktop's timer would). */
  late: number;
  /** Mutations pushed (the week of work). */
  pushed: number;
  /** Event-loop delay of the process that hosted the desktops (the client's own queueing). */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** CPU time that process spent. */
  cpuSeconds: number;
}

export class Recorder {
  push: number[] = [];
  pull: number[] = [];
  pullRows: number[] = [];
  errors = new Map<string, number>();
  late = 0;
  pushed = 0;
  private readonly loop = monitorEventLoopDelay({ resolution: 10 });
  private readonly cpu0 = process.cpuUsage();

  constructor() {
    this.loop.enable();
  }

  error(kind: string, e: unknown): void {
    const msg = `${kind}: ${e instanceof Error ? `${e.name} ${e.message}` : String(e)}`.slice(0, 160);
    this.errors.set(msg, (this.errors.get(msg) ?? 0) + 1);
  }

  done(): Samples {
    this.loop.disable();
    const cpu = process.cpuUsage(this.cpu0);
    return {
      push: this.push,
      pull: this.pull,
      pullRows: this.pullRows,
      errors: [...this.errors],
      late: this.late,
      pushed: this.pushed,
      loopDelayP99Ms: r1(this.loop.percentile(99) / 1e6),
      loopDelayMaxMs: r1(this.loop.max / 1e6),
      cpuSeconds: r1((cpu.user + cpu.system) / 1e6),
    };
  }
}

export function merge(parts: Samples[]): Samples {
  const errors = new Map<string, number>();
  for (const p of parts) for (const [k, v] of p.errors) errors.set(k, (errors.get(k) ?? 0) + v);
  return {
    push: parts.flatMap((p) => p.push),
    pull: parts.flatMap((p) => p.pull),
    pullRows: parts.flatMap((p) => p.pullRows),
    errors: [...errors],
    late: parts.reduce((a, p) => a + p.late, 0),
    pushed: parts.reduce((a, p) => a + p.pushed, 0),
    loopDelayP99Ms: Math.max(0, ...parts.map((p) => p.loopDelayP99Ms)),
    loopDelayMaxMs: Math.max(0, ...parts.map((p) => p.loopDelayMaxMs)),
    cpuSeconds: r1(parts.reduce((a, p) => a + p.cpuSeconds, 0)),
  };
}

export const errorCount = (s: Samples): number => s.errors.reduce((a, [, n]) => a + n, 0);

export function summary(s: Samples) {
  return {
    push: stat(s.push),
    pull: stat(s.pull),
    pull_rows_mean: r1(s.pullRows.reduce((a, b) => a + b, 0) / (s.pullRows.length || 1)),
    errors: errorCount(s),
    error_kinds: Object.fromEntries(s.errors),
    late: s.late,
    desktops_event_loop_delay_p99_ms: s.loopDelayP99Ms,
    desktops_event_loop_delay_max_ms: s.loopDelayMaxMs,
    desktops_cpu_seconds: s.cpuSeconds,
  };
}

export const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
export const sleep = (t: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, t)));

/** A deterministic random source (mulberry32), as the sync tests use. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `fn` over `items` with at most `n` at once. */
export async function pool<T>(items: readonly T[], n: number, fn: (x: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  }));
}

// ---- the load ------------------------------------------------------------------------

/**
 * Every desktop pushes one command each PUSH_EVERY_MS and pulls each PULL_EVERY_MS from a random
 * phase, until `stop()`. A request due while the desktop's previous one of the kind still runs is
 * skipped (counted as late), as a desktop's timer skips a sync while one is running.
 */
export function runLoad(desktops: ThinDesktop[], rec: Recorder, random: () => number): { stop(): Promise<void> } {
  let running = true;
  let wake: () => void = () => undefined;
  const stopped = new Promise<void>((r) => (wake = r));
  const start = Date.now();
  const loop = async (offset: number, period: number, step: () => Promise<void>): Promise<void> => {
    let k = 0;
    while (running) {
      await Promise.race([sleep(start + offset + k * period - Date.now()), stopped]);
      if (!running) return;
      await step();
      const next = Math.ceil((Date.now() - start - offset) / period);
      if (next > k + 1) rec.late += next - k - 1;
      k = Math.max(k + 1, next);
    }
  };
  const loops = desktops.flatMap((d) => [
    d.canWork
      ? loop(random() * PUSH_EVERY_MS, PUSH_EVERY_MS, async () => {
          const m = d.nextMutation();
          const t0 = process.hrtime.bigint();
          try {
            const last = await d.push([m]);
            rec.push.push(ms(t0));
            if (last < m.id) rec.error('push', new Error(`the hub did not take mutation ${m.id} (last ${last})`));
          } catch (e) {
            rec.error('push', e);
          }
        })
      : Promise.resolve(),
    loop(random() * PULL_EVERY_MS, PULL_EVERY_MS, async () => {
      const t0 = process.hrtime.bigint();
      try {
        const r = await d.pull();
        rec.pull.push(ms(t0));
        rec.pullRows.push(r.rows.length);
      } catch (e) {
        rec.error('pull', e);
      }
    }),
  ]);
  return {
    stop: async () => {
      running = false;
      wake();
      await Promise.all(loops);
    },
  };
}

/** `count` mutations, five to a push (a desktop's few queued changes), `concurrency` pushes at once. */
export async function runBurst(desktops: ThinDesktop[], rec: Recorder, count: number, concurrency: number): Promise<void> {
  const workers = desktops.filter((d) => d.canWork);
  if (!workers.length || count <= 0) return;
  const batches = Array.from({ length: Math.ceil(count / 5) }, (_, i) => workers[i % workers.length]!);
  await pool(batches, concurrency, async (d, i) => {
    const n = Math.min(5, count - i * 5);
    const muts: WireMutation[] = Array.from({ length: n }, () => d.nextMutation());
    const t = process.hrtime.bigint();
    try {
      const last = await d.push(muts);
      rec.push.push(ms(t));
      if (last < muts[muts.length - 1]!.id) rec.error('push', new Error(`the hub took up to ${last} of ${muts[muts.length - 1]!.id}`));
      rec.pushed += n;
    } catch (e) {
      rec.error('push', e);
    }
  });
}

// ---- worker processes -------------------------------------------------------------------

export interface DesktopSpec {
  login: string;
  personId: string;
  token: string;
  places: Workplace[];
  seed: number;
  since: number;
}

export type ToWorker =
  | { kind: 'init'; hub: HubEndpoint; desktops: DesktopSpec[]; seed: number }
  | { kind: 'load' }
  | { kind: 'stop' }
  | { kind: 'burst'; mutations: number; concurrency: number };
export type FromWorker = { kind: 'ready' } | { kind: 'samples'; samples: Samples; rejections: { name: string; message: string }[] };

/** A worker process: hosts its share of the desktops and runs the phases the parent asks for. */
export function serveDesktopsWorker(): void {
  const send = (m: FromWorker): void => void process.send?.(m);
  let desktops: ThinDesktop[] = [];
  let random: () => number = Math.random;
  let running: { rec: Recorder; load: { stop(): Promise<void> } } | null = null;
  const rejections = (): { name: string; message: string }[] => desktops.flatMap((d) => d.rejections.splice(0));
  process.on('message', (m: ToWorker) => {
    if (m.kind === 'init') {
      random = rng(m.seed);
      desktops = m.desktops.map((d) => {
        const t = new ThinDesktop(m.hub, d.login, d.places, rng(d.seed), d.since);
        t.resume(d.token, d.personId);
        return t;
      });
      send({ kind: 'ready' });
    } else if (m.kind === 'load') {
      const rec = new Recorder();
      running = { rec, load: runLoad(desktops, rec, random) };
    } else if (m.kind === 'stop') {
      const r = running;
      running = null;
      if (r) void r.load.stop().then(() => send({ kind: 'samples', samples: r.rec.done(), rejections: rejections() }));
    } else if (m.kind === 'burst') {
      const rec = new Recorder();
      // The others were online all week: after pushing, each pulls what it missed (not timed), so
      // the next phase starts from desktops in step, not from a herd pulling a week at once.
      void runBurst(desktops, rec, m.mutations, m.concurrency)
        .then(() => pool(desktops, 2, async (d) => void (await d.pull().catch((e: unknown) => rec.error('settle pull', e)))))
        .then(() => send({ kind: 'samples', samples: rec.done(), rejections: rejections() }));
    }
  });
  process.on('disconnect', () => process.exit(0));
}
