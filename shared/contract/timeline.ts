import { z } from 'zod';
import type { ProjectStatus } from '../domain';
import { command, Id, LocalDate, Millis, query } from './define';

/** 项目时间线 — the center-wide timeline. Handled in main/timeline/; rules in shared/timeline.ts. */

export interface TimelineMilestone {
  date: string;
  label: string;
}

export interface TimelineProject {
  id: string;
  name: string;
  status: ProjectStatus;
  /** A proposed project: drawn as tentative. */
  tentative: boolean;
  startDate: string;
  endDate: string;
  convenerName: string;
  /** The project's key dates. */
  milestones: TimelineMilestone[];
  /** How many tasks its board has. */
  tasks: number;
}

export interface SeasonTimeline {
  from: string;
  to: string;
  today: string;
  /** Proposed, running and wrapped projects overlapping the range, by start then name. */
  projects: TimelineProject[];
}

export interface TimelineTask {
  id: string;
  title: string;
  columnName: string;
  done: boolean;
  /** The day the bar starts (shared/timeline.ts startDayOf), or null without a due time. */
  startDate: string | null;
  dueAt: number | null;
  assigneeNames: string[];
}

export interface TimelineDependency {
  predecessorId: string;
  successorId: string;
  /** The predecessor ends after the successor starts (shared/timeline.ts inConflict). */
  conflict: boolean;
}

export interface ProjectTimeline {
  project: TimelineProject;
  today: string;
  /** Scheduled tasks by start, then the unscheduled ones by title. */
  tasks: TimelineTask[];
  dependencies: TimelineDependency[];
  /** May the acting person change the dates and dependencies (whoever may edit the board). */
  canEdit: boolean;
}

const Pair = z.object({ predecessorId: Id, successorId: Id }).strict();

export const timelineCalls = {
  /** Every proposed, running and wrapped project overlapping [from, to] (center dates), with its key dates. */
  'timeline.season': query<SeasonTimeline>()(z.object({ from: LocalDate, to: LocalDate }).strict()),
  /** One project's tasks as bars and their finish-to-start dependencies, conflicts marked. */
  'timeline.project': query<ProjectTimeline>()(z.object({ projectId: Id }).strict()),
  /** The successor may start once the predecessor is finished: two tasks of one project, never a cycle. */
  'timeline.addDependency': command<ProjectTimeline>()(Pair),
  'timeline.removeDependency': command<ProjectTimeline>()(Pair),
  /** Re-dates a task: its bar starts on `startDate` and ends at `dueAt`. Dependents are not moved; their conflicts show. */
  'timeline.moveTask': command<ProjectTimeline>()(z.object({ taskId: Id, startDate: LocalDate, dueAt: Millis }).strict()),
};
