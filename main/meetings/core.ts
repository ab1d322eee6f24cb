import type {
  MeetingDetail,
  MeetingItem,
  MeetingItemKind,
  MeetingSummary,
  MeetingTask,
  PersonRef,
  TopicDecision,
  TopicDetails,
} from '../../shared/contract';
import type { MeetingKind, Priority, ProjectStatus } from '../../shared/domain';
import { invalid, notFound } from '../../shared/errors';
import { dayStart } from '../../shared/time';
import type { ReadDb } from '../db/connection';
import type { NewTask } from '../boards/tasks-core';

interface MeetingRow {
  id: string;
  kind: MeetingKind;
  date: string;
  title: string;
  chair_id: string | null;
  chair_name: string | null;
  notes: string;
  series_id: string | null;
  item_count: number;
  task_count: number;
}

const MEETING_SELECT = `
  SELECT m.id, m.kind, m.date, m.title, m.chair_id, p.name AS chair_name, m.notes, m.series_id,
    (SELECT count(*) FROM meeting_items i WHERE i.meeting_id = m.id) AS item_count,
    (SELECT count(*) FROM tasks t WHERE t.source_meeting_id = m.id) AS task_count
  FROM meetings m LEFT JOIN people p ON p.id = m.chair_id`;

const toSummary = (r: MeetingRow, snippet = ''): MeetingSummary => ({
  id: r.id,
  kind: r.kind,
  date: r.date,
  title: r.title,
  chair: r.chair_id ? { id: r.chair_id, name: r.chair_name ?? '' } : null,
  seriesId: r.series_id,
  itemCount: r.item_count,
  taskCount: r.task_count,
  snippet,
});

/** `%` and `_` in what the user typed are literal characters, not wildcards. */
const likePattern = (s: string): string => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function listMeetings(db: ReadDb, f: { kind?: MeetingKind; search?: string; limit: number }): MeetingSummary[] {
  const search = f.search?.trim() ?? '';
  const q = search ? likePattern(search) : null;
  const ITEM_MATCH = `(i.title LIKE @q ESCAPE '\\' OR i.body LIKE @q ESCAPE '\\' OR i.details LIKE @q ESCAPE '\\')`;
  const rows = db
    .prepare<{ kind: string | null; q: string | null; limit: number }, MeetingRow>(
      `${MEETING_SELECT}
       WHERE (@kind IS NULL OR m.kind = @kind)
         AND (@q IS NULL OR m.title LIKE @q ESCAPE '\\' OR m.notes LIKE @q ESCAPE '\\' OR p.name LIKE @q ESCAPE '\\'
              OR EXISTS (SELECT 1 FROM meeting_items i WHERE i.meeting_id = m.id AND ${ITEM_MATCH}))
       ORDER BY m.date DESC, m.created_at DESC
       LIMIT @limit`,
    )
    .all({ kind: f.kind ?? null, q, limit: f.limit });
  if (!q) return rows.map((r) => toSummary(r));
  const hit = db.prepare<{ id: string; q: string }, { text: string }>(
    `SELECT i.title || '：' || i.body AS text FROM meeting_items i WHERE i.meeting_id = @id AND ${ITEM_MATCH} ORDER BY i.position LIMIT 1`,
  );
  return rows.map((r) => toSummary(r, (hit.get({ id: r.id, q })?.text ?? (r.notes.includes(search) ? r.notes : '')).slice(0, 120)));
}

interface ItemRow {
  id: string;
  kind: MeetingItemKind;
  title: string;
  body: string;
  details: string;
  project_id: string | null;
  project_name: string | null;
  project_status: ProjectStatus | null;
}

export function parseTopic(details: string): TopicDetails {
  const d = JSON.parse(details) as Partial<TopicDetails>;
  return {
    tone: d.tone ?? '',
    angle: d.angle ?? '',
    cadence: d.cadence ?? '',
    productForm: d.productForm ?? null,
    expected: d.expected ?? {},
    decisions: d.decisions ?? [],
  };
}

function toItem(r: ItemRow): MeetingItem {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    projectId: r.project_id,
    projectName: r.project_name,
    projectStatus: r.project_status,
    topic: r.kind === 'topic' ? parseTopic(r.details) : null,
  };
}

export function meetingTasks(db: ReadDb, meetingId: string): MeetingTask[] {
  const rows = db
    .prepare<[string], { id: string; title: string; project_id: string; project_name: string; column_name: string; due_at: number | null; priority: Priority; completed_at: number | null }>(
      `SELECT t.id, t.title, t.project_id, p.name AS project_name, c.name AS column_name, t.due_at, t.priority, t.completed_at
       FROM tasks t JOIN projects p ON p.id = t.project_id JOIN board_columns c ON c.id = t.column_id
       WHERE t.source_meeting_id = ? ORDER BY p.name, t.due_at IS NULL, t.due_at, t.created_at, t.id`,
    )
    .all(meetingId);
  const assignees = db.prepare<[string], PersonRef>(
    'SELECT p.id, p.name FROM task_assignees a JOIN people p ON p.id = a.person_id WHERE a.task_id = ? ORDER BY p.pinyin',
  );
  // Which topic a task came from is kept on the topic's decision (taskId).
  const items = db
    .prepare<[string], { id: string; details: string }>("SELECT id, details FROM meeting_items WHERE meeting_id = ? AND kind = 'topic'")
    .all(meetingId);
  const itemOf = new Map<string, string>();
  for (const it of items) for (const d of parseTopic(it.details).decisions) if (d.taskId) itemOf.set(d.taskId, it.id);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    projectId: r.project_id,
    projectName: r.project_name,
    columnName: r.column_name,
    dueAt: r.due_at,
    priority: r.priority,
    assignees: assignees.all(r.id),
    completed: r.completed_at !== null,
    itemId: itemOf.get(r.id) ?? null,
  }));
}

export function getMeeting(db: ReadDb, id: string): MeetingDetail {
  const row = db.prepare<[string], MeetingRow>(`${MEETING_SELECT} WHERE m.id = ?`).get(id);
  if (!row) throw notFound({ zh: '会议记录', en: 'Meeting record' });
  const attendees = db
    .prepare<[string], PersonRef>(
      'SELECT p.id, p.name FROM meeting_attendees a JOIN people p ON p.id = a.person_id WHERE a.meeting_id = ? ORDER BY p.pinyin',
    )
    .all(id);
  const items = db
    .prepare<[string], ItemRow>(
      `SELECT i.id, i.kind, i.title, i.body, i.details, i.project_id, p.name AS project_name, p.status AS project_status
       FROM meeting_items i LEFT JOIN projects p ON p.id = i.project_id
       WHERE i.meeting_id = ? ORDER BY i.position, i.id`,
    )
    .all(id)
    .map(toItem);
  return { ...toSummary(row), notes: row.notes, attendees, items, tasks: meetingTasks(db, id) };
}

/** A task's deadline: the end of the working day (18:00 in the center) of the decision's date. */
export const dueAtOf = (date: string): number => dayStart(date) + 18 * 3600_000;

/**
 * The task list (任务清单) of one planning topic: one task per decision that has
 * no task yet, on the topic's project, owned and dated as decided. Pure, so the
 * rules are tested without a database; insertTask then enforces group membership.
 */
export function buildTaskList(
  meeting: { id: string; date: string; title: string },
  topic: { title: string; projectId: string | null; details: TopicDetails },
): { key: string; task: NewTask }[] {
  const pending = topic.details.decisions.filter((d) => !d.taskId);
  if (!pending.length) return [];
  if (!topic.projectId) {
    throw invalid({
      zh: `选题“${topic.title}”还没有指定项目，无法生成任务`,
      en: `Topic “${topic.title}” has no project yet, so its tasks have nowhere to go`,
    });
  }
  const d = topic.details;
  const context = [
    `来自 ${meeting.date} 每周策划会${meeting.title ? `「${meeting.title}」` : ''} · 选题「${topic.title}」`,
    d.tone && `宣传基调：${d.tone}`,
    d.angle && `选题立意：${d.angle}`,
    d.cadence && `推送节奏：${d.cadence}`,
  ]
    .filter(Boolean)
    .join('\n');
  return pending.map((dec: TopicDecision) => {
    if (dec.dueDate && dec.dueDate < meeting.date) {
      throw invalid({
        zh: `任务“${dec.title}”的截止日期早于会议日期`,
        en: `Task “${dec.title}” is due before the meeting date`,
      });
    }
    return {
      key: dec.key,
      task: {
        projectId: topic.projectId!,
        title: dec.title,
        description: context,
        dueAt: dec.dueDate ? dueAtOf(dec.dueDate) : null,
        priority: dec.priority,
        assigneeIds: dec.ownerIds,
        labels: ['策划会'],
        sourceMeetingId: meeting.id,
      },
    };
  });
}
