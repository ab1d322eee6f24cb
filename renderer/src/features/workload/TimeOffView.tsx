import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import type { TimeOffEntry } from '../../../../shared/contract';
import { TIME_OFF_KINDS, type TimeOffKind } from '../../../../shared/domain';
import { FormDialog } from '../../components/FormDialog';
import { PersonSelect } from '../../components/PersonSelect';
import { useLabel, useT } from '../../i18n';
import { selectActor, selectCanManageStaff, useSession } from '../workspace/store';
import { useWorkload } from './store';

interface FormValues {
  personId?: string;
  kind: TimeOffKind;
  dates: [Dayjs, Dayjs];
  hoursPerDay: number;
  note?: string;
}

/** Leave and field assignments: they take hours off a person's weekly capacity. */
export function TimeOffView() {
  const t = useT();
  const label = useLabel();
  const { message } = App.useApp();
  const actor = useSession(selectActor)!;
  const everyone = useSession(selectCanManageStaff);
  const entries = useWorkload((s) => s.timeOff);
  const { loadTimeOff, createTimeOff, updateTimeOff, deleteTimeOff } = useWorkload.getState();
  /** 'new', the entry being edited, or closed. */
  const [editing, setEditing] = useState<TimeOffEntry | 'new' | null>(null);
  useEffect(() => {
    void loadTimeOff();
  }, [loadTimeOff]);

  const submit = async (v: FormValues) => {
    const fields = {
      kind: v.kind,
      startDate: v.dates[0].format('YYYY-MM-DD'),
      endDate: v.dates[1].format('YYYY-MM-DD'),
      hoursPerDay: v.hoursPerDay,
      note: v.note ?? '',
    };
    if (editing === 'new') await createTimeOff({ personId: everyone ? v.personId! : actor.id, ...fields });
    else if (editing) await updateTimeOff({ id: editing.id, ...fields });
    message.success(t('workload.timeOff.saved'));
  };

  return (
    <div>
      <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setEditing('new')}>
        {t('workload.timeOff.add')}
      </Button>
      <Table<TimeOffEntry>
        size="small"
        rowKey="id"
        dataSource={entries}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('workload.timeOff.empty') }}
        columns={[
          { title: t('workload.timeOff.person'), dataIndex: 'personName' },
          { title: t('workload.timeOff.kind'), key: 'kind', render: (_, r) => <Tag color={r.kind === 'field' ? 'blue' : 'purple'}>{label(TIME_OFF_KINDS, r.kind)}</Tag> },
          { title: t('workload.timeOff.dates'), key: 'dates', render: (_, r) => `${r.startDate} ～ ${r.endDate}` },
          { title: t('workload.timeOff.hoursPerDay'), dataIndex: 'hoursPerDay', align: 'right' },
          { title: t('workload.timeOff.note'), dataIndex: 'note' },
          {
            title: t('workload.timeOff.actions'),
            key: 'actions',
            render: (_, r) =>
              (everyone || r.personId === actor.id) && (
                <Space size={4}>
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
                  {t('workload.timeOff.edit')}
                </Button>
                <Popconfirm
                  title={t('workload.timeOff.deleteConfirm')}
                  onConfirm={async () => {
                    await deleteTimeOff(r.id);
                    message.success(t('workload.timeOff.deleted'));
                  }}
                >
                  <Button size="small" danger icon={<DeleteOutlined />}>
                    {t('workload.timeOff.delete')}
                  </Button>
                </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      <FormDialog<FormValues>
        open={editing !== null}
        name="time-off"
        title={t(editing === 'new' ? 'workload.timeOff.add' : 'workload.timeOff.edit')}
        okText={t('common.confirm')}
        initialValues={
          editing && editing !== 'new'
            ? { kind: editing.kind, hoursPerDay: editing.hoursPerDay, note: editing.note, dates: [dayjs(editing.startDate), dayjs(editing.endDate)] }
            : { kind: 'leave', hoursPerDay: 8 }
        }
        onClose={() => setEditing(null)}
        onSubmit={submit}
      >
        {everyone && editing === 'new' && (
          <Form.Item name="personId" label={t('workload.timeOff.person')} rules={[{ required: true }]}>
            <PersonSelect aria-label={t('workload.timeOff.person')} style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Space size={16} align="start">
          <Form.Item name="kind" label={t('workload.timeOff.kind')} rules={[{ required: true }]}>
            <Select style={{ width: 140 }} options={TIME_OFF_KINDS.map((k) => ({ value: k.code, label: label(TIME_OFF_KINDS, k.code) }))} />
          </Form.Item>
          <Form.Item name="hoursPerDay" label={t('workload.timeOff.hoursPerDay')} rules={[{ required: true }]}>
            <InputNumber min={0.5} max={24} step={0.5} />
          </Form.Item>
        </Space>
        <Form.Item name="dates" label={t('workload.timeOff.dates')} rules={[{ required: true }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('workload.timeOff.note')}>
          <Input maxLength={200} />
        </Form.Item>
      </FormDialog>
    </div>
  );
}
