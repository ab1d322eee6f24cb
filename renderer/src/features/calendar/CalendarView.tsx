import { DndContext, PointerSensor, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { App, Button, Card, Segmented, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { CalendarItem } from '../../../../shared/contract';
import { PLATFORMS, type Platform } from '../../../../shared/domain';
import { addDays, isoWeek, weekStart } from '../../../../shared/time';
import { useLabel, useT } from '../../i18n';
import { todayLocal } from '../meetings/format';
import { useMeetings } from '../meetings/store';
import { useLive } from '../../api/live';

export const PLATFORM_COLOR: Record<Platform, string> = {
  tv: 'volcano',
  radio: 'gold',
  app: 'red',
  wechat: 'green',
  douyin: 'magenta',
  channels: 'orange',
  weibo: 'geekblue',
  newspaper: 'purple',
};

/** First and last day shown: a Monday-to-Sunday week, or the whole weeks covering a month. */
function rangeOf(mode: 'week' | 'month', anchor: string): { from: string; to: string } {
  if (mode === 'week') {
    const from = weekStart(anchor);
    return { from, to: addDays(from, 6) };
  }
  const first = `${anchor.slice(0, 7)}-01`;
  const from = weekStart(first);
  const next = addDays(first, 31).slice(0, 7);
  const last = addDays(`${next}-01`, -1);
  return { from, to: addDays(weekStart(last), 6) };
}

/** Editorial calendar: planned and published deliverables by day and platform; drag a planned one to reschedule. */
export function CalendarView() {
  const t = useT();
  const label = useLabel();
  const { message } = App.useApp();
  const items = useMeetings((s) => s.calendar);
  const projects = useMeetings((s) => s.projects);
  const { loadCalendar, reschedule, loadProjects } = useMeetings.getState();
  const [mode, setMode] = useState<'week' | 'month'>('week');
  const [anchor, setAnchor] = useState(todayLocal());
  const [projectId, setProjectId] = useState<string | null>(null);
  const { from, to } = rangeOf(mode, anchor);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }));

  useEffect(() => void loadProjects(), [loadProjects]);
  useEffect(() => void loadCalendar({ from, to, projectId }), [from, to, projectId, loadCalendar]);
  useLive(() => loadCalendar({ from, to, projectId }));

  const byDay = useMemo(() => {
    const m = new Map<string, CalendarItem[]>();
    for (const i of items) m.set(i.date, [...(m.get(i.date) ?? []), i]);
    return m;
  }, [items]);
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);

  const onDragEnd = (e: DragEndEvent) => {
    const item = items.find((i) => i.id === e.active.id);
    const date = e.over?.id as string | undefined;
    if (!item || !date || date === item.date) return;
    void reschedule(item.id, date).then(() => message.success(t('meetings.calendar.moved', { title: item.title, date })));
  };

  const step = (dir: 1 | -1) =>
    setAnchor((a) => (mode === 'week' ? addDays(a, 7 * dir) : addDays(`${a.slice(0, 7)}-15`, 30 * dir)));
  const wk = isoWeek(anchor);
  const heading = mode === 'week' ? t('meetings.calendar.weekOf', { year: wk.year, week: wk.week }) : anchor.slice(0, 7);
  const today = todayLocal();
  const month = anchor.slice(0, 7);

  return (
    <Card size="small">
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} wrap>
        <Space wrap>
          <Segmented
            value={mode}
            onChange={(v) => setMode(v as 'week' | 'month')}
            options={[
              { value: 'week', label: t('meetings.calendar.week') },
              { value: 'month', label: t('meetings.calendar.month') },
            ]}
          />
          <Button icon={<LeftOutlined />} aria-label={t('meetings.calendar.prev')} onClick={() => step(-1)} />
          <Button onClick={() => setAnchor(todayLocal())}>{t('meetings.calendar.today')}</Button>
          <Button icon={<RightOutlined />} aria-label={t('meetings.calendar.next')} onClick={() => step(1)} />
          <Typography.Text strong data-testid="calendar-heading">
            {heading}
          </Typography.Text>
        </Space>
        <Select
          allowClear
          aria-label={t('meetings.dashboard.project')}
          placeholder={t('meetings.calendar.allProjects')}
          style={{ width: 280 }}
          value={projectId ?? undefined}
          onChange={(v?: string) => setProjectId(v ?? null)}
          options={projects.map((p) => ({ value: p.id, label: p.name }))}
        />
      </Space>
      <Typography.Paragraph type="secondary">{t('meetings.calendar.dragHint')}</Typography.Paragraph>
      <Space size={4} wrap style={{ marginBottom: 8 }}>
        {PLATFORMS.map((p) => (
          <Tag key={p.code} color={PLATFORM_COLOR[p.code]}>
            {label(PLATFORMS, p.code)}
          </Tag>
        ))}
      </Space>
      <DndContext sensors={sensors} onDragEnd={onDragEnd}>
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))', gap: 6 }}>
          {days.map((d) => (
            <DayCell
              key={d}
              date={d}
              items={byDay.get(d) ?? []}
              tall={mode === 'week'}
              isToday={d === today}
              outside={mode === 'month' && d.slice(0, 7) !== month}
            />
          ))}
        </div>
      </DndContext>
    </Card>
  );
}


function DayCell({ date, items, tall, isToday, outside }: { date: string; items: CalendarItem[]; tall: boolean; isToday: boolean; outside: boolean }) {
  const { setNodeRef, isOver } = useDroppable({ id: date });
  const t = useT();
  const wd = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  return (
    <div
      ref={setNodeRef}
      data-testid={`day-${date}`}
      style={{
        minHeight: tall ? 360 : 120,
        border: `1px solid ${isToday ? '#c8102e' : '#f0f0f0'}`,
        borderRadius: 6,
        padding: 6,
        background: isOver ? '#fff1f0' : outside ? '#fafafa' : '#fff',
        opacity: outside ? 0.6 : 1,
      }}
    >
      <Typography.Text type={isToday ? 'danger' : 'secondary'} strong={isToday} style={{ fontSize: 12 }}>
        {date.slice(5)} {t('meetings.calendar.weekdays').split(',')[wd]}
      </Typography.Text>
      <div style={{ display: 'grid', gap: 4, marginTop: 4 }}>
        {items.map((i) => (
          <CalendarCard key={i.id} item={i} />
        ))}
      </div>
    </div>
  );
}

function CalendarCard({ item }: { item: CalendarItem }) {
  const t = useT();
  const label = useLabel();
  const published = item.status === 'published';
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: item.id, disabled: published });
  return (
    <Tooltip title={`${item.projectName} · ${label(PLATFORMS, item.platform)}`}>
      <div
        ref={setNodeRef}
        {...attributes}
        {...listeners}
        data-testid={`cal-${item.id}`}
        style={{
          transform: transform ? `translate(${transform.x}px, ${transform.y}px)` : undefined,
          zIndex: isDragging ? 10 : undefined,
          position: 'relative',
          cursor: published ? 'default' : 'grab',
          fontSize: 12,
        }}
      >
        <Tag color={PLATFORM_COLOR[item.platform]} style={{ width: '100%', whiteSpace: 'normal', margin: 0, opacity: published ? 1 : 0.85, borderStyle: published ? 'solid' : 'dashed' }}>
          {published ? '✓ ' : ''}
          {item.title}
          <div style={{ fontSize: 11, opacity: 0.8 }}>
            {label(PLATFORMS, item.platform)} · {published ? t('meetings.calendar.published') : t('meetings.calendar.planned')}
          </div>
        </Tag>
      </div>
    </Tooltip>
  );
}
