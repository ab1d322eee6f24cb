import { SaveOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, DatePicker, Input, InputNumber, List, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import type { Figures, MeetingDetail, ReviewRow } from '../../../../shared/contract';
import { PLATFORMS } from '../../../../shared/domain';
import { useLabel, useT } from '../../i18n';
import { fmtNum, fmtRate, fmtTime, rateColor } from './format';
import { FigureImport } from '../figures/FigureImport';
import { PeoplePicker } from './PeoplePicker';
import { useMeetings } from './store';
import { TaskTable } from './WeeklyTopics';
import { TodayDuty } from '../rota/TodayDuty';

const FIELDS = ['views', 'likes', 'shares', 'comments'] as const;

/** 每日编前会: what was published and how it spread per platform, figures entry, adjustments. */
export function DailyPanel({ meeting, canHold }: { meeting: MeetingDetail; canHold: boolean }) {
  const t = useT();
  const label = useLabel();
  const { message } = App.useApp();
  const review = useMeetings((s) => (s.review?.date === meeting.date ? s.review : null));
  const { loadReview, recordFigures } = useMeetings.getState();
  const [edits, setEdits] = useState<Map<string, Figures>>(new Map());
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setEdits(new Map());
    void loadReview(meeting.date);
  }, [meeting.date, loadReview]);

  const rows = review?.rows ?? [];
  const valueOf = (r: ReviewRow): Figures => edits.get(r.deliverableId) ?? r.onDate ?? { views: 0, likes: 0, shares: 0, comments: 0 };
  const setCell = (r: ReviewRow, f: (typeof FIELDS)[number], v: number | null) =>
    setEdits((m) => new Map(m).set(r.deliverableId, { ...valueOf(r), [f]: v ?? 0 }));

  const save = async () => {
    const changed = [...edits].map(([deliverableId, f]) => ({ deliverableId, ...f }));
    if (!changed.length) {
      message.info(t('meetings.daily.nothingChanged'));
      return;
    }
    setSaving(true);
    try {
      await recordFigures({ date: meeting.date, rows: changed });
      setEdits(new Map());
      message.success(t('meetings.daily.figuresSaved', { n: changed.length }));
    } finally {
      setSaving(false);
    }
  };

  // Enter moves down the same column, as in a spreadsheet; Tab moves right on its own.
  const onKey = (e: React.KeyboardEvent, row: number, col: number) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    document.getElementById(`fig-${row + (e.shiftKey ? -1 : 1)}-${col}`)?.focus();
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <TodayDuty date={meeting.date} />
      <Card size="small" title={t('meetings.daily.byPlatform')}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }} data-testid="platform-summary">
          {(review?.platforms ?? []).map((p) => (
            <Card key={p.platform} size="small" style={{ width: 210 }} data-testid={`platform-${p.platform}`}>
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                  <Typography.Text strong>{label(PLATFORMS, p.platform)}</Typography.Text>
                  <Typography.Text type="secondary">{t('meetings.daily.items', { n: p.items })}</Typography.Text>
                </Space>
                <Statistic title={t('meetings.daily.actual')} value={p.actual.views} groupSeparator="," styles={{ content: { fontSize: 18 } }} />
                <Typography.Text type="secondary">
                  {t('meetings.daily.expected')} {fmtNum(p.expectedViews)} · <Tag color={rateColor(p.actual.views, p.expectedViews)}>{fmtRate(p.actual.views, p.expectedViews)}</Tag>
                </Typography.Text>
              </Space>
            </Card>
          ))}
        </div>
      </Card>
      <Card
        size="small"
        title={t('meetings.daily.review')}
        extra={
          canHold && (
            <Space>
              <Typography.Text type="secondary">{t('meetings.daily.gridHint')}</Typography.Text>
              <FigureImport date={meeting.date} />
              <Button type="primary" icon={<SaveOutlined />} loading={saving} disabled={!edits.size} onClick={() => void save()}>
                {t('meetings.daily.saveFigures')}
              </Button>
            </Space>
          )
        }
      >
        {review && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            {t('meetings.daily.since', { since: review.since })}
          </Typography.Paragraph>
        )}
        <Table<ReviewRow>
          rowKey="deliverableId"
          size="small"
          loading={!review}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: t('meetings.daily.noRows') }}
          data-testid="review-table"
          columns={[
            { title: t('meetings.daily.platform'), dataIndex: 'platform', width: 100, render: (p: ReviewRow['platform']) => label(PLATFORMS, p) },
            {
              title: t('meetings.daily.item'),
              dataIndex: 'title',
              render: (title: string, r) => (
                <Space direction="vertical" size={0}>
                  <span>
                    {title} {r.isNew && <Tag color="red">{t('meetings.daily.new')}</Tag>}
                  </span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.projectName} · {fmtTime(r.publishedAt)}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: t('meetings.daily.expected'), dataIndex: 'expectedViews', align: 'right', width: 110, render: (v: number | null) => fmtNum(v) },
            { title: t('meetings.daily.actual'), key: 'actual', align: 'right', width: 110, render: (_, r) => fmtNum(r.actual.views) },
            {
              title: t('meetings.daily.rate'),
              key: 'rate',
              width: 80,
              render: (_, r) => <Tag color={rateColor(r.actual.views, r.expectedViews)}>{fmtRate(r.actual.views, r.expectedViews)}</Tag>,
            },
            {
              title: t('meetings.daily.onDate', { date: meeting.date }),
              children: FIELDS.map((f, col) => ({
                title: t(`meetings.daily.${f}`),
                key: f,
                width: f === 'views' ? 130 : 100,
                render: (_: unknown, r: ReviewRow, row: number) =>
                  canHold ? (
                    <InputNumber<number>
                      id={`fig-${row}-${col}`}
                      aria-label={`${r.title} ${t(`meetings.daily.${f}`)}`}
                      size="small"
                      min={0}
                      precision={0}
                      controls={false}
                      style={{ width: '100%' }}
                      value={edits.get(r.deliverableId)?.[f] ?? r.onDate?.[f] ?? null}
                      formatter={(v) => (v === undefined || v === null || `${v}` === '' ? '' : Number(v).toLocaleString('zh-CN'))}
                      parser={(v) => Number((v ?? '').replace(/[^\d]/g, '') || 0)}
                      onChange={(v) => setCell(r, f, v)}
                      onKeyDown={(e) => onKey(e, row, col)}
                    />
                  ) : (
                    fmtNum(r.onDate?.[f] ?? null)
                  ),
              })),
            },
          ]}
        />
      </Card>
      <Adjustments meeting={meeting} canHold={canHold} />
    </Space>
  );
}

function Adjustments({ meeting, canHold }: { meeting: MeetingDetail; canHold: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const projects = useMeetings((s) => s.projects);
  const { addAdjustment } = useMeetings.getState();
  const [text, setText] = useState('');
  const [follow, setFollow] = useState(false);
  const [projectId, setProjectId] = useState<string | null>(null);
  const [taskTitle, setTaskTitle] = useState('');
  const [owners, setOwners] = useState<string[]>([]);
  const [due, setDue] = useState<string | null>(null);
  const project = projects.find((p) => p.id === projectId);
  const adjustments = meeting.items.filter((i) => i.kind === 'adjustment');

  const submit = async () => {
    await addAdjustment({
      meetingId: meeting.id,
      text,
      followUp: follow && projectId ? { projectId, title: taskTitle, assigneeIds: owners, dueDate: due } : null,
    });
    message.success(t('meetings.daily.adjustmentSaved'));
    setText('');
    setTaskTitle('');
    setOwners([]);
    setFollow(false);
  };

  return (
    <Card size="small" title={t('meetings.daily.adjustments')}>
      <List
        size="small"
        dataSource={adjustments}
        locale={{ emptyText: t('common.empty') }}
        renderItem={(a) => (
          <List.Item>
            <Space>
              <Tag color="orange">{t('meetings.item.adjustment')}</Tag>
              <span>{a.body}</span>
              {a.projectName && <Typography.Text type="secondary">· {a.projectName}</Typography.Text>}
            </Space>
          </List.Item>
        )}
      />
      {meeting.tasks.length > 0 && <TaskTable tasks={meeting.tasks} empty="" />}
      {canHold && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
          <Input.TextArea
            aria-label={t('meetings.daily.adjustmentText')}
            placeholder={t('meetings.daily.adjustmentText')}
            value={text}
            maxLength={2000}
            autoSize={{ minRows: 2, maxRows: 6 }}
            onChange={(e) => setText(e.target.value)}
          />
          <Checkbox checked={follow} onChange={(e) => setFollow(e.target.checked)}>
            {t('meetings.daily.followUp')}
          </Checkbox>
          {follow && (
            <Space wrap>
              <Select
                aria-label={t('meetings.weekly.project')}
                placeholder={t('meetings.weekly.project')}
                style={{ width: 260 }}
                value={projectId ?? undefined}
                onChange={(v: string) => {
                  setProjectId(v);
                  setOwners([]);
                }}
                options={projects.map((p) => ({ value: p.id, label: p.name }))}
              />
              <Input
                aria-label={t('meetings.daily.followUpTitle')}
                placeholder={t('meetings.daily.followUpTitle')}
                value={taskTitle}
                maxLength={100}
                style={{ width: 260 }}
                onChange={(e) => setTaskTitle(e.target.value)}
              />
              <PeoplePicker aria-label={t('meetings.weekly.owners')} placeholder={t('meetings.weekly.owners')} among={project?.members ?? []} value={owners} onChange={setOwners} />
              <DatePicker value={due ? dayjs(due) : null} onChange={(v) => setDue(v ? v.format('YYYY-MM-DD') : null)} />
            </Space>
          )}
          <Button disabled={!text.trim() || (follow && (!projectId || !taskTitle.trim()))} onClick={() => void submit()}>
            {t('meetings.daily.addAdjustment')}
          </Button>
        </Space>
      )}
    </Card>
  );
}
