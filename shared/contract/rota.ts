import { z } from 'zod';
import { MAX_PER_SHIFT, MIN_SWAP_REASON, type SwapStatus } from '../rota';
import { command, Id, LocalDate, Name, query, Text } from './define';
import type { ExportFile } from './reports';

/** The duty rota (值班表). Handled in main/rota/; rules in shared/rota.ts. */

export interface ShiftType {
  id: string;
  name: string;
  /** 'HH:mm', the center's time; an end at or before the start is on the next day. */
  start: string;
  end: string;
  hours: number;
  archived: boolean;
}

export interface RotaEntry {
  id: string;
  date: string;
  shiftTypeId: string;
  personId: string;
  personName: string;
  teamName: string;
}

export interface RotaSwap {
  id: string;
  entryId: string;
  date: string;
  shiftTypeId: string;
  shiftName: string;
  requesterId: string;
  requesterName: string;
  substituteId: string;
  substituteName: string;
  /** The substitute's entry the requester takes in return (an exchange), or null (a hand-over). */
  withEntry: { id: string; date: string; shiftName: string } | null;
  /** Shown to the two people and to managers; empty for others. */
  reason: string;
  status: SwapStatus;
  decidedByName: string | null;
  comment: string;
  createdAt: number;
  decidedAt: number | null;
}

export interface Rota {
  from: string;
  to: string;
  /** The center's date now. */
  today: string;
  shiftTypes: ShiftType[];
  entries: RotaEntry[];
  /** Swaps of entries in the range that wait for a decision, and the acting person's own of the range. */
  swaps: RotaSwap[];
  /** May the acting person edit the rota and decide swaps (managers and admins). */
  canEdit: boolean;
}

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');
const Range = { from: LocalDate, to: LocalDate };

export const rotaCalls = {
  'rota.get': query<Rota>()(z.object(Range).strict()),
  /** Creates (no id) or changes a shift type. Managers and admins. */
  'rota.saveShiftType': command<ShiftType>()(
    z.object({ id: Id.optional(), name: Name.max(20), start: Clock, end: Clock, archived: z.boolean().default(false) }).strict(),
  ),
  /** Who is on one shift on one date (replaces the cell). Managers and admins. */
  'rota.setCell': command<RotaEntry[]>()(
    z.object({ date: LocalDate, shiftTypeId: Id, personIds: z.array(Id).max(MAX_PER_SHIFT) }).strict(),
  ),
  /** Fills a shift over a range by rotation (shared/rota.ts rotationPlan). Managers and admins. */
  'rota.fill': command<{ filled: number; skipped: number }>()(
    z
      .object({
        ...Range,
        shiftTypeId: Id,
        personIds: z.array(Id).min(1).max(100),
        perDay: z.number().int().min(1).max(MAX_PER_SHIFT),
        weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
        offset: z.number().int().min(0).max(99).default(0),
        /** Overwrite days that already have people on this shift (otherwise they are kept, and skipped). */
        replace: z.boolean().default(false),
      })
      .strict(),
  ),
  /** A person on a shift asks that a colleague take it (and, for an exchange, takes one of theirs). */
  'rota.requestSwap': command<RotaSwap>()(
    z
      .object({ entryId: Id, substituteId: Id, withEntryId: Id.nullable().default(null), reason: z.string().trim().min(MIN_SWAP_REASON).max(500) })
      .strict(),
  ),
  /** A manager approves (the rota changes) or declines a swap. */
  'rota.decideSwap': command<RotaSwap>()(z.object({ swapId: Id, approve: z.boolean(), comment: Text(500).default('') }).strict()),
  'rota.withdrawSwap': command<RotaSwap>()(z.object({ swapId: Id }).strict()),
  /** The rota of a range as a spreadsheet for posting (one sheet: dates × shifts). */
  'rota.export': query<ExportFile>()(z.object(Range).strict()),
};
