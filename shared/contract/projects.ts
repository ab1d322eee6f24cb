import { z } from 'zod';
import { GEAR_KIND_CODES, type GearKind } from '../gear';
import { MAX_DECLINE_REASON, MIN_DECLINE_REASON, type AssignmentResponse } from '../assignments';
import {
  PLATFORM_CODES,
  PRODUCT_FORM_CODES,
  PROJECT_STATUS_CODES,
  type Platform,
  type ProductForm,
  type ProjectStatus,
} from '../domain';
import type { TemplatePayload } from '../templates';
import { command, Id, LocalDate, Name, query, Text } from './define';

/** Calls of the projects feature. Declared here, handled in main/services/projects*.ts. */

export interface KeyDate {
  date: string;
  label: string;
}

/** A team and role the project needs (from its template or the convener's form). */
export interface ProjectNeed {
  id: string;
  teamId: string;
  teamName: string;
  role: string;
  count: number;
  hoursPerWeek: number;
  skill: string;
}

/** Gear the project needs at once (#17 part 3): what the gear card weighs bookings against. */
export interface GearNeed {
  kind: GearKind;
  count: number;
  note: string;
}

export interface ProjectSummary {
  id: string;
  name: string;
  status: ProjectStatus;
  formats: ProductForm[];
  platforms: Platform[];
  startDate: string;
  endDate: string;
  convenerId: string;
  convenerName: string;
  memberCount: number;
  /** Teams with at least one member in the group. */
  teamIds: string[];
  keyDates: KeyDate[];
  /** The acting user is in the group or convenes it. */
  mine: boolean;
}

/** How loaded a person is this week and next (the one definition in main/workload/load.ts). */
export interface WeekLoadView {
  weekStart: string;
  totalHours: number;
  capacityHours: number;
  /** totalHours / capacity; null when there is no capacity at all (booked with none). */
  ratio: number | null;
  level: 'free' | 'busy' | 'overloaded';
}

/** Why a person may not be free on one of this project's key dates. */
export type Clash =
  | { kind: 'project'; date: string; label: string; projectId: string; projectName: string }
  | { kind: 'timeOff'; date: string; label: string; timeOffKind: 'leave' | 'field' }
  /** On the duty rota (值班表) that day: `label` is the shift and its hours. */
  | { kind: 'duty'; date: string; label: string; shiftName: string };

/** A person as the convener sees them when assembling the group. */
export interface Candidate {
  personId: string;
  name: string;
  pinyin: string;
  teamId: string;
  title: string;
  skills: string[];
  capacityHours: number;
  thisWeek: WeekLoadView;
  nextWeek: WeekLoadView;
  /** Projects in status active this person is in the group of. */
  activeProjects: number;
  clashes: Clash[];
  inGroup: boolean;
}

export interface GroupMember extends Candidate {
  memberId: string;
  role: string;
  hoursPerWeek: number;
  /** 派单确认: the person's answer to the place (shared/assignments.ts). */
  response: AssignmentResponse;
  /** Why they declined ('' otherwise). */
  reason: string;
  respondedAt: number | null;
}

export interface StatusChange {
  status: ProjectStatus;
  at: number;
  actorName: string | null;
}

export interface ProjectDetail {
  id: string;
  name: string;
  content: string;
  formats: ProductForm[];
  audience: string;
  platforms: Platform[];
  brief: string;
  startDate: string;
  endDate: string;
  keyDates: KeyDate[];
  status: ProjectStatus;
  statusChangedAt: number;
  statusChangedByName: string | null;
  /** Oldest first: creation, then each status change, with who and when. */
  statusHistory: StatusChange[];
  convenerId: string;
  convenerName: string;
  templateId: string | null;
  templateName: string | null;
  needs: ProjectNeed[];
  gearNeeds: GearNeed[];
  group: GroupMember[];
  counts: { tasks: number; openTasks: number; deliverables: number; columns: number };
  /** Whether the acting user may change the project and its group. */
  canManage: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface SuggestionGroup {
  need: ProjectNeed;
  /** Members of the group from this team already. */
  have: number;
  /** Best first: matching skill, then least loaded, then fewest clashes. */
  people: Candidate[];
}

export interface TemplateInfo {
  id: string;
  name: string;
  description: string;
  builtin: boolean;
  payload: TemplatePayload;
  createdAt: number;
}

const Codes = <T extends [string, ...string[]]>(codes: T) => z.array(z.enum(codes)).max(codes.length);
const KeyDateInput = z.object({ date: LocalDate, label: Text(40).default('') });
const NeedInput = z.object({
  teamId: Id,
  role: Text(40).default(''),
  count: z.number().int().min(1).max(50).default(1),
  hoursPerWeek: z.number().min(0).max(80).default(0),
  skill: Text(30).default(''),
});
const GearNeedInput = z.object({
  kind: z.enum(GEAR_KIND_CODES),
  count: z.number().int().min(1).max(99).default(1),
  note: Text(60).default(''),
});
const Hours = z.number().min(0).max(80);

/** The business need: content, formats, audience, platforms, dates, brief. */
const ProjectFields = {
  name: Name,
  content: Text(2000).default(''),
  formats: Codes(PRODUCT_FORM_CODES).default([]),
  audience: Text(200).default(''),
  platforms: Codes(PLATFORM_CODES).default([]),
  brief: Text(2000).default(''),
  startDate: LocalDate,
  endDate: LocalDate,
  keyDates: z.array(KeyDateInput).max(30).default([]),
};

export const ProjectCreateInput = z
  .object({
    ...ProjectFields,
    /** Admins and managers may name another convener; a convener convenes their own. */
    convenerId: Id.optional(),
    /** Pre-fills board columns, deliverables and tasks (and needs, unless given). */
    templateId: Id.optional(),
    needs: z.array(NeedInput).max(30).optional(),
    gearNeeds: z.array(GearNeedInput).max(20).optional(),
  })
  .refine((p) => p.endDate >= p.startDate, { message: 'endDate before startDate', path: ['endDate'] });

export const projectCalls = {
  'projects.list': query<ProjectSummary[]>()(
    z.object({
      statuses: z.array(z.enum(PROJECT_STATUS_CODES)).max(4).optional(),
      platform: z.enum(PLATFORM_CODES).optional(),
      teamId: Id.optional(),
      convenerId: Id.optional(),
      /** Only projects the acting user convenes or is in the group of. */
      mine: z.boolean().default(false),
      search: z.string().max(100).optional(),
    }),
  ),
  'projects.get': query<ProjectDetail>()(z.object({ id: Id })),
  'projects.create': command<ProjectDetail>()(ProjectCreateInput),
  'projects.update': command<ProjectDetail>()(
    z.object({
      id: Id,
      name: Name.optional(),
      content: Text(2000).optional(),
      formats: Codes(PRODUCT_FORM_CODES).optional(),
      audience: Text(200).optional(),
      platforms: Codes(PLATFORM_CODES).optional(),
      brief: Text(2000).optional(),
      startDate: LocalDate.optional(),
      endDate: LocalDate.optional(),
      keyDates: z.array(KeyDateInput).max(30).optional(),
      needs: z.array(NeedInput).max(30).optional(),
      gearNeeds: z.array(GearNeedInput).max(20).optional(),
      convenerId: Id.optional(),
    }),
  ),
  'projects.setStatus': command<ProjectDetail>()(z.object({ id: Id, status: z.enum(PROJECT_STATUS_CODES) })),
  /** Everyone who could join, with load and clashes; search by name, pinyin or skill. */
  'projects.candidates': query<Candidate[]>()(
    z.object({ projectId: Id, search: z.string().max(100).optional(), teamId: Id.optional() }),
  ),
  'projects.suggestions': query<SuggestionGroup[]>()(
    z.object({ projectId: Id, perNeed: z.number().int().min(1).max(20).default(5) }),
  ),
  'projects.group.add': command<GroupMember>()(
    z.object({ projectId: Id, personId: Id, role: Text(40).optional(), hoursPerWeek: Hours.optional() }),
  ),
  'projects.group.update': command<GroupMember>()(
    z.object({ projectId: Id, personId: Id, role: Text(40).optional(), hoursPerWeek: Hours.optional() }),
  ),
  'projects.group.remove': command<{ removed: true }>()(z.object({ projectId: Id, personId: Id })),
  /** The person in a group place accepts it, or declines it with a reason the convener reads. */
  'projects.group.respond': command<GroupMember>()(
    z.discriminatedUnion('accept', [
      z.object({ projectId: Id, accept: z.literal(true) }),
      z.object({ projectId: Id, accept: z.literal(false), reason: z.string().trim().min(MIN_DECLINE_REASON).max(MAX_DECLINE_REASON) }),
    ]),
  ),
  'templates.list': query<TemplateInfo[]>()(z.object({}).strict()),
  'templates.saveFromProject': command<TemplateInfo>()(
    z.object({ projectId: Id, name: Name, description: Text(300).default('') }),
  ),
};
