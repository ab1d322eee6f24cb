// `npm run electron:setup` (on a machine with network): fetches the Electron
// binary, then builds better-sqlite3 for Electron's ABI into .native/electron/
// — its own folder, so the Node build in node_modules (used by the tests and
// the web host) is never touched. The app loads it through better-sqlite3's
// `nativeBinding` option (main/electron/native.ts).
//
//   node build/electron-setup.mjs            binary + native module (skips what is up to date)
//   node build/electron-setup.mjs --native   only the native module
//   node build/electron-setup.mjs --force    rebuild the native module even if up to date
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const require = createRequire(import.meta.url);

export const NATIVE_DIR = join(root, '.native', 'electron');
export const NATIVE_FILE = join(NATIVE_DIR, 'better_sqlite3.node');
export const STAMP_FILE = join(NATIVE_DIR, 'build.json');

export function electronVersion() {
  return JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
}

/** NODE_MODULE_VERSION of the installed Electron (the package ships it; node-abi as a fallback). */
export function electronAbi(version = electronVersion()) {
  const file = join(dirname(require.resolve('electron/package.json')), 'abi_version');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  return require('node-abi').getAbi(version, 'electron');
}

/** The Electron binary's path, or null when it was never downloaded. */
export function electronBinary() {
  try {
    const p = require('electron'); // the package exports the binary's path, or throws
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

/** The build stamp, if the native module there was built for this Electron, platform and arch. */
export function nativeUpToDate(version = electronVersion()) {
  if (!existsSync(NATIVE_FILE) || !existsSync(STAMP_FILE)) return false;
  try {
    const s = JSON.parse(readFileSync(STAMP_FILE, 'utf8'));
    return s.electron === version && s.platform === process.platform && s.arch === process.arch;
  } catch {
    return false;
  }
}

/**
 * Is `file` a better-sqlite3 build for Electron's ABI? Loading it under Node
 * must fail with a NODE_MODULE_VERSION mismatch naming that ABI. A build that
 * loads under Node was made for Node (the classic mistake: a rebuild that
 * silently used Node's headers), and is refused.
 */
export function checkElectronBuild(file, abi) {
  if (!existsSync(file)) return { ok: false, why: `${file} does not exist` };
  const probe = spawnSync(process.execPath, ['-e', `process.dlopen({ exports: {} }, ${JSON.stringify(file)})`], { encoding: 'utf8' });
  if (probe.status === 0) return { ok: false, why: `${file} loads under Node ${process.version}: it was built for Node, not for Electron (ABI ${abi})` };
  const m = /NODE_MODULE_VERSION (\d+)/.exec(probe.stderr);
  if (m && m[1] === String(abi)) return { ok: true, why: `built for NODE_MODULE_VERSION ${abi}` };
  if (m) return { ok: false, why: `${file} was built for NODE_MODULE_VERSION ${m[1]}, Electron needs ${abi}` };
  return { ok: true, why: `not loadable under Node (${probe.stderr.split('\n').find((l) => l.includes('Error')) ?? 'unknown error'}); assumed Electron's` };
}

/** The environment for a build against Electron's headers: no Node headers folder forced on it. */
function electronBuildEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(k)) delete env[k];
  return env;
}

function run(cmd, args, opts) {
  console.log(`  $ ${[cmd, ...args].join(' ')}`);
  return spawnSync(cmd, args, { stdio: 'inherit', ...opts }).status === 0;
}

export function buildNative({ force = false } = {}) {
  const version = electronVersion();
  const abi = electronAbi(version);
  if (!force && nativeUpToDate(version)) {
    console.log(`better-sqlite3 for Electron ${version} is up to date (${NATIVE_FILE}).`);
    return true;
  }
  const pkgDir = dirname(require.resolve('better-sqlite3/package.json'));
  const work = mkdtempSync(join(tmpdir(), 'crewdesk-native-'));
  const mod = join(work, 'better-sqlite3');
  try {
    // A private copy: the build never writes into node_modules.
    cpSync(pkgDir, mod, { recursive: true, filter: (src) => !src.startsWith(join(pkgDir, 'build')) });
    const env = electronBuildEnv();
    const target = [`--target=${version}`, `--arch=${process.arch}`];
    console.log(`Building better-sqlite3 for Electron ${version} (ABI ${abi}, ${process.platform}-${process.arch})…`);
    const prebuilt = run(
      process.execPath,
      [join(dirname(require.resolve('prebuild-install/package.json')), 'bin.js'), '--runtime=electron', ...target, `--platform=${process.platform}`],
      { cwd: mod, env },
    );
    let method = 'prebuild-install';
    if (!prebuilt) {
      console.log('No prebuilt binary; compiling against Electron’s headers (needs a C++ toolchain)…');
      method = 'node-gyp';
      const ok = run(
        process.execPath,
        [join(dirname(require.resolve('node-gyp/package.json')), 'bin', 'node-gyp.js'), 'rebuild', '--release', ...target, '--dist-url=https://electronjs.org/headers'],
        { cwd: mod, env },
      );
      if (!ok) throw new Error('node-gyp could not build better-sqlite3 for Electron');
    }
    const built = join(mod, 'build', 'Release', 'better_sqlite3.node');
    const check = checkElectronBuild(built, abi);
    if (!check.ok) throw new Error(check.why);
    mkdirSync(NATIVE_DIR, { recursive: true });
    cpSync(built, NATIVE_FILE);
    writeFileSync(STAMP_FILE, JSON.stringify({ electron: version, abi, platform: process.platform, arch: process.arch, method, check: check.why }, null, 2));
    console.log(`better-sqlite3 for Electron ${version} → ${NATIVE_FILE} (${check.why})`);
    return true;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Downloads the Electron binary with the package's own installer (GitHub must be reachable). */
export function fetchElectron() {
  if (electronBinary()) return true;
  console.log(`Fetching the Electron ${electronVersion()} binary…`);
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  run(process.execPath, [join(dirname(require.resolve('electron/package.json')), 'install.js')], { env, timeout: 10 * 60_000 });
  return electronBinary() !== null;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  try {
    if (!args.includes('--native') && !fetchElectron()) {
      console.error('Could not download the Electron binary (is github.com reachable?).');
      process.exit(1);
    }
    buildNative({ force: args.includes('--force') });
  } catch (e) {
    console.error(`electron:setup failed: ${e.message ?? e}`);
    process.exit(1);
  }
}
