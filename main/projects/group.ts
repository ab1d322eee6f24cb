import { mayReadTimeOffNote, type Viewer } from '../core/read-scopes';
import type { Candidate, Clash, Person, ProjectNeed, SuggestionGroup, WeekLoadView } from '../../shared/contract';
import { addDays, localDate, weekStart } from '../../shared/time';
import { hhmm } from '../../shared/rota';
import type { ReadDb } from '../db/connection';
import { loadForWeeks, loadLevel, type WeekLoad } from '../workload/load';
import { listPeople } from '../people';

/**
 * What the convener needs to know about a person before drawing them into a
 * group: load this week and next (from load.ts — the one definition), how many
 * active projects they are in, and clashes on this project's key dates.
 */

/** Mondays of this week and next, in the center's zone. */
export function pickerWeeks(now: number): [string, string] {
  const monday = weekStart(localDate(now));
  return [monday, addDays(monday, 7)];
}

const toView = (w: WeekLoad): WeekLoadView => ({
  weekStart: w.weekStart,
  totalHours: w.totalHours,
  capacityHours: w.capacityHours,
  ratio: Number.isFinite(w.ratio) ? Math.round(w.ratio * 100) / 100 : null,
  level: loadLevel(w.ratio),
});

/**
 * Clashes of people with this project's key dates: being in the group of
 * another proposed or active project that has a key date on the same day,
 * having time off (leave, field assignment) that covers a key date, or being
 * on a duty shift (值班表) on that date.
 */
export function clashesFor(
  db: ReadDb,
  project: { id: string; keyDates: { date: string; label: string }[] },
  personIds: readonly string[],
  viewer: Viewer | null = null,
): Map<string, Clash[]> {
  const out = new Map<string, Clash[]>(personIds.map((id) => [id, []]));
  const dates = [...new Set(project.keyDates.map((k) => k.date))];
  if (!dates.length || !personIds.length) return out;
  const datesJson = JSON.stringify(dates);
  const elsewhere = db
    .prepare<[string, string], { person_id: string; project_id: string; name: string; date: string; label: string }>(
      `SELECT m.person_id, p.id AS project_id, p.name, k.date, k.label
       FROM project_key_dates k
       JOIN projects p ON p.id = k.project_id
       JOIN project_members m ON m.project_id = p.id
       WHERE p.status IN ('proposed', 'active') AND p.id <> ? AND k.date IN (SELECT value FROM json_each(?))
       ORDER BY k.date, p.name`,
    )
    .all(project.id, datesJson);
  for (const r of elsewhere) {
    out.get(r.person_id)?.push({ kind: 'project', date: r.date, label: r.label, projectId: r.project_id, projectName: r.name });
  }
  const first = dates.reduce((a, b) => (a < b ? a : b));
  const last = dates.reduce((a, b) => (a > b ? a : b));
  const off = db
    .prepare<[string, string], { person_id: string; kind: 'leave' | 'field'; start_date: string; end_date: string; note: string }>(
      'SELECT person_id, kind, start_date, end_date, note FROM time_off WHERE start_date <= ? AND end_date >= ? ORDER BY start_date',
    )
    .all(last, first);
  for (const t of off) {
    const list = out.get(t.person_id);
    if (!list) continue;
    for (const d of dates) {
      // The reason only where the read policy allows it; the clash itself (dates, kind) is for everyone.
      const label = mayReadTimeOffNote(viewer, t.person_id) ? t.note : '';
      if (d >= t.start_date && d <= t.end_date) list.push({ kind: 'timeOff', date: d, label, timeOffKind: t.kind });
    }
  }
  const shifts = db
    .prepare<[string], { person_id: string; date: string; name: string; start_min: number; end_min: number }>(
      `SELECT e.person_id, e.date, s.name, s.start_min, s.end_min FROM rota_entries e JOIN shift_types s ON s.id = e.shift_type_id
       WHERE e.date IN (SELECT value FROM json_each(?)) ORDER BY e.date, s.start_min`,
    )
    .all(datesJson);
  for (const r of shifts) {
    out.get(r.person_id)?.push({ kind: 'duty', date: r.date, label: `${r.name} ${hhmm(r.start_min)}–${hhmm(r.end_min)}`, shiftName: r.name });
  }
  for (const list of out.values()) list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return out;
}

/** People as candidates for this project's group. */
export function describeCandidates(
  db: ReadDb,
  project: { id: string; keyDates: { date: string; label: string }[] },
  people: readonly Person[],
  now: number,
  viewer: Viewer | null = null,
): Candidate[] {
  const ids = people.map((p) => p.id);
  const weeks = pickerWeeks(now);
  const loads = loadForWeeks(db, ids, weeks);
  const clashes = clashesFor(db, project, ids, viewer);
  const active = new Map(
    db
      .prepare<[], { person_id: string; n: number }>(
        `SELECT m.person_id, count(*) AS n FROM project_members m JOIN projects p ON p.id = m.project_id
         WHERE p.status = 'active' GROUP BY m.person_id`,
      )
      .all()
      .map((r) => [r.person_id, r.n]),
  );
  const inGroup = new Set(
    db
      .prepare<[string], { person_id: string }>('SELECT person_id FROM project_members WHERE project_id = ?')
      .all(project.id)
      .map((r) => r.person_id),
  );
  return people.map((p) => {
    const [thisWeek, nextWeek] = loads.get(p.id) ?? [];
    return {
      personId: p.id,
      name: p.name,
      pinyin: p.pinyin,
      teamId: p.teamId,
      title: p.title,
      skills: p.skills,
      capacityHours: p.capacityHours,
      thisWeek: toView(thisWeek!),
      nextWeek: toView(nextWeek!),
      activeProjects: active.get(p.id) ?? 0,
      clashes: clashes.get(p.id) ?? [],
      inGroup: inGroup.has(p.id),
    };
  });
}

/** Share of two weeks' capacity already taken; Infinity when booked with no capacity. */
export function twoWeekRatio(c: Pick<Candidate, 'thisWeek' | 'nextWeek'>): number {
  const total = c.thisWeek.totalHours + c.nextWeek.totalHours;
  const cap = c.thisWeek.capacityHours + c.nextWeek.capacityHours;
  return cap > 0 ? total / cap : total > 0 ? Infinity : 0;
}

/**
 * The order suggestions come in for a needed team: people with the skill the
 * need asks for first, then the least loaded over this week and next, then
 * those with fewer clashes on the key dates, then by pinyin (stable).
 */
export function compareForNeed(skill: string): (a: Candidate, b: Candidate) => number {
  const has = (c: Candidate): number => (skill && c.skills.includes(skill) ? 0 : 1);
  // Infinity − Infinity is NaN, which is falsy: two people booked with no capacity fall through to clashes.
  return (a, b) =>
    has(a) - has(b) ||
    twoWeekRatio(a) - twoWeekRatio(b) ||
    a.clashes.length - b.clashes.length ||
    (a.pinyin < b.pinyin ? -1 : a.pinyin > b.pinyin ? 1 : 0);
}

/** For each team the project needs: who is already in, and the best people to add. */
export function suggestionsFor(
  db: ReadDb,
  project: { id: string; keyDates: { date: string; label: string }[] },
  needs: readonly ProjectNeed[],
  perNeed: number,
  now: number,
  viewer: Viewer | null = null,
): SuggestionGroup[] {
  return needs.map((need) => {
    const team = listPeople(db, { teamId: need.teamId, includeInactive: false });
    const all = describeCandidates(db, project, team, now, viewer);
    const have = all.filter((c) => c.inGroup).length;
    const people = all.filter((c) => !c.inGroup).sort(compareForNeed(need.skill)).slice(0, perNeed);
    return { need, have, people };
  });
}
