import { insertDefaultColumns } from '../boards/columns';
import type { MeetingProjectOption, PersonRef, TopicDetails } from '../../shared/contract';
import { MEETING_KINDS, type Platform, type ProjectStatus, type Role } from '../../shared/domain';
import { conflict, invalid, notFound } from '../../shared/errors';
import { keyBetween } from '../../shared/ordering';
import { localDate } from '../../shared/time';
import type { HandlerGroup } from '../core/backend';
import type { CommandCtx, Ctx, ReadCtx } from '../core/context';
import { newId } from '../core/ids';
import { requireRole } from '../core/rights';
import { MEETING_HOLDERS } from '../../shared/policy/roles';
import { requireProjectWorker } from '../projects/access';
import { insertProject } from '../projects';
import { rescheduledDueAt } from '../calendar/range';
import { buildTaskList, getMeeting, listMeetings, parseTopic } from './core';
import { catchUpSeries, getSeries, listSeries, pendingRecurrences } from './series';
import { insertTask } from '../boards/tasks-core';

/** Handlers of the three meetings, the editorial calendar and the effect review (contract: shared/contract/meetings.ts). */

/** Who may hold and record meetings (shared/policy/roles.ts, the same rule the UI reads). */
export const requireHolder = (ctx: ReadCtx) => requireRole(ctx, MEETING_HOLDERS, { zh: '召开和记录会议', en: 'hold and record meetings' });

const kindZh = (k: string): string => MEETING_KINDS.find((x) => x.code === k)?.zh ?? k;

function setAttendees(ctx: CommandCtx, meetingId: string, ids: string[]): void {
  ctx.db.prepare('DELETE FROM meeting_attendees WHERE meeting_id = ?').run(meetingId);
  const add = ctx.db.prepare('INSERT INTO meeting_attendees (meeting_id, person_id) VALUES (?, ?)');
  for (const id of new Set(ids)) add.run(meetingId, id);
}

function meetingOfItem(ctx: Ctx, itemId: string): { meetingId: string; kind: string; title: string; body: string; details: string; projectId: string | null } {
  const r = ctx.db
    .prepare<[string], { meeting_id: string; kind: string; title: string; body: string; details: string; project_id: string | null }>(
      'SELECT meeting_id, kind, title, body, details, project_id FROM meeting_items WHERE id = ?',
    )
    .get(itemId);
  if (!r) throw notFound({ zh: '会议事项', en: 'Meeting item' });
  return { meetingId: r.meeting_id, kind: r.kind, title: r.title, body: r.body, details: r.details, projectId: r.project_id };
}

function nextItemKey(ctx: Ctx, meetingId: string): string {
  const last = ctx.db
    .prepare<[string], { position: string }>('SELECT position FROM meeting_items WHERE meeting_id = ? ORDER BY position DESC, id DESC LIMIT 1')
    .get(meetingId);
  return keyBetween(last?.position || null, null);
}

function touch(ctx: CommandCtx, meetingId: string): void {
  ctx.db.prepare('UPDATE meetings SET updated_at = ? WHERE id = ?').run(ctx.now(), meetingId);
}

export const meetingHandlers = {
  'meetings.list': (ctx, input) => ({
    meetings: listMeetings(ctx.db, input),
    pendingRecurrences: pendingRecurrences(ctx.db, localDate(ctx.now())),
  }),

  'meetings.get': (ctx, input) => getMeeting(ctx.db, input.id),

  'meetings.create': (ctx, input) => {
    const actor = requireHolder(ctx);
    const id = newId();
    const now = ctx.now();
    ctx.db
      .prepare(
        `INSERT INTO meetings (id, kind, date, title, chair_id, notes, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, input.kind, input.date, input.title, input.chairId, input.notes, actor.id, now, now);
    setAttendees(ctx, id, input.attendeeIds);
    const m = getMeeting(ctx.db, id);
    ctx.record({ entityType: 'meeting', entityId: id, summary: `新建${kindZh(m.kind)}记录 ${m.date}${m.title ? ` ${m.title}` : ''}`, after: m });
    return m;
  },

  'meetings.update': (ctx, input) => {
    requireHolder(ctx);
    const before = getMeeting(ctx.db, input.id);
    ctx.db
      .prepare(
        `UPDATE meetings SET date = coalesce(@date, date), title = coalesce(@title, title),
           chair_id = CASE WHEN @setChair THEN @chairId ELSE chair_id END, notes = coalesce(@notes, notes), updated_at = @now
         WHERE id = @id`,
      )
      .run({
        id: input.id,
        date: input.date ?? null,
        title: input.title ?? null,
        setChair: input.chairId === undefined ? 0 : 1,
        chairId: input.chairId ?? null,
        notes: input.notes ?? null,
        now: ctx.now(),
      });
    if (input.attendeeIds) setAttendees(ctx, input.id, input.attendeeIds);
    const after = getMeeting(ctx.db, input.id);
    ctx.record({ entityType: 'meeting', entityId: input.id, summary: `修改${kindZh(after.kind)}记录 ${after.date}`, before, after });
    return after;
  },

  'meetings.saveItem': (ctx, input) => {
    requireHolder(ctx);
    const meeting = getMeeting(ctx.db, input.meetingId);
    if (input.projectId) requireProjectWorker(ctx, input.projectId);
    let topic: TopicDetails | null = null;
    if (input.kind === 'topic') {
      const t = input.topic ?? { tone: '', angle: '', cadence: '', productForm: null, expected: {}, decisions: [] };
      // A decision's task link is the server's record, never what the client sends.
      const stored = input.id ? parseTopic(meetingOfItem(ctx, input.id).details).decisions : [];
      const taskOf = new Map(stored.filter((d) => d.taskId).map((d) => [d.key, d.taskId]));
      const keys = new Set<string>();
      for (const d of t.decisions) {
        if (keys.has(d.key)) throw invalid({ zh: '决定事项的编号重复', en: 'Two decisions share a key' });
        keys.add(d.key);
      }
      topic = { ...t, decisions: t.decisions.map((d) => ({ ...d, ownerIds: [...new Set(d.ownerIds)], taskId: taskOf.get(d.key) ?? null })) };
    }
    const details = JSON.stringify(topic ?? {});
    const now = ctx.now();
    let id = input.id;
    let before: unknown;
    if (id) {
      const old = meetingOfItem(ctx, id);
      if (old.meetingId !== input.meetingId) throw invalid({ zh: '事项不属于此会议', en: 'The item belongs to another meeting' });
      before = old;
      ctx.db
        .prepare('UPDATE meeting_items SET kind = ?, title = ?, body = ?, details = ?, project_id = ?, updated_at = ? WHERE id = ?')
        .run(input.kind, input.title, input.body, details, input.projectId, now, id);
    } else {
      id = newId();
      ctx.db
        .prepare(
          `INSERT INTO meeting_items (id, meeting_id, kind, title, body, details, project_id, position, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, input.meetingId, input.kind, input.title, input.body, details, input.projectId, nextItemKey(ctx, input.meetingId), now, now);
    }
    touch(ctx, input.meetingId);
    const after = getMeeting(ctx.db, input.meetingId);
    ctx.record({
      entityType: 'meeting_item',
      entityId: id,
      projectId: input.projectId,
      summary: `${kindZh(meeting.kind)} ${meeting.date}：${input.id ? '修改' : '新增'}事项“${input.title}”`,
      before,
      after: after.items.find((i) => i.id === id),
    });
    return after;
  },

  'meetings.removeItem': (ctx, input) => {
    requireHolder(ctx);
    const item = meetingOfItem(ctx, input.id);
    ctx.db.prepare('DELETE FROM meeting_items WHERE id = ?').run(input.id);
    touch(ctx, item.meetingId);
    ctx.record({ entityType: 'meeting_item', entityId: input.id, projectId: item.projectId, summary: `删除会议事项“${item.title}”`, before: item });
    return getMeeting(ctx.db, item.meetingId);
  },

  'meetings.generateTasks': (ctx, input) => {
    const actor = requireHolder(ctx);
    const meeting = getMeeting(ctx.db, input.meetingId);
    if (meeting.kind !== 'weekly') {
      throw invalid({ zh: '只有每周策划会的选题会生成任务清单', en: 'Only weekly planning topics produce a task list' });
    }
    const now = ctx.now();
    const created: { id: string; title: string; projectId: string }[] = [];
    for (const item of meeting.items.filter((i) => i.kind === 'topic' && i.topic)) {
      const list = buildTaskList(meeting, { title: item.title, projectId: item.projectId, details: item.topic! });
      if (!list.length) continue;
      requireProjectWorker(ctx, item.projectId!);
      const taskIds = new Map<string, string>();
      for (const { key, task } of list) {
        const id = insertTask(ctx.db, task, actor.id, now);
        taskIds.set(key, id);
        created.push({ id, title: task.title, projectId: task.projectId });
      }
      const topic: TopicDetails = {
        ...item.topic!,
        decisions: item.topic!.decisions.map((d) => ({ ...d, taskId: d.taskId ?? taskIds.get(d.key) ?? null })),
      };
      ctx.db.prepare('UPDATE meeting_items SET details = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(topic), now, item.id);
    }
    if (!created.length) throw invalid({ zh: '没有待生成的任务：请先为选题填写决定事项', en: 'Nothing to create: add decisions to a topic first' });
    const after = getMeeting(ctx.db, input.meetingId);
    const projects = new Set(created.map((c) => c.projectId));
    ctx.record({
      entityType: 'meeting',
      entityId: meeting.id,
      projectId: projects.size === 1 ? created[0]!.projectId : null,
      summary: `每周策划会 ${meeting.date} 生成任务清单：${created.length} 项任务`,
      after: { tasks: created },
    });
    return { created: created.length, meeting: after };
  },

  'meetings.proposeProject': (ctx, input) => {
    const actor = requireHolder(ctx);
    const item = meetingOfItem(ctx, input.itemId);
    const meeting = getMeeting(ctx.db, item.meetingId);
    if (meeting.kind !== 'monthly') throw invalid({ zh: '只有编委会事项可以转为项目', en: 'Only editorial committee items become projects' });
    if (item.projectId) throw conflict({ zh: '此事项已经关联了项目', en: 'This item already has a project' });
    if (input.endDate < input.startDate) throw invalid({ zh: '结束日期早于开始日期', en: 'The end date is before the start date' });
    const convenerId = input.convenerId ?? actor.id;
    const convener = ctx.db.prepare<[string], { role: Role; active: number; name: string }>('SELECT role, active, name FROM people WHERE id = ?').get(convenerId);
    if (!convener || !convener.active) throw notFound({ zh: '召集人', en: 'Convener' });
    if (convener.role === 'member') {
      throw invalid({ zh: `${convener.name} 不是召集人、管理者或管理员，不能召集项目`, en: `${convener.name} cannot convene a project` });
    }
    const now = ctx.now();
    const kindWord = { theme: '重大主题', hot: '热点话题', story: '重点选题' }[item.kind] ?? '事项';
    const projectId = insertProject(ctx.db, {
      name: item.title, content: item.body, brief: `来自 ${meeting.date} 编委会的${kindWord}`, convenerId,
      startDate: input.startDate, endDate: input.endDate, sourceMeetingId: meeting.id,
    }, actor.id, now);
    insertDefaultColumns(ctx.db, projectId, now);
    ctx.db.prepare('UPDATE meeting_items SET project_id = ?, updated_at = ? WHERE id = ?').run(projectId, now, input.itemId);
    ctx.record({
      entityType: 'project',
      entityId: projectId,
      projectId,
      summary: `由 ${meeting.date} 编委会事项“${item.title}”提议项目`,
      after: { name: item.title, convenerId, startDate: input.startDate, endDate: input.endDate, sourceMeetingId: meeting.id },
    });
    return { projectId, meeting: getMeeting(ctx.db, meeting.id) };
  },

  'meetings.addAdjustment': (ctx, input) => {
    const actor = requireHolder(ctx);
    const meeting = getMeeting(ctx.db, input.meetingId);
    const now = ctx.now();
    let taskId: string | null = null;
    if (input.followUp) {
      requireProjectWorker(ctx, input.followUp.projectId);
      taskId = insertTask(
        ctx.db,
        {
          projectId: input.followUp.projectId,
          title: input.followUp.title,
          description: `来自 ${meeting.date} ${kindZh(meeting.kind)}的调整：${input.text}`,
          dueAt: input.followUp.dueDate ? rescheduledDueAt(null, input.followUp.dueDate) : null,
          assigneeIds: input.followUp.assigneeIds,
          labels: ['编前会'],
          sourceMeetingId: meeting.id,
        },
        actor.id,
        now,
      );
    }
    const id = newId();
    const title = input.text.split('\n')[0]!.slice(0, 100);
    ctx.db
      .prepare(
        `INSERT INTO meeting_items (id, meeting_id, kind, title, body, details, project_id, position, created_at, updated_at)
         VALUES (?, ?, 'adjustment', ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, meeting.id, title, input.text, JSON.stringify({ taskId }), input.followUp?.projectId ?? null, nextItemKey(ctx, meeting.id), now, now);
    touch(ctx, meeting.id);
    ctx.record({
      entityType: 'meeting_item',
      entityId: id,
      projectId: input.followUp?.projectId ?? null,
      summary: `${kindZh(meeting.kind)} ${meeting.date} 记录调整${taskId ? '并生成跟进任务' : ''}：${title}`,
      after: { text: input.text, taskId },
    });
    return getMeeting(ctx.db, meeting.id);
  },

  'meetings.projects': (ctx) => {
    const rows = ctx.db
      .prepare<[], { id: string; name: string; status: ProjectStatus; platforms: string }>(
        "SELECT id, name, status, platforms FROM projects WHERE status IN ('proposed','active') ORDER BY status = 'proposed', start_date DESC, name",
      )
      .all();
    const members = ctx.db.prepare<[string], PersonRef>(
      `SELECT p.id, p.name FROM project_members m JOIN people p ON p.id = m.person_id
       WHERE m.project_id = ? AND p.active = 1 ORDER BY p.id = (SELECT convener_id FROM projects WHERE id = m.project_id) DESC, p.pinyin`,
    );
    return rows.map(
      (r): MeetingProjectOption => ({ id: r.id, name: r.name, status: r.status, platforms: JSON.parse(r.platforms) as Platform[], members: members.all(r.id) }),
    );
  },

  'meetingSeries.list': (ctx) => listSeries(ctx.db),

  'meetingSeries.create': (ctx, input) => {
    const actor = requireHolder(ctx);
    const id = newId();
    const now = ctx.now();
    const people = ctx.db.prepare<[string], { id: string }>('SELECT id FROM people WHERE id = ? AND active = 1');
    for (const p of [...input.chairIds, ...input.attendeeIds]) if (!people.get(p)) throw notFound({ zh: '人员', en: 'Person' });
    ctx.db
      .prepare(
        `INSERT INTO meeting_series (id, kind, title, start_date, chair_ids, attendee_ids, active, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
      )
      .run(id, input.kind, input.title, input.startDate, JSON.stringify(input.chairIds), JSON.stringify([...new Set(input.attendeeIds)]), actor.id, now, now);
    const s = getSeries(ctx.db, id);
    ctx.record({ entityType: 'meeting_series', entityId: id, summary: `设立例会：${kindZh(s.kind)}${s.title ? ` ${s.title}` : ''}，自 ${s.startDate}`, after: s });
    return s;
  },

  'meetingSeries.setActive': (ctx, input) => {
    requireHolder(ctx);
    const before = getSeries(ctx.db, input.id);
    ctx.db.prepare('UPDATE meeting_series SET active = ?, updated_at = ? WHERE id = ?').run(input.active ? 1 : 0, ctx.now(), input.id);
    const after = getSeries(ctx.db, input.id);
    ctx.record({ entityType: 'meeting_series', entityId: input.id, summary: `${input.active ? '恢复' : '停用'}例会 ${kindZh(after.kind)}`, before, after });
    return after;
  },

  'meetingSeries.catchUp': (ctx) => {
    const actor = requireHolder(ctx);
    const created = catchUpSeries(ctx.db, localDate(ctx.now()), actor.id, ctx.now());
    ctx.record({ entityType: 'meeting_series', entityId: 'all', summary: `按例会周期生成会议记录 ${created} 条`, after: { created } });
    return { created };
  },
} satisfies HandlerGroup;
