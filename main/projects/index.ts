import type { Viewer } from '../core/read-scopes';
import type { GearNeed, GroupMember, KeyDate, ProjectDetail, ProjectNeed, ProjectSummary, StatusChange } from '../../shared/contract';
import { conflict, forbidden, invalid, notFound } from '../../shared/errors';
import { PROJECT_STATUSES, type Platform, type ProductForm, type ProjectStatus } from '../../shared/domain';
import { keysBetween } from '../../shared/ordering';
import type { Db, ReadDb } from '../db/connection';
import type { HandlerGroup } from '../core/backend';
import type { Actor, Ctx, ReadCtx } from '../core/context';
import { newId } from '../core/ids';
import { requireActor, requireRole } from '../core/rights';
import { canManageProject, projectRef, requireProjectManager } from './access';
import { getPerson, listPeople } from '../people';
import { describeCandidates, suggestionsFor } from './group';
import { unassignInProject } from '../boards/tasks-core';
import { applyTemplate, getTemplate, insertTemplate, listTemplates, payloadFromProject, templateNeeds } from './templates';
import { PROJECT_CREATORS } from '../../shared/policy/roles';
import { mayMoveProjectStatus } from '../../shared/policy/status';
import { initialResponse, placeAnswerRefusal, type AssignmentResponse } from '../../shared/assignments';

interface ProjectRow {
  id: string;
  name: string;
  content: string;
  formats: string;
  audience: string;
  platforms: string;
  brief: string;
  convener_id: string;
  start_date: string;
  end_date: string;
  status: ProjectStatus;
  status_changed_at: number;
  status_changed_by: string | null;
  template_id: string | null;
  created_at: number;
  updated_at: number;
}

type NeedInput = { teamId: string; role: string; count: number; hoursPerWeek: number; skill: string };


const statusZh = (s: ProjectStatus): string => PROJECT_STATUSES.find((x) => x.code === s)!.zh;

function row(db: ReadDb, id: string): ProjectRow {
  const r = db.prepare<[string], ProjectRow>('SELECT * FROM projects WHERE id = ?').get(id);
  if (!r) throw notFound({ zh: '项目', en: 'Project' });
  return r;
}

function keyDatesOf(db: ReadDb, projectId: string): KeyDate[] {
  return db
    .prepare<[string], KeyDate>('SELECT date, label FROM project_key_dates WHERE project_id = ? ORDER BY date, id')
    .all(projectId);
}

function needsOf(db: ReadDb, projectId: string): ProjectNeed[] {
  return db
    .prepare<[string], { id: string; team_id: string; team_name: string; group_role: string; count: number; hours_per_week: number; skill: string }>(
      `SELECT n.id, n.team_id, t.name AS team_name, n.group_role, n.count, n.hours_per_week, n.skill
       FROM project_needs n JOIN teams t ON t.id = n.team_id WHERE n.project_id = ? ORDER BY n.position, n.id`,
    )
    .all(projectId)
    .map((n) => ({ id: n.id, teamId: n.team_id, teamName: n.team_name, role: n.group_role, count: n.count, hoursPerWeek: n.hours_per_week, skill: n.skill }));
}

const nameOf = (db: ReadDb, id: string | null): string | null =>
  id ? (db.prepare<[string], { name: string }>('SELECT name FROM people WHERE id = ?').get(id)?.name ?? null) : null;

function statusHistory(db: ReadDb, p: ProjectRow): StatusChange[] {
  const rows = db
    .prepare<[string], { at: number; actor_id: string | null; after: string | null }>(
      `SELECT at, actor_id, after FROM activity_log
       WHERE entity_type = 'project' AND entity_id = ? AND command IN ('projects.create', 'projects.setStatus') ORDER BY at, id`,
    )
    .all(p.id);
  const history = rows.flatMap((r) => {
    const status = r.after ? (JSON.parse(r.after) as { status?: ProjectStatus }).status : undefined;
    return status ? [{ status, at: r.at, actorName: nameOf(db, r.actor_id) }] : [];
  });
  // The row is the truth: a change in the command being run is not logged yet, and projects
  // that came in without a log (the demo seed) still say who set their status and when.
  const last = history.at(-1);
  if (!last || last.status !== p.status || last.at < p.status_changed_at) {
    history.push({ status: p.status, at: p.status_changed_at, actorName: nameOf(db, p.status_changed_by) });
  }
  return history;
}

function groupOf(db: ReadDb, p: ProjectRow, keyDates: KeyDate[], now: number, viewer: Viewer | null): GroupMember[] {
  const members = db
    .prepare<[string], { id: string; person_id: string; group_role: string; hours_per_week: number; response: AssignmentResponse; reason: string; responded_at: number | null }>(
      `SELECT m.id, m.person_id, m.group_role, m.hours_per_week, m.response, m.reason, m.responded_at FROM project_members m JOIN people x ON x.id = m.person_id
       WHERE m.project_id = ? ORDER BY x.pinyin, x.id`,
    )
    .all(p.id);
  const people = members.map((m) => getPerson(db, m.person_id));
  const described = describeCandidates(db, { id: p.id, keyDates }, people, now, viewer);
  return described.map((c, i) => {
    const m = members[i]!;
    return { ...c, memberId: m.id, role: m.group_role, hoursPerWeek: m.hours_per_week, response: m.response, reason: m.reason, respondedAt: m.responded_at };
  });
}

export function projectDetail(ctx: ReadCtx, id: string): ProjectDetail {
  const { db } = ctx;
  const actor = requireActor(ctx);
  const p = row(db, id);
  const keyDates = keyDatesOf(db, id);
  const count = (sql: string): number => db.prepare<[string], { n: number }>(sql).get(id)!.n;
  return {
    id: p.id,
    name: p.name,
    content: p.content,
    formats: JSON.parse(p.formats) as ProductForm[],
    audience: p.audience,
    platforms: JSON.parse(p.platforms) as Platform[],
    brief: p.brief,
    startDate: p.start_date,
    endDate: p.end_date,
    keyDates,
    status: p.status,
    statusChangedAt: p.status_changed_at,
    statusChangedByName: nameOf(db, p.status_changed_by),
    statusHistory: statusHistory(db, p),
    convenerId: p.convener_id,
    convenerName: nameOf(db, p.convener_id) ?? '',
    templateId: p.template_id,
    templateName: p.template_id
      ? (db.prepare<[string], { name: string }>('SELECT name FROM templates WHERE id = ?').get(p.template_id)?.name ?? null)
      : null,
    needs: needsOf(db, id),
    gearNeeds: gearNeedsOf(db, id),
    group: groupOf(db, p, keyDates, ctx.now(), actor),
    counts: {
      tasks: count('SELECT count(*) AS n FROM tasks WHERE project_id = ?'),
      openTasks: count('SELECT count(*) AS n FROM tasks WHERE project_id = ? AND completed_at IS NULL'),
      deliverables: count('SELECT count(*) AS n FROM deliverables WHERE project_id = ?'),
      columns: count('SELECT count(*) AS n FROM board_columns WHERE project_id = ?'),
    },
    canManage: canManageProject(actor, { convenerId: p.convener_id }),
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  };
}

/** The compact before/after of a project for the activity log. */
function snapshot(db: Db, id: string): Record<string, unknown> {
  const p = row(db, id);
  return {
    name: p.name,
    status: p.status,
    convenerId: p.convener_id,
    startDate: p.start_date,
    endDate: p.end_date,
    formats: JSON.parse(p.formats) as unknown,
    platforms: JSON.parse(p.platforms) as unknown,
    keyDates: keyDatesOf(db, id),
    needs: needsOf(db, id).map(({ teamName, role, count, hoursPerWeek, skill }) => ({ teamName, role, count, hoursPerWeek, skill })),
    gearNeeds: gearNeedsOf(db, id),
  };
}

function assertDates(start: string, end: string, keyDates: KeyDate[]): void {
  if (end < start) throw invalid({ zh: '结束日期不能早于开始日期', en: 'The end date is before the start date' });
  const outside = keyDates.filter((k) => k.date < start || k.date > end);
  if (outside.length) {
    throw invalid({
      zh: `关键日期 ${outside.map((k) => k.date).join('、')} 不在项目起止日期内`,
      en: `Key date ${outside.map((k) => k.date).join(', ')} is outside the project's dates`,
    });
  }
}

/** A project's key dates, replaced as a whole (duplicates dropped). */
export function writeKeyDates(db: Db, projectId: string, keyDates: readonly KeyDate[]): void {
  db.prepare('DELETE FROM project_key_dates WHERE project_id = ?').run(projectId);
  const add = db.prepare('INSERT INTO project_key_dates (id, project_id, date, label) VALUES (?, ?, ?, ?)');
  const seen = new Set<string>();
  for (const k of keyDates) {
    const key = `${k.date}|${k.label}`;
    if (seen.has(key)) continue;
    seen.add(key);
    add.run(newId(), projectId, k.date, k.label);
  }
}

/** The gear a project needs, in its order. */
export function gearNeedsOf(db: ReadDb, projectId: string): GearNeed[] {
  return db
    .prepare<[string], GearNeed>('SELECT kind, count, note FROM project_gear_needs WHERE project_id = ? ORDER BY position, id')
    .all(projectId);
}

/** Replaced as a whole; one row per kind (a kind named twice is summed, notes joined). */
export function writeGearNeeds(db: Db, projectId: string, needs: readonly GearNeed[], now: number): void {
  const byKind = new Map<string, GearNeed>();
  for (const n of needs) {
    const had = byKind.get(n.kind);
    if (had) byKind.set(n.kind, { kind: n.kind, count: Math.min(99, had.count + n.count), note: [had.note, n.note].filter(Boolean).join('；').slice(0, 60) });
    else byKind.set(n.kind, { ...n });
  }
  db.prepare('DELETE FROM project_gear_needs WHERE project_id = ?').run(projectId);
  const list = [...byKind.values()];
  const keys = keysBetween(null, null, list.length);
  const add = db.prepare('INSERT INTO project_gear_needs (id, project_id, kind, count, note, position, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  list.forEach((n, i) => add.run(newId(), projectId, n.kind, n.count, n.note, keys[i], now));
}

function writeNeeds(db: Db, projectId: string, needs: NeedInput[], now: number): void {
  db.prepare('DELETE FROM project_needs WHERE project_id = ?').run(projectId);
  const keys = keysBetween(null, null, needs.length);
  const team = db.prepare<[string], { id: string }>('SELECT id FROM teams WHERE id = ?');
  const add = db.prepare(
    'INSERT INTO project_needs (id, project_id, team_id, group_role, count, hours_per_week, skill, position, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  needs.forEach((n, i) => {
    if (!team.get(n.teamId)) throw notFound({ zh: '团队', en: 'Team' });
    add.run(newId(), projectId, n.teamId, n.role, n.count, n.hoursPerWeek, n.skill, keys[i], now);
  });
}

function assertConvener(db: Db, actor: Actor, convenerId: string): void {
  const c = db.prepare<[string], { active: number }>('SELECT active FROM people WHERE id = ?').get(convenerId);
  if (!c) throw notFound({ zh: '召集人', en: 'Convener' });
  if (!c.active) throw invalid({ zh: '召集人已停用', en: 'The convener is deactivated' });
  if (convenerId !== actor.id && actor.role !== 'admin' && actor.role !== 'manager') {
    throw forbidden({ zh: '只有管理者或管理员可以指定其他人为召集人', en: 'Only a manager or an admin can name another convener' });
  }
}

/** Changes to an archived project are refused: it is the record of what was done. */
function assertNotArchived(p: { name: string; status: ProjectStatus }): void {
  if (p.status === 'archived') {
    throw conflict({ zh: `项目“${p.name}”已归档，不能修改；如需修改请先恢复为已收尾`, en: `“${p.name}” is archived; move it back to wrapped up to change it` });
  }
}

function memberOf(ctx: Ctx, projectId: string, personId: string): GroupMember {
  const m = projectDetail(ctx, projectId).group.find((g) => g.personId === personId);
  if (!m) throw notFound({ zh: '小组成员', en: 'Group member' });
  return m;
}

function listProjects(ctx: ReadCtx, input: { statuses?: ProjectStatus[] | undefined; platform?: Platform | undefined; teamId?: string | undefined; convenerId?: string | undefined; mine: boolean; search?: string | undefined }): ProjectSummary[] {
  const actor = requireActor(ctx);
  const { db } = ctx;
  const rows = db
    .prepare<
      { statuses: string | null; platform: string | null; team: string | null; convener: string | null; me: string; mine: number; text: string | null },
      ProjectRow & { member_count: number; team_ids: string | null; is_mine: number }
    >(
      `SELECT p.*,
         (SELECT count(*) FROM project_members m WHERE m.project_id = p.id) AS member_count,
         (SELECT json_group_array(DISTINCT x.team_id) FROM project_members m JOIN people x ON x.id = m.person_id WHERE m.project_id = p.id) AS team_ids,
         (p.convener_id = @me OR EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = p.id AND m.person_id = @me)) AS is_mine
       FROM projects p
       WHERE (@statuses IS NULL OR p.status IN (SELECT value FROM json_each(@statuses)))
         AND (@platform IS NULL OR EXISTS (SELECT 1 FROM json_each(p.platforms) j WHERE j.value = @platform))
         AND (@team IS NULL OR EXISTS (SELECT 1 FROM project_members m JOIN people x ON x.id = m.person_id WHERE m.project_id = p.id AND x.team_id = @team))
         AND (@convener IS NULL OR p.convener_id = @convener)
         AND (@mine = 0 OR p.convener_id = @me OR EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = p.id AND m.person_id = @me))
         AND (@text IS NULL OR instr(lower(p.name), @text) > 0 OR instr(lower(p.content), @text) > 0)
       ORDER BY CASE p.status WHEN 'active' THEN 0 WHEN 'proposed' THEN 1 WHEN 'wrapped' THEN 2 ELSE 3 END, p.start_date DESC, p.id`,
    )
    .all({
      statuses: input.statuses?.length ? JSON.stringify(input.statuses) : null,
      platform: input.platform ?? null,
      team: input.teamId ?? null,
      convener: input.convenerId ?? null,
      me: actor.id,
      mine: input.mine ? 1 : 0,
      text: input.search?.trim() ? input.search.trim().toLowerCase() : null,
    });
  // Per-row lookups with statements compiled once for the whole list, not once per row.
  const convener = db.prepare<[string], { name: string }>('SELECT name FROM people WHERE id = ?');
  const keyDates = db.prepare<[string], KeyDate>('SELECT date, label FROM project_key_dates WHERE project_id = ? ORDER BY date, id');
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    status: p.status,
    formats: JSON.parse(p.formats) as ProductForm[],
    platforms: JSON.parse(p.platforms) as Platform[],
    startDate: p.start_date,
    endDate: p.end_date,
    convenerId: p.convener_id,
    convenerName: convener.get(p.convener_id)?.name ?? '',
    memberCount: p.member_count,
    teamIds: p.team_ids ? (JSON.parse(p.team_ids) as string[]) : [],
    keyDates: keyDates.all(p.id),
    mine: p.is_mine === 1,
  }));
}

/** What a new project starts with; the rest (key dates, needs, columns) its creator adds. */
export interface NewProject {
  id?: string;
  name: string;
  content?: string;
  formats?: readonly string[];
  audience?: string;
  platforms?: readonly string[];
  brief?: string;
  convenerId: string;
  startDate: string;
  endDate: string;
  status?: 'proposed' | 'active' | 'wrapped' | 'archived';
  templateId?: string | null;
  sourceMeetingId?: string | null;
}

/**
 * The one way a project row comes into being (projects.create, a meeting's proposal, the demo):
 * the row, and its convener as the group's first member. Returns the id.
 */
export function insertProject(db: Db, p: NewProject, actorId: string | null, now: number): string {
  const id = insertProjectRow(db, p, actorId, now);
  // The convener leads the group they convene.
  addProjectMember(db, { projectId: id, personId: p.convenerId, groupRole: '召集人', hoursPerWeek: 0 }, now);
  return id;
}

/** The project row alone (the demo seeds its groups member by member). */
export function insertProjectRow(db: Db, p: NewProject, actorId: string | null, now: number): string {
  const id = p.id ?? newId();
  db.prepare(
    `INSERT INTO projects (id, name, content, formats, audience, platforms, brief, convener_id, start_date, end_date, status,
       status_changed_at, status_changed_by, template_id, source_meeting_id, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id, p.name, p.content ?? '', JSON.stringify([...new Set(p.formats ?? [])]), p.audience ?? '', JSON.stringify([...new Set(p.platforms ?? [])]),
    p.brief ?? '', p.convenerId, p.startDate, p.endDate, p.status ?? 'proposed', now, actorId, p.templateId ?? null, p.sourceMeetingId ?? null,
    actorId, now, now,
  );
  return id;
}

/**
 * A person joins a project group (the one insert into project_members). The
 * place waits for their answer when someone else gives it (派单确认,
 * shared/assignments.ts); seeds and one's own place are accepted.
 */
export function addProjectMember(
  db: Db,
  m: { id?: string; projectId: string; personId: string; groupRole: string; hoursPerWeek: number; response?: AssignmentResponse },
  now: number,
): string {
  const id = m.id ?? newId();
  db.prepare('INSERT INTO project_members (id, project_id, person_id, group_role, hours_per_week, created_at, response) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    id, m.projectId, m.personId, m.groupRole, m.hoursPerWeek, now, m.response ?? 'accepted',
  );
  return id;
}

export const projectHandlers = {
  'projects.list': (ctx, input) => listProjects(ctx, input),

  'projects.get': (ctx, input) => projectDetail(ctx, input.id),

  'projects.create': (ctx, input) => {
    const actor = requireRole(ctx, PROJECT_CREATORS, { zh: '新建项目', en: 'create projects' });
    const { db } = ctx;
    const now = ctx.now();
    const convenerId = input.convenerId ?? actor.id;
    assertConvener(db, actor, convenerId);
    assertDates(input.startDate, input.endDate, input.keyDates);
    const template = input.templateId ? getTemplate(db, input.templateId) : null;
    const id = insertProject(db, {
      name: input.name, content: input.content, formats: input.formats, audience: input.audience, platforms: input.platforms,
      brief: input.brief, convenerId, startDate: input.startDate, endDate: input.endDate, templateId: template?.id ?? null,
    }, actor.id, now);
    writeKeyDates(db, id, input.keyDates);
    writeNeeds(db, id, input.needs ?? (template ? templateNeeds(db, template.payload) : []), now);
    if (input.gearNeeds) writeGearNeeds(db, id, input.gearNeeds, now);
    applyTemplate(db, id, input.startDate, template?.payload ?? null, actor.id, now);
    const after = snapshot(db, id);
    ctx.record({
      entityType: 'project',
      entityId: id,
      projectId: id,
      summary: template ? `按模板“${template.name}”新建项目 ${input.name}` : `新建项目 ${input.name}`,
      after,
    });
    return projectDetail(ctx, id);
  },

  'projects.update': (ctx, input) => {
    const { actor, project } = requireProjectManager(ctx, input.id);
    assertNotArchived(project);
    const { db } = ctx;
    const now = ctx.now();
    const before = snapshot(db, input.id);
    if (input.convenerId && input.convenerId !== project.convenerId) {
      if (actor.role !== 'admin' && actor.role !== 'manager') {
        throw forbidden({ zh: '只有管理者或管理员可以更换召集人', en: 'Only a manager or an admin can change the convener' });
      }
      assertConvener(db, actor, input.convenerId);
    }
    const start = input.startDate ?? project.startDate;
    const end = input.endDate ?? project.endDate;
    assertDates(start, end, input.keyDates ?? keyDatesOf(db, input.id));
    db.prepare(
      `UPDATE projects SET name = coalesce(@name, name), content = coalesce(@content, content), formats = coalesce(@formats, formats),
         audience = coalesce(@audience, audience), platforms = coalesce(@platforms, platforms), brief = coalesce(@brief, brief),
         start_date = @start, end_date = @end, convener_id = coalesce(@convener, convener_id), updated_at = @now
       WHERE id = @id`,
    ).run({
      id: input.id,
      name: input.name ?? null,
      content: input.content ?? null,
      formats: input.formats ? JSON.stringify([...new Set(input.formats)]) : null,
      audience: input.audience ?? null,
      platforms: input.platforms ? JSON.stringify([...new Set(input.platforms)]) : null,
      brief: input.brief ?? null,
      start,
      end,
      convener: input.convenerId ?? null,
      now,
    });
    if (input.keyDates) writeKeyDates(db, input.id, input.keyDates);
    if (input.needs) writeNeeds(db, input.id, input.needs, now);
    if (input.gearNeeds) writeGearNeeds(db, input.id, input.gearNeeds, now);
    const after = snapshot(db, input.id);
    ctx.record({ entityType: 'project', entityId: input.id, projectId: input.id, summary: `修改项目 ${String(after.name)}`, before, after });
    return projectDetail(ctx, input.id);
  },

  'projects.setStatus': (ctx, input) => {
    const { actor, project } = requireProjectManager(ctx, input.id);
    if (project.status === input.status) {
      throw conflict({ zh: `项目已是“${statusZh(input.status)}”`, en: `The project is already ${input.status}` });
    }
    if (!mayMoveProjectStatus(project.status, input.status)) {
      throw invalid({
        zh: `项目状态不能从“${statusZh(project.status)}”直接改为“${statusZh(input.status)}”`,
        en: `A project cannot go from ${project.status} straight to ${input.status}`,
      });
    }
    const now = ctx.now();
    ctx.db
      .prepare('UPDATE projects SET status = ?, status_changed_at = ?, status_changed_by = ?, updated_at = ? WHERE id = ?')
      .run(input.status, now, actor.id, now, input.id);
    ctx.record({
      entityType: 'project',
      entityId: input.id,
      projectId: input.id,
      summary: `项目 ${project.name} 状态：${statusZh(project.status)} → ${statusZh(input.status)}`,
      before: { status: project.status },
      after: { status: input.status },
    });
    return projectDetail(ctx, input.id);
  },

  'projects.candidates': (ctx, input) => {
    const p = projectRef(ctx.db, input.projectId);
    const people = listPeople(ctx.db, { search: input.search, teamId: input.teamId, includeInactive: false });
    return describeCandidates(ctx.db, { id: p.id, keyDates: keyDatesOf(ctx.db, p.id) }, people, ctx.now(), ctx.actor);
  },

  'projects.suggestions': (ctx, input) => {
    const p = projectRef(ctx.db, input.projectId);
    return suggestionsFor(ctx.db, { id: p.id, keyDates: keyDatesOf(ctx.db, p.id) }, needsOf(ctx.db, p.id), input.perNeed, ctx.now(), ctx.actor);
  },

  'projects.group.add': (ctx, input) => {
    const { actor, project } = requireProjectManager(ctx, input.projectId);
    assertNotArchived(project);
    const { db } = ctx;
    const person = getPerson(db, input.personId);
    if (!person.active) throw invalid({ zh: `${person.name} 已停用，不能加入小组`, en: `${person.name} is deactivated` });
    if (db.prepare('SELECT 1 FROM project_members WHERE project_id = ? AND person_id = ?').get(project.id, person.id)) {
      throw conflict({ zh: `${person.name} 已在小组中`, en: `${person.name} is already in the group` });
    }
    // Defaults come from what the project needs from the person's team.
    const need = needsOf(db, project.id).find((n) => n.teamId === person.teamId);
    const role = input.role ?? need?.role ?? person.title;
    const hours = input.hoursPerWeek ?? need?.hoursPerWeek ?? 8;
    const response = initialResponse(actor.id, person.id);
    addProjectMember(db, { projectId: project.id, personId: person.id, groupRole: role, hoursPerWeek: hours, response }, ctx.now());
    db.prepare('UPDATE projects SET updated_at = ? WHERE id = ?').run(ctx.now(), project.id);
    const member = memberOf(ctx, project.id, person.id);
    ctx.record({
      entityType: 'project_member',
      entityId: member.memberId,
      projectId: project.id,
      summary: `${person.name} 加入项目 ${project.name} 小组（${role || '未定角色'}，${hours} 小时/周）`,
      after: { personId: person.id, role, hoursPerWeek: hours, response },
    });
    return member;
  },

  'projects.group.update': (ctx, input) => {
    const { project } = requireProjectManager(ctx, input.projectId);
    assertNotArchived(project);
    const before = memberOf(ctx, project.id, input.personId);
    ctx.db
      .prepare(
        'UPDATE project_members SET group_role = coalesce(?, group_role), hours_per_week = coalesce(?, hours_per_week) WHERE project_id = ? AND person_id = ?',
      )
      .run(input.role ?? null, input.hoursPerWeek ?? null, project.id, input.personId);
    const after = memberOf(ctx, project.id, input.personId);
    ctx.record({
      entityType: 'project_member',
      entityId: after.memberId,
      projectId: project.id,
      summary: `修改 ${after.name} 在项目 ${project.name} 中的分工（${after.role || '未定角色'}，${after.hoursPerWeek} 小时/周）`,
      before: { role: before.role, hoursPerWeek: before.hoursPerWeek },
      after: { role: after.role, hoursPerWeek: after.hoursPerWeek },
    });
    return after;
  },

  // 派单确认 for a group place: only the person in it answers, only for a project still being planned or run.
  'projects.group.respond': (ctx, input) => {
    const actor = requireActor(ctx);
    const project = projectRef(ctx.db, input.projectId);
    assertNotArchived(project);
    const refusal = placeAnswerRefusal(project, actor.id);
    if (refusal === 'closed') {
      throw conflict({ zh: `项目“${project.name}”已收尾，无需确认`, en: `“${project.name}” is wrapped up; it needs no answer` });
    }
    const mine = ctx.db
      .prepare<[string, string], { id: string; response: AssignmentResponse; reason: string }>(
        'SELECT id, response, reason FROM project_members WHERE project_id = ? AND person_id = ?',
      )
      .get(project.id, actor.id);
    if (!mine) throw forbidden({ zh: '只有小组成员本人可以接受或婉拒小组席位', en: 'Only the person in a group place can accept or decline it' });
    if (refusal === 'convener') {
      throw conflict({ zh: '召集人不能婉拒自己召集的项目；如需换人，请管理者更换召集人', en: 'A convener cannot decline their own project; a manager can name another convener' });
    }
    const response: AssignmentResponse = input.accept ? 'accepted' : 'declined';
    const reason = input.accept ? '' : input.reason;
    if (mine.response === response && mine.reason === reason) {
      throw conflict({ zh: input.accept ? '您已接受此小组席位' : '您已婉拒此小组席位', en: input.accept ? 'You have already accepted this place' : 'You have already declined this place' });
    }
    ctx.db
      .prepare('UPDATE project_members SET response = ?, reason = ?, responded_at = ? WHERE id = ?')
      .run(response, reason, ctx.now(), mine.id);
    ctx.db.prepare('UPDATE projects SET updated_at = ? WHERE id = ?').run(ctx.now(), project.id);
    ctx.record({
      entityType: 'project_member',
      entityId: mine.id,
      projectId: project.id,
      summary: input.accept ? `接受项目 ${project.name} 的小组席位` : `婉拒项目 ${project.name} 的小组席位：${reason}`,
      before: { personId: actor.id, response: mine.response, reason: mine.reason },
      after: { personId: actor.id, response, reason },
    });
    return memberOf(ctx, project.id, actor.id);
  },

  'projects.group.remove': (ctx, input) => {
    const { project } = requireProjectManager(ctx, input.projectId);
    assertNotArchived(project);
    const { db } = ctx;
    const member = memberOf(ctx, project.id, input.personId);
    // Tasks may only be assigned to group members (access.ts): hand open work over first.
    const open = db
      .prepare<[string, string], { n: number }>(
        `SELECT count(*) AS n FROM task_assignees a JOIN tasks t ON t.id = a.task_id
         WHERE t.project_id = ? AND a.person_id = ? AND t.completed_at IS NULL`,
      )
      .get(project.id, input.personId)!.n;
    if (open > 0) {
      throw conflict({
        zh: `${member.name} 在此项目还有 ${open} 项未完成的任务，请先改派再移出小组`,
        en: `${member.name} still has ${open} open task(s) in this project; reassign them first`,
      });
    }
    unassignInProject(db, project.id, input.personId);
    db.prepare('DELETE FROM project_members WHERE project_id = ? AND person_id = ?').run(project.id, input.personId);
    ctx.record({
      entityType: 'project_member',
      entityId: member.memberId,
      projectId: project.id,
      summary: `${member.name} 移出项目 ${project.name} 小组`,
      before: { personId: member.personId, role: member.role, hoursPerWeek: member.hoursPerWeek },
    });
    return { removed: true };
  },

  'templates.list': (ctx) => listTemplates(ctx.db),

  'templates.saveFromProject': (ctx, input) => {
    const { actor, project } = requireProjectManager(ctx, input.projectId);
    const t = insertTemplate(ctx.db, { name: input.name, description: input.description, payload: payloadFromProject(ctx.db, project.id) }, actor.id, ctx.now());
    ctx.record({
      entityType: 'template',
      entityId: t.id,
      projectId: project.id,
      summary: `将项目 ${project.name} 存为模板“${t.name}”`,
      after: { name: t.name, description: t.description },
    });
    return t;
  },
} satisfies HandlerGroup;
