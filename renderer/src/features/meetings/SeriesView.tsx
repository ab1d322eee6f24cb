import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Form, Input, List, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { MEETING_KINDS, type MeetingKind } from '../../../../shared/domain';
import { FormDialog } from '../../components/FormDialog';
import { useLabel, useT, type MessageKey } from '../../i18n';
import { selectRole, useSession } from '../workspace/store';
import { todayLocal } from './format';
import { KIND_COLOR } from './MeetingList';
import { PeoplePicker } from './PeoplePicker';
import { useMeetings } from './store';
import { mayHoldMeetings } from '../../../../shared/policy/roles';

interface NewSeries {
  kind: MeetingKind;
  title?: string;
  startDate: dayjs.Dayjs;
  chairIds?: string[];
  attendeeIds?: string[];
}

/** Recurring meetings: each active series creates its records; chairs take turns. */
export function SeriesView() {
  const t = useT();
  const label = useLabel();
  const { message } = App.useApp();
  const canHold = mayHoldMeetings(useSession(selectRole));
  const series = useMeetings((s) => s.series);
  const { loadSeries, createSeries, setSeriesActive } = useMeetings.getState();
  const [open, setOpen] = useState(false);
  useEffect(() => void loadSeries(), [loadSeries]);

  const submit = async (v: NewSeries) => {
    await createSeries({ kind: v.kind, title: v.title ?? '', startDate: v.startDate.format('YYYY-MM-DD'), chairIds: v.chairIds ?? [], attendeeIds: v.attendeeIds ?? [] });
    message.success(t('meetings.series.created'));
  };

  return (
    <Card
      size="small"
      extra={
        canHold && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setOpen(true)}
          >
            {t('meetings.series.new')}
          </Button>
        )
      }
    >
      <List
        dataSource={series}
        locale={{ emptyText: t('meetings.series.none') }}
        renderItem={(s) => (
          <List.Item
            actions={
              canHold
                ? [
                    <Button key="a" type="link" onClick={() => void setSeriesActive(s.id, !s.active)}>
                      {s.active ? t('meetings.series.stop') : t('meetings.series.resume')}
                    </Button>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space>
                  <Tag color={s.active ? KIND_COLOR[s.kind] : 'default'}>{label(MEETING_KINDS, s.kind)}</Tag>
                  <span>{s.title}</span>
                </Space>
              }
              description={
                <Typography.Text type="secondary">
                  {t(`meetings.series.rule.${s.kind}` as MessageKey)} · {s.startDate} · {t('meetings.series.chairs')}：{s.chairs.map((c) => c.name).join(' → ') || '—'} ·{' '}
                  {t('meetings.series.count', { n: s.meetingCount })}
                </Typography.Text>
              }
            />
          </List.Item>
        )}
      />
      <FormDialog<NewSeries>
        open={open}
        name="new-series"
        title={t('meetings.series.new')}
        initialValues={{ kind: 'weekly', title: '', startDate: dayjs(todayLocal()), chairIds: [], attendeeIds: [] }}
        okText={t('common.create')}
        onClose={() => setOpen(false)}
        onSubmit={submit}
      >
        <Form.Item name="kind" label={t('meetings.kind')} rules={[{ required: true }]}>
          <Select options={MEETING_KINDS.map((k) => ({ value: k.code, label: label(MEETING_KINDS, k.code) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('meetings.titleField')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="startDate" label={t('meetings.series.start')} rules={[{ required: true }]}>
          <DatePicker allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="chairIds" label={t('meetings.series.chairs')}>
          <PeoplePicker style={{ width: '100%' }} aria-label={t('meetings.series.chairs')} />
        </Form.Item>
        <Form.Item name="attendeeIds" label={t('meetings.attendees')}>
          <PeoplePicker style={{ width: '100%' }} aria-label={t('meetings.attendees')} />
        </Form.Item>
      </FormDialog>
    </Card>
  );
}
