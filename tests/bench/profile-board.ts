/**
 * Where a board's frames go (issue 18): scroll and drag on the 1,000- and 5,000-card boards in
 * Chromium, with Chromium's performance trace and a CPU profile taken through Playwright/CDP.
 *
 *   CREWDESK_OUT=/tmp/out node build/build.mjs
 *   CREWDESK_OUT=/tmp/out node tests/bench/run.mjs profile [--size ci] [--json FILE] [--trace-dir DIR]
 *
 * Per board: in-app navigation to it, then (as tests/bench/renderer.ts) 60 wheel steps of 200 px
 * on the tallest column body, and one card dragged 600 px right and 200 px down in 60 mouse steps
 * and dropped (a real tasks.move). Frame times are requestAnimationFrame deltas; p50/p95/max.
 * While each action runs: a CPU profile (CDP Profiler, self time per function, top 10) and the
 * trace (devtools.timeline: main-thread time per event kind — script, style, layout, paint, GC).
 * The raw traces go to --trace-dir (default .cache/bench/traces) to open in chrome://tracing.
 */
import { chromium, type CDPSession, type Page } from 'playwright';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { startHost } from '../helpers/host';
import { frames, quantile } from './stats';
import { parseArgs } from './args';
import { datasetVersion, defaultOut, generate, GENERATOR_VERSION } from './generate';

const SCROLLER = '[data-testid="column-body"]';
const CARD = '[data-testid="task-card"]';
const boardReady = (projectId: string): string => `[data-testid="board"][data-ready="true"][data-project-id="${projectId}"]`;

const r1 = (x: number): number => Math.round(x * 10) / 10;

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

/** Self time per function (ms), top n, from a CDP CPU profile. */
function topFunctions(p: CpuProfile, n = 10): { fn: string; ms: number }[] {
  const byNode = new Map(p.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = byNode.get(samples[i]!);
    if (!node) continue;
    const f = node.callFrame;
    const file = f.url.split('/').pop() ?? '';
    const key = f.functionName ? `${f.functionName} (${file}:${f.lineNumber + 1})` : f.url ? `(anonymous ${file}:${f.lineNumber + 1})` : `(${f.functionName || 'program'})`;
    self.set(key, (self.get(key) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0) / 1000);
  }
  return [...self.entries()]
    .map(([fn, ms]) => ({ fn, ms: r1(ms) }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, n);
}

interface TraceEvent { name: string; ph: string; dur?: number; tid: number; pid: number; args?: { name?: string } }

/** Main-thread time (ms) by kind, from top-level trace events of the renderer's main thread. */
function mainThread(trace: { traceEvents: TraceEvent[] }): Record<string, number> {
  const main = trace.traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return {};
  const kinds: Record<string, string> = {
    FunctionCall: 'script', EvaluateScript: 'script', TimerFire: 'script', FireAnimationFrame: 'script', EventDispatch: 'script', 'v8.callFunction': 'script',
    RunMicrotasks: 'script', UpdateLayoutTree: 'style', RecalculateStyles: 'style', Layout: 'layout', PrePaint: 'paint', Paint: 'paint',
    UpdateLayer: 'paint', Layerize: 'paint', 'Commit': 'paint', MajorGC: 'gc', MinorGC: 'gc', 'V8.GC_SCAVENGER': 'gc', HitTest: 'hit test', ParseHTML: 'html',
  };
  const out: Record<string, number> = {};
  let task = 0;
  for (const e of trace.traceEvents) {
    if (e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || e.dur === undefined) continue;
    if (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') task += e.dur;
    const k = kinds[e.name];
    if (k) out[k] = (out[k] ?? 0) + e.dur;
  }
  const ms = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, r1(v / 1000)]));
  return { tasks: r1(task / 1000), ...ms };
}


/** Runs `action` with the frames counted, a CPU profile and a trace taken. */
async function profiled(page: Page, cdp: CDPSession, traceFile: string, action: () => Promise<void>) {
  const browser = page.context().browser()!;
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await browser.startTracing(page, { path: traceFile, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink'] });
  await cdp.send('Profiler.start');
  const ft = await frames(page, action);
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
  await browser.stopTracing();
  const trace = JSON.parse(readFileSync(traceFile, 'utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(trace) ? { traceEvents: trace } : trace;
  return {
    frames: { n: ft.length, p50: r1(quantile(ft, 0.5)), p95: r1(quantile(ft, 0.95)), max: r1(Math.max(...ft)) },
    mainThreadMs: mainThread(events),
    topSelfMs: topFunctions(profile),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2).filter((a, i, all) => a !== '--trace-dir' && all[i - 1] !== '--trace-dir'));
  const argv = process.argv.slice(2);
  const traceDir = resolve(argv[argv.indexOf('--trace-dir') + 1] && argv.includes('--trace-dir') ? argv[argv.indexOf('--trace-dir') + 1]! : join('.cache', 'bench', 'traces'));
  mkdirSync(traceDir, { recursive: true });
  const dataset = args.out ?? defaultOut(args.size);
  if (args.fresh || !existsSync(dataset) || datasetVersion(dataset) !== GENERATOR_VERSION) generate({ size: args.size, out: dataset, log: (l) => console.log(l) });
  const dataDir = resolve('.cache', 'bench', `profile-${args.size}-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  copyFileSync(dataset, join(dataDir, 'crewdesk.sqlite3'));
  const db = new Database(join(dataDir, 'crewdesk.sqlite3'), { readonly: true });
  const meta = (k: string): string => db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(k)?.value ?? '';
  const boards = [
    { cards: 1000, projectId: meta('bench.largestProject') },
    { cards: 5000, projectId: meta('bench.board5000') },
  ];
  // The admin may look at and move cards on every board.
  const admin = db.prepare<[], { id: string }>("SELECT id FROM people WHERE role = 'admin' AND active = 1 ORDER BY id LIMIT 1").get()!.id;
  db.close();

  const load0 = loadavg()[0]!;
  const host = await startHost({ demo: false, dataDir });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const results: Record<string, unknown>[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const cdp = await page.context().newCDPSession(page);
    await page.goto(host.url);
    const signed = await page.evaluate(async (personId) => {
      const r = await fetch('/api/call/session.signIn', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId }) });
      return r.ok && ((await r.json()) as { ok?: boolean }).ok === true;
    }, admin);
    if (!signed) throw new Error('sign-in call failed');
    await page.reload(); // the app boots signed in
    await page.locator('.ant-menu').first().waitFor({ timeout: 60_000 });
    for (const b of boards) {
      await page.evaluate((id) => (window.location.hash = `#/projects/${id}/board`), b.projectId);
      await page.locator(`${boardReady(b.projectId)} ${CARD}`).first().waitFor({ timeout: 120_000 });
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      const domCards = await page.locator(CARD).count();
      const tallest = await page.evaluate((sel) => {
        const els = Array.from(document.querySelectorAll<HTMLElement>(sel));
        let best = 0;
        els.forEach((e, i) => {
          if (e.scrollHeight > els[best]!.scrollHeight) best = i;
        });
        return best;
      }, SCROLLER);
      const scroller = page.locator(SCROLLER).nth(tallest);
      const box = (await scroller.boundingBox())!;
      const scroll = await profiled(page, cdp, join(traceDir, `scroll-${b.cards}.json`), async () => {
        await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 300));
        for (let k = 0; k < 60; k++) await page.mouse.wheel(0, 200);
        await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      });
      await scroller.evaluate((e) => (e.scrollTop = 0));
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      const card = (await page.locator(`${SCROLLER} ${CARD}`).first().boundingBox())!;
      const drag = await profiled(page, cdp, join(traceDir, `drag-${b.cards}.json`), async () => {
        await page.mouse.move(card.x + card.width / 2, card.y + card.height / 2);
        await page.mouse.down();
        await page.mouse.move(card.x + card.width / 2 + 600, card.y + card.height / 2 + 200, { steps: 60 });
        await page.mouse.up();
        await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      });
      results.push({ board: b.cards, domCards, scroll, drag });
      console.log(JSON.stringify({ board: b.cards, domCards, scroll, drag }, null, 1));
    }
  } finally {
    await browser.close();
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const summary = { size: args.size, loadAverage: [r1(load0), r1(loadavg()[0]!)], results };
  if (args.json) writeFileSync(resolve(args.json), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`load average ${r1(load0)} → ${r1(loadavg()[0]!)}; traces in ${traceDir}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
