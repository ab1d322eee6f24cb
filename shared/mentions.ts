/**
 * @mentions in comments and task descriptions are stored by person id, as
 * `@{<id>}`, so a rename keeps them; every screen shows the current name.
 * The box a person types in shows `@name` and turns it into the token when
 * the text is sent (renderer/src/features/notifications/MentionInput.tsx).
 */
export const MENTION_TOKEN = /@\{([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}/g;

export const mentionToken = (personId: string): string => `@{${personId}}`;

/** The people a text mentions, each once, in order of first mention. */
export function mentionsIn(text: string): string[] {
  return [...new Set([...text.matchAll(MENTION_TOKEN)].map((m) => m[1]!))];
}

/** The text with each token as `@name` (an unknown id shows as `@?`). */
export function renderMentions(text: string, nameOf: (id: string) => string | undefined): string {
  return text.replace(MENTION_TOKEN, (_, id: string) => `@${nameOf(id) ?? '?'}`);
}

/** Splits a text into plain parts and mentions, for rendering a mention as a tag. */
export function mentionParts(text: string): ({ text: string } | { personId: string })[] {
  const out: ({ text: string } | { personId: string })[] = [];
  let last = 0;
  for (const m of text.matchAll(MENTION_TOKEN)) {
    if (m.index! > last) out.push({ text: text.slice(last, m.index) });
    out.push({ personId: m[1]! });
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/**
 * Turns `@name` typed in a box into tokens, for the names picked there (longest
 * first, so 王小川 is not taken for 王小). Names not picked stay plain text.
 */
export function tokensFromNames(text: string, picked: readonly { id: string; name: string }[]): string {
  let out = text;
  for (const p of [...picked].sort((a, b) => b.name.length - a.name.length)) out = out.split(`@${p.name}`).join(mentionToken(p.id));
  return out;
}

/**
 * A stored text as a box shows it: each token as `@name`, and the people it
 * names, so `fromDisplay` turns the same text back into the same tokens (a
 * text read from the task and saved unchanged is saved unchanged). A token
 * whose person is not known here stays a token, so it is never lost.
 */
export function toDisplay(text: string, nameOf: (id: string) => string | undefined): { display: string; known: { id: string; name: string }[] } {
  const known: { id: string; name: string }[] = [];
  const display = text.replace(MENTION_TOKEN, (token, id: string) => {
    const name = nameOf(id);
    if (name === undefined || name === '') return token;
    // Two mentioned people with one name cannot both come back from `@name`: the first keeps it.
    const taken = known.find((k) => k.name === name);
    if (taken && taken.id !== id) return token;
    if (!taken) known.push({ id, name });
    return `@${name}`;
  });
  return { display, known };
}

/** The inverse of `toDisplay`, with the people picked in the box since. */
export function fromDisplay(display: string, known: readonly { id: string; name: string }[]): string {
  return tokensFromNames(display, known);
}
