import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL server for the sync tests: `initdb` in a temporary
 * folder, listening on 127.0.0.1 at a free port, stopped and deleted after.
 * initdb refuses to run as root, so under root (CI) the server runs as the
 * `postgres` system user that Debian's package creates.
 */
export interface TestPostgres {
  url(database?: string): string;
  stop(): void;
}

function binDir(): string {
  const env = process.env.PG_BINDIR;
  if (env) return env;
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(join(base, v, 'bin', 'initdb'))) return join(base, v, 'bin');
  }
  throw new Error('PostgreSQL not found: install the postgresql package (apt-get install postgresql) or set PG_BINDIR');
}

/** Whether PostgreSQL's server binaries are installed here. */
export function hasPostgres(): boolean {
  try {
    binDir();
    return true;
  } catch {
    return false;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL tool, as `postgres` when we are root. Arguments are ours (paths from mkdtemp, numbers). */
function run(tool: string, args: string[]): void {
  const bin = join(binDir(), tool);
  if (asRoot) {
    const quoted = [bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { stdio: ['ignore', 'pipe', 'pipe'] });
  } else {
    execFileSync(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  }
}

export async function startPostgres(): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'crewdesk-pg-'));
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
  const data = join(dir, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'crewdesk', '-E', 'UTF8', '--no-locale']);
  // fsync off: a test server's speed matters, its durability does not.
  run('pg_ctl', ['-D', data, '-o', `-h 127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=200`, '-l', join(dir, 'log'), '-w', 'start']);
  let stopped = false;
  return {
    url: (database = 'postgres') => `postgres://crewdesk@127.0.0.1:${port}/${database}`,
    stop: () => {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
