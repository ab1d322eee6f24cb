// `npm run test:sync [-- --runs N] [vitest arguments…]`: the sync tests through vitest, with the
// convergence suite's number of runs as a flag (vitest refuses options it does not know).
//   npm run test:sync -- --runs 2000 tests/sync/convergence.test.ts
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const env = { ...process.env };
for (const [flag, name] of [['--runs', 'CONVERGENCE_RUNS'], ['--steps', 'CONVERGENCE_STEPS'], ['--seed', 'CONVERGENCE_SEED']]) {
  const i = args.indexOf(flag);
  if (i < 0) continue;
  const value = args[i + 1];
  if (!value || !/^\d+$/.test(value)) {
    console.error(`${flag} takes a whole number`);
    process.exit(2);
  }
  env[name] = value;
  args.splice(i, 2);
}
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const vitest = resolve(root, 'node_modules/vitest/vitest.mjs');
const r = spawnSync(process.execPath, [vitest, 'run', '--config', 'tests/sync/vitest.config.mts', ...args], { stdio: 'inherit', env, cwd: root });
process.exit(r.status ?? 1);
