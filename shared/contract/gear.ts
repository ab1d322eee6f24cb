import { z } from 'zod';
import { GEAR_KIND_CODES, MAX_GEAR_QUANTITY, type BookingStatus, type GearKind } from '../gear';
import { command, Id, LocalDate, Millis, Name, query, Text } from './define';

/** Equipment and vehicles (设备与车辆). Handled in main/gear/; rules in shared/gear.ts. */

export interface GearRepair {
  start: number;
  end: number;
  note: string;
}

export interface GearItem {
  id: string;
  kind: GearKind;
  name: string;
  quantity: number;
  teamId: string | null;
  teamName: string | null;
  /** The team's English name, when it has one. */
  teamNameEn: string | null;
  note: string;
  /** Out of use for this range (every unit), or null. */
  repair: GearRepair | null;
  archived: boolean;
}

export interface GearBooking {
  id: string;
  itemId: string;
  itemName: string;
  kind: GearKind;
  projectId: string;
  projectName: string;
  taskId: string | null;
  taskTitle: string | null;
  /** Half-open [start, end), epoch ms. */
  start: number;
  end: number;
  quantity: number;
  note: string;
  bookedById: string;
  bookedByName: string;
  status: BookingStatus;
  /** Clashes as things stand (inside a repair, or over the item's quantity). */
  clash: boolean;
  /** May the acting person cancel it (the booker, the project's convener, managers, admins). */
  canCancel: boolean;
}

export interface GearCatalogue {
  items: GearItem[];
  /** May the acting person change the catalogue (shared/policy/roles.ts mayManageGear). */
  canManage: boolean;
}

export interface GearCalendar {
  from: string;
  to: string;
  today: string;
  /** Items in use (not archived), by kind then name. */
  items: GearItem[];
  /** Live bookings overlapping the range. */
  bookings: GearBooking[];
  canManage: boolean;
}

export interface ProjectGear {
  projectId: string;
  bookings: GearBooking[];
  /** The gear the project needs (projects' gearNeeds), each with the units booked at once and still missing. */
  needs: { kind: GearKind; count: number; note: string; booked: number; missing: number }[];
  /** May the acting person book for this project (its convener, group members, managers, admins). */
  canBook: boolean;
}

const RepairInput = z.object({ start: Millis, end: Millis, note: Text(200).default('') }).strict();

export const gearCalls = {
  'gear.catalogue': query<GearCatalogue>()(z.object({ includeArchived: z.boolean().default(false) }).strict()),
  /** Creates (no id) or changes an item. Managers and admins. */
  'gear.saveItem': command<GearItem>()(
    z
      .object({
        id: Id.optional(),
        kind: z.enum(GEAR_KIND_CODES),
        name: Name.max(60),
        quantity: z.number().int().min(1).max(MAX_GEAR_QUANTITY),
        teamId: Id.nullable().default(null),
        note: Text(200).default(''),
        archived: z.boolean().default(false),
      })
      .strict(),
  ),
  /** Marks an item under repair over a range (with a note), or available again (null). Managers and admins. */
  'gear.setRepair': command<GearItem>()(z.object({ itemId: Id, repair: RepairInput.nullable() }).strict()),
  /**
   * Books `quantity` units of each item for a project (optionally one of its tasks) over [start, end):
   * the live kit and the van for the same day in one go, all or none.
   */
  'gear.book': command<GearBooking[]>()(
    z
      .object({
        itemIds: z.array(Id).min(1).max(20),
        projectId: Id,
        taskId: Id.nullable().default(null),
        start: Millis,
        end: Millis,
        quantity: z.number().int().min(1).max(MAX_GEAR_QUANTITY).default(1),
        note: Text(200).default(''),
      })
      .strict(),
  ),
  /** The booker, the project's convener, a manager or an admin cancels a booking. */
  'gear.cancel': command<GearBooking>()(z.object({ bookingId: Id }).strict()),
  /** The resource calendar: items and the live bookings of a range of dates (center time). */
  'gear.calendar': query<GearCalendar>()(z.object({ from: LocalDate, to: LocalDate }).strict()),
  /** What one project has booked (live bookings, by start). */
  'gear.projectBookings': query<ProjectGear>()(z.object({ projectId: Id }).strict()),
};
