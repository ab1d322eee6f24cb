/**
 * Finding a person by what was typed: characters of the name, title or a
 * skill, full pinyin (`zhangxiaoming`, anywhere in it) or the initials from the
 * start (`zxm`). One rule for main (`people.list`, which runs it in SQL) and for
 * every person box in the renderer, which filters the loaded list as the person
 * types — so Enter always acts on what the box shows for the text typed.
 */
export interface Findable {
  name: string;
  title: string;
  skills: readonly string[];
  pinyin: string;
  pinyinInitials: string;
}

/** What a user typed into a search box: trimmed, lower-case; `latin` without spaces or apostrophes when it is all latin. */
export function normaliseQuery(q: string): { text: string; latin: string | null } {
  const text = q.trim().toLowerCase();
  const latin = /^[a-z0-9'\s]+$/.test(text) ? text.replace(/[\s']/g, '') : null;
  return { text, latin };
}

export function personMatches(p: Findable, q: { text: string; latin: string | null }): boolean {
  if (!q.text) return true;
  if (p.name.toLowerCase().includes(q.text) || p.title.toLowerCase().includes(q.text)) return true;
  if (p.skills.some((s) => s.toLowerCase().includes(q.text))) return true;
  return q.latin !== null && q.latin !== '' && (p.pinyin.includes(q.latin) || p.pinyinInitials.startsWith(q.latin));
}

/** Initials matches first, then pinyin-prefix, then the rest (stable): what the person most likely meant. */
export function rankPeople<T extends Findable>(people: T[], q: { latin: string | null }): T[] {
  const latin = q.latin;
  if (!latin) return people;
  const rank = (p: T): number => (p.pinyinInitials.startsWith(latin) ? 0 : p.pinyin.startsWith(latin) ? 1 : 2);
  return people.map((p, i) => ({ p, i, r: rank(p) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.p);
}

/** The people a box shows for `typed`, best match first (the list keeps its order otherwise). */
export function searchPeople<T extends Findable>(people: readonly T[], typed: string): T[] {
  const q = normaliseQuery(typed);
  if (!q.text) return [...people];
  return rankPeople(people.filter((p) => personMatches(p, q)), q);
}
