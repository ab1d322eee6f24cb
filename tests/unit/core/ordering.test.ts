import { describe, expect, it } from 'vitest';
import { compareKeys, keyBetween, keysBetween } from '../../../shared/ordering';

describe('fractional order keys', () => {
  it('orders between, before and after', () => {
    const a = keyBetween(null, null);
    const b = keyBetween(a, null);
    const c = keyBetween(null, a);
    const m = keyBetween(a, b);
    expect([b, m, a, c].sort()).toEqual([c, a, m, b]);
  });

  it('refuses keys out of order', () => {
    expect(() => keyBetween('b', 'a')).toThrow(RangeError);
    expect(() => keyBetween('a', 'a')).toThrow(RangeError);
    expect(() => keyBetween('a0', 'a0')).toThrow(RangeError);
    expect(() => keyBetween('!!', null)).toThrow(RangeError);
  });

  it('keeps order through 2,000 random inserts, with short keys when appending', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const keys: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const at = Math.floor(rand() * (keys.length + 1));
      const k = keyBetween(keys[at - 1] ?? null, keys[at] ?? null);
      keys.splice(at, 0, k);
    }
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
    let tail = keyBetween(null, null);
    for (let i = 0; i < 1000; i++) tail = keyBetween(tail, null);
    expect(tail.length).toBeLessThanOrEqual(5);
  });

  it('spreads n keys evenly for bulk inserts', () => {
    for (const n of [1, 2, 4, 35, 36, 100, 1000]) {
      const ks = keysBetween(null, null, n);
      expect(ks).toHaveLength(n);
      expect([...ks].sort()).toEqual(ks);
      expect(new Set(ks).size).toBe(n);
    }
    const [lo, hi] = keysBetween(null, null, 2) as [string, string];
    const inner = keysBetween(lo, hi, 10);
    expect(inner.every((k) => k > lo && k < hi)).toBe(true);
  });

  it('two machines inserting at the same spot get the same key; ids break the tie', () => {
    const [lo, hi] = keysBetween(null, null, 2) as [string, string];
    const k1 = keyBetween(lo, hi);
    const k2 = keyBetween(lo, hi);
    expect(k1).toBe(k2);
    const rows = [
      { id: '2', position: k2 },
      { id: '1', position: k1 },
    ].sort(compareKeys);
    expect(rows.map((r) => r.id)).toEqual(['1', '2']);
  });
});
