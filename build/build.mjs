// Builds the renderer (Vite) and the main-process bundles (esbuild) into
// $CREWDESK_OUT (default dist/): dist/renderer, dist/main/{web,electron,preload,...}.cjs
import { build as esbuild } from 'esbuild';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const out = resolve(root, process.env.CREWDESK_OUT ?? 'dist');

/** Native, Electron-provided or heavy node-only packages stay in node_modules (electron-builder ships them). */
export const external = ['better-sqlite3', 'electron', 'exceljs', 'pg', 'pg-native', 'pdfkit', 'fast-check', 'esbuild'];

export const MAIN_ENTRIES = {
  web: 'main/web/host.ts',
  electron: 'main/electron/main.ts',
};

export async function buildAll({ quiet = false } = {}) {
  const t0 = Date.now();
  await viteBuild({ configFile: resolve(root, 'vite.config.ts'), logLevel: quiet ? 'warn' : 'info', build: { outDir: resolve(out, 'renderer') } });
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, logLevel: 'warning', absWorkingDir: root };
  await esbuild({
    ...common,
    entryPoints: Object.fromEntries(Object.entries(MAIN_ENTRIES).map(([k, v]) => [k, resolve(root, v)])),
    outdir: resolve(out, 'main'),
    outExtension: { '.js': '.cjs' },
    external,
  });
  // The worker that reads imported figures files (main/figures/file.ts) is its own
  // entry, with its libraries inside: in a packaged app it runs unpacked from the asar.
  await esbuild({ ...common, entryPoints: { 'figures-worker': resolve(root, 'main/figures/worker.ts') }, outdir: resolve(out, 'main'), outExtension: { '.js': '.cjs' } });
  // The preload runs sandboxed: it may require only 'electron'.
  await esbuild({ ...common, entryPoints: { preload: resolve(root, 'main/electron/preload.ts') }, outdir: resolve(out, 'main'), outExtension: { '.js': '.cjs' }, external: ['electron'] });
  if (!quiet) console.log(`built into ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildAll().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
