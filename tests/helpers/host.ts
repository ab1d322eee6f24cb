import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const OUT = resolve(ROOT, process.env.CREWDESK_OUT ?? 'dist');

export interface Host {
  url: string;
  origin: string;
  dataDir: string;
  /** Opens the app in a fresh browser context (its own session), as a second user would. */
  stop(): Promise<void>;
}

/** Starts the built web host on a free port with a fresh data folder. */
export async function startHost(opts: { demo: boolean; dataDir?: string }): Promise<Host> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'crewdesk-e2e-'));
  const args = [join(OUT, 'main', 'web.cjs'), '--port', '0', '--data', dataDir];
  if (opts.demo) args.push('--demo');
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`web host did not start: ${stderr}`)), 30_000);
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
    origin: new URL(url).origin,
    dataDir,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        // A host that does not stop within 10 s is a bug worth seeing, not a hung test run.
        const timer = setTimeout(() => {
          console.error('web host did not stop within 10 s of SIGTERM; killing it');
          child.kill('SIGKILL');
        }, 10_000);
        await exited;
        clearTimeout(timer);
      }
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
