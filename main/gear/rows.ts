import type { GearBooking, GearItem } from '../../shared/contract';
import { notFound } from '../../shared/errors';
import { clashingBookings, gearKindOrder, type BookingLike, type BookingStatus, type GearKind, type ItemLike } from '../../shared/gear';
import type { Actor } from '../core/context';
import type { ReadDb } from '../db/connection';
import { canManageProject } from '../projects/access';

/** The catalogue's and the bookings' rows and the views made of them (main/gear/index.ts writes them). */

export interface ItemRow {
  id: string;
  kind: GearKind;
  name: string;
  quantity: number;
  team_id: string | null;
  note: string;
  repair_start: number | null;
  repair_end: number | null;
  repair_note: string;
  archived: number;
  created_at: number;
  updated_at: number;
}

export interface BookingRow {
  id: string;
  item_id: string;
  project_id: string;
  task_id: string | null;
  start_at: number;
  end_at: number;
  quantity: number;
  note: string;
  booked_by: string | null;
  status: BookingStatus;
  cancelled_by: string | null;
  cancelled_at: number | null;
  created_at: number;
  updated_at: number;
}

export function itemRow(db: ReadDb, id: string): ItemRow {
  const r = db.prepare<[string], ItemRow>('SELECT * FROM gear_items WHERE id = ?').get(id);
  if (!r) throw notFound({ zh: '设备', en: 'equipment item' });
  return r;
}

export function bookingRow(db: ReadDb, id: string): BookingRow {
  const r = db.prepare<[string], BookingRow>('SELECT * FROM gear_bookings WHERE id = ?').get(id);
  if (!r) throw notFound({ zh: '设备预约', en: 'booking' });
  return r;
}

export const repairOf = (r: ItemRow): ItemLike['repair'] =>
  r.repair_start !== null && r.repair_end !== null ? { start: r.repair_start, end: r.repair_end, note: r.repair_note } : null;

const ITEM_SQL = `SELECT i.*, t.name AS team_name, t.name_en AS team_name_en FROM gear_items i LEFT JOIN teams t ON t.id = i.team_id`;
type ItemViewRow = ItemRow & { team_name: string | null; team_name_en: string | null };

const toItem = (r: ItemViewRow): GearItem => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  quantity: r.quantity,
  teamId: r.team_id,
  teamName: r.team_name,
  teamNameEn: r.team_name_en || null,
  note: r.note,
  repair: repairOf(r),
  archived: r.archived === 1,
});

const collator = new Intl.Collator('zh-CN', { numeric: true });
const byKindThenName = (a: GearItem, b: GearItem): number =>
  gearKindOrder(a.kind) - gearKindOrder(b.kind) || collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function itemView(db: ReadDb, id: string): GearItem {
  const r = db.prepare<[string], ItemViewRow>(`${ITEM_SQL} WHERE i.id = ?`).get(id);
  if (!r) throw notFound({ zh: '设备', en: 'equipment item' });
  return toItem(r);
}

export function itemsOf(db: ReadDb, includeArchived: boolean): GearItem[] {
  return db
    .prepare<[number], ItemViewRow>(`${ITEM_SQL} WHERE i.archived = 0 OR ? = 1`)
    .all(includeArchived ? 1 : 0)
    .map(toItem)
    .sort(byKindThenName);
}

/** Live bookings of one item overlapping [start, end) (the clash check's input). */
export function liveBookingsOf(db: ReadDb, itemId: string, start: number, end: number): (BookingLike & { projectName: string })[] {
  return db
    .prepare<[string, number, number], BookingLike & { projectName: string }>(
      `SELECT b.id, b.item_id AS itemId, b.start_at AS start, b.end_at AS end, b.quantity, p.name AS projectName
       FROM gear_bookings b JOIN projects p ON p.id = b.project_id
       WHERE b.item_id = ? AND b.status = 'booked' AND b.start_at < ? AND b.end_at > ? ORDER BY b.start_at, b.id`,
    )
    .all(itemId, end, start);
}

const BOOKING_SQL = `SELECT b.*, i.name AS item_name, i.kind, p.name AS project_name, p.convener_id, k.title AS task_title, bp.name AS booked_by_name
  FROM gear_bookings b JOIN gear_items i ON i.id = b.item_id JOIN projects p ON p.id = b.project_id
  LEFT JOIN tasks k ON k.id = b.task_id LEFT JOIN people bp ON bp.id = b.booked_by`;
type BookingViewRow = BookingRow & { item_name: string; kind: GearKind; project_name: string; convener_id: string; task_title: string | null; booked_by_name: string | null };

export function mayCancel(actor: Actor, r: { booked_by: string | null; convener_id: string }): boolean {
  return r.booked_by === actor.id || canManageProject(actor, { convenerId: r.convener_id });
}

function toBooking(actor: Actor, r: BookingViewRow, clash: boolean): GearBooking {
  return {
    id: r.id,
    itemId: r.item_id,
    itemName: r.item_name,
    kind: r.kind,
    projectId: r.project_id,
    projectName: r.project_name,
    taskId: r.task_id,
    taskTitle: r.task_title,
    start: r.start_at,
    end: r.end_at,
    quantity: r.quantity,
    note: r.note,
    bookedById: r.booked_by ?? '',
    bookedByName: r.booked_by_name ?? '',
    status: r.status,
    clash,
    canCancel: r.status === 'booked' && mayCancel(actor, r),
  };
}

/** Live bookings with their clash flags, as the rules in shared/gear.ts read them over each item's bookings. */
function withClashes(db: ReadDb, actor: Actor, rows: BookingViewRow[]): GearBooking[] {
  if (!rows.length) return [];
  const itemIds = [...new Set(rows.map((r) => r.item_id))];
  const start = Math.min(...rows.map((r) => r.start_at));
  const end = Math.max(...rows.map((r) => r.end_at));
  const items: ItemLike[] = [];
  const all: BookingLike[] = [];
  const itemStmt = db.prepare<[string], ItemRow>('SELECT * FROM gear_items WHERE id = ?');
  for (const id of itemIds) {
    const it = itemStmt.get(id);
    if (!it) continue;
    items.push({ id: it.id, quantity: it.quantity, repair: repairOf(it) });
    all.push(...liveBookingsOf(db, id, start, end));
  }
  const clashing = clashingBookings(items, all);
  return rows.map((r) => toBooking(actor, r, r.status === 'booked' && clashing.has(r.id)));
}

export function bookingView(db: ReadDb, actor: Actor, id: string): GearBooking {
  const r = db.prepare<[string], BookingViewRow>(`${BOOKING_SQL} WHERE b.id = ?`).get(id);
  if (!r) throw notFound({ zh: '设备预约', en: 'booking' });
  return withClashes(db, actor, [r])[0]!;
}

/** A project's live bookings, by start. */
export function bookingsOfProject(db: ReadDb, actor: Actor, projectId: string): GearBooking[] {
  const rows = db
    .prepare<[string], BookingViewRow>(`${BOOKING_SQL} WHERE b.project_id = ? AND b.status = 'booked' ORDER BY b.start_at, i.name, b.id`)
    .all(projectId);
  return withClashes(db, actor, rows);
}

type RawBooking = [id: string, itemId: string, projectId: string, taskId: string | null, start: number, end: number, quantity: number, note: string, bookedBy: string | null];
const RAW_COLS = 'id, item_id, project_id, task_id, start_at, end_at, quantity, note, booked_by';

/**
 * The calendar's bookings: live ones overlapping [start, end), by item then start, with their clash
 * flags. Read as plain rows (no per-row joins: the few projects, tasks and bookers are looked up once),
 * and the clash rules get the range's own bookings plus those just outside it that overlap them.
 */
export function calendarBookings(db: ReadDb, actor: Actor, items: readonly GearItem[], start: number, end: number): GearBooking[] {
  const rows = db
    .prepare<[number, number], RawBooking>(`SELECT ${RAW_COLS} FROM gear_bookings WHERE status = 'booked' AND start_at < ? AND end_at > ? ORDER BY item_id, start_at, id`)
    .raw()
    .all(end, start);
  if (!rows.length) return [];
  const itemById = new Map(items.map((i) => [i.id, i]));
  let lo = start;
  let hi = end;
  for (const r of rows) {
    if (r[4] < lo) lo = r[4];
    if (r[5] > hi) hi = r[5];
  }
  // Bookings outside the range that overlap the range's bookings where those run past its edges.
  const spill = lo < start || hi > end
    ? db
        .prepare<[number, number, number, number], RawBooking>(
          `SELECT ${RAW_COLS} FROM gear_bookings WHERE status = 'booked' AND start_at < ? AND end_at > ? AND NOT (start_at < ? AND end_at > ?)`,
        )
        .raw()
        .all(hi, lo, end, start)
    : [];
  const likes = (list: RawBooking[]): BookingLike[] => list.map((r) => ({ id: r[0], itemId: r[1], start: r[4], end: r[5], quantity: r[6] }));
  const shown = rows.filter((r) => itemById.has(r[1]));
  const clashing = clashingBookings(
    [...itemById.values()].map((i) => ({ id: i.id, quantity: i.quantity, repair: i.repair })),
    [...likes(shown), ...likes(spill)],
  );
  const names = (sql: string, ids: Set<string>): Map<string, string[]> => {
    const out = new Map<string, string[]>();
    if (!ids.size) return out;
    const list = [...ids];
    for (let i = 0; i < list.length; i += 500) {
      const part = list.slice(i, i + 500);
      for (const r of db.prepare<string[], string[]>(sql.replace('?', part.map(() => '?').join(', '))).raw().all(...part)) out.set(r[0]!, r.slice(1));
    }
    return out;
  };
  const projects = names('SELECT id, name, convener_id FROM projects WHERE id IN (?)', new Set(shown.map((r) => r[2])));
  const tasks = names('SELECT id, title FROM tasks WHERE id IN (?)', new Set(shown.flatMap((r) => (r[3] ? [r[3]] : []))));
  const people = names('SELECT id, name FROM people WHERE id IN (?)', new Set(shown.flatMap((r) => (r[8] ? [r[8]] : []))));
  return shown.map((r) => {
    const item = itemById.get(r[1])!;
    const [projectName = '', convenerId = ''] = projects.get(r[2]) ?? [];
    return {
      id: r[0],
      itemId: r[1],
      itemName: item.name,
      kind: item.kind,
      projectId: r[2],
      projectName,
      taskId: r[3],
      taskTitle: r[3] ? (tasks.get(r[3])?.[0] ?? null) : null,
      start: r[4],
      end: r[5],
      quantity: r[6],
      note: r[7],
      bookedById: r[8] ?? '',
      bookedByName: r[8] ? (people.get(r[8])?.[0] ?? '') : '',
      status: 'booked',
      clash: clashing.has(r[0]),
      canCancel: mayCancel(actor, { booked_by: r[8], convener_id: convenerId }),
    };
  });
}
