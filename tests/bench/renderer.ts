/**
 * Renderer bench in Chromium through Playwright — SKELETON, waiting for the board UI.
 *
 *   npm run build && npm run bench:renderer -- [--size ci|full] [--json FILE]
 *
 * What it does now, for real: copies the dataset into a data folder, starts the
 * built web host on it, opens Chromium, signs in as a member of the largest
 * project's group (through the contract call the sign-in screen uses), and
 * opens that project's board route. Until the boards branch is merged the route
 * shows a placeholder, the board never reports ready, and every measurement is
 * reported as pending with no figures — nothing is estimated or invented.
 *
 * What the boards branch must provide (TODO after merge):
 * - BOARD_READY: an element that appears once the board is interactive — cards of
 *   every column rendered and handlers attached — e.g.
 *   `<div data-testid="board" data-ready="true">`. Adjust the selector here.
 * - SCROLLER: the element that scrolls a long column (virtualised), and CARD: one
 *   draggable card. Adjust both selectors here.
 * Measurements (targets from the issue):
 * - board interactive: navigation start → BOARD_READY visible, 1,000-card board (≤ 500 ms);
 * - scroll: p95 frame time while wheel-scrolling the longest column (≤ 20 ms);
 * - drag: p95 frame time while dragging a card across columns with the mouse (≤ 20 ms);
 * - heap: JS heap after GC, opening the ten largest boards in turn; growth from the
 *   first to the tenth (≤ 10 %).
 */
import { chromium, type Page } from 'playwright';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { parseArgs } from './args';
import { defaultOut, generate } from './generate';

const BOARD_READY = '[data-testid="board"][data-ready="true"]';
const SCROLLER = '[data-testid="board-column-scroll"]';
const CARD = '[data-testid="board-card"]';
const READY_TIMEOUT_MS = 15_000;

interface RendererRecord {
  name: string;
  n: number;
  p50_ms: number | null;
  p95_ms: number | null;
  ratio: null;
  status: 'ready' | 'pending';
  target: string;
  note: string;
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};

async function startHost(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const web = resolve(process.env.CREWDESK_OUT ?? 'dist', 'main', 'web.cjs');
  if (!existsSync(web)) throw new Error(`${web} is missing: run npm run build first`);
  const child: ChildProcess = spawn(process.execPath, [web, '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`web host did not start: ${stderr}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(d.toString());
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    });
    child.on('exit', (code) => fail(new Error(`web host exited (${code}): ${stderr}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** Frame times (ms) collected by requestAnimationFrame while `action` runs. */
async function frames(page: Page, action: () => Promise<void>): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__frames = [];
    w.__stop = false;
    let last = performance.now();
    const tick = (t: number): void => {
      w.__frames.push(t - last);
      last = t;
      if (!w.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await action();
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__stop = true;
    return w.__frames.slice(1);
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dataset = args.out ?? defaultOut(args.size);
  if (!existsSync(dataset)) generate({ size: args.size, out: dataset, log: (l) => console.log(l) });
  const dataDir = resolve('.cache', 'bench', `renderer-${args.size}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  copyFileSync(dataset, join(dataDir, 'crewdesk.sqlite3'));

  const db = new Database(join(dataDir, 'crewdesk.sqlite3'), { readonly: true });
  const meta = (k: string): string => (db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(k)?.value ?? '');
  const largest = meta('bench.largestProject');
  const member = db.prepare<[string], { person_id: string }>('SELECT person_id FROM project_members WHERE project_id = ? ORDER BY id LIMIT 1').get(largest)!.person_id;
  const tenBoards = db
    .prepare<[], { project_id: string }>('SELECT project_id FROM tasks GROUP BY project_id ORDER BY count(*) DESC, project_id LIMIT 10')
    .all()
    .map((r) => r.project_id);
  db.close();

  const host = await startHost(dataDir);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
  });
  const records: RendererRecord[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await page.goto(host.url);
    // Sign in through the same contract call the sign-in screen makes (cookie set by the first page load).
    const signed = await page.evaluate(async (personId) => {
      const r = await fetch('/api/call/session.signIn', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId }) });
      const body = (await r.json()) as { ok?: boolean };
      return r.ok && body.ok === true;
    }, member);
    if (!signed) throw new Error('sign-in call failed');

    const t0 = Date.now();
    await page.goto(`${host.url}#/projects/${largest}/board`);
    const ready = await page
      .waitForSelector(BOARD_READY, { timeout: READY_TIMEOUT_MS })
      .then(() => true)
      .catch(() => false);
    if (!ready) {
      const note = `board UI not merged yet: ${BOARD_READY} did not appear within ${READY_TIMEOUT_MS} ms on #/projects/<largest>/board`;
      for (const [name, target] of [
        ['renderer: 1,000-card board interactive', '≤ 500 ms'],
        ['renderer: scroll frame time', 'p95 ≤ 20 ms'],
        ['renderer: drag frame time', 'p95 ≤ 20 ms'],
        ['renderer: JS heap growth over ten boards', '≤ 10 %'],
      ] as const) {
        records.push({ name, n: 0, p50_ms: null, p95_ms: null, ratio: null, status: 'pending', target, note });
      }
    } else {
      const interactive = Date.now() - t0;
      records.push({ name: 'renderer: 1,000-card board interactive', n: 1, p50_ms: interactive, p95_ms: interactive, ratio: null, status: 'ready', target: '≤ 500 ms', note: 'navigation → board ready' });
      const scroller = page.locator(SCROLLER).first();
      const box = await scroller.boundingBox();
      const scroll = await frames(page, async () => {
        if (!box) return;
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        for (let k = 0; k < 60; k++) await page.mouse.wheel(0, 200);
      });
      records.push({ name: 'renderer: scroll frame time', n: scroll.length, p50_ms: quantile(scroll, 0.5), p95_ms: quantile(scroll, 0.95), ratio: null, status: 'ready', target: 'p95 ≤ 20 ms', note: '60 wheel steps of 200 px' });
      const card = await page.locator(CARD).first().boundingBox();
      const drag = await frames(page, async () => {
        if (!card) return;
        await page.mouse.move(card.x + card.width / 2, card.y + card.height / 2);
        await page.mouse.down();
        await page.mouse.move(card.x + 600, card.y + 200, { steps: 60 });
        await page.mouse.up();
      });
      records.push({ name: 'renderer: drag frame time', n: drag.length, p50_ms: quantile(drag, 0.5), p95_ms: quantile(drag, 0.95), ratio: null, status: 'ready', target: 'p95 ≤ 20 ms', note: 'one card dragged 600 px in 60 steps' });
      const cdp = await page.context().newCDPSession(page);
      const heaps: number[] = [];
      for (const id of tenBoards) {
        await page.goto(`${host.url}#/projects/${id}/board`);
        await page.waitForSelector(BOARD_READY, { timeout: READY_TIMEOUT_MS });
        await cdp.send('HeapProfiler.collectGarbage');
        heaps.push((await cdp.send('Runtime.getHeapUsage')).usedSize);
      }
      const growth = ((heaps[heaps.length - 1]! - heaps[0]!) / heaps[0]!) * 100;
      records.push({ name: 'renderer: JS heap growth over ten boards', n: heaps.length, p50_ms: null, p95_ms: null, ratio: null, status: 'ready', target: '≤ 10 %', note: `heap after GC: first ${(heaps[0]! / 2 ** 20).toFixed(1)} MiB, last ${(heaps[heaps.length - 1]! / 2 ** 20).toFixed(1)} MiB, growth ${growth.toFixed(1)} %` });
    }
  } finally {
    await browser.close();
    await host.stop();
  }
  console.table(records.map((r) => ({ operation: r.name, status: r.status, 'p50 ms': r.p50_ms ?? '—', 'p95 ms': r.p95_ms ?? '—', target: r.target, note: r.note })));
  if (args.json) {
    mkdirSync(dirname(resolve(args.json)), { recursive: true });
    writeFileSync(resolve(args.json), `${JSON.stringify(records, null, 2)}\n`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
