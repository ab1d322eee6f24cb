import { z } from 'zod';
import type { Platform, ProductForm } from '../domain';
import { command, Id, LocalDate, query, Text } from './define';

/** Published effect (传播效果): the daily review, figures entered or imported, the dashboard. Handled in main/figures/. */

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

const Count = z.number().int().min(0).max(1e12);
const FiguresInput = z.object({ views: Count, likes: Count, shares: Count, comments: Count });

/** A file's cells as the renderer read them (CSV or Excel): the header row first. */
const ImportInput = z.object({
  fileName: Text(200),
  /** The date a row without a date column counts for. */
  date: LocalDate,
  rows: z.array(z.array(z.string().max(500)).max(30)).min(1).max(5000),
});

export const figureCalls = {
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
};
