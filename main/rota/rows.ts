import type { RotaEntry, RotaSwap, ShiftType } from '../../shared/contract';
import { notFound } from '../../shared/errors';
import { hhmm, onShiftAt, shiftHours, shiftWindow, overlaps, type SwapStatus } from '../../shared/rota';
import { addDays, localDate } from '../../shared/time';
import type { Viewer } from '../core/read-scopes';
import { mayReadSwapReason, seesEveryone } from '../core/read-scopes';
import type { Db, ReadDb } from '../db/connection';

/** The rota's rows and the views made of them (main/rota/index.ts writes them). */

export interface ShiftRow {
  id: string;
  name: string;
  start_min: number;
  end_min: number;
  archived: number;
  created_at: number;
  updated_at: number;
}

export interface EntryRow {
  id: string;
  date: string;
  shift_type_id: string;
  person_id: string;
  created_at: number;
  updated_at: number;
}

export interface SwapRow {
  id: string;
  entry_id: string;
  person_id: string;
  substitute_id: string;
  with_entry_id: string | null;
  reason: string;
  status: SwapStatus;
  decided_by: string | null;
  comment: string;
  created_at: number;
  decided_at: number | null;
  updated_at: number;
}

export const toShift = (r: ShiftRow): ShiftType => ({
  id: r.id,
  name: r.name,
  start: hhmm(r.start_min),
  end: hhmm(r.end_min),
  hours: shiftHours(r.start_min, r.end_min),
  archived: r.archived === 1,
});

export function shiftRow(db: Db, id: string): ShiftRow {
  const r = db.prepare<[string], ShiftRow>('SELECT * FROM shift_types WHERE id = ?').get(id);
  if (!r) throw notFound({ zh: '班次', en: 'shift type' });
  return r;
}

export const shiftTypes = (db: ReadDb): ShiftRow[] =>
  db.prepare<[], ShiftRow>('SELECT * FROM shift_types ORDER BY archived, start_min, name, id').all();

export function entryRow(db: Db, id: string): EntryRow {
  const r = db.prepare<[string], EntryRow>('SELECT * FROM rota_entries WHERE id = ?').get(id);
  if (!r) throw notFound({ zh: '值班安排', en: 'rota entry' });
  return r;
}

export function swapRow(db: Db, id: string): SwapRow {
  const r = db.prepare<[string], SwapRow>('SELECT * FROM rota_swaps WHERE id = ?').get(id);
  if (!r) throw notFound({ zh: '换班申请', en: 'swap request' });
  return r;
}

const ENTRIES_SQL = `SELECT e.id, e.date, e.shift_type_id AS shiftTypeId, e.person_id AS personId, p.name AS personName, t.name AS teamName
  FROM rota_entries e JOIN people p ON p.id = e.person_id JOIN teams t ON t.id = p.team_id
  WHERE e.date BETWEEN ? AND ? ORDER BY e.date, e.shift_type_id, p.pinyin, p.id`;

export const entriesIn = (db: ReadDb, from: string, to: string): RotaEntry[] => db.prepare<[string, string], RotaEntry>(ENTRIES_SQL).all(from, to);

export const cellOf = (db: Db, date: string, shiftTypeId: string): EntryRow[] =>
  db.prepare<[string, string], EntryRow>('SELECT * FROM rota_entries WHERE date = ? AND shift_type_id = ? ORDER BY id').all(date, shiftTypeId);

/**
 * The shift of `personId` that overlaps `shift` on `date` (another shift
 * type, that date or the day before or after), if any: one person is on one
 * shift at a time.
 */
export function overlappingShift(db: Db, personId: string, date: string, shift: ShiftRow, ignoreEntryIds: readonly string[] = []): { date: string; name: string } | null {
  const w = shiftWindow(date, shift.start_min, shift.end_min);
  const rows = db
    .prepare<[string, string, string, string], EntryRow & { name: string; start_min: number; end_min: number }>(
      `SELECT e.*, s.name, s.start_min, s.end_min FROM rota_entries e JOIN shift_types s ON s.id = e.shift_type_id
       WHERE e.person_id = ? AND e.date BETWEEN ? AND ? AND e.shift_type_id <> ?`,
    )
    .all(personId, addDays(date, -1), addDays(date, 1), shift.id);
  for (const r of rows) {
    if (ignoreEntryIds.includes(r.id)) continue;
    if (overlaps(w, shiftWindow(r.date, r.start_min, r.end_min))) return { date: r.date, name: r.name };
  }
  return null;
}

/**
 * Who is on duty for a shift type at `at`: the people whose shift (of that
 * date or, for a shift running past midnight, of the day before) holds `at`;
 * outside every window, that day's people on the shift (the day's 值班主编
 * still answers after their hours). Active people, in name order.
 */
export function onDuty(db: ReadDb, shiftTypeId: string, at: number): { id: string; name: string }[] {
  const shift = db.prepare<[string], ShiftRow>('SELECT * FROM shift_types WHERE id = ? AND archived = 0').get(shiftTypeId);
  if (!shift) return [];
  const today = localDate(at);
  const rows = db
    .prepare<[string, string, string], { id: string; name: string; date: string }>(
      `SELECT p.id, p.name, e.date FROM rota_entries e JOIN people p ON p.id = e.person_id
       WHERE e.shift_type_id = ? AND e.date BETWEEN ? AND ? AND p.active = 1 ORDER BY p.pinyin, p.id`,
    )
    .all(shiftTypeId, addDays(today, -1), today);
  const now = rows.filter((r) => onShiftAt(r.date, shift.start_min, shift.end_min, at));
  const picked = now.length ? now : rows.filter((r) => r.date === today);
  const seen = new Map<string, { id: string; name: string }>();
  for (const r of picked) seen.set(r.id, { id: r.id, name: r.name });
  return [...seen.values()];
}

const SWAP_VIEW_SQL = `SELECT w.*, e.date, e.shift_type_id, s.name AS shift_name, rq.name AS requester_name, sb.name AS substitute_name,
    we.date AS with_date, ws.name AS with_shift_name, dp.name AS decided_by_name
  FROM rota_swaps w
  JOIN rota_entries e ON e.id = w.entry_id JOIN shift_types s ON s.id = e.shift_type_id
  JOIN people rq ON rq.id = w.person_id JOIN people sb ON sb.id = w.substitute_id
  LEFT JOIN rota_entries we ON we.id = w.with_entry_id LEFT JOIN shift_types ws ON ws.id = we.shift_type_id
  LEFT JOIN people dp ON dp.id = w.decided_by`;

type SwapViewRow = SwapRow & {
  date: string;
  shift_type_id: string;
  shift_name: string;
  requester_name: string;
  substitute_name: string;
  with_date: string | null;
  with_shift_name: string | null;
  decided_by_name: string | null;
};

function toSwap(viewer: Viewer | null, r: SwapViewRow): RotaSwap {
  return {
    id: r.id,
    entryId: r.entry_id,
    date: r.date,
    shiftTypeId: r.shift_type_id,
    shiftName: r.shift_name,
    requesterId: r.person_id,
    requesterName: r.requester_name,
    substituteId: r.substitute_id,
    substituteName: r.substitute_name,
    withEntry: r.with_entry_id && r.with_date ? { id: r.with_entry_id, date: r.with_date, shiftName: r.with_shift_name ?? '' } : null,
    reason: mayReadSwapReason(viewer, r.person_id, r.substitute_id) ? r.reason : '',
    status: r.status,
    decidedByName: r.decided_by_name,
    comment: r.comment,
    createdAt: r.created_at,
    decidedAt: r.decided_at,
  };
}

export function swapView(db: Db, viewer: Viewer | null, id: string): RotaSwap {
  const r = db.prepare<[string], SwapViewRow>(`${SWAP_VIEW_SQL} WHERE w.id = ?`).get(id);
  if (!r) throw notFound({ zh: '换班申请', en: 'swap request' });
  return toSwap(viewer, r);
}

/**
 * Swaps of the range's entries: for managers all of them; for others those
 * waiting for a decision and their own (asked or asked of).
 */
export function swapsIn(db: ReadDb, viewer: Viewer, from: string, to: string): RotaSwap[] {
  return db
    .prepare<[string, string, string, string, number], SwapViewRow>(
      `${SWAP_VIEW_SQL} WHERE e.date BETWEEN ? AND ? AND (w.status = 'requested' OR w.person_id = ? OR w.substitute_id = ? OR ? = 1)
       ORDER BY w.created_at DESC, w.id DESC LIMIT 200`,
    )
    .all(from, to, viewer.id, viewer.id, seesEveryone(viewer) ? 1 : 0)
    .map((r) => toSwap(viewer, r));
}
