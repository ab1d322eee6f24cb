// `npm run hub -- <init|fingerprint|serve|seed|demo|passwd> …`: bundles the hub (main/hub/cli.ts) and runs it.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const out = resolve(root, process.env.CREWDESK_OUT ?? 'dist', 'main', 'hub.cjs');
await build({
  entryPoints: [resolve(root, 'main/hub/cli.ts')],
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  external: ['better-sqlite3', 'pg', 'pg-native', 'esbuild'],
});
const child = spawn(process.execPath, ['--enable-source-maps', out, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
