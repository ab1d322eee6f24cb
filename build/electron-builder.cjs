// electron-builder configuration: `npm run dist` (installers, needs network) and
// `npm run pack:check` (an offline --linux dir build with a placeholder Electron).
//
// It packages the staged app folder (build/stage-app.mjs): the bundled main
// process and preload, the built renderer, the Electron build of better-sqlite3
// (unpacked from the asar, to app.asar.unpacked/native/), and only the
// node_modules the main process loads at run time.

const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/**
 * Electron fuses, flipped in the packaged binary (they cannot be changed at run time):
 * no ELECTRON_RUN_AS_NODE (the installed app as a general Node.js), no NODE_OPTIONS and no
 * --inspect (code injection into the main process), and the app loads only from its asar,
 * whose embedded integrity hash is checked (macOS/Windows) — a patched app.asar does not run.
 */
const FUSE_SETTINGS = {
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
};

function fuseConfig() {
  const { FuseVersion, FuseV1Options } = require('@electron/fuses');
  const config = { version: FuseVersion.V1 };
  for (const [name, on] of Object.entries(FUSE_SETTINGS)) config[FuseV1Options[name]] = on;
  // Flipping fuses changes the binary: an ad-hoc signature (arm64 macOS) must be redone.
  config.resetAdHocDarwinSignature = true;
  return config;
}

/** The Electron executable electron-builder just laid out in appOutDir. */
function electronBinary(context) {
  const name = context.packager.appInfo.productFilename;
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(context.appOutDir, `${name}.app`);
    case 'win32':
      return join(context.appOutDir, `${name}.exe`);
    default:
      return join(context.appOutDir, context.packager.executableName ?? name);
  }
}

async function afterPack(context) {
  const binary = electronBinary(context);
  // pack:check packages a placeholder shell script instead of Electron: nothing to flip there.
  if (existsSync(binary) && readFileSync(binary).subarray(0, 2).toString() === '#!') {
    console.log(`fuses: ${binary} is a placeholder, not flipped`);
    return;
  }
  const { flipFuses } = require('@electron/fuses');
  await flipFuses(binary, fuseConfig());
}

/** @type {import('electron-builder').Configuration} */
module.exports = {
  afterPack,
  appId: 'cn.crewdesk.desktop',
  productName: 'Crewdesk',
  copyright: 'Copyright © 2026 Crewdesk team',
  directories: { app: '.cache/app-stage', output: 'release', buildResources: 'build' },
  files: [
    '**/*',
    // Belt and braces (the stage holds none of these): no sources, tests, fixtures, databases, maps.
    '!**/{test,tests,__tests__,fixtures,e2e}{,/**/*}',
    '!**/*.{ts,tsx,map,sqlite,sqlite3,db,sqlite-wal,sqlite-shm,db-wal,db-shm}',
  ],
  asar: true,
  // The figures-import worker runs as a file of its own (worker_threads), so it lives unpacked.
  asarUnpack: ['native/*.node', '**/*.node', 'dist/main/figures-worker.cjs'],
  // The native module is built once, for Electron, by `npm run electron:setup`;
  // rebuilding node_modules would undo that (and, in place, break the tests' Node build).
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
// For the unit test; not enumerable, so electron-builder's schema check never sees them.
for (const [k, v] of Object.entries({ FUSE_SETTINGS, fuseConfig, electronBinary })) {
  Object.defineProperty(module.exports, k, { value: v, enumerable: false });
}
