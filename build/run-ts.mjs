// Runs a TypeScript entry (the db command line, the crash harness) straight from
// the checkout: bundles it with esbuild into .cache/run/ and runs it with Node.
// Works on a fresh clone after `npm ci`, without a build of the app.
//   node build/run-ts.mjs <entry.ts> [args…]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
export const EXTERNAL = ['better-sqlite3', 'electron', 'exceljs', 'pg', 'pg-native', 'pdfkit', 'fast-check', 'esbuild'];

/** Bundles `entry` (relative to the checkout) to a .cjs file and returns its path. */
export async function bundle(entry, { alias, name } = {}) {
  const outfile = resolve(root, '.cache/run', `${name ?? basename(entry).replace(/\.ts$/, '')}.cjs`);
  await build({
    entryPoints: [resolve(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    external: EXTERNAL,
    sourcemap: 'inline',
    logLevel: 'warning',
    absWorkingDir: root,
    ...(alias ? { alias } : {}),
  });
  return outfile;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    console.error('usage: node build/run-ts.mjs <entry.ts> [args…]');
    process.exit(2);
  }
  const file = await bundle(entry);
  const r = spawnSync(process.execPath, ['--enable-source-maps', file, ...args], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
