import { z } from 'zod';
import type { Role } from '../domain';
import { Id, query } from './define';
import { Month } from './workload';

/** Monthly reports per person and team, and their export. Handled in main/reports/. */

/** Figures for performance review (绩效考核). */
export interface ReportFigures {
  /** Tasks completed in the month that the person was assigned to. */
  tasksDone: number;
  /** Their share of the estimates of those tasks. */
  hours: number;
  /** Deliverables they own, published in the month. */
  deliverablesPublished: number;
  /** Figures recorded for those deliverables (all dates). */
  views: number;
  likes: number;
  shares: number;
  comments: number;
}

export interface ReportPersonRow extends ReportFigures {
  personId: string;
  name: string;
  role: Role;
  teamId: string;
  teamName: string;
}

export interface ReportTeamRow extends ReportFigures {
  teamId: string;
  teamName: string;
  headcount: number;
}

/** 三审 figures of the versions submitted in the month (the person's own deliverables in scope 'self'). */
export interface ReviewFigures {
  /** Deliverables with at least one version submitted in the month. */
  deliverables: number;
  /** Versions submitted. */
  rounds: number;
  /** rounds / deliverables, one decimal (0 with none). */
  roundsPerDeliverable: number;
  /** Versions sent back at some step. */
  sentBack: number;
  /** Published on a manager's override. */
  overridden: number;
  /** Median hours from submission to its end (approved, sent back, overridden, withdrawn); null with none ended. */
  medianWaitHours: number | null;
  /** Still in review now. */
  open: number;
}

export interface MonthlyReport {
  month: string;
  scope: 'all' | 'self';
  people: ReportPersonRow[];
  teams: ReportTeamRow[];
  totals: ReportFigures;
  reviews: ReviewFigures;
}

export interface ExportFile {
  fileName: string;
  mime: string;
  base64: string;
}

export const reportCalls = {
  'reports.monthly': query<MonthlyReport>()(z.object({ month: Month, teamId: Id.optional() })),
  'reports.export': query<ExportFile>()(
    z.object({ month: Month, teamId: Id.optional(), format: z.enum(['xlsx', 'csv']) }),
  ),
};
