import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../main/web/server';
import { CALL_NAMES } from '../../shared/contract';
import { isAppErrorPayload } from '../../shared/errors';
import { dbChecksum, world, type TestWorld } from '../helpers/db';

/**
 * The same contract over the wire: raw, malformed request bodies to every call
 * through the local web host. Every answer is JSON with a typed outcome, never
 * a 500, and a failed call leaves the database unchanged.
 */
const RUNS = Math.max(100, Math.round(Number(process.env.FUZZ_RUNS ?? 10_000) * 0.03));
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

let w: TestWorld;
let host: WebHost;
let cookie = '';

beforeAll(async () => {
  w = await world({ demo: true });
  host = await startWebHost({ backend: w.backend, port: 0, staticDir: mkdtempSync(join(tmpdir(), 'crewdesk-static-')), token: 'fuzz' });
  const res = await fetch(`http://127.0.0.1:${host.port}/?token=fuzz`, { redirect: 'manual' });
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  expect(cookie).toMatch(new RegExp(`^crewdesk_sid_${host.port}=`));
});

afterAll(async () => {
  await host.close();
  w.close();
});

const body = fc.oneof(
  fc.json(),
  fc.string({ maxLength: 500 }),
  fc.constantFrom('', '{', '{"a":', 'null', '[]', '"x"', '{"__proto__":{"x":1}}', '\u0000', '😀', 'مرحبا', "'; DROP TABLE people; --"),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
);

describe('the web host answers any request body with a typed outcome', () => {
  it('random bodies to every call', async () => {
    let before = dbChecksum(w.db);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CALL_NAMES, 'no.such.call', '%E0%A4%A'), body, async (name, raw) => {
        const res = await fetch(`http://127.0.0.1:${host.port}/api/call/${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Cookie: cookie },
          body: raw,
        });
        expect(res.status).not.toBe(500);
        const text = await res.text();
        if (res.status === 200 || res.status === 400) {
          const out = JSON.parse(text) as { ok: boolean; error?: unknown };
          if (!out.ok) {
            expect(isAppErrorPayload(out.error)).toBe(true);
            expect((out.error as { code: string }).code).not.toBe('INTERNAL');
            expect(dbChecksum(w.db)).toBe(before);
          } else {
            before = dbChecksum(w.db);
          }
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('malformed %-escapes in a page path are a 400, not a crash', async () => {
    for (const path of ['/%E0%A4%A', '/%', '/%zz', '/projects/%E0']) {
      const res = await fetch(`http://127.0.0.1:${host.port}${path}`, { headers: { Cookie: cookie } });
      expect(res.status, path).toBe(400);
    }
  });
});
