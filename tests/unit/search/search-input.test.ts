import { afterEach, describe, expect, it } from 'vitest';
import { buildWorld, type World } from '../../helpers/world';

let w: World | null = null;
afterEach(() => {
  w?.close();
  w = null;
});

describe('search.query with unusual input', () => {
  it('answers every odd query with a result, never an internal error', async () => {
    w = await buildWorld();
    await w.people({ 林晓峰: { team: 'live', role: 'convener' }, 王小川: { team: 'shortvideo' } });
    const p = await w.project({ name: '新春直播', convener: '林晓峰', members: ['王小川'] });
    await w.task(p, { title: '直播导播台调试', description: 'H5 与 5G 保障', assignees: ['王小川'] });
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
    // The same search still finds what is there.
    const found = await w.call(me, 'search.query', { q: '直播' });
    expect(JSON.stringify(found)).toContain('直播导播台调试');
  });
});
