import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/** `npm run test:fuzz`: the property-based tests, kept out of the unit run (tests/unit). */
export default defineConfig({
  test: {
    root: resolve(__dirname, '../..'),
    include: ['tests/fuzz/**/*.fuzz.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 240_000,
  },
});
