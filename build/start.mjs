// `npm start`: the desktop app when Electron can run here — fetching the
// binary and building the native module on first run where the network
// allows — otherwise the same app as a local web app, saying why and printing
// the URL to open. `npm start -- --web` always serves the web app.
import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNative, electronBinary, fetchElectron, nativeUpToDate } from './electron-setup.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const args = process.argv.slice(2);

/** Whether a first run may download (never in CI or when the download was switched off). */
const mayDownload = !process.env.CI && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD && !process.env.CREWDESK_OFFLINE;

/** The reason the desktop app cannot start here, or null when it can. */
function desktopBlocker() {
  if (args.includes('--web')) return 'you asked for the web app (--web)';
  let electron = electronBinary();
  if (!electron && mayDownload) {
    console.error('Crewdesk: first run — fetching the Electron binary…');
    electron = fetchElectron() ? electronBinary() : null;
  }
  if (!electron) {
    return mayDownload
      ? 'the Electron binary could not be downloaded (is github.com reachable?); retry with `npm run electron:setup`'
      : 'the Electron binary is not installed (run `npm run electron:setup` on a machine with network)';
  }
  if (!nativeUpToDate()) {
    if (!mayDownload) return 'better-sqlite3 has not been built for Electron (run `npm run electron:setup`)';
    try {
      console.error('Crewdesk: first run — building the database module for Electron…');
      buildNative();
    } catch (e) {
      return `better-sqlite3 could not be built for Electron (${e.message ?? e}); retry with \`npm run electron:setup\``;
    }
  }
  return null;
}

function forward(child) {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}

const why = desktopBlocker();
if (!why) {
  const { buildAll } = await import('./build.mjs');
  await buildAll({ quiet: true });
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  // `electron <folder>`: the app path is the project, so the app finds .native/electron itself.
  forward(spawn(electronBinary(), [root, ...args], { stdio: 'inherit', env }));
} else {
  console.error(`Crewdesk: starting the web app because ${why}.`);
  console.error('融媒项目台：桌面版暂不可用，改为启动网页版（请用下面打印的链接打开）。');
  const rest = args.filter((a) => a !== '--web');
  const data = rest.includes('--data') ? [] : ['--data', join(homedir(), '.crewdesk')];
  const port = rest.includes('--port') ? [] : ['--port', '5180'];
  forward(spawn(process.execPath, [join(root, 'build', 'web.mjs'), ...port, ...data, ...rest], { stdio: 'inherit' }));
}
