import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Descriptions, Form, Input, Space, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { MEETING_KINDS } from '../../../../shared/domain';
import { PersonSelect } from '../../components/PersonSelect';
import { useLabel, useT } from '../../i18n';
import { navigate } from '../../shell/router';
import { selectRole, useSession } from '../workspace/store';
import { DailyPanel } from './DailyPanel';
import { KIND_COLOR } from './MeetingList';
import { MonthlyItems } from './MonthlyItems';
import { PeoplePicker } from './PeoplePicker';
import { useMeetings } from './store';
import { WeeklyTopics } from './WeeklyTopics';
import { mayHoldMeetings } from '../../../../shared/policy/roles';

interface InfoValues {
  date: dayjs.Dayjs;
  title: string;
  chairId?: string | null;
  attendeeIds: string[];
  notes: string;
}

export function MeetingDetailView({ id }: { id: string }) {
  const t = useT();
  const label = useLabel();
  const { message } = App.useApp();
  const canHold = mayHoldMeetings(useSession(selectRole));
  const meeting = useMeetings((s) => (s.current?.id === id ? s.current : null));
  const { open, update, loadProjects } = useMeetings.getState();
  const [form] = Form.useForm<InfoValues>();

  useEffect(() => {
    void open(id);
    void loadProjects();
  }, [id, open, loadProjects]);
  useEffect(() => {
    if (meeting)
      form.setFieldsValue({
        date: dayjs(meeting.date),
        title: meeting.title,
        chairId: meeting.chair?.id ?? null,
        attendeeIds: meeting.attendees.map((a) => a.id),
        notes: meeting.notes,
      });
  }, [meeting, form]);

  if (!meeting) return <Spin />;
  const kindLabel = label(MEETING_KINDS, meeting.kind);

  const save = async () => {
    const v = await form.validateFields();
    await update({ id, date: v.date.format('YYYY-MM-DD'), title: v.title ?? '', chairId: v.chairId ?? null, attendeeIds: v.attendeeIds ?? [], notes: v.notes ?? '' });
    message.success(t('common.saved'));
  };

  return (
    <div>
      <Space style={{ marginBottom: 12 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/meetings')}>
          {t('meetings.back')}
        </Button>
      </Space>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        <Tag color={KIND_COLOR[meeting.kind]} style={{ fontSize: 16, padding: '2px 8px', verticalAlign: 'middle' }}>
          {kindLabel}
        </Tag>
        {meeting.date} {meeting.title}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        {canHold ? (
          <Form form={form} layout="inline" style={{ rowGap: 8 }}>
            <Form.Item name="date" label={t('meetings.date')} rules={[{ required: true }]}>
              <DatePicker allowClear={false} />
            </Form.Item>
            <Form.Item name="title" label={t('meetings.titleField')}>
              <Input style={{ width: 220 }} maxLength={100} />
            </Form.Item>
            <Form.Item name="chairId" label={t('meetings.chair')}>
              <PersonSelect style={{ width: 200, minWidth: 200 }} aria-label={t('meetings.chair')} />
            </Form.Item>
            <Form.Item name="attendeeIds" label={t('meetings.attendees')}>
              <PeoplePicker style={{ width: 360 }} aria-label={t('meetings.attendees')} />
            </Form.Item>
            <Form.Item name="notes" label={t('meetings.notes')} style={{ width: '100%', marginTop: 8 }}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} />
            </Form.Item>
            <Form.Item>
              <Button onClick={() => void save()}>{t('meetings.saveInfo')}</Button>
            </Form.Item>
          </Form>
        ) : (
          <Descriptions
            size="small"
            items={[
              { key: 'chair', label: t('meetings.chair'), children: meeting.chair?.name ?? '—' },
              { key: 'att', label: t('meetings.attendees'), children: meeting.attendees.map((a) => a.name).join('、') || '—' },
              { key: 'notes', label: t('meetings.notes'), children: meeting.notes || '—' },
            ]}
          />
        )}
      </Card>
      {meeting.kind === 'monthly' && <MonthlyItems meeting={meeting} canHold={canHold} />}
      {meeting.kind === 'weekly' && <WeeklyTopics meeting={meeting} canHold={canHold} />}
      {meeting.kind === 'daily' && <DailyPanel meeting={meeting} canHold={canHold} />}
    </div>
  );
}
