import { insertColumns } from '../boards/columns';
import type { TemplateInfo } from '../../shared/contract';
import { conflict, notFound } from '../../shared/errors';
import { keysBetween } from '../../shared/ordering';
import { DEFAULT_COLUMNS, type TemplatePayload } from '../../shared/templates';
import { addDays, dayStart, daysBetween, localDate } from '../../shared/time';
import type { Db, ReadDb } from '../db/connection';
import { newId } from '../core/ids';
import { insertTask } from '../boards/tasks-core';
import { insertDeliverable } from '../boards/deliverables';

interface TemplateRow {
  id: string;
  name: string;
  description: string;
  builtin: number;
  payload: string;
  created_at: number;
}

const toTemplate = (r: TemplateRow): TemplateInfo => ({
  id: r.id,
  name: r.name,
  description: r.description,
  builtin: r.builtin === 1,
  payload: JSON.parse(r.payload) as TemplatePayload,
  createdAt: r.created_at,
});

export function listTemplates(db: ReadDb): TemplateInfo[] {
  return db.prepare<[], TemplateRow>('SELECT * FROM templates ORDER BY builtin DESC, created_at, name').all().map(toTemplate);
}

export function getTemplate(db: Db, id: string): TemplateInfo {
  const row = db.prepare<[string], TemplateRow>('SELECT * FROM templates WHERE id = ?').get(id);
  if (!row) throw notFound({ zh: '项目模板', en: 'Template' });
  return toTemplate(row);
}

/** Needs named by team in a template, as team ids; a team that no longer exists is skipped. */
export function templateNeeds(
  db: Db,
  payload: TemplatePayload,
): { teamId: string; role: string; count: number; hoursPerWeek: number; skill: string }[] {
  const byName = db.prepare<[string], { id: string }>('SELECT id FROM teams WHERE name = ?');
  return payload.roles.flatMap((r) => {
    const team = byName.get(r.team);
    return team ? [{ teamId: team.id, role: r.role, count: r.count, hoursPerWeek: r.hoursPerWeek, skill: r.skill ?? '' }] : [];
  });
}

/** Deliverables are due at 18:00 and tasks at 17:30 on their day, as the demo and boards expect. */
const DELIVERABLE_HOUR_MS = 18 * 3600_000;
const TASK_DUE_MS = 17 * 3600_000 + 30 * 60_000;

/**
 * Lays out a new project's board: the template's columns (or the default
 * ones), deliverables and tasks with checklists, dated from the start date.
 */
export function applyTemplate(
  db: Db,
  projectId: string,
  startDate: string,
  payload: TemplatePayload | null,
  actorId: string,
  now: number,
): void {
  insertColumns(db, projectId, payload?.columns.length ? payload.columns : DEFAULT_COLUMNS, now);
  if (!payload) return;

  const delivKeys = keysBetween(null, null, payload.deliverables.length);
  payload.deliverables.forEach((d, i) =>
    insertDeliverable(db, {
      projectId, title: d.title, platform: d.platform, productForm: d.form,
      dueAt: dayStart(addDays(startDate, d.offsetDays)) + DELIVERABLE_HOUR_MS, expectedViews: d.expectedViews ?? null, position: delivKeys[i],
    }, now),
  );
  for (const t of payload.tasks) {
    insertTask(
      db,
      {
        projectId,
        title: t.title,
        dueAt: dayStart(addDays(startDate, t.offsetDays)) + TASK_DUE_MS,
        estimateHours: t.estimateHours ?? null,
        checklist: t.checklist.map((text) => ({ text })),
      },
      actorId,
      now,
    );
  }
}

/** A project turned back into a template: its need, needed teams, board layout, deliverables and tasks. */
export function payloadFromProject(db: Db, projectId: string): TemplatePayload {
  const p = db
    .prepare<[string], { content: string; formats: string; platforms: string; audience: string; start_date: string; end_date: string }>(
      'SELECT content, formats, platforms, audience, start_date, end_date FROM projects WHERE id = ?',
    )
    .get(projectId);
  if (!p) throw notFound({ zh: '项目', en: 'Project' });
  const offset = (date: string): number => daysBetween(p.start_date, date);
  const keyDates = db
    .prepare<[string], { date: string; label: string }>('SELECT date, label FROM project_key_dates WHERE project_id = ? ORDER BY date, id')
    .all(projectId);
  let roles: TemplatePayload['roles'] = db
    .prepare<[string], { team: string; role: string; count: number; hours: number; skill: string }>(
      `SELECT t.name AS team, n.group_role AS role, n.count, n.hours_per_week AS hours, n.skill
       FROM project_needs n JOIN teams t ON t.id = n.team_id WHERE n.project_id = ? ORDER BY n.position, n.id`,
    )
    .all(projectId)
    .map((r) => ({ team: r.team, role: r.role, count: r.count, hoursPerWeek: r.hours, ...(r.skill ? { skill: r.skill } : {}) }));
  if (!roles.length) {
    // No needs were stated: the group as it stands, by team and role, is the best description.
    roles = db
      .prepare<[string], { team: string; role: string; count: number; hours: number }>(
        `SELECT t.name AS team, m.group_role AS role, count(*) AS count, max(m.hours_per_week) AS hours
         FROM project_members m JOIN people x ON x.id = m.person_id JOIN teams t ON t.id = x.team_id
         WHERE m.project_id = ? GROUP BY t.name, m.group_role ORDER BY t.sort, m.group_role`,
      )
      .all(projectId)
      .map((r) => ({ team: r.team, role: r.role, count: r.count, hoursPerWeek: r.hours }));
  }
  const columns = db
    .prepare<[string], { name: string; wip_limit: number | null; is_done: number }>(
      'SELECT name, wip_limit, is_done FROM board_columns WHERE project_id = ? ORDER BY position, id',
    )
    .all(projectId)
    .map((c) => ({ name: c.name, wipLimit: c.wip_limit, isDone: c.is_done === 1 }));
  const deliverables = db
    .prepare<[string], { title: string; platform: TemplatePayload['platforms'][number]; form: TemplatePayload['formats'][number]; due_at: number | null; expected_views: number | null }>(
      'SELECT title, platform, product_form AS form, due_at, expected_views FROM deliverables WHERE project_id = ? ORDER BY position, id',
    )
    .all(projectId)
    .map((d) => ({
      title: d.title,
      platform: d.platform,
      form: d.form,
      offsetDays: d.due_at === null ? 0 : offset(localDate(d.due_at)),
      ...(d.expected_views !== null ? { expectedViews: d.expected_views } : {}),
    }));
  const checklist = db.prepare<[string], { text: string }>('SELECT text FROM checklist_items WHERE task_id = ? ORDER BY position, id');
  const tasks = db
    .prepare<[string], { id: string; title: string; due_at: number | null; estimate_hours: number | null }>(
      `SELECT t.id, t.title, t.due_at, t.estimate_hours FROM tasks t JOIN board_columns c ON c.id = t.column_id
       WHERE t.project_id = ? ORDER BY c.position, t.position, t.id`,
    )
    .all(projectId)
    .map((t) => ({
      title: t.title,
      offsetDays: t.due_at === null ? 0 : offset(localDate(t.due_at)),
      ...(t.estimate_hours !== null ? { estimateHours: t.estimate_hours } : {}),
      checklist: checklist.all(t.id).map((c) => c.text),
    }));
  return {
    content: p.content,
    formats: JSON.parse(p.formats) as TemplatePayload['formats'],
    platforms: JSON.parse(p.platforms) as TemplatePayload['platforms'],
    audience: p.audience,
    durationDays: daysBetween(p.start_date, p.end_date) + 1,
    keyDates: keyDates.map((k) => ({ offsetDays: offset(k.date), label: k.label })),
    roles,
    columns: columns.length ? columns : DEFAULT_COLUMNS,
    deliverables,
    tasks,
  };
}

export function insertTemplate(
  db: Db,
  t: { name: string; description: string; payload: TemplatePayload },
  actorId: string,
  now: number,
): TemplateInfo {
  if (db.prepare('SELECT 1 FROM templates WHERE name = ?').get(t.name)) {
    throw conflict({ zh: `已有名为“${t.name}”的模板`, en: `A template named “${t.name}” already exists` });
  }
  const id = newId();
  db.prepare('INSERT INTO templates (id, name, description, builtin, payload, created_by, created_at) VALUES (?, ?, ?, 0, ?, ?, ?)').run(
    id, t.name, t.description, JSON.stringify(t.payload), actorId, now,
  );
  return getTemplate(db, id);
}
