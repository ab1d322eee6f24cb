import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

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
/** The web host's command line and environment: a build outside the checkout ($CREWDESK_OUT=/tmp/…) still loads the checkout's native modules. */
export function hostCommand(dataDir: string, extra: string[] = []): { args: string[]; env: NodeJS.ProcessEnv } {
  const nodePath = [join(ROOT, 'node_modules'), process.env.NODE_PATH].filter(Boolean).join(delimiter);
  return { args: [join(OUT, 'main', 'web.cjs'), '--port', '0', '--data', dataDir, ...extra], env: { ...process.env, NODE_PATH: nodePath } };
}

export async function startHost(opts: { demo: boolean; dataDir?: string }): Promise<Host> {
  const t0 = Date.now();
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'crewdesk-e2e-'));
  const { args, env } = hostCommand(dataDir, opts.demo ? ['--demo'] : []);
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
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
  timing(`host start${opts.demo ? ' (demo)' : ''}`, t0);
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    stop: async () => {
      const t1 = Date.now();
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
      timing('host stop', t1);
    },
  };
}

/** With E2E_TIMING=1, how long a part of the set-up took (the e2e time breakdown). */
function timing(what: string, since: number): void {
  if (process.env.E2E_TIMING) console.log(`[timing] ${what}: ${Date.now() - since} ms`);
}
