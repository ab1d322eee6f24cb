import type { AppNotification, NotificationList } from '../../shared/contract';
import { renderMentions, mentionToken } from '../../shared/mentions';
import {
  DEFAULT_PREFS,
  DUE_SOON_MS,
  NOTIFICATION_KIND_CODES,
  NOTIFICATION_LOOKBACK_MS,
  notificationKey,
  type NotificationKind,
  type NotificationPrefs,
} from '../../shared/notifications';
import type { HandlerGroup } from '../core/backend';
import type { Actor } from '../core/context';
import { mayReadSyncNotices } from '../core/read-scopes';
import { requireActor } from '../core/rights';
import type { Db, ReadDb } from '../db/connection';
import { reviewQueue } from '../reviews/queue';
import { stepsOf, type RoundRow } from '../reviews/rows';
import { syncViewOf } from '../sync/registry';

/**
 * The notification centre, derived for the person who looks (shared/notifications.ts):
 * from the last two weeks of the activity log (assigned, @mentioned, someone else
 * changed my task), the clock (due within 24 h, overdue), the open reviews (waiting
 * for me, my submission decided) and this desktop's sync refusals. Others' changes
 * that arrive by sync are in the log like local ones, so they notify the same way.
 * Stored: only what was read (notification_reads, notification_prefs.read_before)
 * and the person's settings; both are written only here.
 */

interface PrefsRow {
  person_id: string;
  read_before: number;
  disabled_kinds: string;
  muted_projects: string;
  quiet_start: number | null;
  quiet_end: number | null;
  desktop: number;
  updated_at: number;
}

const strings = (text: string): string[] => {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

function prefsRow(db: ReadDb, personId: string): PrefsRow | null {
  return db.prepare<[string], PrefsRow>('SELECT * FROM notification_prefs WHERE person_id = ?').get(personId) ?? null;
}

export function prefsOf(db: ReadDb, personId: string): NotificationPrefs & { readBefore: number } {
  const r = prefsRow(db, personId);
  if (!r) return { ...DEFAULT_PREFS, readBefore: 0 };
  return {
    disabledKinds: strings(r.disabled_kinds).filter((k): k is NotificationKind => (NOTIFICATION_KIND_CODES as readonly string[]).includes(k)),
    mutedProjects: strings(r.muted_projects),
    quietStart: r.quiet_start,
    quietEnd: r.quiet_end,
    desktop: r.desktop === 1,
    readBefore: r.read_before,
  };
}

function writePrefs(db: Db, personId: string, p: NotificationPrefs & { readBefore: number }, now: number): void {
  db.prepare(
    `INSERT INTO notification_prefs (person_id, read_before, disabled_kinds, muted_projects, quiet_start, quiet_end, desktop, updated_at)
     VALUES (@person, @readBefore, @kinds, @muted, @qs, @qe, @desktop, @now)
     ON CONFLICT(person_id) DO UPDATE SET read_before = excluded.read_before, disabled_kinds = excluded.disabled_kinds,
       muted_projects = excluded.muted_projects, quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end,
       desktop = excluded.desktop, updated_at = excluded.updated_at`,
  ).run({
    person: personId,
    readBefore: p.readBefore,
    kinds: JSON.stringify(p.disabledKinds),
    muted: JSON.stringify(p.mutedProjects),
    qs: p.quietStart,
    qe: p.quietEnd,
    desktop: p.desktop ? 1 : 0,
    now,
  });
}

interface LogRow {
  id: string;
  at: number;
  actor_id: string | null;
  actor_name: string | null;
  command: string;
  entity_id: string;
  project_id: string | null;
  project_name: string | null;
  task_title: string;
  summary: string;
  assigned: number;
  mentioned: number;
  mine: number;
}

/**
 * Log rows of the last two weeks about tasks, by someone else, that assign me, mention
 * me, or change a task of mine (index activity_at). Rows of deleted tasks drop out (the
 * join), so a notification never leads nowhere.
 */
export const NOTIFY_LOG_SQL = `SELECT * FROM (
       SELECT a.id, a.at, a.actor_id, p.name AS actor_name, a.command, a.entity_id, a.project_id, pr.name AS project_name,
         t.title AS task_title, a.summary,
         (a.command IN ('tasks.create', 'tasks.update')
           AND EXISTS (SELECT 1 FROM json_each(a.after, '$.assigneeIds') WHERE value = @me)
           AND NOT EXISTS (SELECT 1 FROM json_each(coalesce(a.before, '{}'), '$.assigneeIds') WHERE value = @me)) AS assigned,
         ((a.command = 'comments.add' AND instr(coalesce(json_extract(a.after, '$.body'), ''), @token) > 0)
           OR (a.command = 'tasks.update' AND instr(coalesce(json_extract(a.after, '$.description'), ''), @token) > 0
               AND instr(coalesce(json_extract(a.before, '$.description'), ''), @token) = 0)) AS mentioned,
         (a.command <> 'tasks.create' AND a.entity_id IN (SELECT value FROM json_each(@mine))) AS mine
       FROM activity_log a
       JOIN tasks t ON t.id = a.entity_id
       LEFT JOIN people p ON p.id = a.actor_id
       LEFT JOIN projects pr ON pr.id = a.project_id
       WHERE a.at >= @since AND a.entity_type = 'task' AND (a.actor_id IS NULL OR a.actor_id <> @me)
         AND (a.command IN ('tasks.create', 'tasks.update', 'comments.add') OR a.entity_id IN (SELECT value FROM json_each(@mine)))
     )
     -- Only the rows that are news for me count against the limit: a busy center edits hundreds of
     -- other tasks in two weeks.
     WHERE assigned OR mentioned OR mine
     ORDER BY at DESC, id DESC LIMIT 500`;

interface OpenTask {
  id: string;
  title: string;
  due_at: number | null;
  updated_at: number;
  project_id: string;
  project_name: string;
}

function openTasksOf(db: ReadDb, personId: string): OpenTask[] {
  return db
    .prepare<[string], OpenTask>(
      `SELECT t.id, t.title, t.due_at, t.updated_at, t.project_id, pr.name AS project_name FROM tasks t
       CROSS JOIN task_assignees a JOIN projects pr ON pr.id = t.project_id
       WHERE t.completed_at IS NULL AND a.task_id = t.id AND a.person_id = ? AND pr.status IN ('proposed', 'active')`,
    )
    .all(personId);
}

function peopleNames(db: ReadDb): (id: string) => string | undefined {
  const rows = db.prepare<[], { id: string; name: string }>('SELECT id, name FROM people').all();
  const m = new Map(rows.map((r) => [r.id, r.name]));
  return (id) => m.get(id);
}

/** Every notification of `actor` now, newest first, before the settings' filters. */
export function deriveNotifications(db: ReadDb, actor: Actor, now: number): AppNotification[] {
  const out: AppNotification[] = [];
  const since = now - NOTIFICATION_LOOKBACK_MS;
  const mine = openTasksOf(db, actor.id);
  const names = peopleNames(db);
  const base = { read: false };

  for (const r of db.prepare<Record<string, unknown>, LogRow>(NOTIFY_LOG_SQL).all({
    me: actor.id,
    token: mentionToken(actor.id),
    since,
    mine: JSON.stringify(mine.map((t) => t.id)),
  })) {
    const kind: NotificationKind | null = r.assigned
      ? 'assigned'
      : r.mentioned
        ? 'mentioned'
        : r.mine
          ? 'changed'
          : null;
    if (!kind) continue;
    out.push({
      ...base,
      key: notificationKey.activity(kind, r.id),
      kind,
      at: r.at,
      actorName: r.actor_name,
      projectId: r.project_id,
      projectName: r.project_name,
      subject: { type: 'task', id: r.entity_id, title: r.task_title },
      detail: renderMentions(r.summary, names),
    });
  }

  for (const t of mine) {
    if (t.due_at === null) continue;
    const kind = t.due_at < now ? 'overdue' : t.due_at - now <= DUE_SOON_MS ? 'due_soon' : null;
    if (!kind) continue;
    out.push({
      ...base,
      key: notificationKey.due(kind, t.id, t.due_at),
      kind,
      // When it became news: a day before the due time (or the due time itself), or later, when the
      // task was given this due date or to this person (a task assigned an hour before it is due).
      at: Math.min(now, Math.max(kind === 'overdue' ? t.due_at : t.due_at - DUE_SOON_MS, t.updated_at)),
      actorName: null,
      projectId: t.project_id,
      projectName: t.project_name,
      subject: { type: 'task', id: t.id, title: t.title },
      detail: '',
    });
  }

  for (const q of reviewQueue(db, actor)) {
    const openedAt = db.prepare<[string], { updated_at: number }>('SELECT updated_at FROM review_rounds WHERE id = ?').get(q.roundId)?.updated_at ?? q.submittedAt;
    out.push({
      ...base,
      key: notificationKey.review(q.roundId, q.step),
      kind: 'review_waiting',
      at: openedAt,
      actorName: q.submittedBy.name,
      projectId: q.projectId,
      projectName: q.projectName,
      subject: { type: 'deliverable', id: q.deliverableId, title: q.title },
      detail: `${q.stepName} · 第 ${q.roundNo} 版`,
    });
  }

  const decided = db
    .prepare<[string, string, number], RoundRow & { decision_id: string; decision: string; step: number; comment: string; decided_at: number; reviewer: string; title: string; project_id: string; project_name: string }>(
      `SELECT r.*, d.id AS decision_id, d.decision, d.step, d.comment, d.decided_at, p.name AS reviewer, dl.title, dl.project_id, pr.name AS project_name
       FROM review_decisions d JOIN review_rounds r ON r.id = d.round_id JOIN deliverables dl ON dl.id = r.deliverable_id
       JOIN projects pr ON pr.id = dl.project_id LEFT JOIN people p ON p.id = d.reviewer_id
       WHERE r.submitted_by = ? AND d.reviewer_id <> ? AND d.decided_at >= ? AND d.decision IN ('approve', 'send_back')`,
    )
    .all(actor.id, actor.id, since);
  for (const d of decided) {
    const steps = stepsOf(d);
    const final = d.decision === 'approve' && d.status === 'approved' && d.step === steps.length - 1;
    if (d.decision !== 'send_back' && !final) continue;
    const step = steps[d.step]?.name ?? '';
    out.push({
      ...base,
      key: notificationKey.decision(d.decision_id),
      kind: 'review_decided',
      at: d.decided_at,
      actorName: d.reviewer,
      projectId: d.project_id,
      projectName: d.project_name,
      subject: { type: 'deliverable', id: d.deliverable_id, title: d.title },
      detail: d.decision === 'send_back' ? `${step}退回：${d.comment}` : `${step}通过`,
    });
  }

  // 派单确认: a task or a group place of a project I convene was declined, with the reason; a
  // place someone gave me that I have not answered yet.
  const declined = db
    .prepare<[number, string, string], { id: string; at: number; actor_name: string | null; command: string; entity_id: string; project_id: string; project_name: string; title: string | null; reason: string | null }>(
      `SELECT a.id, a.at, p.name AS actor_name, a.command, a.entity_id, a.project_id, pr.name AS project_name, t.title,
              json_extract(a.after, '$.reason') AS reason
       FROM activity_log a JOIN projects pr ON pr.id = a.project_id LEFT JOIN tasks t ON a.command = 'tasks.respond' AND t.id = a.entity_id
       LEFT JOIN people p ON p.id = a.actor_id
       WHERE a.at >= ? AND a.command IN ('tasks.respond', 'projects.group.respond') AND pr.convener_id = ? AND a.actor_id <> ?
         AND json_extract(a.after, '$.response') = 'declined' AND (a.command = 'projects.group.respond' OR t.id IS NOT NULL)
       ORDER BY a.at DESC LIMIT 200`,
    )
    .all(since, actor.id, actor.id);
  const invited = db
    .prepare<[string, number, string], { id: string; at: number; actor_name: string | null; project_id: string; project_name: string }>(
      `SELECT a.id, a.at, p.name AS actor_name, a.project_id, pr.name AS project_name
       FROM project_members m JOIN projects pr ON pr.id = m.project_id
       JOIN activity_log a ON a.entity_type = 'project_member' AND a.entity_id = m.id AND a.command = 'projects.group.add'
       LEFT JOIN people p ON p.id = a.actor_id
       WHERE m.person_id = ? AND m.response = 'pending' AND pr.status IN ('proposed', 'active') AND a.at >= ? AND a.actor_id IS NOT ?
       ORDER BY a.at DESC LIMIT 200`,
    )
    .all(actor.id, since, actor.id);
  for (const d of [...declined.map((r) => ({ ...r, kind: r.command === 'tasks.respond' ? ('assignment_declined' as const) : ('place_declined' as const) })), ...invited.map((r) => ({ ...r, kind: 'group_invited' as const, entity_id: '', title: null, reason: null }))]) {
    out.push({
      ...base,
      key: notificationKey.activity(d.kind, d.id),
      kind: d.kind,
      at: d.at,
      actorName: d.actor_name,
      projectId: d.project_id,
      projectName: d.project_name,
      subject: d.kind === 'assignment_declined' ? { type: 'task', id: d.entity_id, title: d.title ?? '' } : null,
      detail: d.reason ?? '',
    });
  }

  const client = syncViewOf(db);
  if (client && mayReadSyncNotices(actor, client.hubPersonId())) {
    for (const n of client.notices()) {
      if (n.at < since) continue;
      out.push({
        ...base,
        key: notificationKey.sync(n.id, n.at),
        kind: 'sync_refused',
        at: n.at,
        actorName: null,
        projectId: null,
        projectName: null,
        subject: null,
        detail: n.message.zh,
      });
    }
  }
  return out.sort((a, b) => b.at - a.at || (a.key < b.key ? -1 : 1));
}

/** The person's list: derived, filtered by their settings, with what they have read. */
export function listFor(db: ReadDb, actor: Actor, now: number, limit: number): NotificationList {
  const prefs = prefsOf(db, actor.id);
  const reads = new Set(db.prepare<[string], { key: string }>('SELECT key FROM notification_reads WHERE person_id = ?').all(actor.id).map((r) => r.key));
  const all = deriveNotifications(db, actor, now)
    .filter((n) => !prefs.disabledKinds.includes(n.kind) && !(n.projectId && prefs.mutedProjects.includes(n.projectId)))
    .map((n) => ({ ...n, read: n.at <= prefs.readBefore || reads.has(n.key) }));
  const { readBefore: _, ...shown } = prefs;
  return { items: all.slice(0, limit), unread: all.filter((n) => !n.read).length, prefs: shown };
}

/** Reads older than the lookback can never be shown again: they go when the person reads again. */
function pruneReads(db: Db, personId: string, now: number): void {
  db.prepare('DELETE FROM notification_reads WHERE person_id = ? AND read_at < ?').run(personId, now - 2 * NOTIFICATION_LOOKBACK_MS);
}

export const notificationHandlers = {
  'notifications.list': (ctx, input) => listFor(ctx.db, requireActor(ctx), ctx.now(), input.limit),

  'notifications.read': (ctx, input) => {
    const actor = requireActor(ctx);
    const now = ctx.now();
    const add = ctx.db.prepare('INSERT INTO notification_reads (person_id, key, read_at) VALUES (?, ?, ?) ON CONFLICT(person_id, key) DO NOTHING');
    for (const key of new Set(input.keys)) add.run(actor.id, key, now);
    pruneReads(ctx.db, actor.id, now);
    ctx.record({ entityType: 'notification', entityId: actor.id, summary: `阅读通知 ${input.keys.length} 条`, after: { keys: input.keys } });
    return { unread: listFor(ctx.db, actor, now, 1).unread };
  },

  'notifications.readAll': (ctx, input) => {
    const actor = requireActor(ctx);
    const now = ctx.now();
    const prefs = prefsOf(ctx.db, actor.id);
    // Never later than now: a future stamp would hide notifications that have not happened yet.
    const before = Math.max(prefs.readBefore, Math.min(input.before, now));
    // Everything listed now is read by key (so a later edit of a task cannot make its item new
    // again), and everything up to `before` by time, which keeps the stored rows few.
    const add = ctx.db.prepare('INSERT INTO notification_reads (person_id, key, read_at) VALUES (?, ?, ?) ON CONFLICT(person_id, key) DO NOTHING');
    for (const n of listFor(ctx.db, actor, now, 500).items) if (!n.read && n.at <= before) add.run(actor.id, n.key, now);
    writePrefs(ctx.db, actor.id, { ...prefs, readBefore: before }, now);
    pruneReads(ctx.db, actor.id, now);
    ctx.record({ entityType: 'notification', entityId: actor.id, summary: '全部通知标记为已读', after: { readBefore: before } });
    return { unread: listFor(ctx.db, actor, now, 1).unread };
  },

  'notifications.setPrefs': (ctx, input) => {
    const actor = requireActor(ctx);
    const now = ctx.now();
    const prefs = prefsOf(ctx.db, actor.id);
    const before = prefsRow(ctx.db, actor.id);
    writePrefs(ctx.db, actor.id, { ...input, mutedProjects: [...new Set(input.mutedProjects)], disabledKinds: [...new Set(input.disabledKinds)], readBefore: prefs.readBefore }, now);
    ctx.record({ entityType: 'notification', entityId: actor.id, summary: '修改通知设置', before, after: prefsRow(ctx.db, actor.id) });
    const { readBefore: _, ...shown } = prefsOf(ctx.db, actor.id);
    return shown;
  },
} satisfies HandlerGroup;
