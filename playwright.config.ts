import { defineConfig } from '@playwright/test';

/**
 * E2E runs the built app (npm run build) through the local web host in
 * Debian's Chromium; each test starts its own host on its own data folder
 * (tests/e2e/fixtures.ts).
 */
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // One limit for every test, sync included: a test that needs longer on a loaded two-core
  // machine is doing too much or waiting on a timer. Tests wait on state (web-first assertions,
  // answers of the calls they started), never for a fixed time; an assertion may wait up to 15 s.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  // Tests must pass on the first attempt (CI reports a retried pass as "flaky"); the one retry
  // only keeps a machine hiccup from failing the whole CI run.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
