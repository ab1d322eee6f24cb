import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchPeople } from '../../../shared/people-search';
import type { Person } from '../../../shared/contract';
import { world, type TestWorld } from '../../helpers/db';

const FIXED_NOW = Date.UTC(2026, 10, 30, 2, 0);
let w: TestWorld;
let everyone: Person[];
beforeAll(async () => {
  w = await world({ demo: true, now: FIXED_NOW });
  everyone = await w.call(w.as('周岚'), 'people.list', { includeInactive: false });
});
afterAll(() => w.close());

describe('one rule for finding a person (shared/people-search.ts)', () => {
  it('the renderer’s local filter gives exactly what people.list gives, in the same order, for every kind of query', async () => {
    const queries = ['wxc', 'WXC', ' w x c ', 'wang', 'xiaochuan', '王', '小川', 'z', 'zl', 'lv', '剪辑', '主任', 'xi’an', "xi'an", '5g', 'q', 'nobody', ''];
    // And every name's own initials and a two-character piece of it.
    for (const p of everyone.slice(0, 40)) queries.push(p.pinyinInitials, p.name.slice(1, 3));
    for (const q of queries) {
      const fromMain = await w.call(w.as('周岚'), 'people.list', { search: q || undefined, includeInactive: false });
      expect(searchPeople(everyone, q).map((p) => p.name), `query “${q}”`).toEqual(fromMain.map((p) => p.name));
    }
  });

  it('initials first: wxc puts 王小川 at the top, before names that only contain the letters', () => {
    const found = searchPeople(everyone, 'wxc');
    expect(found[0]!.name).toBe('王小川');
    expect(searchPeople(everyone, 'nobody')).toEqual([]);
  });
});
