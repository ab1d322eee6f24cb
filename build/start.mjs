// `npm start`: the desktop app when the Electron binary is present, otherwise
// the same app as a local web app (and why), printing the URL to open.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const p = require('electron'); // the package exports the binary's path, or throws if it was never downloaded
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const args = process.argv.slice(2);
const electron = electronBinary();
const nativeForElectron = join(root, '.native', 'electron', 'better_sqlite3.node');
if (electron && existsSync(nativeForElectron)) {
  const { buildAll } = await import('./build.mjs');
  await buildAll({ quiet: true });
  const child = spawn(electron, [join(root, 'dist', 'main', 'electron.cjs'), ...args], {
    stdio: 'inherit',
    env: { ...process.env, CREWDESK_NATIVE_BINDING: nativeForElectron },
  });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const why = !electron
    ? 'the Electron binary is not installed (run `npm run electron:setup` on a machine with network)'
    : 'better-sqlite3 has not been rebuilt for Electron (run `npm run electron:setup`)';
  console.error(`Crewdesk: starting the web app because ${why}.`);
  console.error('融媒项目台：未找到桌面版运行环境，改为启动网页版。');
  const data = args.includes('--data') ? [] : ['--data', join(homedir(), '.crewdesk')];
  const port = args.includes('--port') ? [] : ['--port', '5180'];
  const child = spawn(process.execPath, [join(root, 'build', 'web.mjs'), ...port, ...data, ...args], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}
