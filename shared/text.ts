import type { LocalizedText } from './errors';

/**
 * Text every store accepts. SQLite keeps any JavaScript string, but the hub's
 * PostgreSQL jsonb refuses U+0000 and unpaired surrogates (the hub would fail
 * on the mutation, and the desktop's queue would wait behind it for ever), and
 * the XML inside an xlsx export cannot hold the other C0 control characters.
 *
 * The contract therefore refuses, for every string anywhere in any call's
 * input (Backend.callOrThrow, before validation):
 * - U+0000 and every other C0 control character except tab, line feed and
 *   carriage return: invisible, never meaningful in a newsroom's text, and a
 *   refusal tells the person, where stripping them would silently save
 *   something other than what was sent (and make the activity log disagree
 *   with what the person believed they saved);
 * - an unpaired surrogate (U+D800–U+DFFF not forming a pair): not a character
 *   at all, usually a string cut in the middle of an emoji.
 * A surrogate pair (emoji) and every other character pass unchanged.
 *
 * The renderer cleans what is pasted (`cleanPastedText`), so the refusal is
 * what a typed, scripted or old client's text meets.
 */
// eslint-disable-next-line no-control-regex -- the point of this pattern is control characters
const BAD = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first character in `s` no store can keep, as `U+XXXX`, or null. */
export function unstorableChar(s: string): string | null {
  const m = BAD.exec(s);
  if (!m) return null;
  return `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

export interface UnstorableText {
  /** Where in the input: keys and array indexes, e.g. ['items', 2, 'title']. */
  path: (string | number)[];
  /** The offending character, `U+0000`. */
  char: string;
}

/**
 * Walks any JSON-like value (objects, arrays, strings; keys too) and returns the
 * first string holding a character no store accepts. Iterative, so a deeply
 * nested hostile input cannot overflow the stack; it visits each value once.
 */
export function findUnstorableText(value: unknown): UnstorableText | null {
  // Each entry keeps its parent, so a path is built only for the one string that is refused.
  interface Node { v: unknown; key: string | number | null; up: Node | null }
  const pathOf = (n: Node | null): (string | number)[] => {
    const out: (string | number)[] = [];
    for (let p = n; p && p.key !== null; p = p.up) out.push(p.key);
    return out.reverse();
  };
  const stack: Node[] = [{ v: value, key: null, up: null }];
  while (stack.length) {
    const node = stack.pop()!;
    const v = node.v;
    if (typeof v === 'string') {
      const char = unstorableChar(v);
      if (char) return { path: pathOf(node), char };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], key: i, up: node });
    } else if (v !== null && typeof v === 'object' && !ArrayBuffer.isView(v)) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        const char = unstorableChar(k);
        if (char) return { path: [...pathOf(node), k], char };
        stack.push({ v: (v as Record<string, unknown>)[k], key: k, up: node });
      }
    }
  }
  return null;
}

/** How the person knows the fields of the forms (the last key of a path names it). */
const FIELD_LABELS: Record<string, LocalizedText> = {
  title: { zh: '标题', en: 'Title' },
  name: { zh: '名称', en: 'Name' },
  nameEn: { zh: '英文名称', en: 'English name' },
  body: { zh: '内容', en: 'Text' },
  text: { zh: '内容', en: 'Text' },
  content: { zh: '内容', en: 'Content' },
  description: { zh: '说明', en: 'Description' },
  notes: { zh: '备注', en: 'Notes' },
  note: { zh: '备注', en: 'Note' },
  brief: { zh: '简介', en: 'Brief' },
  audience: { zh: '受众', en: 'Audience' },
  tone: { zh: '调性', en: 'Tone' },
  angle: { zh: '角度', en: 'Angle' },
  skill: { zh: '技能', en: 'Skill' },
  skills: { zh: '技能', en: 'Skills' },
  labels: { zh: '标签', en: 'Labels' },
  role: { zh: '角色', en: 'Role' },
  search: { zh: '搜索词', en: 'Search' },
  q: { zh: '搜索词', en: 'Search' },
  fileName: { zh: '文件名', en: 'File name' },
  rows: { zh: '导入的数据', en: 'Imported data' },
  password: { zh: '密码', en: 'Password' },
  cadence: { zh: '周期', en: 'Cadence' },
  hubUrl: { zh: '枢纽地址', en: 'Hub address' },
};

/** "说明" / "Description" for ['description']; the path itself for a key without a label. */
export function fieldLabel(path: (string | number)[]): LocalizedText {
  const key = [...path].reverse().find((p): p is string => typeof p === 'string');
  const label = key ? FIELD_LABELS[key] : undefined;
  const raw = path.length ? path.map(String).join('.') : '';
  if (label) return path.length > 1 ? { zh: `${label.zh}（${raw}）`, en: `${label.en} (${raw})` } : label;
  return raw ? { zh: raw, en: raw } : { zh: '输入', en: 'The input' };
}

/** The VALIDATION message: "说明 含有无法保存的字符（U+0000）". */
export function unstorableMessage(found: UnstorableText): LocalizedText {
  const f = fieldLabel(found.path);
  return {
    zh: `${f.zh} 含有无法保存的字符（${found.char}），请删除后再保存`,
    en: `${f.en} contains a character that cannot be saved (${found.char}); remove it and save again`,
  };
}

/**
 * What the renderer puts into a field when text is pasted: vertical tab and
 * form feed (line breaks from word processors) become line feeds, the other
 * refused control characters and unpaired surrogates are dropped.
 */
export function cleanPastedText(s: string): string {
  if (!BAD.test(s)) return s;
  return s
    .replace(/[\u000B\u000C]/g, '\n')
    // eslint-disable-next-line no-control-regex -- see BAD
    .replace(/[\u0000-\u0008\u000E-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}
