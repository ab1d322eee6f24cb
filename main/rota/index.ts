import type { Rota, RotaEntry } from '../../shared/contract';
import { conflict, forbidden, invalid } from '../../shared/errors';
import { managesCenter } from '../../shared/policy/roles';
import { daysInRange, MAX_ROTA_DAYS, MAX_SHIFT_TYPES, minutesOf, rotationPlan, shiftWindow } from '../../shared/rota';
import { localDate } from '../../shared/time';
import type { HandlerGroup } from '../core/backend';
import type { Actor, Ctx, ReadCtx } from '../core/context';
import { newId } from '../core/ids';
import { requireActor } from '../core/rights';
import type { Db } from '../db/connection';
import { rotaXlsx } from './export';
import { cellOf, entriesIn, entryRow, overlappingShift, shiftRow, shiftTypes, swapRow, swapsIn, swapView, toShift, type ShiftRow } from './rows';

export { onDuty } from './rows';

/**
 * 值班表 (shared/rota.ts): the center's shift types, the rota, rotation fill,
 * swaps. Managers and admins edit the rota and decide swaps; everyone reads
 * it (it is posted); a person on a shift asks for a swap.
 */

function requireEditor(ctx: Ctx): Actor {
  const actor = requireActor(ctx);
  if (!managesCenter(actor.role)) throw forbidden({ zh: '只有管理者或管理员可以排班', en: 'Only a manager or an admin can edit the rota' });
  return actor;
}

function checkRange(from: string, to: string): void {
  if (to < from) throw invalid({ zh: '结束日期早于开始日期', en: 'The end date is before the start date' });
  if (daysInRange(from, to) > MAX_ROTA_DAYS) throw invalid({ zh: `一次最多 ${MAX_ROTA_DAYS} 天`, en: `At most ${MAX_ROTA_DAYS} days at a time` });
}

function activeShift(db: Db, id: string): ShiftRow {
  const s = shiftRow(db, id);
  if (s.archived) throw conflict({ zh: `班次“${s.name}”已停用`, en: `The shift “${s.name}” is archived` });
  return s;
}

function activePeople(db: Db, ids: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const id of ids) {
    const p = db.prepare<[string], { name: string }>('SELECT name FROM people WHERE id = ? AND active = 1').get(id);
    if (!p) throw invalid({ zh: '所选人员不存在或已停用', en: 'A person picked does not exist or is inactive' });
    out.set(id, p.name);
  }
  return out;
}

/** The shift is not over yet: a past duty is a record, not a plan. */
function assertNotPast(ctx: Ctx, date: string, shift: ShiftRow): void {
  if (shiftWindow(date, shift.start_min, shift.end_min).start <= ctx.now()) {
    throw conflict({ zh: `${date} 的${shift.name}已经开始或结束，不能再换`, en: `The ${shift.name} of ${date} has started or ended; it cannot be swapped` });
  }
}

/** Puts exactly `personIds` on one cell; refuses a person on another shift at the same time. */
function writeCell(db: Db, date: string, shift: ShiftRow, personIds: readonly string[], names: Map<string, string>, now: number): { before: string[]; after: string[] } {
  const existing = cellOf(db, date, shift.id);
  const want = new Set(personIds);
  for (const id of want) {
    const clash = overlappingShift(db, id, date, shift);
    if (clash) {
      throw conflict({
        zh: `${names.get(id) ?? ''} 在 ${clash.date} 已排${clash.name}，与 ${date} 的${shift.name}时间重叠`,
        en: `${names.get(id) ?? ''} is already on ${clash.name} on ${clash.date}, which overlaps the ${shift.name} of ${date}`,
      });
    }
  }
  for (const e of existing) if (!want.has(e.person_id)) db.prepare('DELETE FROM rota_entries WHERE id = ?').run(e.id);
  const have = new Set(existing.map((e) => e.person_id));
  for (const id of personIds) {
    if (have.has(id)) continue;
    db.prepare('INSERT INTO rota_entries (id, date, shift_type_id, person_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(newId(), date, shift.id, id, now, now);
  }
  return { before: existing.map((e) => e.person_id), after: [...want] };
}

/** A new shift type (the handler's and the demo's one write). */
export function insertShiftType(db: Db, s: { name: string; startMin: number; endMin: number; archived?: boolean }, now: number): string {
  const id = newId();
  db.prepare('INSERT INTO shift_types (id, name, start_min, end_min, archived, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    id, s.name, s.startMin, s.endMin, s.archived ? 1 : 0, now, now,
  );
  return id;
}

/** Puts exactly these people on one cell, by the rota's rules (the demo plans its week with it). */
export function planCell(db: Db, date: string, shiftTypeId: string, personIds: readonly string[], now: number): void {
  writeCell(db, date, activeShift(db, shiftTypeId), personIds, activePeople(db, personIds), now);
}

const cellView = (db: Db, date: string, shiftTypeId: string): RotaEntry[] => entriesIn(db, date, date).filter((e) => e.shiftTypeId === shiftTypeId);

function rotaOf(ctx: ReadCtx, from: string, to: string): Rota {
  const actor = requireActor(ctx);
  checkRange(from, to);
  return {
    from,
    to,
    today: localDate(ctx.now()),
    shiftTypes: shiftTypes(ctx.db).map(toShift),
    entries: entriesIn(ctx.db, from, to),
    swaps: swapsIn(ctx.db, actor, from, to),
    canEdit: managesCenter(actor.role),
  };
}

export const rotaHandlers = {
  'rota.get': (ctx, input) => rotaOf(ctx, input.from, input.to),

  'rota.saveShiftType': (ctx, input) => {
    requireEditor(ctx);
    const start = minutesOf(input.start)!;
    const end = minutesOf(input.end)!;
    const now = ctx.now();
    const clash = ctx.db
      .prepare<[string, string], { id: string }>('SELECT id FROM shift_types WHERE name = ? AND archived = 0 AND id <> ?')
      .get(input.name, input.id ?? '');
    if (clash && !input.archived) throw conflict({ zh: `已经有名为“${input.name}”的班次`, en: `There is already a shift called “${input.name}”` });
    if (input.id) {
      const before = shiftRow(ctx.db, input.id);
      ctx.db
        .prepare('UPDATE shift_types SET name = ?, start_min = ?, end_min = ?, archived = ?, updated_at = ? WHERE id = ?')
        .run(input.name, start, end, input.archived ? 1 : 0, now, before.id);
      const after = shiftRow(ctx.db, before.id);
      ctx.record({ entityType: 'shift_type', entityId: after.id, summary: `修改班次“${after.name}”（${input.start}–${input.end}${input.archived ? '，停用' : ''}）`, before, after });
      return toShift(after);
    }
    const count = ctx.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM shift_types WHERE archived = 0').get()!.n;
    if (count >= MAX_SHIFT_TYPES) throw conflict({ zh: `最多 ${MAX_SHIFT_TYPES} 个班次`, en: `At most ${MAX_SHIFT_TYPES} shift types` });
    const id = insertShiftType(ctx.db, { name: input.name, startMin: start, endMin: end, archived: input.archived }, now);
    const after = shiftRow(ctx.db, id);
    ctx.record({ entityType: 'shift_type', entityId: id, summary: `新建班次“${after.name}”（${input.start}–${input.end}）`, after });
    return toShift(after);
  },

  'rota.setCell': (ctx, input) => {
    requireEditor(ctx);
    const shift = activeShift(ctx.db, input.shiftTypeId);
    const ids = [...new Set(input.personIds)];
    const names = activePeople(ctx.db, ids);
    const { before, after } = writeCell(ctx.db, input.date, shift, ids, names, ctx.now());
    const who = ids.map((id) => names.get(id)).join('、') || '（无人）';
    ctx.record({ entityType: 'rota', entityId: shift.id, summary: `排班：${input.date} ${shift.name} ${who}`, before: { date: input.date, personIds: before }, after: { date: input.date, personIds: after } });
    return cellView(ctx.db, input.date, shift.id);
  },

  'rota.fill': (ctx, input) => {
    requireEditor(ctx);
    checkRange(input.from, input.to);
    const shift = activeShift(ctx.db, input.shiftTypeId);
    const ids = [...new Set(input.personIds)];
    const names = activePeople(ctx.db, ids);
    const plan = rotationPlan({ from: input.from, to: input.to, personIds: ids, perDay: input.perDay, weekdays: input.weekdays, offset: input.offset });
    const now = ctx.now();
    let filled = 0;
    let skipped = 0;
    const cells: { date: string; before: string[]; after: string[] }[] = [];
    for (const day of plan) {
      if (!input.replace && cellOf(ctx.db, day.date, shift.id).length) {
        skipped++;
        continue;
      }
      cells.push({ date: day.date, ...writeCell(ctx.db, day.date, shift, day.personIds, names, now) });
      filled++;
    }
    ctx.record({
      entityType: 'rota',
      entityId: shift.id,
      summary: `轮换排班：${shift.name} ${input.from}～${input.to}，${ids.map((id) => names.get(id)).join('、')}轮值，排 ${filled} 天${skipped ? `，已有安排的 ${skipped} 天未动` : ''}`,
      before: cells.map((c) => ({ date: c.date, personIds: c.before })),
      after: cells.map((c) => ({ date: c.date, personIds: c.after })),
    });
    return { filled, skipped };
  },

  'rota.requestSwap': (ctx, input) => {
    const actor = requireActor(ctx);
    const entry = entryRow(ctx.db, input.entryId);
    if (entry.person_id !== actor.id) throw forbidden({ zh: '只能为自己的班申请换班', en: 'You can only ask to swap your own shift' });
    const shift = activeShift(ctx.db, entry.shift_type_id);
    assertNotPast(ctx, entry.date, shift);
    if (input.substituteId === actor.id) throw invalid({ zh: '请选择另一位同事', en: 'Pick a colleague other than yourself' });
    const names = activePeople(ctx.db, [input.substituteId]);
    if (cellOf(ctx.db, entry.date, shift.id).some((e) => e.person_id === input.substituteId)) {
      throw conflict({ zh: `${names.get(input.substituteId)} 已在 ${entry.date} 的${shift.name}上`, en: `${names.get(input.substituteId)} is already on that ${shift.name}` });
    }
    if (input.withEntryId) {
      const other = entryRow(ctx.db, input.withEntryId);
      if (other.person_id !== input.substituteId) throw invalid({ zh: '交换的班不是这位同事的', en: 'The shift to exchange is not this colleague’s' });
      assertNotPast(ctx, other.date, activeShift(ctx.db, other.shift_type_id));
    }
    const open = ctx.db.prepare("SELECT 1 FROM rota_swaps WHERE entry_id = ? AND status = 'requested'").get(entry.id);
    if (open) throw conflict({ zh: '这个班已经有一个待审批的换班申请', en: 'This shift already has a swap waiting for a decision' });
    const now = ctx.now();
    const id = newId();
    ctx.db
      .prepare(
        `INSERT INTO rota_swaps (id, entry_id, person_id, substitute_id, with_entry_id, reason, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'requested', ?, ?)`,
      )
      .run(id, entry.id, actor.id, input.substituteId, input.withEntryId, input.reason, now, now);
    const after = swapView(ctx.db, actor, id);
    ctx.record({
      entityType: 'rota_swap',
      entityId: id,
      summary: `申请换班：${entry.date} ${shift.name} ${actor.name} → ${after.substituteName}${after.withEntry ? `（换 ${after.withEntry.date} ${after.withEntry.shiftName}）` : ''}`,
      after: { personId: actor.id, ...after },
    });
    return after;
  },

  'rota.decideSwap': (ctx, input) => {
    const actor = requireEditor(ctx);
    const swap = swapRow(ctx.db, input.swapId);
    if (swap.status !== 'requested') throw conflict({ zh: '这个换班申请已经处理过了', en: 'This swap has been decided already' });
    const before = swapView(ctx.db, actor, swap.id);
    const now = ctx.now();
    if (input.approve) {
      const entry = entryRow(ctx.db, swap.entry_id);
      const shift = activeShift(ctx.db, entry.shift_type_id);
      const names = activePeople(ctx.db, [swap.person_id, swap.substitute_id]);
      const moves: { entryId: string; date: string; shift: ShiftRow; to: string }[] = [{ entryId: entry.id, date: entry.date, shift, to: swap.substitute_id }];
      if (swap.with_entry_id) {
        const other = entryRow(ctx.db, swap.with_entry_id);
        if (other.person_id !== swap.substitute_id) throw conflict({ zh: '交换的班已经改过，请让申请人重新申请', en: 'The shift to exchange has changed; ask for a new swap' });
        moves.push({ entryId: other.id, date: other.date, shift: activeShift(ctx.db, other.shift_type_id), to: swap.person_id });
      }
      const moved = moves.map((m) => m.entryId);
      for (const m of moves) {
        if (cellOf(ctx.db, m.date, m.shift.id).some((e) => e.person_id === m.to && e.id !== m.entryId)) {
          throw conflict({ zh: `${names.get(m.to)} 已在 ${m.date} 的${m.shift.name}上`, en: `${names.get(m.to)} is already on the ${m.shift.name} of ${m.date}` });
        }
        const clash = overlappingShift(ctx.db, m.to, m.date, m.shift, moved);
        if (clash) {
          throw conflict({
            zh: `${names.get(m.to)} 在 ${clash.date} 已排${clash.name}，与 ${m.date} 的${m.shift.name}时间重叠`,
            en: `${names.get(m.to)} is on ${clash.name} on ${clash.date}, which overlaps the ${m.shift.name} of ${m.date}`,
          });
        }
      }
      for (const m of moves) ctx.db.prepare('UPDATE rota_entries SET person_id = ?, updated_at = ? WHERE id = ?').run(m.to, now, m.entryId);
    }
    ctx.db
      .prepare('UPDATE rota_swaps SET status = ?, decided_by = ?, comment = ?, decided_at = ?, updated_at = ? WHERE id = ?')
      .run(input.approve ? 'approved' : 'declined', actor.id, input.comment, now, now, swap.id);
    const after = swapView(ctx.db, actor, swap.id);
    ctx.record({
      entityType: 'rota_swap',
      entityId: swap.id,
      summary: `${input.approve ? '批准' : '未批准'}换班：${after.date} ${after.shiftName} ${after.requesterName} → ${after.substituteName}${input.comment ? `：${input.comment}` : ''}`,
      before: { personId: swap.person_id, ...before },
      after: { personId: swap.person_id, ...after },
    });
    return after;
  },

  'rota.withdrawSwap': (ctx, input) => {
    const actor = requireActor(ctx);
    const swap = swapRow(ctx.db, input.swapId);
    if (swap.person_id !== actor.id) throw forbidden({ zh: '只有申请人可以撤回', en: 'Only the person who asked can withdraw it' });
    if (swap.status !== 'requested') throw conflict({ zh: '这个换班申请已经处理过了', en: 'This swap has been decided already' });
    const before = swapView(ctx.db, actor, swap.id);
    const now = ctx.now();
    ctx.db.prepare("UPDATE rota_swaps SET status = 'withdrawn', decided_at = ?, updated_at = ? WHERE id = ?").run(now, now, swap.id);
    const after = swapView(ctx.db, actor, swap.id);
    ctx.record({ entityType: 'rota_swap', entityId: swap.id, summary: `撤回换班申请：${after.date} ${after.shiftName}`, before: { personId: actor.id, ...before }, after: { personId: actor.id, ...after } });
    return after;
  },

  'rota.export': (ctx, input) => {
    const r = rotaOf(ctx, input.from, input.to);
    return rotaXlsx(r, ctx.now(), requireActor(ctx).name);
  },
} satisfies HandlerGroup;
