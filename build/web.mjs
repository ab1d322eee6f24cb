// `npm run web -- --port P --data DIR [--demo]`: builds if the sources changed
// since the last build, then starts the local web host (it prints the URL).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const out = resolve(root, process.env.CREWDESK_OUT ?? 'dist');
const entry = join(out, 'main', 'web.cjs');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sourcesTime = Math.max(...['main', 'renderer', 'shared'].map((d) => newest(join(root, d))));
const stale = !existsSync(entry) || !existsSync(join(out, 'renderer', 'index.html')) || statSync(entry).mtimeMs < sourcesTime;
if (stale) {
  console.error('Building Crewdesk (first run or changed sources)…');
  await buildAll({ quiet: true });
}
const child = spawn(process.execPath, [entry, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
