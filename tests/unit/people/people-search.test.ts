import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchPeople } from '../../../shared/people-search';
import type { Person } from '../../../shared/contract';
import { buildWorld, type World } from '../../helpers/world';

let w: World;
let everyone: Person[];
beforeAll(async () => {
  w = await buildWorld();
  // Names that share initials (wxc), pinyin (xian / xi'an), a surname, a title and skills.
  await w.people({
    王小川: { team: 'shortvideo', skills: ['短视频剪辑', '脚本'] },
    吴欣辰: { team: 'copy', title: '文案编辑' },
    王晓春: { team: 'post', skills: ['剪辑'] },
    汪雪: { team: 'design' },
    席安: { team: 'camera', title: '摄像记者' },
    冼宁: { team: 'audio' },
    西门安: { team: 'tech', skills: ['5G传输', '系统运维'] },
    钟一鸣: { team: 'tech', skills: ['技术保障', '5G传输'] },
    周立: { team: 'live', role: 'convener', title: '直播主任' },
    张莉: { team: 'newmedia', title: '副主任', role: 'manager' },
    吕佳宁: { team: 'design', skills: ['海报设计'] },
    李旭东: { team: 'reporting' },
    秦晓: { team: 'reporting' },
    乔安: { team: 'copy' },
  });
  // Someone deactivated is found by neither.
  const gone = await w.person('王小船', { team: 'post' });
  await w.call(w.admin, 'people.setActive', { id: gone.id, active: false });
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
      if (q === 'wxc') expect(fromMain.map((p) => p.name)).toEqual(['王小川', '王晓春', '吴欣辰']);
      expect(searchPeople(everyone, q).map((p) => p.name), `query “${q}”`).toEqual(fromMain.map((p) => p.name));
    }
  });

  it('initials first: wxc puts 王小川 at the top, before names that only contain the letters', () => {
    const found = searchPeople(everyone, 'wxc');
    expect(found[0]!.name).toBe('王小川');
    expect(found.map((p) => p.name)).not.toContain('王小船');
    expect(searchPeople(everyone, 'nobody')).toEqual([]);
  });
});
