import { z } from 'zod';
import { ROLES, TIME_OFF_KIND_CODES, type Role, type TimeOffKind } from '../domain';
import { command, Id, LocalDate, query, Text } from './define';

/** Below 70 % of capacity is free, up to 100 % busy, above 100 % overloaded. */
export type LoadLevel = 'free' | 'busy' | 'overloaded';

/** One person's load in one ISO week (Monday `weekStart`, Asia/Shanghai). */
export interface WeekCell {
  weekStart: string;
  /** Group allocations, prorated by the working days the project covers that week. */
  allocatedHours: number;
  /** Estimates of open tasks due that week, split between a task's assignees. */
  taskHours: number;
  /** Duty-rota shifts dated that week (值班表), each its shift type's length. */
  dutyHours: number;
  /** Weekly hours minus time off and field assignments. */
  capacityHours: number;
  timeOffHours: number;
  totalHours: number;
  /** Of the total, load not yet confirmed (shared/assignments.ts isTentative): drawn as tentative. */
  tentativeHours: number;
  /** totalHours / capacityHours; null when booked with no capacity left (always overloaded). */
  ratio: number | null;
  level: LoadLevel;
}

export interface WeekInfo {
  weekStart: string;
  /** ISO week-numbering year and week (a week across New Year belongs to the year of its Thursday). */
  year: number;
  week: number;
}

export interface WorkloadPersonRow {
  id: string;
  name: string;
  role: Role;
  title: string;
  teamId: string;
  cells: WeekCell[];
}

export interface TeamWeekTotal {
  weekStart: string;
  totalHours: number;
  tentativeHours: number;
  capacityHours: number;
  ratio: number | null;
  level: LoadLevel;
}

export interface WorkloadTeamBlock {
  teamId: string;
  name: string;
  nameEn: string;
  people: WorkloadPersonRow[];
  totals: TeamWeekTotal[];
}

export interface OverloadAlert {
  personId: string;
  name: string;
  teamId: string;
  teamName: string;
  totalHours: number;
  capacityHours: number;
  ratio: number | null;
}

export interface OverdueAlert {
  personId: string;
  name: string;
  teamId: string;
  teamName: string;
  tasks: { taskId: string; title: string; projectId: string; projectName: string; dueAt: number }[];
}

export interface WorkloadAlerts {
  /** Monday of next week: the week "over 100 % next week" refers to. */
  nextWeek: string;
  overloaded: OverloadAlert[];
  overdue: OverdueAlert[];
}

export interface WorkloadGrid {
  /** 'all' for managers and admins; everyone else sees only their own row. */
  scope: 'all' | 'self';
  weeks: WeekInfo[];
  teams: WorkloadTeamBlock[];
  /** Projects that draw on people (proposed or active), for the project filter. */
  projects: { id: string; name: string }[];
  alerts: WorkloadAlerts;
}

export interface CellAllocation {
  projectId: string;
  projectName: string;
  hoursPerWeek: number;
  /** Prorated to the working days of this week the project covers. */
  hours: number;
  /** The place is not confirmed yet (unanswered, or the project is still proposed). */
  tentative: boolean;
}

export interface ReassignCandidate {
  id: string;
  name: string;
  teamId: string;
  sameTeam: boolean;
  /** Their load in the task's week, before the change. */
  totalHours: number;
  capacityHours: number;
  ratio: number | null;
  level: LoadLevel;
}

export interface CellTask {
  id: string;
  title: string;
  projectId: string;
  projectName: string;
  dueAt: number;
  estimateHours: number;
  /** This person's share of the estimate (split evenly between assignees). */
  hours: number;
  /** This person has not answered the assignment yet (派单确认). */
  tentative: boolean;
  assignees: { id: string; name: string }[];
  /** The acting user may move it (the project's convener, a manager or an admin). */
  canReassign: boolean;
  /** Group members who could take it, free ones of the same team first. */
  candidates: ReassignCandidate[];
}

export interface TimeOffEntry {
  id: string;
  personId: string;
  personName: string;
  teamId: string;
  kind: TimeOffKind;
  startDate: string;
  endDate: string;
  hoursPerDay: number;
  note: string;
  createdAt: number;
}

export interface CellDetail {
  person: { id: string; name: string; teamId: string };
  cell: WeekCell;
  allocations: CellAllocation[];
  tasks: CellTask[];
  timeOff: TimeOffEntry[];
  /** The person's duty shifts that week. */
  shifts: { entryId: string; date: string; shiftName: string; hours: number }[];
}

export interface ReassignResult {
  taskId: string;
  weekStart: string;
  from: WeekCell;
  to: WeekCell;
}

export interface TeamView {
  teamId: string;
  name: string;
  nameEn: string;
  headcount: number;
  weeks: TeamWeekTotal[];
  /** Projects (proposed or active) drawing on the team's people. */
  projects: { projectId: string; name: string; people: number; hoursPerWeek: number }[];
}

export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
const Hours = z.number().min(0.5).max(24);

const TimeOffFields = {
  kind: z.enum(TIME_OFF_KIND_CODES),
  startDate: LocalDate,
  endDate: LocalDate,
  hoursPerDay: Hours,
  note: Text(200),
};

export const workloadCalls = {
  'workload.grid': query<WorkloadGrid>()(
    z.object({
      /** Any day of the first week; defaults to today. */
      from: LocalDate.optional(),
      weeks: z.number().int().min(1).max(26).default(12),
      teamId: Id.optional(),
      role: z.enum(ROLES).optional(),
      projectId: Id.optional(),
      /** Count unconfirmed load (pending answers, proposed projects); false shows confirmed work only. */
      tentative: z.boolean().default(true),
    }),
  ),
  'workload.cell': query<CellDetail>()(z.object({ personId: Id, weekStart: LocalDate })),
  'workload.reassignTask': command<ReassignResult>()(z.object({ taskId: Id, fromPersonId: Id, toPersonId: Id })),
  'workload.teams': query<TeamView[]>()(
    z.object({ from: LocalDate.optional(), weeks: z.number().int().min(1).max(12).default(4) }),
  ),
  'timeOff.list': query<TimeOffEntry[]>()(z.object({ personId: Id.optional(), from: LocalDate.optional() })),
  'timeOff.create': command<TimeOffEntry>()(
    z.object({ personId: Id, ...TimeOffFields, hoursPerDay: Hours.default(8), note: Text(200).default('') }),
  ),
  'timeOff.update': command<TimeOffEntry>()(
    z.object({
      id: Id,
      kind: TimeOffFields.kind.optional(),
      startDate: LocalDate.optional(),
      endDate: LocalDate.optional(),
      hoursPerDay: Hours.optional(),
      note: Text(200).optional(),
    }),
  ),
  'timeOff.delete': command<{ id: string }>()(z.object({ id: Id })),
};
