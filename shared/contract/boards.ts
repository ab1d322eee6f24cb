import { MAX_DECLINE_REASON, MIN_DECLINE_REASON, type AssignmentResponse } from '../assignments';
import { z } from 'zod';
import {
  DELIVERABLE_STATUS_CODES,
  PLATFORM_CODES,
  PRIORITY_CODES,
  PRODUCT_FORM_CODES,
  type DeliverableStatus,
  type Platform,
  type Priority,
  type ProductForm,
  type ProjectStatus,
} from '../domain';
import { command, Id, Millis, Name, query, Text } from './define';
import { OverrideReason, type ReviewQueueItem, type ReviewSummary } from './reviews';

/** Calls of the boards feature. Declared here, handled in main/services/boards*.ts. */

export interface BoardColumn {
  id: string;
  name: string;
  position: string;
  wipLimit: number | null;
  /** Cards in a done column count as completed. */
  isDone: boolean;
}

/** A task as the board shows it (the drawer loads the rest). */
export interface TaskCard {
  id: string;
  projectId: string;
  columnId: string;
  title: string;
  dueAt: number | null;
  priority: Priority;
  estimateHours: number | null;
  position: string;
  labels: string[];
  assigneeIds: string[];
  /** Assignees who have not accepted (派单确认): waiting for their answer, or declined. */
  responses: { personId: string; response: 'pending' | 'declined' }[];
  deliverableId: string | null;
  completedAt: number | null;
  checklistDone: number;
  checklistTotal: number;
  updatedAt: number;
}

export interface ChecklistItem {
  id: string;
  text: string;
  done: boolean;
  position: string;
  assigneeId: string | null;
  dueAt: number | null;
}

export interface TaskComment {
  id: string;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: number;
}

export interface HistoryEntry {
  id: string;
  at: number;
  actorName: string | null;
  command: string;
  summary: string;
}

export interface TaskAssignment {
  personId: string;
  name: string;
  response: AssignmentResponse;
  /** A decline's reason (for everyone who can open the task: the group works from it). */
  reason: string;
  respondedAt: number | null;
}

export interface TaskDetail extends TaskCard {
  description: string;
  assignments: TaskAssignment[];
  checklist: ChecklistItem[];
  comments: TaskComment[];
  history: HistoryEntry[];
}

export interface BoardMember {
  id: string;
  name: string;
  pinyin: string;
  pinyinInitials: string;
  teamId: string;
  teamName: string;
  groupRole: string;
}

export interface Deliverable {
  id: string;
  projectId: string;
  title: string;
  platform: Platform;
  productForm: ProductForm;
  ownerId: string | null;
  ownerName: string | null;
  dueAt: number | null;
  status: DeliverableStatus;
  publishedUrl: string | null;
  publishedAt: number | null;
  position: string;
  /** The latest review round (三审), null before the first submission. */
  review: ReviewSummary | null;
}

/**
 * Project progress against plan (双过半): work done = published / planned
 * deliverables; time elapsed = share of the project's days gone. Behind plan
 * when time runs ahead of work.
 */
export interface ProjectProgress {
  planned: number;
  published: number;
  /** 0…1, or null when nothing is planned. */
  workShare: number | null;
  /** 0…1 */
  timeShare: number;
  behindPlan: boolean;
}

export interface UndoInfo {
  activityId: string;
  /** The command being undone (the English UI names the change by it). */
  command: string;
  summary: string;
  at: number;
}

export interface Board {
  project: { id: string; name: string; status: ProjectStatus; startDate: string; endDate: string; convenerId: string };
  /** May change columns (convener, manager, admin). */
  canManage: boolean;
  /** May work on cards (group members too). */
  canWork: boolean;
  columns: BoardColumn[];
  tasks: TaskCard[];
  members: BoardMember[];
  deliverables: Deliverable[];
  progress: ProjectProgress;
  /** The acting user's last board change that can still be undone. */
  undo: UndoInfo | null;
  /** What the database held when this was read (boards.version): equal versions, nothing changed since. */
  version: string;
}

/** The change mark, and the acting user's undo of this board (a move of one's own changes it). */
export interface BoardVersion {
  version: string;
  undo: UndoInfo | null;
}

export type MyTaskBucket = 'overdue' | 'today' | 'week' | 'later';

/** One of my open tasks; its checklist is read when the person opens it (`checklist.list`). */
export interface MyTask extends TaskCard {
  projectName: string;
  bucket: MyTaskBucket;
}

export interface MyDeliverable extends Deliverable {
  projectName: string;
}

export interface MyTasks {
  tasks: MyTask[];
  deliverables: MyDeliverable[];
  /** Reviews waiting for the person's signature (待我审核). */
  reviews: ReviewQueueItem[];
}

const Title = z.string().trim().min(1).max(200);
const Labels = z.array(z.string().trim().min(1).max(20)).max(20);
const Hours = z.number().min(0).max(1000);
const Wip = z.number().int().min(1).max(999);
const Url = z.url({ protocol: /^https?$/ }).max(1000);

export const TaskFields = z.object({
  title: Title,
  description: Text(5000).default(''),
  dueAt: Millis.nullable().default(null),
  priority: z.enum(PRIORITY_CODES).default('normal'),
  estimateHours: Hours.nullable().default(null),
  labels: Labels.default([]),
  assigneeIds: z.array(Id).max(50).default([]),
  deliverableId: Id.nullable().default(null),
});

/**
 * The board changes a person can undo (boards.undo: their own, newest first). The backend records
 * the row images of each (main/core/images.ts), so every kind is undone the same way. Comments and
 * an assignee's answer are messages to others and stay as said.
 */
export const UNDOABLE_COMMANDS = [
  'tasks.create',
  'tasks.update',
  'tasks.move',
  'tasks.setDone',
  'tasks.delete',
  'checklist.add',
  'checklist.update',
  'checklist.move',
  'checklist.delete',
  'columns.setupDefaults',
  'columns.create',
  'columns.update',
  'columns.move',
  'columns.delete',
  'deliverables.create',
  'deliverables.update',
  'deliverables.delete',
  'timeline.addDependency',
  'timeline.removeDependency',
  'timeline.moveTask',
] as const;
export type UndoableCommand = (typeof UNDOABLE_COMMANDS)[number];
/**
 * The tables those commands write. The row-image capture (main/core/images.ts) watches these and
 * every table whose rows hang off them by a foreign key (what a cascade reaches), and no other, so
 * writes elsewhere (a roster import) carry no trigger; tests/unit/boards/undo.test.ts checks that
 * an undo gives back every table as it was.
 */
export const UNDOABLE_TABLES = ['board_columns', 'tasks', 'task_assignees', 'checklist_items', 'task_comments', 'deliverables', 'review_rounds', 'review_decisions'] as const;
const UNDOABLE_SET: ReadonlySet<string> = new Set(UNDOABLE_COMMANDS);
export const isUndoable = (name: string): name is UndoableCommand => UNDOABLE_SET.has(name);

export const boardCalls = {
  'boards.get': query<Board>()(z.object({ projectId: Id })),
  'boards.undo': command<{ summary: string }>()(z.object({ projectId: Id })),

  /** A board without columns (a new project) gets the default 待办 / 进行中 / 待审核 / 已完成. */
  'columns.setupDefaults': command<BoardColumn[]>()(z.object({ projectId: Id })),
  'columns.create': command<BoardColumn>()(z.object({ projectId: Id, name: Name, wipLimit: Wip.nullable().default(null) })),
  'columns.update': command<BoardColumn>()(
    z.object({ id: Id, name: Name.optional(), wipLimit: Wip.nullable().optional(), isDone: z.boolean().optional() }),
  ),
  /** Places the column right after `afterId` (null = first). */
  'columns.move': command<BoardColumn>()(z.object({ id: Id, afterId: Id.nullable() })),
  /** Deletes the column; its cards go to the end of `moveTo`. */
  'columns.delete': command<{ moved: number }>()(z.object({ id: Id, moveTo: Id })),

  'tasks.get': query<TaskDetail>()(z.object({ id: Id })),
  'tasks.create': command<TaskCard>()(TaskFields.extend({ projectId: Id, columnId: Id.nullable().default(null) })),
  'tasks.update': command<TaskCard>()(
    z.object({
      id: Id,
      title: Title.optional(),
      description: Text(5000).optional(),
      dueAt: Millis.nullable().optional(),
      priority: z.enum(PRIORITY_CODES).optional(),
      estimateHours: Hours.nullable().optional(),
      labels: Labels.optional(),
      assigneeIds: z.array(Id).max(50).optional(),
      deliverableId: Id.nullable().optional(),
    }),
  ),
  /**
   * Moves a card into `columnId`, right after card `afterId` (null = top).
   * Writes one row: the card gets a key between its new neighbours.
   */
  'tasks.move': command<TaskCard>()(z.object({ id: Id, columnId: Id, afterId: Id.nullable() })),
  /** Quick complete from My tasks: to the end of the done column, or back to the first open one. */
  'tasks.setDone': command<TaskCard>()(z.object({ id: Id, done: z.boolean() })),
  'tasks.delete': command<{ id: string }>()(z.object({ id: Id })),
  /** An assignee accepts the task, or declines it with a reason (派单确认; shared/assignments.ts). */
  'tasks.respond': command<TaskDetail>()(
    z.discriminatedUnion('accept', [
      z.object({ id: Id, accept: z.literal(true) }),
      z.object({ id: Id, accept: z.literal(false), reason: z.string().trim().min(MIN_DECLINE_REASON).max(MAX_DECLINE_REASON) }),
    ]),
  ),

  'checklist.add': command<ChecklistItem>()(
    z.object({ taskId: Id, text: Title, assigneeId: Id.nullable().default(null), dueAt: Millis.nullable().default(null) }),
  ),
  'checklist.update': command<ChecklistItem>()(
    z.object({
      id: Id,
      text: Title.optional(),
      done: z.boolean().optional(),
      assigneeId: Id.nullable().optional(),
      dueAt: Millis.nullable().optional(),
    }),
  ),
  'checklist.move': command<ChecklistItem>()(z.object({ id: Id, afterId: Id.nullable() })),
  'checklist.delete': command<{ id: string }>()(z.object({ id: Id })),

  /** Comments are insert-only: what was said stays said. */
  'comments.add': command<TaskComment>()(z.object({ taskId: Id, body: z.string().trim().min(1).max(5000) })),

  'deliverables.create': command<Deliverable>()(
    z.object({
      projectId: Id,
      title: Title,
      platform: z.enum(PLATFORM_CODES),
      productForm: z.enum(PRODUCT_FORM_CODES),
      ownerId: Id.nullable().default(null),
      dueAt: Millis.nullable().default(null),
    }),
  ),
  'deliverables.update': command<Deliverable>()(
    z.object({
      id: Id,
      title: Title.optional(),
      platform: z.enum(PLATFORM_CODES).optional(),
      productForm: z.enum(PRODUCT_FORM_CODES).optional(),
      ownerId: Id.nullable().optional(),
      dueAt: Millis.nullable().optional(),
      status: z.enum(DELIVERABLE_STATUS_CODES).optional(),
      /** Required (here or already stored) to mark published. */
      publishedUrl: Url.nullable().optional(),
      /** A manager publishing without the final approval gives a reason; it is recorded on the review. */
      overrideReason: OverrideReason.optional(),
    }),
  ),
  'deliverables.delete': command<{ id: string }>()(z.object({ id: Id })),

  /**
   * The database's change mark (the newest activity row and the hub version last pulled): a
   * board compares it with its own after a change event, and after its own move (one row more),
   * instead of reading the whole board again.
   */
  'boards.version': query<BoardVersion>()(z.object({ projectId: Id }).strict()),
  'myTasks.get': query<MyTasks>()(z.object({}).strict()),
  /** One task's checklist, in its order (My tasks reads it when a task is opened). */
  'checklist.list': query<ChecklistItem[]>()(z.object({ taskId: Id }).strict()),
};
