import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

/**
 * Fractional-index keys for ordered lists (columns, cards in a column,
 * checklist items, deliverables). Keys are ASCII strings that sort with plain
 * binary comparison — as SQLite compares TEXT — so a move or insert writes one
 * row, and two machines inserting at the same spot offline both get valid keys
 * (equal keys sort by id). Appending grows keys logarithmically, not linearly.
 */
export function keyBetween(a: string | null, b: string | null): string {
  if (a !== null && b !== null && a >= b) throw new RangeError(`order keys out of order: ${a} >= ${b}`);
  try {
    return generateKeyBetween(a, b);
  } catch (e) {
    throw new RangeError((e as Error).message);
  }
}

/** n keys spread between a and b, for bulk inserts (templates, imports, seeding). */
export function keysBetween(a: string | null, b: string | null, n: number): string[] {
  if (n <= 0) return [];
  return generateNKeysBetween(a, b, n);
}

/** Total order of positioned rows: by key, then by id (a tie from two machines). */
export function compareKeys(a: { position: string; id: string }, b: { position: string; id: string }): number {
  return a.position < b.position ? -1 : a.position > b.position ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
