import { z } from 'zod';
import type { DeliverableStatus, Platform, ProductForm } from '../domain';
import { command, Id, LocalDate, query } from './define';

/** The editorial calendar: every deliverable on its day. Handled in main/calendar/. */

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

export const calendarCalls = {
  'calendar.range': query<CalendarItem[]>()(z.object({ from: LocalDate, to: LocalDate, projectId: Id.nullable().default(null) })),
  'calendar.reschedule': command<CalendarItem>()(z.object({ deliverableId: Id, date: LocalDate })),
};
