import type { GearBooking, GearCalendar } from '../../shared/contract';
import { conflict, forbidden, invalid } from '../../shared/errors';
import { bookingClash, needsCovered, MAX_BOOKING_DAYS, MAX_CALENDAR_DAYS, MAX_GEAR_ITEMS, rangeDays, type Clash, type GearKind } from '../../shared/gear';
import { GEAR_KINDS } from '../../shared/gear';
import { mayManageGear } from '../../shared/policy/roles';
import { daysInRange } from '../../shared/rota';
import { addDays, dayStart, localDate, localShortDateTime } from '../../shared/time';
import type { HandlerGroup } from '../core/backend';
import type { Actor, Ctx, ReadCtx } from '../core/context';
import { newId } from '../core/ids';
import { requireActor } from '../core/rights';
import type { Db } from '../db/connection';
import { canWorkOnProject, projectRef, requireProjectWorker } from '../projects/access';
import { gearNeedsOf } from '../projects';
import { bookingRow, bookingsOfProject, calendarBookings, bookingView, itemRow, itemsOf, itemView, liveBookingsOf, mayCancel, repairOf, type ItemRow } from './rows';

/**
 * 设备与车辆 (shared/gear.ts): the catalogue (managers and admins keep it) and
 * bookings per project (its convener and group members book; the booker, the
 * convener or a manager cancels). A booking that would clash — more units at
 * some instant than the item has, or inside a repair — is refused with the
 * other project and its time named; the hub replays the same handler, so two
 * desktops booking the last unit offline cannot both keep it.
 */

const kindZh = (k: GearKind): string => GEAR_KINDS.find((x) => x.code === k)?.zh ?? k;
const span = (start: number, end: number): string => `${localShortDateTime(start)}–${localShortDateTime(end)}`;

function requireKeeper(ctx: Ctx): Actor {
  const actor = requireActor(ctx);
  if (!mayManageGear(actor.role)) throw forbidden({ zh: '只有管理者或管理员可以管理设备目录', en: 'Only a manager or an admin can manage the equipment catalogue' });
  return actor;
}

function checkTeam(db: Db, teamId: string | null): void {
  if (teamId && !db.prepare('SELECT 1 FROM teams WHERE id = ?').get(teamId)) throw invalid({ zh: '所选团队不存在', en: 'The team picked does not exist' });
}

function checkRange(start: number, end: number, what: { zh: string; en: string }): void {
  if (end <= start) throw invalid({ zh: `${what.zh}的结束时间必须晚于开始时间`, en: `The ${what.en} must end after it starts` });
}

/** The refusal of a clash, naming the other projects and their times. */
function clashError(item: ItemRow, clash: Clash, names: Map<string, string>, times: Map<string, { start: number; end: number }>): never {
  if (clash.kind === 'repair') {
    const r = clash.repair;
    throw conflict({
      zh: `“${item.name}”在 ${span(r.start, r.end)} 维修中${r.note ? `（${r.note}）` : ''}，不能预约`,
      en: `“${item.name}” is under repair ${span(r.start, r.end)}${r.note ? ` (${r.note})` : ''}; it cannot be booked`,
    });
  }
  const who = clash.holders.map((h) => `“${names.get(h.id) ?? ''}”（${span(times.get(h.id)!.start, times.get(h.id)!.end)}，${h.quantity} 台）`).join('、');
  const whoEn = clash.holders.map((h) => `“${names.get(h.id) ?? ''}” (${span(times.get(h.id)!.start, times.get(h.id)!.end)}, ${h.quantity})`).join(', ');
  const left = Math.max(0, clash.quantity - clash.inUse);
  throw conflict({
    zh: `“${item.name}”共 ${clash.quantity} 台，已被${who}预约，这段时间余 ${left} 台，不够 ${clash.wanted} 台`,
    en: `“${item.name}” has ${clash.quantity}, booked by ${whoEn}; ${left} left at that time, not enough for ${clash.wanted}`,
  });
}

/** Refuses a booking of `item` over [start, end) for `quantity` units that would clash. */
function assertNoClash(db: Db, item: ItemRow, b: { id: string; start: number; end: number; quantity: number }): void {
  const others = liveBookingsOf(db, item.id, b.start, b.end);
  const clash = bookingClash({ id: item.id, quantity: item.quantity, repair: repairOf(item) }, others, { ...b, itemId: item.id });
  if (clash) clashError(item, clash, new Map(others.map((o) => [o.id, o.projectName])), new Map(others.map((o) => [o.id, { start: o.start, end: o.end }])));
}

/** A new catalogue item (the handler's and the demo's one write). */
export function insertGearItem(
  db: Db,
  i: { kind: GearKind; name: string; quantity: number; teamId: string | null; note?: string; repair?: { start: number; end: number; note: string } | null },
  now: number,
): string {
  const id = newId();
  db.prepare(
    `INSERT INTO gear_items (id, kind, name, quantity, team_id, note, repair_start, repair_end, repair_note, archived, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
  ).run(id, i.kind, i.name, i.quantity, i.teamId, i.note ?? '', i.repair?.start ?? null, i.repair?.end ?? null, i.repair?.note ?? '', now, now);
  return id;
}

/**
 * A booking by the rules (no clash; the item in use; the task of the project) — the
 * handler's and the demo's one write. The caller has checked the booker's rights.
 */
export function insertBooking(
  db: Db,
  b: { itemId: string; projectId: string; taskId: string | null; start: number; end: number; quantity: number; note: string; bookedBy: string },
  now: number,
): string {
  const item = itemRow(db, b.itemId);
  if (item.archived) throw conflict({ zh: `“${item.name}”已停用`, en: `“${item.name}” is retired` });
  checkRange(b.start, b.end, { zh: '预约', en: 'booking' });
  if (rangeDays(b) > MAX_BOOKING_DAYS) throw invalid({ zh: `一次预约最长 ${MAX_BOOKING_DAYS} 天`, en: `A booking runs at most ${MAX_BOOKING_DAYS} days` });
  if (b.quantity > item.quantity) throw invalid({ zh: `“${item.name}”只有 ${item.quantity} 台`, en: `There are only ${item.quantity} of “${item.name}”` });
  if (b.taskId && !db.prepare('SELECT 1 FROM tasks WHERE id = ? AND project_id = ?').get(b.taskId, b.projectId)) {
    throw invalid({ zh: '所选任务不属于这个项目', en: 'The task picked is not of this project' });
  }
  const id = newId();
  assertNoClash(db, item, { id, start: b.start, end: b.end, quantity: b.quantity });
  db.prepare(
    `INSERT INTO gear_bookings (id, item_id, project_id, task_id, start_at, end_at, quantity, note, booked_by, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?, ?)`,
  ).run(id, item.id, b.projectId, b.taskId, b.start, b.end, b.quantity, b.note, b.bookedBy, now, now);
  return id;
}

function calendarOf(ctx: ReadCtx, from: string, to: string): GearCalendar {
  const actor = requireActor(ctx);
  if (to < from) throw invalid({ zh: '结束日期早于开始日期', en: 'The end date is before the start date' });
  if (daysInRange(from, to) > MAX_CALENDAR_DAYS) throw invalid({ zh: `一次最多 ${MAX_CALENDAR_DAYS} 天`, en: `At most ${MAX_CALENDAR_DAYS} days at a time` });
  const items = itemsOf(ctx.db, false);
  return {
    from,
    to,
    today: localDate(ctx.now()),
    items,
    bookings: calendarBookings(ctx.db, actor, items, dayStart(from), dayStart(addDays(to, 1))),
    canManage: mayManageGear(actor.role),
  };
}

export const gearHandlers = {
  'gear.catalogue': (ctx, input) => {
    const actor = requireActor(ctx);
    return { items: itemsOf(ctx.db, input.includeArchived), canManage: mayManageGear(actor.role) };
  },

  'gear.saveItem': (ctx, input) => {
    requireKeeper(ctx);
    checkTeam(ctx.db, input.teamId);
    const now = ctx.now();
    const clash = ctx.db
      .prepare<[string, string], { id: string }>('SELECT id FROM gear_items WHERE name = ? AND archived = 0 AND id <> ?')
      .get(input.name, input.id ?? '');
    if (clash && !input.archived) throw conflict({ zh: `已经有名为“${input.name}”的设备`, en: `There is already an item called “${input.name}”` });
    if (input.id) {
      const before = itemRow(ctx.db, input.id);
      ctx.db
        .prepare('UPDATE gear_items SET kind = ?, name = ?, quantity = ?, team_id = ?, note = ?, archived = ?, updated_at = ? WHERE id = ?')
        .run(input.kind, input.name, input.quantity, input.teamId, input.note, input.archived ? 1 : 0, now, before.id);
      const after = itemRow(ctx.db, before.id);
      const changes = [
        before.quantity !== after.quantity ? `数量 ${before.quantity} → ${after.quantity}` : '',
        before.name !== after.name ? `原名“${before.name}”` : '',
        input.archived && !before.archived ? '停用' : '',
        !input.archived && before.archived ? '恢复使用' : '',
      ].filter(Boolean);
      ctx.record({ entityType: 'gear_item', entityId: after.id, summary: `修改设备“${after.name}”${changes.length ? `（${changes.join('，')}）` : ''}`, before, after });
      return itemView(ctx.db, after.id);
    }
    const count = ctx.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM gear_items WHERE archived = 0').get()!.n;
    if (count >= MAX_GEAR_ITEMS) throw conflict({ zh: `设备目录最多 ${MAX_GEAR_ITEMS} 项`, en: `At most ${MAX_GEAR_ITEMS} items in the catalogue` });
    const id = insertGearItem(ctx.db, { kind: input.kind, name: input.name, quantity: input.quantity, teamId: input.teamId, note: input.note }, now);
    const after = itemRow(ctx.db, id);
    ctx.record({ entityType: 'gear_item', entityId: id, summary: `新增设备：${kindZh(after.kind)}“${after.name}”× ${after.quantity}`, after });
    return itemView(ctx.db, id);
  },

  'gear.setRepair': (ctx, input) => {
    requireKeeper(ctx);
    const before = itemRow(ctx.db, input.itemId);
    const r = input.repair;
    if (r) checkRange(r.start, r.end, { zh: '维修', en: 'repair' });
    ctx.db
      .prepare('UPDATE gear_items SET repair_start = ?, repair_end = ?, repair_note = ?, updated_at = ? WHERE id = ?')
      .run(r?.start ?? null, r?.end ?? null, r?.note ?? '', ctx.now(), before.id);
    const after = itemRow(ctx.db, before.id);
    // Bookings already inside the repair are kept and shown as clashes for their projects to move.
    const hit = r ? liveBookingsOf(ctx.db, before.id, r.start, r.end) : [];
    ctx.record({
      entityType: 'gear_item',
      entityId: after.id,
      summary: r
        ? `设备“${after.name}”维修：${span(r.start, r.end)}${r.note ? `，${r.note}` : ''}${hit.length ? `（与 ${hit.length} 个预约冲突）` : ''}`
        : `设备“${after.name}”恢复可用`,
      before,
      after,
    });
    return itemView(ctx.db, after.id);
  },

  'gear.book': (ctx, input) => {
    const { actor, project } = requireProjectWorker(ctx, input.projectId);
    if (project.status === 'archived') throw conflict({ zh: `项目“${project.name}”已归档，不能再预约设备`, en: `“${project.name}” is archived; it cannot book equipment` });
    checkRange(input.start, input.end, { zh: '预约', en: 'booking' });
    if (input.end <= ctx.now()) throw invalid({ zh: '预约的时间已经过去', en: 'That time is already over' });
    const { itemIds, ...rest } = input;
    const ids = [...new Set(itemIds)].map((itemId) => insertBooking(ctx.db, { ...rest, itemId, bookedBy: actor.id }, ctx.now()));
    const after = ids.map((id) => bookingView(ctx.db, actor, id));
    const first = after[0]!;
    const what = after.map((b) => `${b.itemName}${b.quantity > 1 ? ` × ${b.quantity}` : ''}`).join('、');
    ctx.record({
      entityType: 'gear_booking',
      entityId: first.id,
      projectId: project.id,
      summary: `预约设备：${what}，${span(first.start, first.end)}，项目“${project.name}”${first.taskTitle ? `（任务“${first.taskTitle}”）` : ''}`,
      after: ids.map((id) => bookingRow(ctx.db, id)),
    });
    return after;
  },

  'gear.cancel': (ctx, input) => {
    const actor = requireActor(ctx);
    const before = bookingRow(ctx.db, input.bookingId);
    const project = projectRef(ctx.db, before.project_id);
    if (!mayCancel(actor, { booked_by: before.booked_by, convener_id: project.convenerId })) {
      throw forbidden({ zh: '只有预约人、项目召集人或管理者可以取消这个预约', en: 'Only the person who booked it, the convener or a manager can cancel this booking' });
    }
    if (before.status !== 'booked') throw conflict({ zh: '这个预约已经取消了', en: 'This booking is already cancelled' });
    const now = ctx.now();
    ctx.db.prepare("UPDATE gear_bookings SET status = 'cancelled', cancelled_by = ?, cancelled_at = ?, updated_at = ? WHERE id = ?").run(actor.id, now, now, before.id);
    const view: GearBooking = bookingView(ctx.db, actor, before.id);
    ctx.record({
      entityType: 'gear_booking',
      entityId: before.id,
      projectId: project.id,
      summary: `取消设备预约：${view.itemName}，${span(view.start, view.end)}，项目“${project.name}”`,
      before,
      after: bookingRow(ctx.db, before.id),
    });
    return view;
  },

  'gear.calendar': (ctx, input) => calendarOf(ctx, input.from, input.to),

  'gear.projectBookings': (ctx, input) => {
    const actor = requireActor(ctx);
    const project = projectRef(ctx.db, input.projectId);
    const bookings = bookingsOfProject(ctx.db, actor, project.id);
    return {
      projectId: project.id,
      bookings,
      needs: needsCovered(gearNeedsOf(ctx.db, project.id), bookings),
      canBook: project.status !== 'archived' && canWorkOnProject(ctx.db, actor, project),
    };
  },
} satisfies HandlerGroup;
