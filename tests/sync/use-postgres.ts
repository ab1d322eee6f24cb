import { afterAll, beforeAll } from 'vitest';
import { cleanupTemp } from './harness';
import { startPostgres, type TestPostgres } from './postgres';

// Apart from harness.ts because that file is also imported by the Playwright sync story, and
// Playwright's CommonJS loader refuses any module that imports vitest.

/**
 * This file's throwaway PostgreSQL: started before its tests, stopped after them with the temp
 * folders. `const pgServer = usePostgres();` at the top, then `startCenter(pgServer())` in a test.
 */
export function usePostgres(): () => TestPostgres {
  let server: TestPostgres | undefined;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => {
    server?.stop();
    cleanupTemp();
  });
  return () => {
    if (!server) throw new Error('PostgreSQL is not started yet (use it inside a test)');
    return server;
  };
}
