import { z } from 'zod';
import {
  MEETING_KIND_CODES,
  PLATFORM_CODES,
  PRIORITY_CODES,
  PRODUCT_FORM_CODES,
  type MeetingKind,
  type Platform,
  type Priority,
  type ProductForm,
  type ProjectStatus,
} from '../domain';
import { command, Empty, Id, LocalDate, Name, query, Text } from './define';

/**
 * The three meetings (三会) and their recurring series. The calendar and published
 * effect are their own capabilities (figures.ts, calendar.ts). Handled in main/meetings/.
 */

/** What a monthly editorial committee records, and what a planning or pre-editorial meeting adds. */
export const MEETING_ITEM_KINDS = ['theme', 'hot', 'story', 'topic', 'adjustment'] as const;
export type MeetingItemKind = (typeof MEETING_ITEM_KINDS)[number];

export interface PersonRef {
  id: string;
  name: string;
}

/** One decision of a planning topic; becomes one task on the topic's project board. */
export interface TopicDecision {
  key: string;
  title: string;
  ownerIds: string[];
  dueDate: string | null;
  priority: Priority;
  /** Set once the task exists: generating the task list twice creates nothing new. */
  taskId: string | null;
}

/** A weekly planning topic: tone, angle, cadence, product form, expected response, decisions. */
export interface TopicDetails {
  tone: string;
  angle: string;
  cadence: string;
  productForm: ProductForm | null;
  /** 反响预判: target views per platform. */
  expected: Partial<Record<Platform, number>>;
  decisions: TopicDecision[];
}

export interface MeetingItem {
  id: string;
  kind: MeetingItemKind;
  title: string;
  body: string;
  projectId: string | null;
  projectName: string | null;
  projectStatus: ProjectStatus | null;
  /** Filled for topics; empty object for other kinds. */
  topic: TopicDetails | null;
}

export interface MeetingSummary {
  id: string;
  kind: MeetingKind;
  date: string;
  title: string;
  chair: PersonRef | null;
  seriesId: string | null;
  itemCount: number;
  taskCount: number;
  /** For search results: the item or note text that matched. */
  snippet: string;
}

export interface MeetingTask {
  id: string;
  title: string;
  projectId: string;
  projectName: string;
  columnName: string;
  dueAt: number | null;
  priority: Priority;
  assignees: PersonRef[];
  completed: boolean;
  itemId: string | null;
}

export interface MeetingDetail extends MeetingSummary {
  notes: string;
  attendees: PersonRef[];
  items: MeetingItem[];
  tasks: MeetingTask[];
}

export interface MeetingSeries {
  id: string;
  kind: MeetingKind;
  title: string;
  startDate: string;
  chairs: PersonRef[];
  attendeeIds: string[];
  active: boolean;
  meetingCount: number;
}

/** A project a planning topic can point at, with its group (task owners must be members). */
export interface MeetingProjectOption {
  id: string;
  name: string;
  status: ProjectStatus;
  platforms: Platform[];
  members: PersonRef[];
}

const Count = z.number().int().min(0).max(1e12);

const DecisionInput = z.object({
  key: z.string().min(1).max(40),
  title: Name,
  ownerIds: z.array(Id).max(10).default([]),
  dueDate: LocalDate.nullable().default(null),
  priority: z.enum(PRIORITY_CODES).default('normal'),
  taskId: Id.nullable().default(null),
});

const TopicInput = z.object({
  tone: Text(500).default(''),
  angle: Text(500).default(''),
  cadence: Text(500).default(''),
  productForm: z.enum(PRODUCT_FORM_CODES).nullable().default(null),
  expected: z.partialRecord(z.enum(PLATFORM_CODES), Count).default({}),
  decisions: z.array(DecisionInput).max(50).default([]),
});

export const meetingCalls = {
  'meetings.list': query<{ meetings: MeetingSummary[]; pendingRecurrences: number }>()(
    z.object({
      kind: z.enum(MEETING_KIND_CODES).optional(),
      /** Matches title, notes and item titles/bodies. */
      search: z.string().trim().max(100).optional(),
      limit: z.number().int().min(1).max(500).default(200),
    }),
  ),
  'meetings.get': query<MeetingDetail>()(z.object({ id: Id })),
  'meetings.create': command<MeetingDetail>()(
    z.object({
      kind: z.enum(MEETING_KIND_CODES),
      date: LocalDate,
      title: Text(100).default(''),
      chairId: Id.nullable().default(null),
      attendeeIds: z.array(Id).max(200).default([]),
      notes: Text(5000).default(''),
    }),
  ),
  'meetings.update': command<MeetingDetail>()(
    z.object({
      id: Id,
      date: LocalDate.optional(),
      title: Text(100).optional(),
      chairId: Id.nullable().optional(),
      attendeeIds: z.array(Id).max(200).optional(),
      notes: Text(5000).optional(),
    }),
  ),
  'meetings.saveItem': command<MeetingDetail>()(
    z.object({
      meetingId: Id,
      id: Id.optional(),
      kind: z.enum(MEETING_ITEM_KINDS),
      title: Name,
      body: Text(5000).default(''),
      projectId: Id.nullable().default(null),
      topic: TopicInput.nullable().default(null),
    }),
  ),
  'meetings.removeItem': command<MeetingDetail>()(z.object({ id: Id })),
  /** Turns every planning decision without a task into a task on its topic's project board. */
  'meetings.generateTasks': command<{ created: number; meeting: MeetingDetail }>()(z.object({ meetingId: Id })),
  /** A monthly item becomes a pre-filled proposed project, linked back to the meeting. */
  'meetings.proposeProject': command<{ projectId: string; meeting: MeetingDetail }>()(
    z.object({ itemId: Id, convenerId: Id.optional(), startDate: LocalDate, endDate: LocalDate }),
  ),
  /** A pre-editorial adjustment (direction, rhythm) with an optional follow-up task. */
  'meetings.addAdjustment': command<MeetingDetail>()(
    z.object({
      meetingId: Id,
      text: Text(2000).min(1),
      followUp: z
        .object({ projectId: Id, title: Name, assigneeIds: z.array(Id).max(10).default([]), dueDate: LocalDate.nullable().default(null) })
        .nullable()
        .default(null),
    }),
  ),
  'meetings.projects': query<MeetingProjectOption[]>()(Empty),

  'meetingSeries.list': query<MeetingSeries[]>()(Empty),
  'meetingSeries.create': command<MeetingSeries>()(
    z.object({
      kind: z.enum(MEETING_KIND_CODES),
      title: Text(100).default(''),
      startDate: LocalDate,
      /** Chairs take turns in this order. */
      chairIds: z.array(Id).max(50).default([]),
      attendeeIds: z.array(Id).max(200).default([]),
    }),
  ),
  'meetingSeries.setActive': command<MeetingSeries>()(z.object({ id: Id, active: z.boolean() })),
  /** Creates the records of every active series up to today. */
  'meetingSeries.catchUp': command<{ created: number }>()(Empty),
};
