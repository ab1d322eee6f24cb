import { ArrowLeftOutlined, LinkOutlined, ProjectOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { ProjectTimeline, TimelineTask } from '../../../../shared/contract';
import { shiftSpan } from '../../../../shared/timeline';
import { addDays, daysBetween, isoWeekday, localDate, localShortDateTime } from '../../../../shared/time';
import { useLive } from '../../api/live';
import { useDataLabel, useT } from '../../i18n';
import { navigate } from '../../shell/router';
import { StatusTag } from '../projects/parts';
import { DependencyDialog } from './DependencyDialog';
import { conflictsWith, depKey, movedTask, placeDays, projectRange, ticks, type Moving } from './layout';
import { selectProject, useTimeline } from './store';
import { NAME_COL } from './SeasonView';

const ROW_H = 40;
const HIDDEN = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' } as const;

const dueDay = (t: TimelineTask): string => localDate(t.dueAt ?? 0);

/** The day header: each day (weekends shaded) for a short range, weeks for a long one. */
function DayHeader({ from, to, today }: { from: string; to: string; today: string }) {
  const t = useT();
  const total = daysBetween(from, to) + 1;
  if (total > 62) {
    return (
      <div style={{ flex: 1, display: 'flex' }}>
        {ticks('week', from, to).map((h) => (
          <div key={h.date} role="columnheader" style={{ flex: h.days, padding: '6px 4px', borderLeft: '1px solid #f0f0f0', fontSize: 12, whiteSpace: 'nowrap', overflow: 'hidden' }}>
            {t('timeline.weekLabel', { week: h.week ?? '' })} {h.date.slice(5)}
          </div>
        ))}
      </div>
    );
  }
  const days = Array.from({ length: total }, (_, i) => addDays(from, i));
  return (
    <div style={{ flex: 1, display: 'flex' }}>
      {days.map((d, i) => (
        <div
          key={d}
          role="columnheader"
          aria-label={d}
          style={{
            flex: 1,
            padding: '6px 0',
            textAlign: 'center',
            borderLeft: '1px solid #f0f0f0',
            fontSize: 11,
            whiteSpace: 'nowrap',
            overflow: 'hidden',
            background: d === today ? '#fff1f0' : isoWeekday(d) >= 6 ? '#f5f5f5' : undefined,
          }}
        >
          {i === 0 || d.endsWith('-01') ? d.slice(5) : d.slice(8)}
        </div>
      ))}
    </div>
  );
}

interface BarProps {
  task: TimelineTask;
  from: string;
  to: string;
  conflict: boolean;
  moving: boolean;
  canEdit: boolean;
  onPointerDown(e: PointerEvent<HTMLButtonElement>): void;
  onPointerMove(e: PointerEvent<HTMLButtonElement>): void;
  onPointerUp(e: PointerEvent<HTMLButtonElement>): void;
  onKeyDown(e: KeyboardEvent<HTMLButtonElement>): void;
}

function TaskBar({ task, from, to, conflict, moving, canEdit, ...handlers }: BarProps) {
  const t = useT();
  const at = task.startDate ? placeDays(from, to, task.startDate, dueDay(task)) : null;
  if (!at || task.startDate === null || task.dueAt === null) return null;
  const label = t('timeline.taskBar', { title: task.title, from: task.startDate.slice(5), due: localShortDateTime(task.dueAt) });
  const bg = task.done ? '#95de64' : '#4096ff';
  return (
    <>
    <button
      type="button"
      data-testid="timeline-task-bar"
      data-task={task.title}
      data-start={task.startDate}
      data-due={localDate(task.dueAt)}
      data-conflict={conflict ? 'yes' : 'no'}
      data-moving={moving ? 'yes' : 'no'}
      aria-label={label}
      aria-describedby="timeline-key-hint"
      aria-pressed={moving}
      title={label}
      {...handlers}
      style={{
        position: 'absolute',
        top: 7,
        height: ROW_H - 14,
        left: `${at.left}%`,
        width: `${at.width}%`,
        minWidth: 8,
        background: bg,
        color: '#fff',
        border: conflict ? '2px solid #cf1322' : '2px solid transparent',
        boxShadow: moving ? '0 0 0 3px #ffd666' : conflict ? '0 0 0 2px #ffccc7' : undefined,
        borderRadius: 4,
        padding: 0,
        fontSize: 12,
        textAlign: 'center',
        overflow: 'hidden',
        cursor: canEdit ? (moving ? 'grabbing' : 'grab') : 'default',
        touchAction: 'none',
        zIndex: moving ? 3 : 2,
      }}
    >
      {conflict && <WarningOutlined />}
    </button>
    {/* The title beside the bar (a one-day bar is too narrow to hold it). */}
    <span
      aria-hidden
      style={{
        position: 'absolute',
        top: 0,
        lineHeight: `${ROW_H}px`,
        left: `calc(${at.left + at.width}% + 6px)`,
        fontSize: 12,
        whiteSpace: 'nowrap',
        color: conflict ? '#cf1322' : '#595959',
        pointerEvents: 'none',
        zIndex: 2,
      }}
    >
      {task.title} · {task.startDate === dueDay(task) ? '' : `${task.startDate.slice(5)}–`}
      {localShortDateTime(task.dueAt)}
    </span>
    </>
  );
}

/** The lines from each predecessor's end to its successor's start, red when in conflict. */
function DependencyLines({ p, rows, from, to, conflicts }: { p: ProjectTimeline; rows: TimelineTask[]; from: string; to: string; conflicts: Set<string> }) {
  const index = new Map(rows.map((r, i) => [r.id, i]));
  const lines = p.dependencies.flatMap((d) => {
    const a = index.get(d.predecessorId);
    const b = index.get(d.successorId);
    const pa = a !== undefined ? rows[a]! : null;
    const pb = b !== undefined ? rows[b]! : null;
    if (a === undefined || b === undefined || !pa?.startDate || !pb?.startDate) return [];
    const ea = placeDays(from, to, pa.startDate, dueDay(pa));
    const sb = placeDays(from, to, pb.startDate, dueDay(pb));
    if (!ea || !sb) return [];
    return [{ key: depKey(d), x1: ea.left + ea.width, y1: a * ROW_H + ROW_H / 2, x2: sb.left, y2: b * ROW_H + ROW_H / 2, bad: conflicts.has(depKey(d)) }];
  });
  return (
    <svg aria-hidden style={{ position: 'absolute', left: NAME_COL, top: 0, width: `calc(100% - ${NAME_COL}px)`, height: rows.length * ROW_H, pointerEvents: 'none', zIndex: 1, overflow: 'visible' }}>
      <defs>
        <marker id="tl-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" fill="#8c8c8c" />
        </marker>
        <marker id="tl-arrow-bad" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" fill="#cf1322" />
        </marker>
      </defs>
      {lines.map((l) => (
        <line
          key={l.key}
          data-testid="timeline-dependency-line"
          x1={`${l.x1}%`}
          y1={l.y1}
          x2={`${l.x2}%`}
          y2={l.y2}
          stroke={l.bad ? '#cf1322' : '#8c8c8c'}
          strokeWidth={l.bad ? 2 : 1.5}
          strokeDasharray={l.bad ? '4 3' : undefined}
          markerEnd={`url(#${l.bad ? 'tl-arrow-bad' : 'tl-arrow'})`}
        />
      ))}
    </svg>
  );
}

/** One project's tasks as bars with their finish-to-start dependencies; drag or move by keyboard to re-date, conflicts shown. */
export function ProjectTimelineView({ projectId }: { projectId: string }) {
  const t = useT();
  const dataLabel = useDataLabel();
  const { message } = App.useApp();
  const stored = useTimeline(selectProject);
  const { loadProject, run } = useTimeline.getState();
  useEffect(() => void loadProject(projectId), [projectId, loadProject]);
  useLive(() => loadProject());
  const p = stored && stored.project.id === projectId ? stored : null;
  const [moving, setMoving] = useState<Moving | null>(null);
  const [saving, setSaving] = useState(false);
  const [announce, setAnnounce] = useState('');
  const [depsOf, setDepsOf] = useState<TimelineTask | null>(null);
  const drag = useRef<{ taskId: string; x0: number; dayW: number; days: number } | null>(null);

  const range = useMemo(() => (p ? projectRange(p) : null), [p]);
  const conflicts = useMemo(() => (p ? conflictsWith(p, moving) : new Set<string>()), [p, moving]);
  if (!p || !range) return <Spin style={{ display: 'block', marginTop: 80 }} />;
  const { from, to } = range;
  const today = p.today;
  const total = daysBetween(from, to) + 1;
  const rows = p.tasks.filter((x) => x.startDate !== null).map((x) => movedTask(x, moving));
  const unscheduled = p.tasks.filter((x) => x.startDate === null);
  const byId = new Map(p.tasks.map((x) => [x.id, x]));
  const shownById = new Map(rows.map((x) => [x.id, x]));
  const involved = new Set(p.dependencies.filter((d) => conflicts.has(depKey(d))).flatMap((d) => [d.predecessorId, d.successorId]));
  const previewing = moving !== null && moving.days !== 0;
  const conflictList = p.dependencies.filter((d) => conflicts.has(depKey(d)));
  const todayAt = placeDays(from, to, today, today);

  const describe = (task: TimelineTask, days: number) => {
    const m = movedTask(task, { taskId: task.id, days });
    return { title: task.title, from: m.startDate!.slice(5), due: localShortDateTime(m.dueAt!) };
  };
  const commit = async (taskId: string, days: number) => {
    const task = byId.get(taskId);
    if (!task || task.startDate === null || task.dueAt === null || days === 0) {
      setMoving(null);
      return;
    }
    const next = shiftSpan(task.startDate, task.dueAt, days);
    setSaving(true);
    try {
      await run('timeline.moveTask', { taskId, startDate: next.startDate, dueAt: next.dueAt });
      const d = describe(task, days);
      setAnnounce(t('timeline.a11yDropped', d));
      message.success(t('timeline.moved', d));
    } catch {
      /* the shell shows the refusal; the bar goes back */
    } finally {
      setSaving(false);
      setMoving(null);
    }
  };

  const handlersOf = (task: TimelineTask) => ({
    onPointerDown: (e: PointerEvent<HTMLButtonElement>) => {
      if (!p.canEdit || saving || e.button !== 0) return;
      const track = e.currentTarget.parentElement;
      if (!track) return;
      drag.current = { taskId: task.id, x0: e.clientX, dayW: track.clientWidth / total, days: 0 };
      e.currentTarget.setPointerCapture(e.pointerId);
    },
    onPointerMove: (e: PointerEvent<HTMLButtonElement>) => {
      const d = drag.current;
      if (!d || d.taskId !== task.id) return;
      const days = Math.round((e.clientX - d.x0) / d.dayW);
      if (days !== d.days) {
        d.days = days;
        setMoving({ taskId: task.id, days });
      }
    },
    onPointerUp: (e: PointerEvent<HTMLButtonElement>) => {
      const d = drag.current;
      drag.current = null;
      if (!d || d.taskId !== task.id) return;
      e.currentTarget.releasePointerCapture(e.pointerId);
      void commit(task.id, d.days);
    },
    onKeyDown: (e: KeyboardEvent<HTMLButtonElement>) => {
      if (!p.canEdit || saving) return;
      const carrying = moving?.taskId === task.id;
      const original = byId.get(task.id)!;
      if (e.key === ' ' || (e.key === 'Enter' && carrying)) {
        e.preventDefault();
        if (!carrying) {
          setMoving({ taskId: task.id, days: 0 });
          setAnnounce(t('timeline.a11yPicked', { title: task.title }));
        } else void commit(task.id, moving.days);
      } else if (carrying && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
        e.preventDefault();
        const days = moving.days + (e.key === 'ArrowLeft' ? -1 : 1);
        setMoving({ taskId: task.id, days });
        const n = conflictsWith(p, { taskId: task.id, days });
        const hits = p.dependencies.filter((d) => n.has(depKey(d)) && (d.predecessorId === task.id || d.successorId === task.id)).length;
        setAnnounce(`${t('timeline.a11yMoved', describe(original, days))}${hits ? t('timeline.a11yConflict', { n: hits }) : ''}`);
      } else if (carrying && e.key === 'Escape') {
        e.preventDefault();
        setMoving(null);
        setAnnounce(t('timeline.a11yCancelled', { title: task.title }));
      } else if (!carrying && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
        // Up and down walk the bars, like the board's cards.
        const bars = [...document.querySelectorAll<HTMLButtonElement>('[data-testid="timeline-task-bar"]')];
        const i = bars.indexOf(e.currentTarget);
        const next = bars[i + (e.key === 'ArrowDown' ? 1 : -1)];
        if (next) {
          e.preventDefault();
          next.focus();
        }
      }
    },
  });

  const titleOf = (id: string): string => byId.get(id)?.title ?? '';
  const predecessorsOf = (id: string): string[] => p.dependencies.filter((d) => d.successorId === id).map((d) => titleOf(d.predecessorId));

  return (
    <div data-testid="timeline-project-page">
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate('/timeline')} style={{ paddingInline: 0 }}>
        {t('timeline.back')}
      </Button>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Space align="center">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {p.project.name}
          </Typography.Title>
          <StatusTag status={p.project.status} />
          {p.project.tentative && <Tag color="gold">{t('timeline.tentative')}</Tag>}
          <Typography.Text type="secondary">{t('timeline.range', { from: p.project.startDate, to: p.project.endDate })}</Typography.Text>
        </Space>
        <Space wrap>
          <Button onClick={() => navigate(`/projects/${p.project.id}`)}>{t('timeline.openProject')}</Button>
          <Button type="primary" icon={<ProjectOutlined />} onClick={() => navigate(`/projects/${p.project.id}/board`)}>
            {t('timeline.openBoard')}
          </Button>
        </Space>
      </Space>
      {!p.canEdit && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('timeline.readOnly')} />}
      {conflictList.length > 0 && (
        <Alert
          data-testid="timeline-conflicts"
          type={previewing ? 'warning' : 'error'}
          showIcon
          style={{ marginBottom: 12 }}
          message={previewing ? t('timeline.previewConflicts') : t('timeline.conflicts')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {conflictList.map((d) => {
                const pred = shownById.get(d.predecessorId)!;
                const succ = shownById.get(d.successorId)!;
                return (
                  <li key={depKey(d)} data-testid="timeline-conflict">
                    {t('timeline.conflict', { succ: succ.title, start: succ.startDate!.slice(5), pred: pred.title, end: localShortDateTime(pred.dueAt!) })}
                  </li>
                );
              })}
            </ul>
          }
        />
      )}
      <Card size="small" styles={{ body: { padding: 0 } }}>
        {rows.length === 0 ? (
          <Empty style={{ padding: 32 }} description={t('timeline.noTasks')} />
        ) : (
          <div role="grid" aria-label={`${t('timeline.title')} ${p.project.name}`} data-testid="timeline-tasks" data-from={from} data-days={total} aria-busy={saving} style={{ overflow: 'hidden' }}>
            <div role="row" style={{ display: 'flex', borderBottom: '1px solid #d9d9d9', background: '#fafafa' }}>
              <div role="columnheader" style={{ width: NAME_COL, flex: 'none', padding: '6px 8px', fontWeight: 500 }}>
                {t('timeline.tasks')}
              </div>
              <DayHeader from={from} to={to} today={today} />
            </div>
            <div style={{ position: 'relative' }}>
              <div aria-hidden style={{ position: 'absolute', inset: 0, left: NAME_COL, display: 'flex', pointerEvents: 'none' }}>
                {Array.from({ length: total }, (_, i) => addDays(from, i)).map((d) => (
                  <div key={d} style={{ flex: 1, borderLeft: total <= 62 ? '1px solid #f5f5f5' : undefined, background: d === today ? '#fff1f0' : total <= 62 && isoWeekday(d) >= 6 ? '#fafafa' : undefined }} />
                ))}
              </div>
              {todayAt && (
                <div aria-hidden style={{ position: 'absolute', top: 0, bottom: 0, left: `calc(${NAME_COL}px + (100% - ${NAME_COL}px) * ${(todayAt.left + todayAt.width / 2) / 100})`, width: 2, background: '#ff4d4f', opacity: 0.6, pointerEvents: 'none' }} />
              )}
              <DependencyLines p={p} rows={rows} from={from} to={to} conflicts={conflicts} />
              {rows.map((task) => {
                const after = predecessorsOf(task.id);
                return (
                  <div key={task.id} role="row" data-testid="timeline-task" data-task={task.title} style={{ display: 'flex', height: ROW_H, borderBottom: '1px solid #f0f0f0' }}>
                    <div role="rowheader" style={{ width: NAME_COL, flex: 'none', padding: '2px 8px', overflow: 'hidden', display: 'flex', alignItems: 'center', gap: 4 }}>
                      <div style={{ flex: 1, minWidth: 0 }}>
                        <Typography.Text ellipsis style={{ display: 'block' }} delete={task.done}>
                          {task.title}
                        </Typography.Text>
                        <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 11 }}>
                          {after.length ? t('timeline.after', { titles: after.join(t('timeline.listSep')) }) : dataLabel(task.columnName)}
                        </Typography.Text>
                      </div>
                      {p.canEdit && (
                        <Tooltip title={t('timeline.deps')}>
                          <Button size="small" type="text" icon={<LinkOutlined />} aria-label={`${t('timeline.deps')}：${task.title}`} onClick={() => setDepsOf(byId.get(task.id)!)} />
                        </Tooltip>
                      )}
                    </div>
                    <div role="gridcell" style={{ position: 'relative', flex: 1 }}>
                      <TaskBar
                        task={task}
                        from={from}
                        to={to}
                        conflict={involved.has(task.id)}
                        moving={moving?.taskId === task.id}
                        canEdit={p.canEdit}
                        {...handlersOf(task)}
                      />
                    </div>
                  </div>
                );
              })}
            </div>
          </div>
        )}
        {unscheduled.length > 0 && (
          <Typography.Paragraph type="secondary" style={{ margin: 8 }} data-testid="timeline-unscheduled">
            {t('timeline.unscheduled', { titles: unscheduled.map((x) => x.title).join(t('timeline.listSep')) })}
          </Typography.Paragraph>
        )}
        {p.canEdit && rows.length > 0 && (
          <Typography.Paragraph id="timeline-key-hint" type="secondary" style={{ margin: 8, fontSize: 12 }}>
            {t('timeline.keyHint')}
          </Typography.Paragraph>
        )}
      </Card>
      <div aria-live="assertive" style={HIDDEN} data-testid="timeline-announce">
        {announce}
      </div>
      {depsOf && <DependencyDialog p={p} task={depsOf} onClose={() => setDepsOf(null)} />}
    </div>
  );
}
