import { invalid } from '../../shared/errors';
import { compareKeys, keyBetween } from '../../shared/ordering';

export interface Positioned {
  id: string;
  position: string;
}

/**
 * The key that puts an item right after `afterId` (null = first) among its
 * siblings, so a move or insert writes only the moved row. `siblings` need
 * not be sorted and may include the moved item itself (it is skipped).
 *
 * Two machines may have given two items the same key offline (they then sort
 * by id). A key strictly between equal keys does not exist, so the new key
 * goes between `after` and the next strictly greater key: still one row
 * written, and the item lands after every tie of `after`.
 */
export function keyAfter(siblings: readonly Positioned[], afterId: string | null, selfId: string | null): string {
  const list = siblings.filter((s) => s.id !== selfId).sort(compareKeys);
  if (afterId === null) return keyBetween(null, list[0]?.position ?? null);
  if (afterId === selfId) throw invalid({ zh: '不能放在自己之后', en: 'An item cannot go after itself' });
  const i = list.findIndex((s) => s.id === afterId);
  if (i < 0) throw invalid({ zh: '目标位置不在此列表中', en: 'The target position is not in this list' });
  const a = list[i]!.position;
  const next = list.slice(i + 1).find((s) => s.position > a);
  return keyBetween(a, next?.position ?? null);
}
