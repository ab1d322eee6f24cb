import type { Person, Team } from '../../shared/contract';
import { conflict, forbidden, invalid, notFound } from '../../shared/errors';
import type { Role } from '../../shared/domain';
import type { Db, ReadDb, ReadStatement } from '../db/connection';
import { rankPeople } from '../../shared/people-search';
import type { HandlerGroup } from '../core/backend';
import type { CommandCtx } from '../core/context';
import { newId } from '../core/ids';
import { requireActor, requireRole } from '../core/rights';
import { loginBase, uniqueLogin } from '../core/logins';
import { normaliseQuery, pinyinKeys } from '../core/pinyin';
import { CENTER_MANAGERS } from '../../shared/policy/roles';
import { readFigureFile } from '../figures/file';
import { applyRosterPlan, planRosterImport, rosterFile } from './roster';

interface TeamRow {
  id: string;
  name: string;
  name_en: string;
  description: string;
  skills: string;
  sort: number;
  headcount: number;
}

export interface PersonRow {
  id: string;
  name: string;
  pinyin: string;
  pinyin_initials: string;
  login: string;
  team_id: string;
  role: Role;
  title: string;
  skills: string;
  capacity_hours: number;
  active: number;
  created_at: number;
  updated_at: number;
}

export const toTeam = (r: TeamRow): Team => ({
  id: r.id,
  name: r.name,
  nameEn: r.name_en,
  description: r.description,
  skills: JSON.parse(r.skills) as string[],
  sort: r.sort,
  headcount: r.headcount,
});

export const toPerson = (r: PersonRow): Person => ({
  id: r.id,
  name: r.name,
  pinyin: r.pinyin,
  pinyinInitials: r.pinyin_initials,
  login: r.login,
  teamId: r.team_id,
  role: r.role,
  title: r.title,
  skills: JSON.parse(r.skills) as string[],
  capacityHours: r.capacity_hours,
  active: r.active === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const TEAM_SELECT = `SELECT t.*, (SELECT count(*) FROM people p WHERE p.team_id = t.id AND p.active = 1) AS headcount FROM teams t`;

export function getTeam(db: Db, id: string): Team {
  const row = db.prepare<[string], TeamRow>(`${TEAM_SELECT} WHERE t.id = ?`).get(id);
  if (!row) throw notFound({ zh: '团队', en: 'Team' });
  return toTeam(row);
}

export function getPerson(db: ReadDb, id: string): Person {
  const row = db.prepare<[string], PersonRow>('SELECT * FROM people WHERE id = ?').get(id);
  if (!row) throw notFound({ zh: '人员', en: 'Person' });
  return toPerson(row);
}

export interface NewPerson {
  name: string;
  teamId: string;
  role: Role;
  title: string;
  skills: string[];
  capacityHours: number;
  /** The sign-in handle; omitted: the pinyin of the name, numbered if taken. */
  login?: string | undefined;
}

/** Whether a login is in use (case-insensitively), by someone other than `exceptId`. */
function loginTaken(db: Db, login: string, exceptId: string | null = null): boolean {
  return db.prepare('SELECT 1 FROM people WHERE login = ? COLLATE NOCASE AND id IS NOT ?').get(login, exceptId) !== undefined;
}

function assertLoginFree(db: Db, login: string, exceptId: string | null): void {
  if (loginTaken(db, login, exceptId)) {
    throw conflict({ zh: `登录名“${login}”已被占用`, en: `The login “${login}” is already taken` });
  }
}

/** Inserts a person (no rights check, no log: callers are commands that do both). */
export function insertPerson(db: Db, p: NewPerson, now: number, id = newId()): Person {
  getTeam(db, p.teamId);
  const keys = pinyinKeys(p.name);
  if (p.login !== undefined) assertLoginFree(db, p.login, null);
  const login = p.login ?? uniqueLogin(loginBase(p.name), (l) => loginTaken(db, l));
  db.prepare(
    `INSERT INTO people (id, name, pinyin, pinyin_initials, login, team_id, role, title, skills, capacity_hours, active, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
  ).run(id, p.name, keys.full, keys.initials, login, p.teamId, p.role, p.title, JSON.stringify(uniq(p.skills)), p.capacityHours, now, now);
  return getPerson(db, id);
}

export function insertTeam(
  db: Db,
  t: { name: string; nameEn: string; description: string; skills: string[]; sort?: number },
  now: number,
  id = newId(),
): Team {
  if (db.prepare('SELECT 1 FROM teams WHERE name = ?').get(t.name)) {
    throw conflict({ zh: `已有名为“${t.name}”的团队`, en: `A team named “${t.name}” already exists` });
  }
  const sort = t.sort ?? (db.prepare<[], { s: number }>('SELECT coalesce(max(sort), 0) + 1 AS s FROM teams').get()?.s ?? 1);
  db.prepare(
    'INSERT INTO teams (id, name, name_en, description, skills, sort, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(id, t.name, t.nameEn, t.description, JSON.stringify(uniq(t.skills)), sort, now, now);
  return getTeam(db, id);
}

const uniq = (xs: string[]): string[] => [...new Set(xs.map((x) => x.trim()).filter(Boolean))];

const STAFF_ADMIN = CENTER_MANAGERS;
const staffWhat = { zh: '管理人员与团队', en: 'manage people and teams' };

/** An admin must always remain: refuse changes that would leave the workspace without one. */
function assertAdminRemains(ctx: CommandCtx, personId: string): void {
  const n = ctx.db
    .prepare<[string], { n: number }>(
      "SELECT count(*) AS n FROM people WHERE role = 'admin' AND active = 1 AND id <> ?",
    )
    .get(personId)!.n;
  if (n === 0) {
    throw conflict({ zh: '工作区至少需要保留一名在职管理员', en: 'The workspace must keep at least one active admin' });
  }
}

const loginAdminOnly = () => forbidden({ zh: '只有管理员可以设置或修改登录名', en: 'Only an admin can set or change a login' });

export const peopleHandlers = {
  'teams.list': (ctx) => ctx.db.prepare<[], TeamRow>(`${TEAM_SELECT} ORDER BY t.sort, t.name`).all().map(toTeam),

  'teams.create': (ctx, input) => {
    requireRole(ctx, STAFF_ADMIN, staffWhat);
    const team = insertTeam(ctx.db, input, ctx.now());
    ctx.record({ entityType: 'team', entityId: team.id, summary: `新建团队 ${team.name}`, after: team });
    return team;
  },

  'teams.update': (ctx, input) => {
    requireRole(ctx, STAFF_ADMIN, staffWhat);
    const before = getTeam(ctx.db, input.id);
    if (input.name && input.name !== before.name && ctx.db.prepare('SELECT 1 FROM teams WHERE name = ?').get(input.name)) {
      throw conflict({ zh: `已有名为“${input.name}”的团队`, en: `A team named “${input.name}” already exists` });
    }
    ctx.db
      .prepare(
        `UPDATE teams SET name = coalesce(@name, name), name_en = coalesce(@nameEn, name_en),
           description = coalesce(@description, description), skills = coalesce(@skills, skills),
           sort = coalesce(@sort, sort), updated_at = @now WHERE id = @id`,
      )
      .run({
        id: input.id,
        name: input.name ?? null,
        nameEn: input.nameEn ?? null,
        description: input.description ?? null,
        skills: input.skills ? JSON.stringify(uniq(input.skills)) : null,
        sort: input.sort ?? null,
        now: ctx.now(),
      });
    const after = getTeam(ctx.db, input.id);
    ctx.record({ entityType: 'team', entityId: after.id, summary: `修改团队 ${after.name}`, before, after });
    return after;
  },

  'people.list': (ctx, input) => listPeople(ctx.db, input),

  'people.get': (ctx, input) => getPerson(ctx.db, input.id),

  'people.create': (ctx, input) => {
    const actor = requireRole(ctx, STAFF_ADMIN, staffWhat);
    if (input.role === 'admin' && actor.role !== 'admin') {
      throw invalid({ zh: '只有管理员可以设置管理员角色', en: 'Only an admin can grant the admin role' });
    }
    if (input.login !== undefined && actor.role !== 'admin') throw loginAdminOnly();
    const person = insertPerson(ctx.db, input, ctx.now());
    ctx.record({ entityType: 'person', entityId: person.id, summary: `新增人员 ${person.name}`, after: person });
    return person;
  },

  'people.update': (ctx, input) => {
    const actor = requireActor(ctx);
    const before = getPerson(ctx.db, input.id);
    const self = actor.id === input.id;
    const touchesStaffing = input.teamId !== undefined || input.role !== undefined || input.capacityHours !== undefined;
    // People keep their own title and skills current; staffing (team, role, capacity) is for managers.
    if (!self || touchesStaffing) requireRole(ctx, STAFF_ADMIN, staffWhat);
    if (input.role !== undefined && input.role !== before.role) {
      if (actor.role !== 'admin' && (input.role === 'admin' || before.role === 'admin')) {
        throw invalid({ zh: '只有管理员可以授予或收回管理员角色', en: 'Only an admin can grant or remove the admin role' });
      }
      if (before.role === 'admin') assertAdminRemains(ctx, before.id);
    }
    if (input.login !== undefined && input.login !== before.login) {
      // The login is how the hub knows who signs in: only an admin changes it, never oneself.
      if (actor.role !== 'admin') throw loginAdminOnly();
      assertLoginFree(ctx.db, input.login, before.id);
    }
    if (input.teamId) getTeam(ctx.db, input.teamId);
    const keys = input.name ? pinyinKeys(input.name) : null;
    ctx.db
      .prepare(
        `UPDATE people SET name = coalesce(@name, name), pinyin = coalesce(@pinyin, pinyin),
           pinyin_initials = coalesce(@initials, pinyin_initials), login = coalesce(@login, login), team_id = coalesce(@teamId, team_id),
           role = coalesce(@role, role), title = coalesce(@title, title), skills = coalesce(@skills, skills),
           capacity_hours = coalesce(@capacity, capacity_hours), updated_at = @now
         WHERE id = @id`,
      )
      .run({
        id: input.id,
        name: input.name ?? null,
        pinyin: keys?.full ?? null,
        initials: keys?.initials ?? null,
        login: input.login ?? null,
        teamId: input.teamId ?? null,
        role: input.role ?? null,
        title: input.title ?? null,
        skills: input.skills ? JSON.stringify(uniq(input.skills)) : null,
        capacity: input.capacityHours ?? null,
        now: ctx.now(),
      });
    const after = getPerson(ctx.db, input.id);
    const moved = before.teamId !== after.teamId;
    ctx.record({
      entityType: 'person',
      entityId: after.id,
      summary: moved ? `${after.name} 调动团队` : `修改人员 ${after.name}`,
      before,
      after,
    });
    return after;
  },

  'people.setActive': (ctx, input) => {
    const actor = requireRole(ctx, STAFF_ADMIN, staffWhat);
    const before = getPerson(ctx.db, input.id);
    if (!input.active) {
      if (actor.id === input.id) throw conflict({ zh: '不能停用自己', en: 'You cannot deactivate yourself' });
      if (before.role === 'admin') assertAdminRemains(ctx, before.id);
    }
    ctx.db.prepare('UPDATE people SET active = ?, updated_at = ? WHERE id = ?').run(input.active ? 1 : 0, ctx.now(), input.id);
    const after = getPerson(ctx.db, input.id);
    ctx.record({
      entityType: 'person',
      entityId: after.id,
      summary: `${input.active ? '恢复' : '停用'}人员 ${after.name}`,
      before,
      after,
    });
    return after;
  },

  'people.readRosterFile': async (ctx, input) => {
    requireRole(ctx, ['admin'], rosterWhat);
    return { rows: await readFigureFile(input.fileName, Buffer.from(input.dataBase64, 'base64')) };
  },

  'people.checkImport': (ctx, input) => {
    requireRole(ctx, ['admin'], rosterWhat);
    return planRosterImport(ctx.db, input).check;
  },

  'people.import': (ctx, input) => {
    requireRole(ctx, ['admin'], rosterWhat);
    const plan = planRosterImport(ctx.db, input);
    const { check } = plan;
    if (!check.ok) {
      const bad = check.rows.filter((r) => r.errors.length);
      const m = check.mappingErrors;
      if (m.missing.length || m.shared.length || m.outside.length) {
        throw invalid({ zh: '列的对应关系不完整：姓名和团队必须各对应一列，且一列只能对应一项', en: 'The column mapping is incomplete: name and team each need a column, and a column maps to one field only' });
      }
      if (check.noAdminLeft) throw conflict({ zh: '导入后将没有在职管理员，未写入任何数据', en: 'The import would leave no active admin; nothing was written' });
      if (!bad.length) throw invalid({ zh: '文件中没有可导入的人员', en: 'The file has no one to import' });
      const lines = bad.slice(0, 5).map((r) => r.line).join('、');
      throw invalid(
        {
          zh: `花名册有 ${bad.length} 行错误（第 ${lines}${bad.length > 5 ? ' 等' : ''} 行），未写入任何数据`,
          en: `The roster has ${bad.length} rows with errors (line ${lines}${bad.length > 5 ? ' and more' : ''}); nothing was written`,
        },
        bad.slice(0, 50).flatMap((r) => r.errors.map((e) => ({ path: `line ${r.line} ${e.field}`, message: `${e.kind}: ${e.value}` }))),
      );
    }
    const result = applyRosterPlan(ctx.db, plan, ctx.now());
    ctx.record({
      entityType: 'person',
      entityId: 'roster',
      summary: `从 ${input.fileName || '花名册'} 导入人员：新增 ${result.created}，更新 ${result.updated}，未变 ${result.unchanged}`,
      after: { ...result, lines: check.rows.filter((r) => r.action !== 'unchanged').map((r) => ({ line: r.line, action: r.action, personId: r.personId, name: r.name, changes: r.changes })) },
    });
    return result;
  },

  'people.exportRoster': async (ctx, input) => {
    requireRole(ctx, STAFF_ADMIN, staffWhat);
    return rosterFile(ctx.db, input.format, input.includeInactive, ctx.now());
  },
} satisfies HandlerGroup;

const rosterWhat = { zh: '导入花名册', en: 'import a roster' };

/**
 * People matching what was typed: characters anywhere in the name or a skill,
 * or latin letters as a prefix/substring of the full pinyin or a prefix of the
 * initials — `zxm`, `zhangxiaoming` and `xiaoming` all find 张晓明.
 */
type ListParams = { team: string | null; all: number; text: string | null; latin: string | null };
/** The list statement, compiled once per connection (the people screen and pickers call it often). */
const listStatements = new WeakMap<ReadDb, ReadStatement<[ListParams], PersonRow>>();

export function listPeople(
  db: ReadDb,
  input: { search?: string | undefined; teamId?: string | undefined; includeInactive: boolean },
): Person[] {
  const q = input.search ? normaliseQuery(input.search) : null;
  let list = listStatements.get(db);
  if (!list) {
    list = db.prepare<ListParams, PersonRow>(
      `SELECT p.* FROM people p
       WHERE (@team IS NULL OR p.team_id = @team)
         AND (@all = 1 OR p.active = 1)
         AND (@text IS NULL
              OR instr(lower(p.name), @text) > 0
              OR instr(lower(p.title), @text) > 0
              OR EXISTS (SELECT 1 FROM json_each(p.skills) s WHERE instr(lower(s.value), @text) > 0)
              OR (@latin IS NOT NULL AND (instr(p.pinyin, @latin) > 0 OR substr(p.pinyin_initials, 1, length(@latin)) = @latin)))
       ORDER BY p.active DESC, p.pinyin, p.id`,
    );
    listStatements.set(db, list);
  }
  const rows = list.all({
      team: input.teamId ?? null,
      all: input.includeInactive ? 1 : 0,
      text: q && q.text ? q.text : null,
      latin: q?.latin || null,
    });
  const people = rows.map(toPerson);
  // The same order the renderer's boxes give (shared/people-search.ts).
  return q ? rankPeople(people, q) : people;
}
