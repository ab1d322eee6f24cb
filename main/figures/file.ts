import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError, invalid } from '../../shared/errors';
import { FIGURE_FILE_LIMITS, type ParseOutcome } from './parse';

export { FIGURE_FILE_LIMITS };

/** How long a worker may take over one file, and how much memory it may hold. */
export const WORKER_LIMITS = { deadlineMs: 15_000, maxOldGenerationSizeMb: 384, maxYoungGenerationSizeMb: 48 };

let sourceBuilt: string | null = null;

/**
 * The worker's file: beside the bundle (dist/main/figures-worker.cjs; in a packaged
 * app unpacked from the asar), or — running from the sources (tests) — bundled once.
 */
export function figuresWorkerFile(): string {
  const beside = join(__dirname, 'figures-worker.cjs');
  const unpacked = beside.replace(/\.asar([\\/])/, '.asar.unpacked$1');
  if (unpacked !== beside && existsSync(unpacked)) return unpacked;
  if (existsSync(beside)) return beside;
  const source = join(__dirname, 'worker.ts');
  if (!existsSync(source)) throw new AppError('INTERNAL', { zh: '缺少文件读取组件', en: 'The file reader is missing' });
  if (!sourceBuilt) {
    const dir = join(tmpdir(), `crewdesk-worker-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, 'figures-worker.cjs');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild') as typeof import('esbuild');
    esbuild.buildSync({ entryPoints: [source], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'warning' });
    sourceBuilt = outfile;
  }
  return sourceBuilt;
}

/**
 * A worker that has read a file cleanly waits for the next one, so a second
 * import does not pay the thread's start (loading the spreadsheet library) again.
 * Only one waits; a worker that timed out, ran out of memory or failed is ended,
 * never reused. A waiting worker does not keep the process alive.
 */
let idle: Worker | null = null;

function takeWorker(limits: typeof WORKER_LIMITS): Worker {
  if (limits === WORKER_LIMITS && idle) {
    const w = idle;
    idle = null;
    w.removeAllListeners('exit');
    w.removeAllListeners('error');
    w.ref();
    return w;
  }
  return new Worker(figuresWorkerFile(), {
    resourceLimits: { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb, maxYoungGenerationSizeMb: limits.maxYoungGenerationSizeMb },
    stdout: true,
    stderr: true,
  });
}

function releaseWorker(w: Worker, limits: typeof WORKER_LIMITS): void {
  w.removeAllListeners('message');
  w.removeAllListeners('error');
  w.removeAllListeners('exit');
  if (limits !== WORKER_LIMITS || idle) {
    void w.terminate();
    return;
  }
  idle = w;
  w.unref();
  const gone = () => {
    if (idle === w) idle = null;
  };
  w.once('exit', gone);
  // An 'error' with no listener would end the process: a waiting worker that fails is dropped.
  w.once('error', gone);
}

/**
 * Reads a platform export into a grid of strings (header row first), in a worker
 * thread with a deadline and a memory limit, so a crafted file (a zip bomb, a
 * million cells) is refused without blocking the event loop. Only the file format
 * is handled here; what the cells mean is checked by checkFigureImport (or the
 * roster's check, main/people/roster.ts).
 */
export async function readFigureFile(fileName: string, data: Buffer, limits = WORKER_LIMITS): Promise<string[][]> {
  if (data.byteLength > FIGURE_FILE_LIMITS.bytes) {
    const mb = FIGURE_FILE_LIMITS.bytes / 1024 / 1024;
    throw invalid({ zh: `文件超过 ${mb} MB`, en: `The file is larger than ${mb} MB` });
  }
  const lower = fileName.toLowerCase();
  if (!lower.endsWith('.csv') && !lower.endsWith('.txt') && !lower.endsWith('.xlsx')) {
    throw invalid({ zh: '只能导入 .csv 或 .xlsx 文件', en: 'Only .csv and .xlsx files can be imported' });
  }
  const outcome = await new Promise<ParseOutcome>((resolve) => {
    const worker = takeWorker(limits);
    let done = false;
    const finish = (o: ParseOutcome, reusable = false): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (reusable) releaseWorker(worker, limits);
      else {
        worker.removeAllListeners();
        void worker.terminate();
      }
      resolve(o);
    };
    const timer = setTimeout(
      () => finish({ ok: false, message: { zh: '文件过于复杂，读取超时，已拒绝', en: 'The file is too complex to read in time; refused' } }),
      limits.deadlineMs,
    );
    // A refusal the parser gave (too many rows, not a spreadsheet) leaves the worker sound.
    worker.once('message', (m: ParseOutcome) => finish(m, true));
    worker.once('error', (e: Error & { code?: string }) =>
      finish({
        ok: false,
        message: e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { zh: '文件过大，读取时超出内存限制，已拒绝', en: 'The file is too large to read within the memory limit; refused' }
          : { zh: '无法读取此文件', en: 'This file cannot be read' },
      }),
    );
    worker.once('exit', () => finish({ ok: false, message: { zh: '无法读取此文件', en: 'This file cannot be read' } }));
    worker.postMessage({ fileName, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
  });
  if (!outcome.ok) throw invalid(outcome.message);
  return outcome.rows;
}
