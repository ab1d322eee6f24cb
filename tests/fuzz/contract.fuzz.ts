import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../main/core/backend';
import { CALL_NAMES, contract, type CallName } from '../../shared/contract';
import { ERROR_CODES, isAppErrorPayload } from '../../shared/errors';
import { dbChecksum, world, type TestWorld } from '../helpers/db';
import { defOf, rng, sampleInput } from '../helpers/inputs';

/**
 * Random and malformed payloads to EVERY contract call (CALL_NAMES, so calls
 * added later are covered without touching this file). Each call must answer
 * with a valid result or a typed error (never an exception, never INTERNAL),
 * and a call that fails — or any query — must leave every table exactly as it was.
 *
 * Runs: FUZZ_RUNS (default 10,000 in all, split over the properties below).
 */
const TOTAL = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

const MB10 = 'x'.repeat(10 * 1024 * 1024);
const UNKNOWN_ID = '01890a5d-ac96-774b-bcce-b302099a8057';

function deep(n: number): unknown {
  let o: unknown = { leaf: true };
  for (let i = 0; i < n; i++) o = i % 3 === 2 ? [o] : { a: o, s: 'x' };
  return o;
}
const DEEP = deep(2000);
const WIDE = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));

/** Values that break careless code: types, sizes, scripts, injections. */
const NASTY: unknown[] = [
  '',
  ' ',
  '\u0000',
  '\t\n\r',
  "'; DROP TABLE people; --",
  '" OR 1=1 --',
  "Robert'); DELETE FROM activity_log;--",
  '%_\\',
  '😀👨‍👩‍👧‍👦🇨🇳',
  'مرحبا بالعالم',
  'שלום עולם',
  '\u202etxt.exe',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  'null',
  '__proto__',
  'constructor',
  MB10,
  'é'.repeat(100_001),
  UNKNOWN_ID,
  '00000000-0000-0000-0000-000000000000',
  '2026-02-30',
  '9999-12-31',
  0,
  -1,
  1.5,
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_VALUE,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  null,
  undefined,
  [],
  {},
  [null],
  Array.from({ length: 10_000 }, (_, i) => i),
  { __proto__: { admin: true } },
  JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
  DEEP,
  WIDE,
];

let w: TestWorld;
let sessions: Session[];
let ids: string[];
let baseline: string;
let changes: number;
let schemaVersion: number;
let cases = 0;
let okCount = 0;
const perCall = new Map<string, number>();

function counters(): { changes: number; schema: number } {
  return {
    changes: (w.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n,
    schema: w.db.pragma('schema_version', { simple: true }) as number,
  };
}

function show(v: unknown): string {
  try {
    return String(JSON.stringify(v)).slice(0, 200);
  } catch {
    return String(v).slice(0, 200);
  }
}

/** One call and its checks. Returns nothing; fails the property by throwing. */
async function check(name: string, input: unknown, session: Session): Promise<void> {
  cases++;
  perCall.set(name, (perCall.get(name) ?? 0) + 1);
  const outcome = await w.backend.call(name, input, session);
  // Never a crash: a typed error or a result.
  if (!outcome.ok) {
    if (!isAppErrorPayload(outcome.error) || outcome.error.code === 'INTERNAL') {
      throw new Error(`${name} crashed on ${show(input)}: ${JSON.stringify(outcome.error).slice(0, 300)}`);
    }
    expect(ERROR_CODES).toContain(outcome.error.code);
  } else {
    okCount++;
    // The result must survive the wire (the web host JSON-encodes it).
    expect(() => JSON.stringify(outcome.value)).not.toThrow();
  }
  const spec = (contract as Record<string, { kind: string } | undefined>)[name];
  const mayChange = outcome.ok && spec?.kind === 'command';
  const now = counters();
  const moved = now.changes !== changes || now.schema !== schemaVersion;
  // Row writes and schema changes both move these counters; without either the
  // tables are unchanged. A full checksum runs whenever they moved, and every 25th case.
  if (mayChange) {
    baseline = dbChecksum(w.db);
  } else if (moved || cases % 25 === 0) {
    if (dbChecksum(w.db) !== baseline) {
      throw new Error(`${name} ${outcome.ok ? 'is a query and' : 'failed but'} changed the database (input ${show(input)})`);
    }
  }
  changes = now.changes;
  schemaVersion = now.schema;
}

const callName = fc.constantFrom(...CALL_NAMES);
const session = fc.integer({ min: 0, max: 100 }).map((i) => sessions[i % sessions.length]!);

/** A payload shaped like the call's schema (existing ids, dates near now), then broken in one place, or not at all. */
function shaped(name: CallName, seed: number, mutation: number, nasty: unknown, key: string): unknown {
  const input = sampleInput(contract[name].input, rng(seed), { ids, now: Date.now() });
  if (mutation === 0 || typeof input !== 'object' || input === null || Array.isArray(input)) return mutation === 0 ? input : nasty;
  const o = { ...(input as Record<string, unknown>) };
  const shape = defOf(contract[name].input).shape ?? {};
  const keys = [...Object.keys(shape), ...Object.keys(o)];
  const target = keys.length ? keys[seed % keys.length]! : key;
  switch (mutation) {
    case 1:
      o[target] = nasty;
      break;
    case 2:
      delete o[target];
      break;
    case 3:
      o[key] = nasty;
      break;
    default:
      for (const k of keys) if (seed % 2) o[k] = nasty;
  }
  return o;
}

describe('every contract call survives random and malformed input', () => {
  beforeAll(async () => {
    w = await world({ demo: true });
    const person = (n: string) => w.as(n);
    const inactive = w.db.prepare<[], { id: string }>("SELECT id FROM people WHERE role = 'member' ORDER BY id LIMIT 1").get()!;
    sessions = [person('周岚'), person('周岚'), person('陈思远'), person('林晓峰'), person('王小川'), { actorId: null }, { actorId: UNKNOWN_ID }, { actorId: inactive.id }];
    ids = w.db
      .prepare<[], { id: string }>(
        "SELECT id FROM teams UNION ALL SELECT id FROM people UNION ALL SELECT id FROM projects UNION ALL SELECT id FROM tasks UNION ALL SELECT id FROM meetings UNION ALL SELECT id FROM deliverables",
      )
      .all()
      .map((r) => r.id);
    baseline = dbChecksum(w.db);
    ({ changes, schema: schemaVersion } = counters());
  });

  afterAll(() => {
    const untouched = CALL_NAMES.filter((n) => !perCall.has(n));
    console.log(`fuzz: ${cases} cases (seed ${SEED}), ${okCount} valid results, ${CALL_NAMES.length} calls; not reached: ${untouched.join(', ') || 'none'}`);
    expect(untouched).toEqual([]);
    w.close();
  });

  it('each call with each nasty value as its whole payload and in each field', async () => {
    for (const name of CALL_NAMES) {
      const shape = defOf(contract[name].input).shape ?? {};
      for (const v of NASTY) {
        await check(name, v, sessions[0]!);
        for (const key of Object.keys(shape)) await check(name, { [key]: v }, sessions[0]!);
      }
    }
  });

  it('arbitrary values (wrong types, missing fields, junk)', async () => {
    await fc.assert(
      fc.asyncProperty(callName, fc.anything({ maxDepth: 3, withNullPrototype: true, withBigInt: false }), session, async (name, input, s) => {
        await check(name, input, s);
      }),
      { numRuns: Math.round(TOTAL * 0.3), seed: SEED },
    );
  });

  it('schema-shaped payloads with one thing wrong (unknown ids, huge/empty/SQL/emoji/RTL strings, deep objects)', async () => {
    await fc.assert(
      fc.asyncProperty(
        callName,
        fc.nat(),
        fc.integer({ min: 0, max: 4 }),
        fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 300, unit: 'grapheme' }), fc.integer(), fc.double()),
        fc.constantFrom('id', 'name', 'extra', '__proto__', 'constructor'),
        session,
        async (name, seed, mutation, nasty, key, s) => {
          await check(name, shaped(name, seed, mutation, nasty, key), s);
        },
      ),
      { numRuns: Math.round(TOTAL * 0.6), seed: SEED + 1 },
    );
  });

  it('text no store can keep (NUL, control characters, lone surrogates), in any string of a schema-shaped payload, is refused with VALIDATION', async () => {
    const BAD = ['\u0000', '\u0001', '\u001B', '\u000B', '\uD800', '\uDBFF', '\uDC00', '\uDFFF'];
    await fc.assert(
      fc.asyncProperty(callName, fc.nat(), fc.constantFrom(...BAD), async (name, seed, bad) => {
        const input = structuredClone(sampleInput(contract[name].input, rng(seed), { ids, now: Date.now() })) as unknown;
        // Every string leaf (and key), found by walking the sample; one of them gets the bad character.
        const leaves: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
        const walk = (v: unknown): void => {
          if (Array.isArray(v)) v.forEach((x, i) => (typeof x === 'string' ? leaves.push({ parent: v, key: i }) : walk(x)));
          else if (v && typeof v === 'object') {
            for (const [k, x] of Object.entries(v)) typeof x === 'string' ? leaves.push({ parent: v as Record<string, unknown>, key: k }) : walk(x);
          }
        };
        walk(input);
        let payload = input;
        if (leaves.length) {
          const { parent, key } = leaves[seed % leaves.length]!;
          const old = (parent as Record<string | number, string>)[key]!;
          const at = seed % (old.length + 1);
          (parent as Record<string | number, string>)[key] = old.slice(0, at) + bad + old.slice(at);
        } else {
          payload = { ...(input && typeof input === 'object' && !Array.isArray(input) ? input : {}), note: `x${bad}` };
        }
        await check(name, payload, sessions[0]!);
        const r = await w.backend.call(name, payload, sessions[0]!);
        if (r.ok || r.error.code !== 'VALIDATION') {
          throw new Error(`${name} let ${JSON.stringify(bad)} through: ${show(payload)} → ${JSON.stringify(r).slice(0, 200)}`);
        }
        // Paired surrogates (emoji) are not refused for that reason.
        expect(r.error.message.zh).toMatch(/无法保存的字符/);
      }),
      { numRuns: Math.round(TOTAL * 0.05), seed: SEED + 3 },
    );
  });

  it('unknown call names', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', '')), async (name) => {
        fc.pre(!CALL_NAMES.includes(name as CallName));
        const r = await w.backend.call(name, {}, sessions[0]!);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.code).toBe('NOT_FOUND');
        cases++;
      }),
      { numRuns: Math.round(TOTAL * 0.02), seed: SEED + 2 },
    );
  });
});
