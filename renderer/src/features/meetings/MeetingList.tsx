import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import type { MeetingSummary } from '../../../../shared/contract';
import { MEETING_KINDS, type MeetingKind } from '../../../../shared/domain';
import { FormDialog } from '../../components/FormDialog';
import { PersonSelect } from '../../components/PersonSelect';
import { useLabel, useT } from '../../i18n';
import { navigate } from '../../shell/router';
import { selectRole, useSession } from '../workspace/store';
import { todayLocal } from './format';
import { PeoplePicker } from './PeoplePicker';
import { useMeetings } from './store';
import { mayHoldMeetings } from '../../../../shared/policy/roles';

export const KIND_COLOR: Record<MeetingKind, string> = { monthly: 'purple', weekly: 'blue', daily: 'green' };

interface NewMeeting {
  kind: MeetingKind;
  date: dayjs.Dayjs;
  title?: string;
  chairId?: string;
  attendeeIds?: string[];
}

export function MeetingList() {
  const t = useT();
  const label = useLabel();
  const { message } = App.useApp();
  const role = useSession(selectRole);
  const canHold = mayHoldMeetings(role);
  const meetings = useMeetings((s) => s.meetings);
  const loading = useMeetings((s) => s.loading);
  const kind = useMeetings((s) => s.kind);
  const pending = useMeetings((s) => s.pendingRecurrences);
  const { refresh, setKind, setSearch, create, catchUp } = useMeetings.getState();
  const [query, setQuery] = useState(useMeetings.getState().search);
  /** The kind the list shows when "New meeting" was clicked: the new meeting's kind to start with. */
  const [creating, setCreating] = useState<MeetingKind | null>(null);

  useEffect(() => void refresh(), [refresh]);
  useEffect(() => {
    const h = setTimeout(() => setSearch(query.trim()), 200);
    return () => clearTimeout(h);
  }, [query, setSearch]);

  const submit = async (v: NewMeeting) => {
    const m = await create({ kind: v.kind, date: v.date.format('YYYY-MM-DD'), title: v.title ?? '', chairId: v.chairId ?? null, attendeeIds: v.attendeeIds ?? [] });
    message.success(t('meetings.created'));
    navigate(`/meetings/${m.id}`);
  };

  return (
    <Card size="small">
      {pending > 0 && canHold && (
        <Alert
          style={{ marginBottom: 12 }}
          type="info"
          showIcon
          title={t('meetings.catchUp', { n: pending })}
          action={
            <Button size="small" onClick={() => void catchUp().then((n) => void message.success(t('meetings.catchUpDone', { n })))}>
              {t('meetings.catchUpButton')}
            </Button>
          }
        />
      )}
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} wrap>
        <Space wrap>
          <Segmented
            value={kind ?? 'all'}
            onChange={(v) => setKind(v === 'all' ? null : (v as MeetingKind))}
            options={[{ value: 'all', label: t('meetings.allKinds') }, ...MEETING_KINDS.map((k) => ({ value: k.code, label: label(MEETING_KINDS, k.code) }))]}
          />
          <Input.Search
            allowClear
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t('meetings.searchPlaceholder')}
            aria-label={t('meetings.searchPlaceholder')}
            style={{ width: 320 }}
          />
        </Space>
        {canHold && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(kind ?? 'daily')}
          >
            {t('meetings.new')}
          </Button>
        )}
      </Space>
      <Table<MeetingSummary>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={meetings}
        locale={{ emptyText: t('meetings.noRecords') }}
        pagination={{ pageSize: 30, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={(m) => ({ onClick: () => navigate(`/meetings/${m.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('meetings.date'), dataIndex: 'date', width: 120 },
          {
            title: t('meetings.kind'),
            dataIndex: 'kind',
            width: 150,
            render: (k: MeetingKind, m) => (
              <Space size={4}>
                <Tag color={KIND_COLOR[k]}>{label(MEETING_KINDS, k)}</Tag>
                {m.seriesId && <Tag>{t('meetings.recurring')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('meetings.titleField'),
            dataIndex: 'title',
            render: (title: string, m) => (
              <Space direction="vertical" size={0}>
                <Typography.Link>{title || label(MEETING_KINDS, m.kind)}</Typography.Link>
                {m.snippet && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('meetings.match', { text: m.snippet })}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          { title: t('meetings.chair'), dataIndex: 'chair', width: 120, render: (c: MeetingSummary['chair']) => c?.name ?? '—' },
          { title: t('meetings.items'), dataIndex: 'itemCount', width: 80, align: 'right' },
          { title: t('meetings.tasks'), dataIndex: 'taskCount', width: 80, align: 'right' },
        ]}
      />
      <FormDialog<NewMeeting>
        open={creating !== null}
        name="new-meeting"
        title={t('meetings.new')}
        initialValues={{ kind: creating ?? 'daily', date: dayjs(todayLocal()), title: '', chairId: undefined, attendeeIds: [] }}
        okText={t('common.create')}
        onClose={() => setCreating(null)}
        onSubmit={submit}
      >
        <Form.Item name="kind" label={t('meetings.kind')} rules={[{ required: true }]}>
          <Select options={MEETING_KINDS.map((k) => ({ value: k.code, label: label(MEETING_KINDS, k.code) }))} />
        </Form.Item>
        <Form.Item name="date" label={t('meetings.date')} rules={[{ required: true }]}>
          <DatePicker allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="title" label={t('meetings.titleField')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="chairId" label={t('meetings.chair')}>
          <PersonSelect style={{ width: '100%' }} aria-label={t('meetings.chair')} />
        </Form.Item>
        <Form.Item name="attendeeIds" label={t('meetings.attendees')}>
          <PeoplePicker style={{ width: '100%' }} aria-label={t('meetings.attendees')} />
        </Form.Item>
      </FormDialog>
    </Card>
  );
}
