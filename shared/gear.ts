import { overlaps } from './rota';
import { DAY_MS } from './time';

/**
 * 设备与车辆 — equipment and vehicles. The rules live here once: main enforces
 * them (main/gear/), the screens read them to show and to warn.
 *
 * An item of the catalogue has a quantity (six wireless microphones are one
 * item of quantity 6; the interview van is one of quantity 1). A booking takes
 * `quantity` units of one item for a project over a half-open range
 * [start, end): a booking ending at 14:00 and one starting at 14:00 do not
 * overlap — the same rule as a person's shifts (shared/rota.ts `overlaps`).
 * An item under repair is out of use, every unit, for the repair's range.
 */

export type GearKind = 'camera' | 'live_kit' | 'backpack_5g' | 'drone' | 'microphone' | 'lighting' | 'vehicle' | 'studio' | 'other';

/** The kinds, in the calendar's order (its rows are grouped by kind). */
export const GEAR_KINDS: readonly { code: GearKind; zh: string; en: string }[] = [
  { code: 'live_kit', zh: '直播包', en: 'Live kit' },
  { code: 'backpack_5g', zh: '5G背包', en: '5G backpack' },
  { code: 'camera', zh: '摄像机', en: 'Camera' },
  { code: 'drone', zh: '无人机', en: 'Drone' },
  { code: 'microphone', zh: '话筒', en: 'Microphone' },
  { code: 'lighting', zh: '灯光', en: 'Lighting' },
  { code: 'vehicle', zh: '采访车', en: 'Vehicle' },
  { code: 'studio', zh: '演播室', en: 'Studio' },
  { code: 'other', zh: '其他', en: 'Other' },
];
export const GEAR_KIND_CODES = GEAR_KINDS.map((k) => k.code) as [GearKind, ...GearKind[]];
export const gearKindOrder = (k: GearKind): number => GEAR_KINDS.findIndex((x) => x.code === k);

export const MAX_GEAR_QUANTITY = 999;
export const MAX_GEAR_ITEMS = 2000;
/** The longest one booking runs (a long event is booked in parts). */
export const MAX_BOOKING_DAYS = 62;
/** The longest range the calendar reads at a time. */
export const MAX_CALENDAR_DAYS = 42;

export interface Range {
  start: number;
  end: number;
}

/** A booking as the clash rules see it. */
export interface BookingLike extends Range {
  id: string;
  itemId: string;
  quantity: number;
}

export interface ItemLike {
  id: string;
  quantity: number;
  repair: (Range & { note: string }) | null;
}

export const validRange = (r: Range): boolean => Number.isFinite(r.start) && Number.isFinite(r.end) && r.end > r.start;
export const rangeDays = (r: Range): number => (r.end - r.start) / DAY_MS;
export { overlaps };

/**
 * The most units of one item the bookings use at any instant of `within`
 * (bookings of other items are ignored), and the bookings in use at that instant.
 */
export function peakUse(bookings: readonly BookingLike[], within: Range): { peak: number; at: number | null; holders: BookingLike[] } {
  const inside = bookings.filter((b) => overlaps(b, within));
  // Use only rises at a booking's start: the peak is at one of them (or at the range's start); the earliest peak is reported.
  const points = [within.start, ...inside.map((b) => b.start).filter((s) => s > within.start && s < within.end)].sort((a, b) => a - b);
  let best = { peak: 0, at: null as number | null, holders: [] as BookingLike[] };
  for (const t of points) {
    const holders = inside.filter((b) => b.start <= t && t < b.end);
    const use = holders.reduce((n, b) => n + b.quantity, 0);
    if (use > best.peak) best = { peak: use, at: t, holders };
  }
  return best;
}

export type Clash =
  | { kind: 'repair'; repair: Range & { note: string } }
  | { kind: 'capacity'; quantity: number; wanted: number; inUse: number; holders: BookingLike[] };

/**
 * Would `candidate` clash on `item`, given the item's other live bookings:
 * booked while under repair, or more units at some instant than the item has.
 * `others` may hold the candidate itself (it is left out by id).
 */
export function bookingClash(item: ItemLike, others: readonly BookingLike[], candidate: BookingLike): Clash | null {
  if (item.repair && overlaps(item.repair, candidate)) return { kind: 'repair', repair: item.repair };
  const rest = others.filter((b) => b.itemId === item.id && b.id !== candidate.id);
  const { peak, holders } = peakUse(rest, candidate);
  if (peak + candidate.quantity > item.quantity) return { kind: 'capacity', quantity: item.quantity, wanted: candidate.quantity, inUse: peak, holders };
  return null;
}

/**
 * The bookings that clash as things stand (for the calendar's warnings): those
 * inside an item's repair, and those in use at an instant when the item's
 * bookings together need more units than it has (a quantity lowered, a repair
 * set after they were made).
 */
export function clashingBookings(items: readonly ItemLike[], bookings: readonly BookingLike[]): Set<string> {
  const out = new Set<string>();
  const byItem = new Map<string, BookingLike[]>();
  for (const b of bookings) byItem.set(b.itemId, [...(byItem.get(b.itemId) ?? []), b]);
  for (const item of items) {
    const list = byItem.get(item.id) ?? [];
    for (const b of list) {
      if (item.repair && overlaps(item.repair, b)) out.add(b.id);
      const { peak, holders } = peakUse(list, b);
      if (peak > item.quantity) for (const h of holders) out.add(h.id);
    }
  }
  return out;
}

export type BookingStatus = 'booked' | 'cancelled';

/**
 * A project's gear needs weighed against its live bookings: for each kind it
 * needs, the most units of that kind it has booked at one instant (two kits on
 * different days are one at a time), and how many are still missing.
 */
export function needsCovered<B extends BookingLike & { kind: GearKind }>(
  needs: readonly { kind: GearKind; count: number; note: string }[],
  bookings: readonly B[],
): { kind: GearKind; count: number; note: string; booked: number; missing: number }[] {
  return needs.map((n) => {
    const mine = bookings.filter((b) => b.kind === n.kind);
    const within = mine.length
      ? { start: Math.min(...mine.map((b) => b.start)), end: Math.max(...mine.map((b) => b.end)) }
      : { start: 0, end: 1 };
    const booked = mine.length ? peakUse(mine, within).peak : 0;
    return { ...n, booked, missing: Math.max(0, n.count - booked) };
  });
}
