// `npm run test:security`: runs the attack probes (tests/security) and prints
// `N passed, M failed` as its last line; exits non-zero when any probe fails
// (an attack that worked) or when no probe ran.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'test-results', 'security.json');
mkdirSync(dirname(out), { recursive: true });
const r = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'tests/security/vitest.config.mts',
    '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
let passed = 0;
let failed = 0;
try {
  const report = JSON.parse(readFileSync(out, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  // A file that failed without a failing probe (it did not load, a hook threw) counts once.
  for (const file of report.testResults ?? []) {
    const probeFailed = (file.assertionResults ?? []).some((a) => a.status === 'failed');
    if (file.status === 'failed' && !probeFailed) failed += 1;
  }
} catch {
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(r.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
