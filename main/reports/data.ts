import type { MonthlyReport, ReportFigures, ReportPersonRow, ReportTeamRow, ReviewFigures } from '../../shared/contract';
import type { Role } from '../../shared/domain';
import { dayStart } from '../../shared/time';
import type { ReadDb } from '../db/connection';
import type { Actor } from '../core/context';
import { round1 } from '../workload/load';
import { seesEveryone } from '../workload/scope';

/**
 * Monthly figures for performance review (绩效考核), counted per person:
 * - tasks done: tasks completed in the month (Asia/Shanghai) the person is assigned to;
 * - hours: their share of those tasks' estimates (split evenly between assignees);
 * - deliverables published: deliverables they own whose published time is in the month;
 * - views/likes/shares/comments: every figure recorded for those deliverables.
 * A team's figures are the sum of its people's (a task two team members share counts for both).
 */
export function monthRange(month: string): { from: number; to: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { from: dayStart(`${month}-01`), to: dayStart(next) };
}

export const emptyFigures = (): ReportFigures => ({ tasksDone: 0, hours: 0, deliverablesPublished: 0, views: 0, likes: 0, shares: 0, comments: 0 });

function add(into: ReportFigures, f: ReportFigures): void {
  into.tasksDone += f.tasksDone;
  into.hours = round1(into.hours + f.hours);
  into.deliverablesPublished += f.deliverablesPublished;
  into.views += f.views;
  into.likes += f.likes;
  into.shares += f.shares;
  into.comments += f.comments;
}

/** The month's figures, grouped per person (exported for the query-plan tests); one who declined a task (派单确认) has no part of it. */
export const REPORT_TASKS_SQL = `SELECT a.person_id, count(*) AS n,
                sum(coalesce(t.estimate_hours, 0) / (SELECT count(*) FROM task_assignees x WHERE x.task_id = t.id AND x.response <> 'declined')) AS hours
         FROM tasks t CROSS JOIN task_assignees a
         WHERE t.completed_at >= ? AND t.completed_at < ? AND a.task_id = t.id AND a.response <> 'declined'
         GROUP BY a.person_id`;

export const REPORT_DELIVERABLES_SQL = `SELECT owner_id, count(*) AS n FROM deliverables
         WHERE published_at >= ? AND published_at < ? AND status = 'published' AND owner_id IS NOT NULL
         GROUP BY owner_id`;

export const REPORT_FIGURES_SQL = `SELECT d.owner_id, coalesce(sum(f.views), 0) AS views, coalesce(sum(f.likes), 0) AS likes,
                coalesce(sum(f.shares), 0) AS shares, coalesce(sum(f.comments), 0) AS comments
         FROM deliverables d JOIN deliverable_figures f ON f.deliverable_id = d.id
         WHERE d.published_at >= ? AND d.published_at < ? AND d.status = 'published' AND d.owner_id IS NOT NULL
         GROUP BY d.owner_id`;

/** The month's submitted versions (index review_rounds_deliverable is per deliverable; a month's rounds are few). */
export const REPORT_REVIEWS_SQL = `SELECT r.deliverable_id, r.status, r.submitted_at, r.closed_at FROM review_rounds r
         JOIN deliverables d ON d.id = r.deliverable_id
         WHERE r.submitted_at >= @from AND r.submitted_at < @to AND (@owner IS NULL OR d.owner_id = @owner)`;

export function reviewFigures(db: ReadDb, from: number, to: number, owner: string | null): ReviewFigures {
  const rows = db
    .prepare<{ from: number; to: number; owner: string | null }, { deliverable_id: string; status: string; submitted_at: number; closed_at: number | null }>(
      REPORT_REVIEWS_SQL,
    )
    .all({ from, to, owner });
  const deliverables = new Set(rows.map((r) => r.deliverable_id)).size;
  const waits = rows
    .filter((r) => r.closed_at !== null)
    .map((r) => (r.closed_at! - r.submitted_at) / 3600_000)
    .sort((a, b) => a - b);
  const mid = waits.length >> 1;
  const median = waits.length === 0 ? null : waits.length % 2 ? waits[mid]! : (waits[mid - 1]! + waits[mid]!) / 2;
  return {
    deliverables,
    rounds: rows.length,
    roundsPerDeliverable: deliverables ? round1(rows.length / deliverables) : 0,
    sentBack: rows.filter((r) => r.status === 'sent_back').length,
    overridden: rows.filter((r) => r.status === 'overridden').length,
    medianWaitHours: median === null ? null : round1(median),
    open: rows.filter((r) => r.status === 'in_review').length,
  };
}

export function monthlyReport(db: ReadDb, actor: Actor, month: string, teamId?: string): MonthlyReport {
  const all = seesEveryone(actor);
  const { from, to } = monthRange(month);
  const people = db
    .prepare<{ self: string | null; team: string | null }, { id: string; name: string; role: Role; team_id: string; team_name: string }>(
      `SELECT p.id, p.name, p.role, p.team_id, t.name AS team_name FROM people p JOIN teams t ON t.id = p.team_id
       WHERE (@self IS NOT NULL AND p.id = @self) OR (@self IS NULL AND p.active = 1 AND (@team IS NULL OR p.team_id = @team))
       ORDER BY t.sort, t.name, p.pinyin, p.id`,
    )
    .all({ self: all ? null : actor.id, team: teamId ?? null });
  // One grouped read per figure over the month (range reads on tasks_completed and
  // deliverables_published), not three statements per person: a person's rows pile
  // up over the years, the month's rows do not.
  const tasks = new Map(
    db
      .prepare<[number, number], { person_id: string; n: number; hours: number | null }>(
        REPORT_TASKS_SQL,
      )
      .all(from, to)
      .map((r) => [r.person_id, r]),
  );
  const deliverables = new Map(
    db
      .prepare<[number, number], { owner_id: string; n: number }>(
        REPORT_DELIVERABLES_SQL,
      )
      .all(from, to)
      .map((r) => [r.owner_id, r.n]),
  );
  const figures = new Map(
    db
      .prepare<[number, number], { owner_id: string; views: number; likes: number; shares: number; comments: number }>(
        REPORT_FIGURES_SQL,
      )
      .all(from, to)
      .map((r) => [r.owner_id, r]),
  );
  const rows: ReportPersonRow[] = people.map((p) => {
    const t = tasks.get(p.id);
    const f = figures.get(p.id);
    return {
      personId: p.id,
      name: p.name,
      role: p.role,
      teamId: p.team_id,
      teamName: p.team_name,
      tasksDone: t?.n ?? 0,
      hours: round1(t?.hours ?? 0),
      deliverablesPublished: deliverables.get(p.id) ?? 0,
      views: f?.views ?? 0,
      likes: f?.likes ?? 0,
      shares: f?.shares ?? 0,
      comments: f?.comments ?? 0,
    };
  });
  const teams: ReportTeamRow[] = [];
  const totals = emptyFigures();
  for (const r of rows) {
    add(totals, r);
    if (!all) continue;
    let team = teams.find((x) => x.teamId === r.teamId);
    if (!team) {
      team = { teamId: r.teamId, teamName: r.teamName, headcount: 0, ...emptyFigures() };
      teams.push(team);
    }
    team.headcount++;
    add(team, r);
  }
  return { month, scope: all ? 'all' : 'self', people: rows, teams, totals, reviews: reviewFigures(db, from, to, all ? null : actor.id) };
}
