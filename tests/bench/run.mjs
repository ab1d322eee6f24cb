// Runs a TypeScript entry of the benchmark under Node: bundles it with esbuild
// into .cache/bench/ (native and heavy packages stay external), then runs it with
// the remaining arguments. `node tests/bench/run.mjs <entry> [args…]`, entry one of
// data | bench | renderer.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const entries = { data: 'tests/bench/data.ts', bench: 'tests/bench/bench.ts', renderer: 'tests/bench/renderer.ts', profile: 'tests/bench/profile-board.ts' };
const [name, ...args] = process.argv.slice(2);
if (!name || !(name in entries)) {
  console.error(`usage: node tests/bench/run.mjs ${Object.keys(entries).join('|')} [args…]`);
  process.exit(2);
}
const outfile = resolve(root, '.cache', 'bench', `${name}.cjs`);
await build({
  entryPoints: [resolve(root, entries[name])],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
  absWorkingDir: root,
  external: ['better-sqlite3', 'exceljs', 'pg', 'pg-native', '@playwright/test', 'playwright', 'playwright-core', 'fast-check'],
});
// The file reader's worker beside the bundle, where main/figures/file.ts looks for it (as in the app).
await build({
  entryPoints: [resolve(root, 'main/figures/worker.ts')],
  outfile: resolve(root, '.cache', 'bench', 'figures-worker.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  absWorkingDir: root,
  external: ['exceljs'],
});
const r = spawnSync(process.execPath, ['--enable-source-maps', '--expose-gc', outfile, ...args], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
