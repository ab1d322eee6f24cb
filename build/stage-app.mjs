// Stages exactly what the desktop app ships into .cache/app-stage/ — the app
// folder electron-builder packages (build/electron-builder.cjs):
//   package.json      name, version, main, and the three runtime dependencies
//   dist/main/        electron.cjs, preload.cjs (the bundled main process and preload)
//   dist/renderer/    the built page
//   native/           better_sqlite3.node built for Electron (npm run electron:setup)
//   node_modules/     only what the main bundle loads at run time, and their dependencies
// Staging keeps the package small and makes packaging fast: electron-builder
// never walks the development node_modules.
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { external } from './build.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');

export const STAGE_DIR = join(root, '.cache', 'app-stage');
const pkgJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/**
 * Packages the main bundle requires at run time: what build/build.mjs keeps
 * external and package.json lists as a dependency (Electron provides itself;
 * optional natives like pg-native are not installed).
 */
export const RUNTIME_EXTERNALS = external.filter((name) => name !== 'electron' && name in (pkgJson.dependencies ?? {}));
/** Install-time helpers of those packages: never needed by the app. */
const INSTALL_ONLY = new Set(['prebuild-install', 'node-gyp']);

/** Where Node would find package `name` from `from` (walking up node_modules folders; `exports` maps do not matter). */
function packageDir(name, from) {
  for (let d = from; ; d = dirname(d)) {
    const candidate = join(d, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(d) === d) return null;
  }
}

/** Every package directory the runtime externals need, following dependencies the way Node resolves them. */
export function runtimeClosure() {
  const seen = new Set();
  const visit = (name, from) => {
    if (INSTALL_ONLY.has(name)) return;
    const dir = packageDir(name, from);
    if (!dir) return; // an optional dependency that is not installed (pg-native)
    if (seen.has(dir)) return;
    seen.add(dir);
    const p = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys({ ...p.dependencies, ...p.optionalDependencies })) visit(dep, dir);
  };
  for (const name of RUNTIME_EXTERNALS) visit(name, root);
  return [...seen];
}

/** Files of a package that are never needed at run time. */
function shipped(src) {
  const name = basename(src);
  if (/\.(map|ts|tsx|md|markdown)$/.test(name) && !name.endsWith('.d.ts')) return false;
  if (name.endsWith('.d.ts')) return false;
  if (/^(test|tests|__tests__|fixtures|e2e|example|examples|docs|benchmark|\.github)$/.test(name)) return false;
  if (name === 'node_modules') return false; // nested packages are staged as their own closure entries
  return true;
}

export function stageApp({ nativeDir = join(root, '.native', 'electron'), out = STAGE_DIR } = {}) {
  const dist = join(root, 'dist');
  for (const f of ['main/electron.cjs', 'main/preload.cjs', 'renderer/index.html']) {
    if (!existsSync(join(dist, f))) throw new Error(`dist/${f} is missing: run npm run build first`);
  }
  const native = join(nativeDir, 'better_sqlite3.node');
  if (!existsSync(native)) throw new Error(`No Electron build of better-sqlite3 in ${nativeDir}: run \`npm run electron:setup\` first.`);

  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'dist', 'main'), { recursive: true });
  for (const f of ['electron.cjs', 'preload.cjs', 'figures-worker.cjs']) cpSync(join(dist, 'main', f), join(out, 'dist', 'main', f));
  cpSync(join(dist, 'renderer'), join(out, 'dist', 'renderer'), { recursive: true, filter: (s) => !s.endsWith('.map') });
  mkdirSync(join(out, 'native'));
  cpSync(native, join(out, 'native', 'better_sqlite3.node'));

  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const app = {
    name: pkg.name,
    productName: pkg.productName,
    version: pkg.version,
    description: pkg.description,
    author: pkg.author,
    license: pkg.license,
    main: 'dist/main/electron.cjs',
    dependencies: Object.fromEntries(RUNTIME_EXTERNALS.map((d) => [d, pkg.dependencies[d]])),
  };
  writeFileSync(join(out, 'package.json'), `${JSON.stringify(app, null, 2)}\n`);

  const modules = realpathSync(join(root, 'node_modules'));
  for (const dir of runtimeClosure()) {
    const rel = relative(modules, dir);
    if (rel.startsWith('..')) throw new Error(`${dir} is outside node_modules`);
    const target = join(out, 'node_modules', rel);
    const isSqlite = rel.split(sep).join('/') === 'better-sqlite3';
    cpSync(dir, target, {
      recursive: true,
      filter: (src) => {
        if (src === dir) return true;
        if (isSqlite && /^(build|deps|src|binding\.gyp)$/.test(relative(dir, src).split(sep)[0])) return false;
        return shipped(src);
      },
    });
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = stageApp();
  console.log(`staged the app in ${out}`);
}
