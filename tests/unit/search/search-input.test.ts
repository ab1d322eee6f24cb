import { afterEach, describe, expect, it } from 'vitest';
import { world, type TestWorld } from '../../helpers/db';

let w: TestWorld | null = null;
afterEach(() => {
  w?.close();
  w = null;
});

describe('search.query with unusual input', () => {
  it('answers every odd query with a result, never an internal error', async () => {
    w = await world({ demo: true });
    const me = w.as('王小川');
    const odd = [
      '²', '①②', 'ⅷ', '〇', '\u0301', 'a\u0301', '😀', '😀直播', 'مرحبا', 'שלום עולם', 'สวัสดี', '_', '__直__',
      "'; DROP TABLE tasks; --", 'NEAR', 'AND', 'OR NOT', '"直"*', '{title}:直播', '直播'.repeat(50), ' ', '\t\n', 'Ａ', 'ｈ５', '⁵G',
    ];
    for (const q of odd) {
      const r = await w.backend.call('search.query', { q }, me);
      expect(r.ok, `${JSON.stringify(q)} → ${r.ok ? '' : JSON.stringify(r.error)}`).toBe(true);
    }
    // Lone surrogates are refused at the contract boundary for every call (shared/text.ts): a typed
    // VALIDATION error, never an internal one.
    for (const q of ['\uD800', 'x\uDFFFy']) {
      const r = await w.backend.call('search.query', { q }, me);
      expect(r.ok ? 'ok' : r.error.code).toBe('VALIDATION');
    }
    const tasks = w.db.prepare('SELECT count(*) AS n FROM tasks').get() as { n: number };
    expect(tasks.n).toBeGreaterThan(0);
  });
});
