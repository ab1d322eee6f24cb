import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, DatePicker, Form, Input, InputNumber, List, Modal, Select, Space, Tag, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import type { RotaEntry, ShiftType } from '../../../../shared/contract';
import { rotationPlan } from '../../../../shared/rota';
import { FormDialog } from '../../components/FormDialog';
import { useT } from '../../i18n';
import { PeoplePicker } from '../meetings/PeoplePicker';
import { usePeopleDirectory } from '../people/directory';
import { useActiveShiftTypes, selectShiftTypes, useRota } from './store';

/** Who is on one shift on one date (a manager's edit of one cell). */
export function CellEditor({ date, shift, people, onClose }: { date: string; shift: ShiftType; people: RotaEntry[]; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [ids, setIds] = useState(() => people.map((p) => p.personId));
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      await useRota.getState().run('rota.setCell', { date, shiftTypeId: shift.id, personIds: ids });
      message.success(t('rota.cellSaved'));
      onClose();
    } catch {
      /* reported by the client */
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={t('rota.editCell', { date, shift: `${shift.name} ${shift.start}–${shift.end}` })} onCancel={onClose} onOk={() => void save()} okButtonProps={{ loading: saving }} destroyOnHidden>
      <Typography.Text type="secondary">{t('rota.editCellPeople')}</Typography.Text>
      <PeoplePicker value={ids} onChange={setIds} style={{ width: '100%', marginTop: 8 }} aria-label={t('rota.editCellPeople')} />
    </Modal>
  );
}

interface FillForm {
  shiftTypeId: string;
  range: [Dayjs, Dayjs];
  personIds: string[];
  perDay: number;
  weekdays: number[];
  offset: number;
  replace: boolean;
}

/** 轮换排班: the listed people take a shift in turn over a range. */
export function FillDialog({ range, onClose }: { range: { from: string; to: string }; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const shifts = useActiveShiftTypes();
  const directory = usePeopleDirectory();
  const [form] = Form.useForm<FillForm>();
  const values = Form.useWatch([], form) as Partial<FillForm> | undefined;
  const nameOf = (id: string): string => directory?.find((p) => p.id === id)?.name ?? '?';
  // The first days of the plan, as main will compute it (shared/rota.ts).
  const preview = useMemo(() => {
    const v = values;
    if (!v?.range?.[0] || !v.range[1] || !v.personIds?.length || !v.weekdays?.length || !v.perDay) return '';
    return rotationPlan({
      from: v.range[0].format('YYYY-MM-DD'),
      to: v.range[1].format('YYYY-MM-DD'),
      personIds: v.personIds,
      perDay: v.perDay,
      weekdays: v.weekdays,
      offset: (v.offset ?? 1) - 1,
    })
      .slice(0, 7)
      .map((d) => `${d.date.slice(5)} ${d.personIds.map(nameOf).join('、')}`)
      .join('；');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- names follow the directory
  }, [values, directory]);

  const submit = async (v: FillForm) => {
    const r = await useRota.getState().run('rota.fill', {
      shiftTypeId: v.shiftTypeId,
      from: v.range[0].format('YYYY-MM-DD'),
      to: v.range[1].format('YYYY-MM-DD'),
      personIds: v.personIds,
      perDay: v.perDay,
      weekdays: v.weekdays,
      offset: (v.offset ?? 1) - 1,
      replace: v.replace,
    });
    message.success(t('rota.filled', { filled: String(r.filled), skipped: r.skipped ? t('rota.filledSkipped', { n: String(r.skipped) }) : '' }));
  };

  return (
    <FormDialog<FillForm>
      open
      form={form}
      name="rota-fill"
      title={t('rota.fill')}
      width={620}
      okText={t('common.confirm')}
      initialValues={{ shiftTypeId: shifts[0]?.id, range: [dayjs(range.from), dayjs(range.to)], personIds: [], perDay: 1, weekdays: [1, 2, 3, 4, 5, 6, 7], offset: 1, replace: false }}
      onClose={onClose}
      onSubmit={submit}
    >
      <Form.Item name="shiftTypeId" label={t('rota.fillShift')} rules={[{ required: true }]}>
        <Select options={shifts.map((s) => ({ value: s.id, label: `${s.name} ${s.start}–${s.end}` }))} />
      </Form.Item>
      <Form.Item name="range" label={t('rota.fillRange')} rules={[{ required: true }]}>
        <DatePicker.RangePicker allowClear={false} />
      </Form.Item>
      <Form.Item name="personIds" label={t('rota.fillPeople')} rules={[{ required: true, type: 'array', min: 1 }]}>
        <PeoplePicker style={{ width: '100%' }} aria-label={t('rota.fillPeople')} />
      </Form.Item>
      <Space size={24}>
        <Form.Item name="perDay" label={t('rota.fillPerDay')} rules={[{ required: true }]}>
          <InputNumber min={1} max={20} precision={0} />
        </Form.Item>
        <Form.Item name="offset" label={t('rota.fillOffset')}>
          <InputNumber min={1} max={100} precision={0} />
        </Form.Item>
      </Space>
      <Form.Item name="weekdays" label={t('rota.fillWeekdays')} rules={[{ required: true, type: 'array', min: 1 }]}>
        <Checkbox.Group options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: t(`rota.weekday.${d}` as 'rota.weekday.1') }))} />
      </Form.Item>
      <Form.Item name="replace" valuePropName="checked">
        <Checkbox>{t('rota.fillReplace')}</Checkbox>
      </Form.Item>
      {preview && (
        <Typography.Paragraph type="secondary" data-testid="rota-fill-preview">
          {t('rota.fillPreview', { lines: preview })}
        </Typography.Paragraph>
      )}
    </FormDialog>
  );
}

/** The center's shift types: add, rename, re-time, archive. */
export function ShiftTypesDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const shifts = useRota(selectShiftTypes);
  const [draft, setDraft] = useState<{ id?: string; name: string; start: string; end: string } | null>(null);
  const save = async (s: { id?: string; name: string; start: string; end: string; archived: boolean }) => {
    try {
      await useRota.getState().run('rota.saveShiftType', s);
      message.success(t('rota.shiftSaved'));
      setDraft(null);
    } catch {
      /* reported by the client */
    }
  };
  const time = (v: string) => dayjs(`2000-01-01 ${v}`);
  return (
    <Modal open title={t('rota.shifts')} onCancel={onClose} footer={null} width={640} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('rota.shiftHint')}</Typography.Paragraph>
      <List
        size="small"
        dataSource={shifts}
        renderItem={(s) => (
          <List.Item
            actions={[
              <Button key="edit" type="link" size="small" onClick={() => setDraft({ id: s.id, name: s.name, start: s.start, end: s.end })}>
                {t('common.edit')}
              </Button>,
              <Button key="arch" type="link" size="small" onClick={() => void save({ ...s, archived: !s.archived })}>
                {s.archived ? t('rota.shiftRestore') : t('rota.shiftArchive')}
              </Button>,
            ]}
          >
            <Space>
              <strong>{s.name}</strong>
              <span>
                {s.start}–{s.end}
              </span>
              <Typography.Text type="secondary">{t('rota.shiftHours', { h: String(s.hours) })}</Typography.Text>
              {s.end <= s.start && <Tag>{t('rota.shiftOvernight')}</Tag>}
              {s.archived && <Tag>{t('rota.shiftArchived')}</Tag>}
            </Space>
          </List.Item>
        )}
      />
      {draft ? (
        <Space wrap style={{ marginTop: 12 }} data-testid="shift-draft">
          <Input aria-label={t('rota.shiftName')} placeholder={t('rota.shiftName')} value={draft.name} maxLength={20} onChange={(e) => setDraft({ ...draft, name: e.target.value })} style={{ width: 140 }} />
          <TimePicker aria-label={t('rota.shiftStart')} format="HH:mm" minuteStep={15} value={time(draft.start)} allowClear={false} onChange={(v) => v && setDraft({ ...draft, start: v.format('HH:mm') })} />
          <TimePicker aria-label={t('rota.shiftEnd')} format="HH:mm" minuteStep={15} value={time(draft.end)} allowClear={false} onChange={(v) => v && setDraft({ ...draft, end: v.format('HH:mm') })} />
          <Button type="primary" disabled={!draft.name.trim()} onClick={() => void save({ ...draft, name: draft.name.trim(), archived: false })}>
            {t('common.save')}
          </Button>
          <Button onClick={() => setDraft(null)}>{t('common.cancel')}</Button>
        </Space>
      ) : (
        <Button icon={<PlusOutlined />} style={{ marginTop: 12 }} onClick={() => setDraft({ name: '', start: '08:00', end: '17:00' })}>
          {t('rota.shiftAdd')}
        </Button>
      )}
    </Modal>
  );
}
