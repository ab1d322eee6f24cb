// `npm run pack:check`: packages the app offline — electron-builder --linux dir
// with a placeholder Electron folder and npmRebuild off — then checks what
// would ship: the main code, the preload, the built renderer, the asar, the
// unpacked native module; and nothing that must not: tests, fixtures, sources,
// databases, the renderer's libraries. Downloads nothing.
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const require = createRequire(import.meta.url);

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Everything that must be in the package, as paths inside app.asar (or beside it). */
export const REQUIRED_IN_ASAR = ['package.json', 'dist/main/electron.cjs', 'dist/main/preload.cjs', 'dist/renderer/index.html', 'node_modules/better-sqlite3/lib/index.js', 'node_modules/better-sqlite3/package.json'];
// The figures-import worker runs from its own file (worker_threads), unpacked beside the asar.
export const REQUIRED_UNPACKED = ['native/better_sqlite3.node', 'dist/main/figures-worker.cjs'];

/** What must never ship, with the reason. */
export const FORBIDDEN = [
  [/(^|\/)(tests?|__tests__|e2e|fixtures)\//, 'tests or fixtures'],
  [/\.(sqlite3?|db)(-wal|-shm)?$/, 'a database'],
  [/\.tsx?$/, 'TypeScript sources'],
  [/^(main|renderer|shared|build|\.native|\.cache|\.ci)\//, 'a source or tooling folder'],
  [/^node_modules\/(antd|react|react-dom|echarts|@ant-design|@dnd-kit|zustand|electron|electron-builder|vite|vitest|typescript|esbuild|@playwright)\//, 'a library the app does not load at run time'],
  [/^node_modules\/better-sqlite3\/(build|deps|src)\//, 'the Node build or the C sources of better-sqlite3'],
  [/\.map$/, 'a source map'],
];

/** Problems in a package's file list (paths relative to the asar root, forward slashes). */
export function auditPackage(asarFiles, unpackedFiles) {
  const problems = [];
  const set = new Set(asarFiles);
  for (const f of REQUIRED_IN_ASAR) if (!set.has(f)) problems.push(`missing from app.asar: ${f}`);
  const unpacked = new Set(unpackedFiles);
  for (const f of REQUIRED_UNPACKED) if (!unpacked.has(f)) problems.push(`missing from app.asar.unpacked: ${f}`);
  for (const f of [...asarFiles, ...unpackedFiles]) {
    for (const [re, why] of FORBIDDEN) if (re.test(f)) problems.push(`should not ship (${why}): ${f}`);
  }
  return problems;
}

/**
 * Loads what the main bundle loads at run time from the staged app alone —
 * every dependency of the staged package.json, and better-sqlite3 through the staged native module (the Node
 * build stands in for Electron's here) — and opens a database with it.
 * Returns the error text, or null.
 */
export function loadCheck(stage) {
  const probe = `
    const path = require('node:path');
    const stage = process.argv[1];
    const req = require('node:module').createRequire(path.join(stage, 'package.json'));
    for (const m of JSON.parse(process.argv[2])) if (m !== 'better-sqlite3') req(m);
    const Database = req('better-sqlite3');
    const db = new Database(':memory:', { nativeBinding: path.join(stage, 'native', 'better_sqlite3.node') });
    if (db.prepare('SELECT 41 + 1 AS x').get().x !== 42) throw new Error('sqlite answered wrong');
    db.close();`;
  const app = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8'));
  const r = spawnSync(process.execPath, ['-e', probe, stage, JSON.stringify(Object.keys(app.dependencies))], { cwd: stage, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  return r.status === 0 ? null : r.stderr.trim();
}

/** A stand-in for the Electron distribution folder (the real one is a GitHub download). */
function placeholderElectron(dir) {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  writeFileSync(join(dir, 'electron'), '#!/bin/sh\necho "placeholder Electron for pack:check" >&2\nexit 1\n');
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'version'), JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version);
  writeFileSync(join(dir, 'LICENSE'), 'placeholder');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '<p>placeholder</p>');
}

async function main() {
  const t0 = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'crewdesk-pack-'));
  let keep = false;
  try {
    delete process.env.CREWDESK_OUT; // the package takes dist/ of this checkout
    const { buildAll } = await import('./build.mjs');
    await buildAll({ quiet: true });

    const electronDist = join(work, 'electron');
    placeholderElectron(electronDist);
    // The Node build stands in for the Electron build: same file name, same place in the package.
    const nativeDir = join(work, 'native');
    mkdirSync(nativeDir);
    copyFileSync(join(dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node'), join(nativeDir, 'better_sqlite3.node'));
    // Staged outside the project, so nothing can be resolved from the development node_modules.
    const { stageApp } = await import('./stage-app.mjs');
    const stage = stageApp({ nativeDir, out: join(work, 'app') });
    const loads = loadCheck(stage);
    if (loads) throw new Error(`the staged app cannot load its dependencies:\n${loads}`);

    const config = require('./electron-builder.cjs');
    const { build, Platform, Arch } = require('electron-builder');
    const out = join(work, 'out');
    await build({
      projectDir: root,
      targets: Platform.LINUX.createTarget('dir', Arch.x64),
      publish: 'never',
      config: { ...config, electronDist, npmRebuild: false, directories: { ...config.directories, app: stage, output: out } },
    });

    const appDir = join(out, 'linux-unpacked');
    const asarPath = join(appDir, 'resources', 'app.asar');
    if (!existsSync(asarPath)) throw new Error(`no app.asar in ${appDir}`);
    const asar = require('@electron/asar');
    const asarFiles = asar
      .listPackage(asarPath, { isPack: false })
      .map((p) => p.replace(/\\/g, '/').replace(/^\//, ''))
      .filter((p) => {
        try {
          return !asar.statFile(asarPath, p).files;
        } catch {
          return true;
        }
      });
    const unpackedDir = join(appDir, 'resources', 'app.asar.unpacked');
    const unpackedFiles = existsSync(unpackedDir) ? walk(unpackedDir).map((f) => relative(unpackedDir, f).replace(/\\/g, '/')) : [];
    const problems = auditPackage(asarFiles, unpackedFiles);

    const shipped = JSON.parse(asar.extractFile(asarPath, 'package.json').toString('utf8'));
    if (shipped.main !== 'dist/main/electron.cjs') problems.push(`package.json main is ${shipped.main}`);
    if (!existsSync(join(appDir, 'crewdesk'))) problems.push('no crewdesk executable in the package');

    const modules = new Set(asarFiles.filter((f) => f.startsWith('node_modules/')).map((f) => f.split('/').slice(1, f.split('/')[1].startsWith('@') ? 3 : 2).join('/')));
    const size = statSync(asarPath).size;
    console.log(
      `pack:check: app.asar ${(size / 1024 / 1024).toFixed(1)} MB, ${asarFiles.length} files, ${modules.size} packages from node_modules; ` +
        `unpacked: ${unpackedFiles.join(', ')}; ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    if (problems.length) {
      keep = true;
      console.error(`pack:check FAILED (package kept in ${appDir}):\n  ${problems.slice(0, 60).join('\n  ')}${problems.length > 60 ? `\n  … and ${problems.length - 60} more` : ''}`);
      process.exitCode = 1;
    } else {
      console.log('pack:check passed: main code, preload, renderer, asar and the unpacked native module are there; nothing that should not ship.');
    }
  } finally {
    if (!keep) rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
