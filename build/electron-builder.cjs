// electron-builder configuration: `npm run dist` (installers, needs network) and
// `npm run pack:check` (an offline --linux dir build with a placeholder Electron).
//
// What ships: the bundled main process and preload (dist/main), the built
// renderer (dist/renderer), the Electron build of better-sqlite3 (unpacked from
// the asar, into app.asar.unpacked/native/), and only the node_modules the main
// bundle leaves external — nothing of the renderer's libraries (Vite bundled
// them), no sources, tests, fixtures or databases.
const { existsSync, readFileSync, realpathSync } = require('node:fs');
const { dirname, join, relative, resolve, sep } = require('node:path');

const root = resolve(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Packages the main bundle requires at run time (build/build.mjs keeps them external). */
const RUNTIME_EXTERNALS = ['better-sqlite3', 'exceljs', 'pg'];
/** Never needed at run time: install-time helpers of the packages above. */
const INSTALL_ONLY = new Set(['prebuild-install', 'node-gyp']);

function packageDir(name, from) {
  try {
    return dirname(require.resolve(`${name}/package.json`, { paths: [from] }));
  } catch {
    return null; // an optional dependency that is not installed
  }
}

/** Every package the runtime externals pull in (by their dependencies), as node_modules paths. */
function runtimeClosure() {
  const seen = new Map();
  const visit = (name, from) => {
    if (INSTALL_ONLY.has(name)) return;
    const dir = packageDir(name, from);
    if (!dir || seen.has(dir)) return;
    seen.set(dir, name);
    const p = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys({ ...p.dependencies, ...p.optionalDependencies })) visit(dep, dir);
  };
  for (const name of RUNTIME_EXTERNALS) visit(name, root);
  // As paths under the project, e.g. node_modules/exceljs/node_modules/uuid.
  const modules = realpathSync(join(root, 'node_modules'));
  return [...seen.keys()].map((dir) => `node_modules/${relative(modules, realpathSync(dir)).split(sep).join('/')}`);
}

/** Where the Electron build of better-sqlite3 is (pack:check points this at a placeholder). */
const nativeDir = process.env.CREWDESK_NATIVE_DIR ?? join(root, '.native', 'electron');

/** @type {import('electron-builder').Configuration} */
const config = {
  appId: 'cn.crewdesk.desktop',
  productName: 'Crewdesk',
  copyright: 'Copyright © 2026 Crewdesk team',
  directories: { output: 'release', buildResources: 'build' },
  extraMetadata: { main: 'dist/main/electron.cjs', productName: 'Crewdesk', description: '融媒项目台 Crewdesk' },
  files: [
    'package.json',
    'dist/main/**/*',
    'dist/renderer/**/*',
    // Of node_modules, only what the main bundle loads at run time (Vite bundled the page's libraries).
    '!node_modules/**/*',
    ...runtimeClosure().map((d) => `${d}/**/*`),
    // Exclusions come last so nothing above brings them back.
    '!dist/main/web.cjs',
    '!**/*.map',
    // better-sqlite3: only its JavaScript; the native build comes from nativeDir.
    '!node_modules/better-sqlite3/{build,deps,src,docs,benchmark}{,/**/*}',
    '!node_modules/better-sqlite3/binding.gyp',
    // Nothing from development: sources, tests, fixtures, databases.
    '!**/{test,tests,__tests__,fixtures,e2e}{,/**/*}',
    '!**/*.{ts,tsx,sqlite,sqlite3,db,sqlite-wal,sqlite-shm,db-wal,db-shm,md,markdown}',
    { from: nativeDir, to: 'native', filter: ['better_sqlite3.node'] },
  ],
  asar: true,
  asarUnpack: ['native/*.node', '**/*.node'],
  // The native module is built once, for Electron, by `npm run electron:setup`;
  // rebuilding node_modules in place would break the tests' Node build.
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  artifactName: '${productName}-${version}-${os}-${arch}.${ext}',
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'build/icons/png',
    category: 'Office',
    executableName: 'crewdesk',
    synopsis: '融媒项目台 — planning for a media convergence center',
    maintainer: 'Crewdesk team <crewdesk@example.invalid>',
    desktop: { entry: { Name: 'Crewdesk 融媒项目台', 'Name[zh_CN]': '融媒项目台', Comment: '融媒项目台 Crewdesk', StartupWMClass: 'Crewdesk' } },
  },
  deb: { packageName: 'crewdesk' },
  win: { target: ['nsis'], icon: 'build/icons/icon.ico' },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    shortcutName: '融媒项目台 Crewdesk',
    uninstallDisplayName: '融媒项目台 Crewdesk',
  },
  mac: { target: ['dmg'], icon: 'build/icons/icon.icns', category: 'public.app-category.productivity' },
  dmg: { title: 'Crewdesk 融媒项目台' },
};

if (!existsSync(join(nativeDir, 'better_sqlite3.node')) && !process.env.CREWDESK_ALLOW_MISSING_NATIVE) {
  throw new Error(`No Electron build of better-sqlite3 in ${nativeDir}: run \`npm run electron:setup\` first.`);
}

module.exports = config;
