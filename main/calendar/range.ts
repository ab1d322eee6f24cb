import type { CalendarItem } from '../../shared/contract';
import type { DeliverableStatus, Platform, ProductForm } from '../../shared/domain';
import { notFound } from '../../shared/errors';
import { DAY_MS, dayStart, localDate } from '../../shared/time';
import type { Db, ReadDb } from '../db/connection';

interface Row {
  id: string;
  title: string;
  project_id: string;
  project_name: string;
  platform: Platform;
  product_form: ProductForm;
  status: DeliverableStatus;
  due_at: number | null;
  published_at: number | null;
  owner_id: string | null;
}

const toItem = (r: Row): CalendarItem => ({
  id: r.id,
  title: r.title,
  projectId: r.project_id,
  projectName: r.project_name,
  platform: r.platform,
  productForm: r.product_form,
  status: r.status,
  dueAt: r.due_at,
  publishedAt: r.published_at,
  date: localDate((r.published_at ?? r.due_at)!),
});

const SELECT = `SELECT d.id, d.title, d.project_id, p.name AS project_name, d.platform, d.product_form, d.status, d.due_at, d.published_at, d.owner_id
  FROM deliverables d JOIN projects p ON p.id = d.project_id`;

/** Planned and published deliverables on the days of [from, to], by the day they sit on. */
export function calendarRange(db: ReadDb, f: { from: string; to: string; projectId: string | null }): CalendarItem[] {
  return db
    .prepare<{ a: number; b: number; projectId: string | null }, Row>(
      `${SELECT}
       WHERE p.status <> 'archived' AND (@projectId IS NULL OR d.project_id = @projectId)
         AND coalesce(d.published_at, d.due_at) >= @a AND coalesce(d.published_at, d.due_at) < @b
       ORDER BY coalesce(d.published_at, d.due_at), d.platform, d.id`,
    )
    .all({ a: dayStart(f.from), b: dayStart(f.to) + DAY_MS, projectId: f.projectId })
    .map(toItem);
}

export function calendarItem(db: Db, id: string): CalendarItem & { ownerId: string | null } {
  const r = db.prepare<[string], Row>(`${SELECT} WHERE d.id = ?`).get(id);
  if (!r) throw notFound({ zh: '交付物', en: 'Deliverable' });
  return { ...toItem(r), ownerId: r.owner_id };
}

/** Moving to another day keeps the time of day it was due (18:00 if it had none). */
export function rescheduledDueAt(oldDueAt: number | null, date: string): number {
  const timeOfDay = oldDueAt === null ? 18 * 3600_000 : oldDueAt - dayStart(localDate(oldDueAt));
  return dayStart(date) + timeOfDay;
}
