import type { MeetingSeries, PersonRef } from '../../shared/contract';
import { MEETING_KINDS, type MeetingKind } from '../../shared/domain';
import { notFound } from '../../shared/errors';
import { addDays, isoWeekday } from '../../shared/time';
import type { Db, ReadDb } from '../db/connection';
import { newId } from '../core/ids';

interface SeriesRow {
  id: string;
  kind: MeetingKind;
  title: string;
  start_date: string;
  chair_ids: string;
  attendee_ids: string;
  active: number;
  meeting_count: number;
}

export function getSeries(db: Db, id: string): MeetingSeries {
  const r = db
    .prepare<[string], SeriesRow>(
      'SELECT s.*, (SELECT count(*) FROM meetings m WHERE m.series_id = s.id) AS meeting_count FROM meeting_series s WHERE s.id = ?',
    )
    .get(id);
  if (!r) throw notFound({ zh: '例会', en: 'Meeting series' });
  return toSeries(db, r);
}

export function listSeries(db: ReadDb): MeetingSeries[] {
  return db
    .prepare<[], SeriesRow>(
      `SELECT s.*, (SELECT count(*) FROM meetings m WHERE m.series_id = s.id) AS meeting_count FROM meeting_series s
       ORDER BY s.active DESC, CASE s.kind WHEN 'monthly' THEN 0 WHEN 'weekly' THEN 1 ELSE 2 END, s.start_date`,
    )
    .all()
    .map((r) => toSeries(db, r));
}

function toSeries(db: ReadDb, r: SeriesRow): MeetingSeries {
  const name = db.prepare<[string], { name: string }>('SELECT name FROM people WHERE id = ?');
  const chairs: PersonRef[] = (JSON.parse(r.chair_ids) as string[]).map((id) => ({ id, name: name.get(id)?.name ?? '' }));
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    startDate: r.start_date,
    chairs,
    attendeeIds: JSON.parse(r.attendee_ids) as string[],
    active: r.active === 1,
    meetingCount: r.meeting_count,
  };
}

/**
 * The dates a series meets on, from its start up to `until`: monthly on the
 * start's day of the month (the month's last day when shorter), weekly on the
 * start's weekday, daily on working days (Monday to Friday).
 */
export function seriesDates(kind: MeetingKind, start: string, until: string, max = 400): string[] {
  const out: string[] = [];
  if (kind === 'monthly') {
    const day = Number(start.slice(8, 10));
    let y = Number(start.slice(0, 4));
    let m = Number(start.slice(5, 7));
    while (out.length < max) {
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      const d = `${y}-${String(m).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
      if (d > until) break;
      out.push(d);
      m += 1;
      if (m > 12) {
        m = 1;
        y += 1;
      }
    }
    return out;
  }
  for (let d = start; d <= until && out.length < max; d = addDays(d, kind === 'weekly' ? 7 : 1)) {
    if (kind === 'daily' && isoWeekday(d) > 5) continue;
    out.push(d);
  }
  return out;
}

/** Creates the missing records of every active series up to `today`; chairs take turns in order. */
export function catchUpSeries(db: Db, today: string, actorId: string | null, now: number): number {
  let created = 0;
  const exists = db.prepare<[string, string], { id: string }>('SELECT id FROM meetings WHERE series_id = ? AND date = ?');
  const insert = db.prepare(
    `INSERT INTO meetings (id, kind, date, title, chair_id, notes, created_by, created_at, updated_at, series_id)
     VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?)`,
  );
  const attend = db.prepare('INSERT OR IGNORE INTO meeting_attendees (meeting_id, person_id) VALUES (?, ?)');
  const active = db.prepare<[string], { active: number }>('SELECT active FROM people WHERE id = ?');
  for (const s of listSeries(db).filter((x) => x.active)) {
    const label = MEETING_KINDS.find((k) => k.code === s.kind)!.zh;
    seriesDates(s.kind, s.startDate, today).forEach((date, i) => {
      if (exists.get(s.id, date)) return;
      const chair = s.chairs.length ? s.chairs[i % s.chairs.length]!.id : null;
      const id = newId();
      insert.run(id, s.kind, date, s.title || label, chair, actorId, now, now, s.id);
      for (const p of s.attendeeIds) if (active.get(p)?.active === 1) attend.run(id, p);
      created += 1;
    });
  }
  return created;
}

export function pendingRecurrences(db: ReadDb, today: string): number {
  const exists = db.prepare<[string, string], { id: string }>('SELECT id FROM meetings WHERE series_id = ? AND date = ?');
  let n = 0;
  for (const s of listSeries(db).filter((x) => x.active)) {
    for (const d of seriesDates(s.kind, s.startDate, today)) if (!exists.get(s.id, d)) n += 1;
  }
  return n;
}
