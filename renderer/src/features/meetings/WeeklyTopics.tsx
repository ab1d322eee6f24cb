import { DeleteOutlined, PlusOutlined, PrinterOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Empty, Input, InputNumber, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import type { MeetingDetail, MeetingItem, MeetingTask, TopicDecision, TopicDetails } from '../../../../shared/contract';
import { PLATFORMS, PRIORITIES, PRODUCT_FORMS, type Platform } from '../../../../shared/domain';
import { addDays } from '../../../../shared/time';
import { useLabel, useT } from '../../i18n';
import { navigate } from '../../shell/router';
import { fmtDay } from './format';
import { PeoplePicker } from './PeoplePicker';
import { useMeetings } from './store';

const blankTopic = (): TopicDetails => ({ tone: '', angle: '', cadence: '', productForm: null, expected: {}, decisions: [] });

/** 每周策划会: per topic tone, angle, cadence, product form, expected response and decisions → the task list. */
export function WeeklyTopics({ meeting, canHold }: { meeting: MeetingDetail; canHold: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const { generateTasks } = useMeetings.getState();
  const [drafts, setDrafts] = useState<string[]>([]);
  const topics = meeting.items.filter((i) => i.kind === 'topic');
  const pendingDecisions = topics.some((i) => i.topic?.decisions.some((d) => !d.taskId));

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      {topics.map((item, i) => (
        <TopicCard key={item.id} meeting={meeting} item={item} index={i + 1} canHold={canHold} />
      ))}
      {drafts.map((key, i) => (
        <TopicCard
          key={key}
          meeting={meeting}
          item={null}
          index={topics.length + i + 1}
          canHold={canHold}
          onSaved={() => setDrafts((d) => d.filter((k) => k !== key))}
        />
      ))}
      {canHold && (
        <Button icon={<PlusOutlined />} onClick={() => setDrafts((d) => [...d, crypto.randomUUID()])}>
          {t('meetings.weekly.addTopic')}
        </Button>
      )}
      <Card
        size="small"
        title={t('meetings.weekly.taskList')}
        extra={
          <Space>
            {canHold && (
              <Button
                type="primary"
                icon={<ThunderboltOutlined />}
                disabled={!pendingDecisions}
                onClick={() => void generateTasks().then((n) => void message.success(t('meetings.weekly.generated', { n })))}
              >
                {t('meetings.weekly.generate')}
              </Button>
            )}
            <Button icon={<PrinterOutlined />} disabled={!meeting.tasks.length} onClick={() => navigate(`/meetings/${meeting.id}/print`)}>
              {t('meetings.weekly.print')}
            </Button>
          </Space>
        }
      >
        <TaskTable tasks={meeting.tasks} empty={t('meetings.weekly.noTasks')} />
      </Card>
    </Space>
  );
}

export function TaskTable({ tasks, empty }: { tasks: MeetingTask[]; empty: string }) {
  const t = useT();
  const label = useLabel();
  return (
    <Table<MeetingTask>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={tasks}
      locale={{ emptyText: empty }}
      data-testid="meeting-tasks"
      columns={[
        { title: t('meetings.weekly.decisionTitle'), dataIndex: 'title' },
        { title: t('meetings.weekly.project'), dataIndex: 'projectName' },
        { title: t('meetings.weekly.owners'), dataIndex: 'assignees', render: (a: MeetingTask['assignees']) => a.map((p) => p.name).join('、') || '—' },
        { title: t('meetings.weekly.due'), dataIndex: 'dueAt', width: 120, render: (d: number | null) => fmtDay(d) },
        { title: t('meetings.weekly.priority'), dataIndex: 'priority', width: 90, render: (p: MeetingTask['priority']) => label(PRIORITIES, p) },
        { title: t('common.actions'), key: 'col', width: 160, render: (_, task) => (
          <Space>
            <Tag color={task.completed ? 'green' : 'default'}>{task.columnName}</Tag>
            <Typography.Link onClick={() => navigate(`/projects/${task.projectId}/board`)}>{t('meetings.weekly.openBoard')}</Typography.Link>
          </Space>
        ) },
      ]}
    />
  );
}

function TopicCard({ meeting, item, index, canHold, onSaved }: { meeting: MeetingDetail; item: MeetingItem | null; index: number; canHold: boolean; onSaved?: () => void }) {
  const t = useT();
  const label = useLabel();
  const { message } = App.useApp();
  const projects = useMeetings((s) => s.projects);
  const { saveItem, removeItem } = useMeetings.getState();
  const [title, setTitle] = useState(item?.title ?? '');
  const [projectId, setProjectId] = useState<string | null>(item?.projectId ?? null);
  const [topic, setTopic] = useState<TopicDetails>(item?.topic ?? blankTopic());
  const [saving, setSaving] = useState(false);
  // Task links are set in main (task list generation): take them over without losing unsaved edits.
  const stored = item?.topic?.decisions;
  useEffect(() => {
    if (!stored) return;
    const links = new Map(stored.map((d) => [d.key, d.taskId]));
    setTopic((x) => ({ ...x, decisions: x.decisions.map((d) => ({ ...d, taskId: links.get(d.key) ?? d.taskId })) }));
  }, [stored]);
  const project = projects.find((p) => p.id === projectId);
  const platforms: Platform[] = project?.platforms.length ? project.platforms : PLATFORMS.map((p) => p.code);
  const patch = (p: Partial<TopicDetails>) => setTopic((x) => ({ ...x, ...p }));
  const patchDecision = (key: string, p: Partial<TopicDecision>) =>
    setTopic((x) => ({ ...x, decisions: x.decisions.map((d) => (d.key === key ? { ...d, ...p } : d)) }));
  const n = `${index}`;

  const save = async () => {
    setSaving(true);
    try {
      await saveItem({ meetingId: meeting.id, id: item?.id, kind: 'topic', title, body: '', projectId, topic });
      message.success(t('meetings.weekly.topicSaved'));
      onSaved?.();
    } finally {
      setSaving(false);
    }
  };

  const field = (key: 'tone' | 'angle' | 'cadence', labelKey: 'meetings.weekly.tone' | 'meetings.weekly.angle' | 'meetings.weekly.cadence') => (
    <label style={{ display: 'block' }}>
      <Typography.Text type="secondary">{t(labelKey)}</Typography.Text>
      <Input.TextArea
        aria-label={`${t(labelKey)} ${n}`}
        autoSize={{ minRows: 1, maxRows: 4 }}
        value={topic[key]}
        disabled={!canHold}
        maxLength={500}
        onChange={(e) => patch({ [key]: e.target.value })}
      />
    </label>
  );

  return (
    <Card
      size="small"
      data-testid={`topic-${n}`}
      title={
        <Space>
          <span>{t('meetings.weekly.topicTitle')} {n}</span>
          <Input aria-label={`${t('meetings.weekly.topicTitle')} ${n}`} value={title} disabled={!canHold} onChange={(e) => setTitle(e.target.value)} style={{ width: 280 }} maxLength={100} />
        </Space>
      }
      extra={
        canHold && (
          <Space>
            <Button type="primary" loading={saving} disabled={!title.trim()} onClick={() => void save()}>
              {t('meetings.weekly.saveTopic')}
            </Button>
            {item && (
              <Popconfirm title={t('common.delete')} onConfirm={() => void removeItem(item.id)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                <Button danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
              </Popconfirm>
            )}
          </Space>
        )
      }
    >
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', gap: 12, marginBottom: 12 }}>
        <label style={{ display: 'block' }}>
          <Typography.Text type="secondary">{t('meetings.weekly.project')}</Typography.Text>
          <Select
            aria-label={`${t('meetings.weekly.project')} ${n}`}
            style={{ width: '100%' }}
            value={projectId ?? undefined}
            disabled={!canHold}
            showSearch={{ filterOption: (input, o) => String(o?.label ?? '').includes(input) }}
            onChange={(v: string) => setProjectId(v)}
            options={projects.map((p) => ({ value: p.id, label: p.name }))}
          />
        </label>
        <label style={{ display: 'block' }}>
          <Typography.Text type="secondary">{t('meetings.weekly.productForm')}</Typography.Text>
          <Select
            aria-label={`${t('meetings.weekly.productForm')} ${n}`}
            style={{ width: '100%' }}
            allowClear
            disabled={!canHold}
            value={topic.productForm ?? undefined}
            onChange={(v) => patch({ productForm: v ?? null })}
            options={PRODUCT_FORMS.map((f) => ({ value: f.code, label: label(PRODUCT_FORMS, f.code) }))}
          />
        </label>
        {field('tone', 'meetings.weekly.tone')}
        {field('angle', 'meetings.weekly.angle')}
        {field('cadence', 'meetings.weekly.cadence')}
      </div>
      <Typography.Text type="secondary">{t('meetings.weekly.expected')}</Typography.Text>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, margin: '4px 0 12px' }}>
        {platforms.map((p) => (
          <Space key={p} size={4}>
            <span>{label(PLATFORMS, p)}</span>
            <InputNumber<number>
              aria-label={`${t('meetings.weekly.expected')} ${label(PLATFORMS, p)} ${n}`}
              min={0}
              step={10000}
              disabled={!canHold}
              style={{ width: 130 }}
              value={topic.expected[p] ?? null}
              formatter={(v) => (v === undefined || v === null || `${v}` === '' ? '' : Number(v).toLocaleString('zh-CN'))}
              parser={(v) => Number((v ?? '').replace(/[^\d]/g, '') || 0)}
              onChange={(v) => patch({ expected: { ...topic.expected, [p]: v ?? undefined } })}
            />
          </Space>
        ))}
      </div>
      <Typography.Text strong>{t('meetings.weekly.decisions')}</Typography.Text>
      {!project && <Typography.Text type="secondary"> （{t('meetings.weekly.pickProjectFirst')}）</Typography.Text>}
      {topic.decisions.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={false} style={{ margin: 8 }} />
      ) : (
        <div style={{ display: 'grid', gap: 8, margin: '8px 0' }}>
          {topic.decisions.map((d, i) => {
            const dn = `${n}-${i + 1}`;
            const locked = !!d.taskId || !canHold;
            return (
              <Space key={d.key} wrap>
                <Input
                  aria-label={`${t('meetings.weekly.decisionTitle')} ${dn}`}
                  placeholder={t('meetings.weekly.decisionTitle')}
                  value={d.title}
                  disabled={locked}
                  style={{ width: 300 }}
                  maxLength={100}
                  onChange={(e) => patchDecision(d.key, { title: e.target.value })}
                />
                <PeoplePicker
                  aria-label={`${t('meetings.weekly.owners')} ${dn}`}
                  placeholder={t('meetings.weekly.owners')}
                  among={project?.members ?? []}
                  value={d.ownerIds}
                  disabled={locked}
                  style={{ width: 240 }}
                  onChange={(ids) => patchDecision(d.key, { ownerIds: ids })}
                />
                <DatePicker
                  aria-label={`${t('meetings.weekly.due')} ${dn}`}
                  placeholder={t('meetings.weekly.due')}
                  disabled={locked}
                  value={d.dueDate ? dayjs(d.dueDate) : null}
                  onChange={(v) => patchDecision(d.key, { dueDate: v ? v.format('YYYY-MM-DD') : null })}
                />
                <Select
                  aria-label={`${t('meetings.weekly.priority')} ${dn}`}
                  style={{ width: 90 }}
                  disabled={locked}
                  value={d.priority}
                  onChange={(v) => patchDecision(d.key, { priority: v })}
                  options={PRIORITIES.map((p) => ({ value: p.code, label: label(PRIORITIES, p.code) }))}
                />
                {d.taskId ? (
                  <Tag color="green">{t('meetings.weekly.created')}</Tag>
                ) : (
                  canHold && (
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={`${t('common.delete')} ${dn}`}
                      onClick={() => setTopic((x) => ({ ...x, decisions: x.decisions.filter((y) => y.key !== d.key) }))}
                    />
                  )
                )}
              </Space>
            );
          })}
        </div>
      )}
      {canHold && (
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() =>
            patch({
              decisions: [
                ...topic.decisions,
                // A new decision is due by the end of the meeting's working week unless changed.
                { key: crypto.randomUUID(), title: '', ownerIds: [], dueDate: addDays(meeting.date, 4), priority: 'normal', taskId: null },
              ],
            })
          }
        >
          {t('meetings.weekly.addDecision')}
        </Button>
      )}
    </Card>
  );
}
