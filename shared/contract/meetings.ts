import { z } from 'zod';
import {
  MEETING_KIND_CODES,
  PLATFORM_CODES,
  PRIORITY_CODES,
  PRODUCT_FORM_CODES,
  type DeliverableStatus,
  type MeetingKind,
  type Platform,
  type Priority,
  type ProductForm,
  type ProjectStatus,
} from '../domain';
import { command, Empty, Id, LocalDate, Name, query, Text } from './define';

/**
 * The three meetings (三会), the editorial calendar and the review of published
 * effect. Handled in main/services/meetings*.ts, figures*.ts and calendar*.ts.
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

export interface Figures {
  views: number;
  likes: number;
  shares: number;
  comments: number;
}

/** One published deliverable as the pre-editorial meeting reviews it. */
export interface ReviewRow {
  deliverableId: string;
  title: string;
  projectId: string;
  projectName: string;
  platform: Platform;
  productForm: ProductForm;
  publishedAt: number;
  /** Published since the previous pre-editorial meeting. */
  isNew: boolean;
  expectedViews: number | null;
  /** All figures recorded so far. */
  actual: Figures;
  /** Figures recorded for the review date, if any. */
  onDate: Figures | null;
}

export interface PlatformEffect {
  platform: Platform;
  items: number;
  expectedViews: number;
  actual: Figures;
}

export interface DailyReview {
  date: string;
  /** Start of the window: the previous pre-editorial meeting, or a week back. */
  since: string;
  rows: ReviewRow[];
  platforms: PlatformEffect[];
}

export const IMPORT_ERROR_KINDS = [
  'missing_column',
  'unknown_platform',
  'not_numeric',
  'duplicate',
  'unknown_item',
  'bad_date',
  'forbidden',
] as const;
export type ImportErrorKind = (typeof IMPORT_ERROR_KINDS)[number];

export interface ImportRowError {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  kind: ImportErrorKind;
  column: string;
  value: string;
}

export interface ImportCheck {
  ok: boolean;
  errors: ImportRowError[];
  /** Valid rows, what they will write; empty when there are errors. */
  rows: { line: number; deliverableId: string; title: string; platform: Platform; date: string; figures: Figures; replaces: boolean }[];
}

export interface DashboardData {
  projectId: string | null;
  from: string;
  to: string;
  totals: { expectedViews: number; actual: Figures; items: number };
  platforms: PlatformEffect[];
  top: ReviewRow[];
  trend: ({ date: string } & Figures)[];
}

export interface CalendarItem {
  id: string;
  title: string;
  projectId: string;
  projectName: string;
  platform: Platform;
  productForm: ProductForm;
  status: DeliverableStatus;
  dueAt: number | null;
  publishedAt: number | null;
  /** The day it sits on: published day, else due day. */
  date: string;
}

const Count = z.number().int().min(0).max(1e12);
const FiguresInput = z.object({ views: Count, likes: Count, shares: Count, comments: Count });

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

/** A file's cells as the renderer read them (CSV or Excel): the header row first. */
const ImportInput = z.object({
  fileName: Text(200),
  /** The date a row without a date column counts for. */
  date: LocalDate,
  rows: z.array(z.array(z.string().max(500)).max(30)).min(1).max(5000),
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

  'figures.review': query<DailyReview>()(z.object({ date: LocalDate })),
  'figures.record': command<DailyReview>()(
    z.object({ date: LocalDate, rows: z.array(FiguresInput.extend({ deliverableId: Id })).min(1).max(500) }),
  ),
  /** Reads a platform export (.csv, .xlsx) into cells; nothing is written. */
  'figures.readFile': query<{ rows: string[][] }>()(
    z.object({ fileName: Text(200).min(1), dataBase64: z.string().max(14_000_000) }),
  ),
  'figures.checkImport': query<ImportCheck>()(ImportInput),
  'figures.import': command<{ written: number; replaced: number }>()(ImportInput),
  'figures.dashboard': query<DashboardData>()(
    z.object({ projectId: Id.nullable().default(null), from: LocalDate, to: LocalDate }),
  ),

  'calendar.range': query<CalendarItem[]>()(z.object({ from: LocalDate, to: LocalDate, projectId: Id.nullable().default(null) })),
  'calendar.reschedule': command<CalendarItem>()(z.object({ deliverableId: Id, date: LocalDate })),
};
