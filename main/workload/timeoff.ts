import type { TimeOffEntry } from '../../shared/contract';
import { forbidden, invalid, notFound } from '../../shared/errors';
import { TIME_OFF_KINDS, type TimeOffKind } from '../../shared/domain';
import type { Db, ReadDb } from '../db/connection';
import type { HandlerGroup } from '../core/backend';
import type { Actor, Ctx } from '../core/context';
import { newId } from '../core/ids';
import { scopeTimeOff, type Viewer } from '../core/read-scopes';
import { requireActor } from '../core/rights';
import { getPerson } from '../people';
import { seesEveryone } from './scope';

interface Row {
  id: string;
  person_id: string;
  person_name: string;
  team_id: string;
  kind: TimeOffKind;
  start_date: string;
  end_date: string;
  hours_per_day: number;
  note: string;
  created_at: number;
}

const SELECT = `SELECT t.id, t.person_id, p.name AS person_name, p.team_id, t.kind, t.start_date, t.end_date, t.hours_per_day, t.note, t.created_at
  FROM time_off t JOIN people p ON p.id = t.person_id`;

const toEntry = (r: Row): TimeOffEntry => ({
  id: r.id,
  personId: r.person_id,
  personName: r.person_name,
  teamId: r.team_id,
  kind: r.kind,
  startDate: r.start_date,
  endDate: r.end_date,
  hoursPerDay: r.hours_per_day,
  note: r.note,
  createdAt: r.created_at,
});

/** Time off as `viewer` may read it: everyone's dates and kinds, notes only where the read policy allows. */
export function listTimeOff(db: ReadDb, viewer: Viewer | null, f: { personId?: string; overlapsFrom?: string; overlapsTo?: string }): TimeOffEntry[] {
  return db
    .prepare<{ person: string | null; from: string | null; to: string | null }, Row>(
      `${SELECT} WHERE (@person IS NULL OR t.person_id = @person) AND (@from IS NULL OR t.end_date >= @from)
         AND (@to IS NULL OR t.start_date <= @to) ORDER BY t.start_date, p.pinyin, t.id`,
    )
    .all({ person: f.personId ?? null, from: f.overlapsFrom ?? null, to: f.overlapsTo ?? null })
    .map((r) => scopeTimeOff(viewer, toEntry(r)));
}

function getEntry(db: Db, id: string): TimeOffEntry {
  const r = db.prepare<[string], Row>(`${SELECT} WHERE t.id = ?`).get(id);
  if (!r) throw notFound({ zh: '休假/外派记录', en: 'Time-off entry' });
  return toEntry(r);
}

/** People record their own leave; managers and admins record anyone's. */
function requireMayEdit(ctx: Ctx, personId: string): Actor {
  const actor = requireActor(ctx);
  if (actor.id !== personId && !seesEveryone(actor)) {
    throw forbidden({ zh: '只有管理者或管理员可以登记他人的休假与外派', en: "Only a manager or an admin can record someone else's time off" });
  }
  return actor;
}

function checkRange(start: string, end: string): void {
  if (end < start) throw invalid({ zh: '结束日期不能早于开始日期', en: 'The end date cannot be before the start date' });
}

const kindZh = (k: TimeOffKind): string => TIME_OFF_KINDS.find((x) => x.code === k)!.zh;

/** The one way a time-off entry comes into being (the command, the demo). Returns the id. */
export function insertTimeOff(
  db: Db,
  t: { personId: string; kind: string; startDate: string; endDate: string; hoursPerDay: number; note: string },
  now: number,
): string {
  const id = newId();
  db.prepare('INSERT INTO time_off (id, person_id, kind, start_date, end_date, hours_per_day, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    id, t.personId, t.kind, t.startDate, t.endDate, t.hoursPerDay, t.note, now,
  );
  return id;
}

export const timeOffHandlers = {
  'timeOff.list': (ctx, input) => {
    const actor = requireActor(ctx);
    const personId = seesEveryone(actor) ? input.personId : actor.id;
    return listTimeOff(ctx.db, actor, { personId, overlapsFrom: input.from });
  },
  'timeOff.create': (ctx, input) => {
    requireMayEdit(ctx, input.personId);
    const person = getPerson(ctx.db, input.personId);
    checkRange(input.startDate, input.endDate);
    const id = insertTimeOff(ctx.db, { personId: person.id, kind: input.kind, startDate: input.startDate, endDate: input.endDate, hoursPerDay: input.hoursPerDay, note: input.note }, ctx.now());
    const after = getEntry(ctx.db, id);
    ctx.record({ entityType: 'time_off', entityId: id, summary: `登记${kindZh(after.kind)}：${person.name} ${after.startDate}～${after.endDate}`, after });
    return after;
  },
  'timeOff.update': (ctx, input) => {
    const before = getEntry(ctx.db, input.id);
    requireMayEdit(ctx, before.personId);
    const next = {
      kind: input.kind ?? before.kind,
      startDate: input.startDate ?? before.startDate,
      endDate: input.endDate ?? before.endDate,
      hoursPerDay: input.hoursPerDay ?? before.hoursPerDay,
      note: input.note ?? before.note,
    };
    checkRange(next.startDate, next.endDate);
    ctx.db
      .prepare('UPDATE time_off SET kind = ?, start_date = ?, end_date = ?, hours_per_day = ?, note = ? WHERE id = ?')
      .run(next.kind, next.startDate, next.endDate, next.hoursPerDay, next.note, input.id);
    const after = getEntry(ctx.db, input.id);
    ctx.record({ entityType: 'time_off', entityId: input.id, summary: `修改${kindZh(after.kind)}：${after.personName} ${after.startDate}～${after.endDate}`, before, after });
    return after;
  },
  'timeOff.delete': (ctx, input) => {
    const before = getEntry(ctx.db, input.id);
    requireMayEdit(ctx, before.personId);
    ctx.db.prepare('DELETE FROM time_off WHERE id = ?').run(input.id);
    ctx.record({ entityType: 'time_off', entityId: input.id, summary: `删除${kindZh(before.kind)}：${before.personName} ${before.startDate}～${before.endDate}`, before });
    return { id: input.id };
  },
} satisfies HandlerGroup;
