import type { Platform, ProductForm } from './domain';

/**
 * What a project template pre-fills. Teams are named (not by id) so a template
 * still applies after teams are re-created; a team that no longer exists is
 * skipped. Offsets are days from the project's start date.
 */
export interface TemplatePayload {
  content: string;
  formats: ProductForm[];
  platforms: Platform[];
  audience: string;
  durationDays: number;
  keyDates: { offsetDays: number; label: string }[];
  roles: { team: string; role: string; count: number; hoursPerWeek: number; skill?: string }[];
  columns: { name: string; wipLimit?: number | null; isDone?: boolean }[];
  deliverables: { title: string; platform: Platform; form: ProductForm; offsetDays: number; expectedViews?: number }[];
  tasks: { title: string; offsetDays: number; estimateHours?: number; checklist: string[] }[];
}

export const DEFAULT_COLUMNS: TemplatePayload['columns'] = [
  { name: '待办' },
  { name: '进行中', wipLimit: 6 },
  { name: '待审核' },
  { name: '已完成', isDone: true },
];
