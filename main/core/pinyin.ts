import { pinyin } from 'pinyin-pro';

/**
 * Pinyin keys for finding a name by typing: full (`zhangxiaoming`) and initials
 * (`zxm`). `surname: 'head'` reads the first character as a surname, so 单 is
 * `shan` and 曾 is `zeng`, as people expect for names.
 */
export function pinyinKeys(name: string): { full: string; initials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' });
  // ü is typed as v on every Chinese keyboard (吕 → lv).
  const clean = syllables.map((s) => s.toLowerCase().replace(/ü/g, 'v').replace(/[^a-z0-9]/g, '')).filter(Boolean);
  return { full: clean.join(''), initials: clean.map((s) => s[0]).join('') };
}

export { normaliseQuery } from '../../shared/people-search';
