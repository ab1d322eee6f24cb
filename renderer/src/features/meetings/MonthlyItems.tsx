import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Form, Input, List, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { MeetingDetail, MeetingItem, MeetingItemKind } from '../../../../shared/contract';
import { FormDialog } from '../../components/FormDialog';
import { PersonSelect } from '../../components/PersonSelect';
import { useT, type MessageKey } from '../../i18n';
import { navigate } from '../../shell/router';
import { useMeetings } from './store';

const MONTHLY_KINDS: MeetingItemKind[] = ['theme', 'hot', 'story'];
const ITEM_COLOR: Record<string, string> = { theme: 'red', hot: 'orange', story: 'blue' };

interface Proposal {
  convenerId?: string;
  period: [dayjs.Dayjs, dayjs.Dayjs];
}

/** 每月编委会: the month's major themes, hot topics and key stories; each can become a proposed project. */
export function MonthlyItems({ meeting, canHold }: { meeting: MeetingDetail; canHold: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const { saveItem, removeItem, proposeProject } = useMeetings.getState();
  const [form] = Form.useForm<{ kind: MeetingItemKind; title: string; body: string }>();
  const [proposing, setProposing] = useState<MeetingItem | null>(null);

  const add = async () => {
    const v = await form.validateFields();
    await saveItem({ meetingId: meeting.id, kind: v.kind, title: v.title, body: v.body ?? '' });
    form.resetFields(['title', 'body']);
  };

  const propose = async (item: MeetingItem, v: Proposal) => {
    await proposeProject({
      itemId: item.id,
      convenerId: v.convenerId ?? undefined,
      startDate: v.period[0].format('YYYY-MM-DD'),
      endDate: v.period[1].format('YYYY-MM-DD'),
    });
    message.success(t('meetings.monthly.proposed', { name: item.title }));
  };

  const nextMonth = dayjs(meeting.date).add(1, 'month');
  return (
    <Card size="small" title={t('meetings.items')}>
      {canHold && (
        <Form form={form} layout="inline" initialValues={{ kind: 'theme' }} style={{ marginBottom: 12, rowGap: 8 }}>
          <Form.Item name="kind">
            <Select style={{ width: 120 }} aria-label={t('meetings.kind')} options={MONTHLY_KINDS.map((k) => ({ value: k, label: t(`meetings.item.${k}` as MessageKey) }))} />
          </Form.Item>
          <Form.Item name="title" rules={[{ required: true, whitespace: true }]}>
            <Input placeholder={t('meetings.monthly.itemTitle')} aria-label={t('meetings.monthly.itemTitle')} style={{ width: 260 }} maxLength={100} />
          </Form.Item>
          <Form.Item name="body">
            <Input placeholder={t('meetings.monthly.itemBody')} aria-label={t('meetings.monthly.itemBody')} style={{ width: 360 }} maxLength={5000} />
          </Form.Item>
          <Button icon={<PlusOutlined />} onClick={() => void add()}>
            {t('meetings.monthly.add')}
          </Button>
        </Form>
      )}
      <List
        dataSource={meeting.items}
        locale={{ emptyText: t('common.empty') }}
        renderItem={(item) => (
          <List.Item
            actions={[
              item.projectId ? (
                <Button key="open" type="link" onClick={() => navigate(`/projects/${item.projectId}`)}>
                  {t('meetings.monthly.openProject')}
                </Button>
              ) : canHold ? (
                <Button
                  key="propose"
                  type="link"
                  onClick={() => setProposing(item)}
                >
                  {t('meetings.monthly.propose')}
                </Button>
              ) : null,
              canHold && !item.projectId ? (
                <Popconfirm key="del" title={t('common.delete')} onConfirm={() => void removeItem(item.id)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                  <Button type="link" danger>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              ) : null,
            ]}
          >
            <List.Item.Meta
              title={
                <Space>
                  <Tag color={ITEM_COLOR[item.kind]}>{t(`meetings.item.${item.kind}` as MessageKey)}</Tag>
                  <span>{item.title}</span>
                  {item.projectId && <Tag color="green">{t('meetings.monthly.linked')}</Tag>}
                </Space>
              }
              description={<Typography.Text type="secondary">{item.body}</Typography.Text>}
            />
          </List.Item>
        )}
      />
      <FormDialog<Proposal>
        open={!!proposing}
        name="propose"
        title={t('meetings.monthly.proposeTitle')}
        intro={<Typography.Paragraph strong>{proposing?.title}</Typography.Paragraph>}
        initialValues={{ convenerId: undefined, period: [nextMonth.startOf('month'), nextMonth.endOf('month')] }}
        okText={t('common.create')}
        onClose={() => setProposing(null)}
        onSubmit={(v) => (proposing ? propose(proposing, v) : undefined)}
      >
        <Form.Item name="convenerId" label={t('meetings.monthly.convener')}>
          <PersonSelect style={{ width: '100%' }} aria-label={t('meetings.monthly.convener')} />
        </Form.Item>
        <Form.Item name="period" label={t('meetings.monthly.period')} rules={[{ required: true }]}>
          <DatePicker.RangePicker allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
      </FormDialog>
    </Card>
  );
}
