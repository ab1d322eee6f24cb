// electron-builder configuration: `npm run dist` (installers, needs network) and
// `npm run pack:check` (an offline --linux dir build with a placeholder Electron).
//
// It packages the staged app folder (build/stage-app.mjs): the bundled main
// process and preload, the built renderer, the Electron build of better-sqlite3
// (unpacked from the asar, to app.asar.unpacked/native/), and only the
// node_modules the main process loads at run time.

/** @type {import('electron-builder').Configuration} */
module.exports = {
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
  asarUnpack: ['native/*.node', '**/*.node'],
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
