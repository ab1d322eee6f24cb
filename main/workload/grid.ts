import type {
  CellDetail,
  OverdueAlert,
  OverloadAlert,
  ReassignCandidate,
  TeamView,
  WorkloadAlerts,
  WorkloadGrid,
  WorkloadTeamBlock,
} from '../../shared/contract';
import { forbidden } from '../../shared/errors';
import type { Role } from '../../shared/domain';
import { addDays, isoWeek, localDate, weekStart } from '../../shared/time';
import type { ReadDb } from '../db/connection';
import type { HandlerGroup } from '../core/backend';
import type { Actor } from '../core/context';
import { requireActor, requireRole } from '../core/rights';
import { canManageProject } from '../projects/access';
import { loadBreakdown, loadForWeeks, round1, sumLoads, toCell, weeksFrom } from './load';
import { getPerson } from '../people';
import { listTimeOff } from './timeoff';
import { seesEveryone } from './scope';
import { CENTER_MANAGERS } from '../../shared/policy/roles';

interface PersonLite {
  id: string;
  name: string;
  role: Role;
  title: string;
  team_id: string;
}
interface TeamLite {
  id: string;
  name: string;
  name_en: string;
}

const teamsOf = (db: ReadDb): TeamLite[] => db.prepare<[], TeamLite>('SELECT id, name, name_en FROM teams ORDER BY sort, name').all();

function peopleFor(db: ReadDb, actor: Actor, f: { teamId?: string; role?: Role; projectId?: string }): PersonLite[] {
  if (!seesEveryone(actor)) {
    return db.prepare<[string], PersonLite>('SELECT id, name, role, title, team_id FROM people WHERE id = ?').all(actor.id);
  }
  return db
    .prepare<{ team: string | null; role: string | null; project: string | null }, PersonLite>(
      `SELECT p.id, p.name, p.role, p.title, p.team_id FROM people p
       WHERE p.active = 1 AND (@team IS NULL OR p.team_id = @team) AND (@role IS NULL OR p.role = @role)
         AND (@project IS NULL OR EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = @project AND m.person_id = p.id))
       ORDER BY p.pinyin, p.id`,
    )
    .all({ team: f.teamId ?? null, role: f.role ?? null, project: f.projectId ?? null });
}

/** Who is over 100 % next week, and who has open tasks past their due time. */
export function alertsFor(db: ReadDb, actor: Actor, now: number): WorkloadAlerts {
  const nextWeek = addDays(weekStart(localDate(now)), 7);
  const teamName = new Map(teamsOf(db).map((t) => [t.id, t.name]));
  const people = peopleFor(db, actor, {});
  const loads = loadForWeeks(db, people.map((p) => p.id), [nextWeek]);
  const overloaded: OverloadAlert[] = [];
  for (const p of people) {
    const l = loads.get(p.id)?.[0];
    if (!l || l.ratio <= 1) continue;
    const c = toCell(l);
    overloaded.push({ personId: p.id, name: p.name, teamId: p.team_id, teamName: teamName.get(p.team_id) ?? '', totalHours: c.totalHours, capacityHours: c.capacityHours, ratio: c.ratio });
  }
  overloaded.sort((a, b) => (b.ratio ?? Infinity) - (a.ratio ?? Infinity) || a.name.localeCompare(b.name, 'zh'));
  const ids = new Set(people.map((p) => p.id));
  const rows = db
    .prepare<[number], { person_id: string; task_id: string; title: string; project_id: string; project_name: string; due_at: number }>(
      `SELECT a.person_id, t.id AS task_id, t.title, t.project_id, p.name AS project_name, t.due_at
       FROM tasks t JOIN task_assignees a ON a.task_id = t.id JOIN projects p ON p.id = t.project_id
       WHERE t.completed_at IS NULL AND t.due_at IS NOT NULL AND t.due_at < ? ORDER BY t.due_at, t.id`,
    )
    .all(now);
  const overdue = new Map<string, OverdueAlert>();
  for (const r of rows) {
    if (!ids.has(r.person_id)) continue;
    let a = overdue.get(r.person_id);
    if (!a) {
      const p = people.find((x) => x.id === r.person_id)!;
      a = { personId: p.id, name: p.name, teamId: p.team_id, teamName: teamName.get(p.team_id) ?? '', tasks: [] };
      overdue.set(r.person_id, a);
    }
    a.tasks.push({ taskId: r.task_id, title: r.title, projectId: r.project_id, projectName: r.project_name, dueAt: r.due_at });
  }
  return { nextWeek, overloaded, overdue: [...overdue.values()].sort((a, b) => b.tasks.length - a.tasks.length || a.name.localeCompare(b.name, 'zh')) };
}

function buildGrid(
  db: ReadDb,
  actor: Actor,
  now: number,
  input: { from?: string; weeks: number; teamId?: string; role?: Role; projectId?: string; tentative: boolean },
): WorkloadGrid {
  const weeks = weeksFrom(input.from ?? localDate(now), input.weeks);
  const people = peopleFor(db, actor, input);
  const loads = loadForWeeks(db, people.map((p) => p.id), weeks, { tentative: input.tentative });
  const teams: WorkloadTeamBlock[] = [];
  for (const t of teamsOf(db)) {
    const members = people.filter((p) => p.team_id === t.id);
    if (!members.length) continue;
    teams.push({
      teamId: t.id,
      name: t.name,
      nameEn: t.name_en,
      people: members.map((p) => ({ id: p.id, name: p.name, role: p.role, title: p.title, teamId: p.team_id, cells: (loads.get(p.id) ?? []).map(toCell) })),
      totals: weeks.map((w, i) => sumLoads(w, members.map((p) => loads.get(p.id)![i]!))),
    });
  }
  const projects = db
    .prepare<[], { id: string; name: string }>("SELECT id, name FROM projects WHERE status IN ('proposed', 'active') ORDER BY start_date, name")
    .all();
  return {
    scope: seesEveryone(actor) ? 'all' : 'self',
    weeks: weeks.map((w) => ({ weekStart: w, ...isoWeek(w) })),
    teams,
    projects,
    alerts: alertsFor(db, actor, now),
  };
}

function cellDetail(db: ReadDb, actor: Actor, personId: string, week: string): CellDetail {
  if (!seesEveryone(actor) && actor.id !== personId) {
    throw forbidden({ zh: '您只能查看自己的工作量', en: 'You can only see your own workload' });
  }
  const person = getPerson(db, personId);
  const monday = weekStart(week);
  const load = loadForWeeks(db, [personId], [monday]).get(personId)![0]!;
  const parts = loadBreakdown(db, personId, monday);
  const assigneesOf = db.prepare<[string], { id: string; name: string }>(
    'SELECT p.id, p.name FROM task_assignees a JOIN people p ON p.id = a.person_id WHERE a.task_id = ? ORDER BY p.pinyin',
  );
  const convenerOf = db.prepare<[string], { convener_id: string }>('SELECT convener_id FROM projects WHERE id = ?');
  const groupOf = db.prepare<[string], { id: string; name: string; team_id: string }>(
    `SELECT p.id, p.name, p.team_id FROM project_members m JOIN people p ON p.id = m.person_id
     WHERE m.project_id = ? AND p.active = 1 ORDER BY p.pinyin`,
  );
  const tasks = parts.tasks.map((t) => {
    const assignees = assigneesOf.all(t.taskId);
    const canReassign = canManageProject(actor, { convenerId: convenerOf.get(t.projectId)!.convener_id });
    let candidates: ReassignCandidate[] = [];
    if (canReassign) {
      const group = groupOf.all(t.projectId).filter((g) => !assignees.some((a) => a.id === g.id));
      const loads = loadForWeeks(db, group.map((g) => g.id), [monday]);
      candidates = group
        .map((g) => {
          const c = toCell(loads.get(g.id)![0]!);
          return { id: g.id, name: g.name, teamId: g.team_id, sameTeam: g.team_id === person.teamId, totalHours: c.totalHours, capacityHours: c.capacityHours, ratio: c.ratio, level: c.level };
        })
        .sort((a, b) => Number(b.sameTeam) - Number(a.sameTeam) || (a.ratio ?? Infinity) - (b.ratio ?? Infinity) || a.name.localeCompare(b.name, 'zh'));
    }
    return { id: t.taskId, title: t.title, projectId: t.projectId, projectName: t.projectName, dueAt: t.dueAt, estimateHours: t.estimateHours, hours: t.hours, tentative: t.tentative, assignees, canReassign, candidates };
  });
  return {
    person: { id: person.id, name: person.name, teamId: person.teamId },
    cell: toCell(load),
    allocations: parts.allocations,
    tasks,
    timeOff: listTimeOff(db, actor, { personId, overlapsFrom: monday, overlapsTo: addDays(monday, 6) }),
    shifts: parts.shifts,
  };
}

function teamViews(db: ReadDb, now: number, from: string | undefined, count: number): TeamView[] {
  const weeks = weeksFrom(from ?? localDate(now), count);
  const people = db.prepare<[], { id: string; team_id: string }>('SELECT id, team_id FROM people WHERE active = 1').all();
  const loads = loadForWeeks(db, people.map((p) => p.id), weeks);
  const firstDay = weeks[0]!;
  const lastDay = addDays(weeks.at(-1)!, 6);
  const drawing = db.prepare<[string, string, string], { project_id: string; name: string; people: number; hours: number }>(
    `SELECT pr.id AS project_id, pr.name, count(*) AS people, sum(m.hours_per_week) AS hours
     FROM project_members m JOIN projects pr ON pr.id = m.project_id JOIN people p ON p.id = m.person_id
     WHERE p.team_id = ? AND p.active = 1 AND pr.status IN ('proposed', 'active') AND pr.start_date <= ? AND pr.end_date >= ?
     GROUP BY pr.id ORDER BY hours DESC, pr.name`,
  );
  return teamsOf(db).map((t) => {
    const members = people.filter((p) => p.team_id === t.id);
    return {
      teamId: t.id,
      name: t.name,
      nameEn: t.name_en,
      headcount: members.length,
      weeks: weeks.map((w, i) => sumLoads(w, members.map((p) => loads.get(p.id)![i]!))),
      projects: drawing.all(t.id, lastDay, firstDay).map((r) => ({ projectId: r.project_id, name: r.name, people: r.people, hoursPerWeek: round1(r.hours) })),
    };
  });
}

export const workloadGridHandlers = {
  'workload.grid': (ctx, input) => buildGrid(ctx.db, requireActor(ctx), ctx.now(), input),
  'workload.cell': (ctx, input) => cellDetail(ctx.db, requireActor(ctx), input.personId, input.weekStart),
  'workload.teams': (ctx, input) => {
    requireRole(ctx, CENTER_MANAGERS, { zh: '查看团队负荷', en: 'see team load' });
    return teamViews(ctx.db, ctx.now(), input.from, input.weeks);
  },
} satisfies HandlerGroup;

