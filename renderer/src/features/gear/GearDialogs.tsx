import { Alert, App, Button, Checkbox, DatePicker, Form, Input, InputNumber, List, Modal, Select, Space, Tag, Typography } from 'antd';
import { PlusOutlined, ToolOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import type { GearBooking, GearItem } from '../../../../shared/contract';
import { bookingClash, GEAR_KINDS, MAX_CALENDAR_DAYS, MAX_GEAR_QUANTITY, type GearKind } from '../../../../shared/gear';
import { callQuiet } from '../../api/client';
import { daysBetween, fromLocalDateTime, localDate, localDateTime, localShortDateTime } from '../../../../shared/time';
import { FormDialog } from '../../components/FormDialog';
import { useLabel, useT } from '../../i18n';
import { selectCatalogue, selectProjectChoices, selectTeams, useGear } from './store';

const FMT = 'YYYY-MM-DD HH:mm';
const toPicker = (ms: number): Dayjs => dayjs(localDateTime(ms), FMT);
const fromPicker = (d: Dayjs): number => fromLocalDateTime(d.format(FMT));
export const rangeText = (start: number, end: number): string => `${localShortDateTime(start)}–${localShortDateTime(end)}`;

interface BookForm {
  itemIds: string[];
  projectId: string;
  start: Dayjs;
  end: Dayjs;
  quantity: number;
  note: string;
}

/** 预约设备: an item, a project (fixed when booked from its overview), a half-open range, how many. */
export function BookDialog({ projectId, projectName, itemId, start, onClose }: { projectId?: string; projectName?: string; itemId?: string; start?: number; onClose(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const catalogue = useGear(selectCatalogue);
  const projects = useGear(selectProjectChoices);
  const [form] = Form.useForm<BookForm>();
  const picked = Form.useWatch('itemIds', form) as string[] | undefined;
  useEffect(() => {
    void useGear.getState().loadCatalogue();
    if (!projectId) void useGear.getState().loadChoices();
  }, [projectId]);
  const items = useMemo(() => (catalogue ?? []).filter((i) => !i.archived), [catalogue]);
  // Each item picked gets `quantity` units: at most what the smallest of them has.
  const max = Math.min(...(picked?.length ? items.filter((i) => picked.includes(i.id)).map((i) => i.quantity) : [1]), MAX_GEAR_QUANTITY);
  const from = start ?? fromLocalDateTime(`${localDateTime(Date.now()).slice(0, 10)} 09:00`) + 86_400_000;
  const warnings = useClashWarnings(items, Form.useWatch([], form) as Partial<BookForm> | undefined);

  const submit = async (v: BookForm) => {
    await useGear.getState().run('gear.book', {
      itemIds: v.itemIds,
      projectId: projectId ?? v.projectId,
      start: fromPicker(v.start),
      end: fromPicker(v.end),
      quantity: v.quantity,
      note: v.note ?? '',
    });
    message.success(t('gear.booked'));
  };

  return (
    <FormDialog<BookForm>
      open
      name="gear-book"
      form={form}
      title={projectName ? t('gear.bookFor', { project: projectName }) : t('gear.bookTitle')}
      okText={t('gear.book')}
      initialValues={{ itemIds: itemId ? [itemId] : [], start: toPicker(from), end: toPicker(from + 9 * 3600_000), quantity: 1, note: '' }}
      onSubmit={submit}
      onClose={onClose}
    >
      <Form.Item name="itemIds" label={t('gear.field.item')} rules={[{ required: true }]} extra={t('gear.field.itemsHint')}>
        <Select
          mode="multiple"
          showSearch
          optionFilterProp="label"
          options={items.map((i) => ({ value: i.id, label: i.quantity > 1 ? `${i.name} ×${i.quantity}` : i.name }))}
        />
      </Form.Item>
      {!projectId && (
        <Form.Item name="projectId" label={t('gear.field.project')} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" options={(projects ?? []).map((p) => ({ value: p.id, label: p.name }))} />
        </Form.Item>
      )}
      <Space.Compact block>
        <Form.Item name="start" label={t('gear.field.start')} rules={[{ required: true }]} style={{ flex: 1 }}>
          <DatePicker showTime={{ format: 'HH:mm' }} format={FMT} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="end"
          label={t('gear.field.end')}
          style={{ flex: 1 }}
          dependencies={['start']}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: (_, v: Dayjs | undefined) => {
                const s = getFieldValue('start') as Dayjs | undefined;
                return !v || !s || v.isAfter(s) ? Promise.resolve() : Promise.reject(new Error(t('gear.field.end')));
              },
            }),
          ]}
        >
          <DatePicker showTime={{ format: 'HH:mm' }} format={FMT} style={{ width: '100%' }} />
        </Form.Item>
      </Space.Compact>
      <Typography.Paragraph type="secondary" style={{ marginTop: -12, fontSize: 12 }}>
        {t('gear.field.timeHint')}
      </Typography.Paragraph>
      <Form.Item name="quantity" label={t('gear.field.quantity')} rules={[{ required: true }]}>
        <InputNumber min={1} max={max} />
      </Form.Item>
      <Form.Item name="note" label={t('gear.field.note')}>
        <Input maxLength={200} />
      </Form.Item>
      {warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="gear-book-warning"
          title={t('gear.preClashTitle')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          }
        />
      )}
    </FormDialog>
  );
}

/**
 * What the booking being typed would clash with, by the same rules main applies (shared/gear.ts):
 * the picked items' live bookings of those days are read once the range is set, and each clash
 * is named before the person presses OK (main still decides, and refuses).
 */
function useClashWarnings(items: readonly GearItem[], v: Partial<BookForm> | undefined): string[] {
  const t = useT();
  const start = v?.start ? fromPicker(v.start) : null;
  const end = v?.end ? fromPicker(v.end) : null;
  const ids = v?.itemIds ?? [];
  const quantity = v?.quantity ?? 1;
  const [bookings, setBookings] = useState<GearBooking[] | null>(null);
  const key = start !== null && end !== null && end > start ? `${localDate(start)}|${localDate(end - 1)}` : '';
  useEffect(() => {
    setBookings(null);
    if (!key) return;
    const [a, b] = key.split('|') as [string, string];
    if (daysBetween(a, b) + 1 > MAX_CALENDAR_DAYS) return;
    let live = true;
    void callQuiet('gear.calendar', { from: a, to: b })
      .then((c) => live && setBookings(c.bookings))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [key]);
  if (!bookings || start === null || end === null || end <= start) return [];
  const out: string[] = [];
  for (const id of ids) {
    const item = items.find((i) => i.id === id);
    if (!item) continue;
    const mine = bookings.filter((b) => b.itemId === id);
    const clash = bookingClash(item, mine, { id: '', itemId: id, start, end, quantity });
    if (clash?.kind === 'repair') out.push(t('gear.preRepair', { item: item.name, range: rangeText(clash.repair.start, clash.repair.end) }));
    if (clash?.kind === 'capacity') {
      const who = clash.holders.map((h) => {
        const b = mine.find((x) => x.id === h.id)!;
        return t('gear.preHolder', { project: b.projectName, range: rangeText(b.start, b.end) });
      });
      out.push(t('gear.preClash', { item: item.name, who: who.join(t('gear.listSep')), n: clash.quantity - clash.inUse }));
    }
  }
  return out;
}

interface ItemForm {
  kind: GearKind;
  name: string;
  quantity: number;
  teamId: string | null;
  note: string;
  archived: boolean;
}

/** Adds or edits one catalogue item (managers and admins). */
function ItemDialog({ item, onClose }: { item: GearItem | null; onClose(): void }) {
  const t = useT();
  const label = useLabel();
  const { message } = App.useApp();
  const teams = useGear(selectTeams);
  const submit = async (v: ItemForm) => {
    await useGear.getState().run('gear.saveItem', { ...(item ? { id: item.id } : {}), ...v, teamId: v.teamId ?? null, note: v.note ?? '', archived: !!v.archived });
    message.success(t('gear.itemSaved'));
  };
  return (
    <FormDialog<ItemForm>
      open
      name="gear-item"
      title={item ? t('gear.editItem') : t('gear.addItem')}
      initialValues={item ? { kind: item.kind, name: item.name, quantity: item.quantity, teamId: item.teamId, note: item.note, archived: item.archived } : { kind: 'live_kit', quantity: 1, teamId: null, note: '', archived: false }}
      onSubmit={submit}
      onClose={onClose}
    >
      <Form.Item name="kind" label={t('gear.field.kind')} rules={[{ required: true }]}>
        <Select options={GEAR_KINDS.map((k) => ({ value: k.code, label: label(GEAR_KINDS, k.code) }))} />
      </Form.Item>
      <Form.Item name="name" label={t('gear.field.name')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item name="quantity" label={t('gear.field.quantity')} rules={[{ required: true }]}>
        <InputNumber min={1} max={999} />
      </Form.Item>
      <Form.Item name="teamId" label={t('gear.field.team')}>
        <Select allowClear placeholder={t('gear.field.teamNone')} options={(teams ?? []).map((x) => ({ value: x.id, label: x.name }))} />
      </Form.Item>
      <Form.Item name="note" label={t('gear.field.note')}>
        <Input maxLength={200} />
      </Form.Item>
      {item && (
        <Form.Item name="archived" valuePropName="checked">
          <Checkbox>{t('gear.field.archived')}</Checkbox>
        </Form.Item>
      )}
    </FormDialog>
  );
}

interface RepairForm {
  start: Dayjs;
  end: Dayjs;
  note: string;
}

/** Marks an item under repair over a range, with a note. */
function RepairDialog({ item, onClose }: { item: GearItem; onClose(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const now = Date.now();
  const submit = async (v: RepairForm) => {
    await useGear.getState().run('gear.setRepair', { itemId: item.id, repair: { start: fromPicker(v.start), end: fromPicker(v.end), note: v.note ?? '' } });
    message.success(t('gear.repairSaved'));
  };
  return (
    <FormDialog<RepairForm>
      open
      name="gear-repair"
      title={t('gear.repairTitle', { name: item.name })}
      initialValues={{ start: toPicker(item.repair?.start ?? now), end: toPicker(item.repair?.end ?? now + 3 * 86_400_000), note: item.repair?.note ?? '' }}
      onSubmit={submit}
      onClose={onClose}
    >
      <Form.Item name="start" label={t('gear.field.repairStart')} rules={[{ required: true }]}>
        <DatePicker showTime={{ format: 'HH:mm' }} format={FMT} />
      </Form.Item>
      <Form.Item name="end" label={t('gear.field.repairEnd')} rules={[{ required: true }]}>
        <DatePicker showTime={{ format: 'HH:mm' }} format={FMT} />
      </Form.Item>
      <Form.Item name="note" label={t('gear.field.repairNote')}>
        <Input maxLength={200} />
      </Form.Item>
    </FormDialog>
  );
}

/** 设备目录: every item with its quantity, keeper and repair; managers add, edit, retire and mark repairs. */
export function CatalogueDialog({ onClose }: { onClose(): void }) {
  const t = useT();
  const label = useLabel();
  const { message } = App.useApp();
  const catalogue = useGear(selectCatalogue);
  const [editing, setEditing] = useState<GearItem | 'new' | null>(null);
  const [repairing, setRepairing] = useState<GearItem | null>(null);
  useEffect(() => {
    void useGear.getState().loadCatalogue();
    void useGear.getState().loadChoices();
  }, []);
  const endRepair = async (item: GearItem) => {
    await useGear.getState().run('gear.setRepair', { itemId: item.id, repair: null });
    message.success(t('gear.repairSaved'));
  };
  return (
    <Modal open title={t('gear.catalogue')} onCancel={onClose} footer={null} width={720} destroyOnHidden>
      <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} style={{ marginBottom: 12 }}>
        {t('gear.addItem')}
      </Button>
      <List
        size="small"
        loading={!catalogue}
        dataSource={catalogue ?? []}
        renderItem={(i) => (
          <List.Item
            actions={[
              <Button key="edit" type="link" size="small" onClick={() => setEditing(i)}>
                {t('gear.editItem')}
              </Button>,
              i.repair ? (
                <Button key="repair" type="link" size="small" onClick={() => void endRepair(i).catch(() => undefined)}>
                  {t('gear.endRepair')}
                </Button>
              ) : (
                <Button key="repair" type="link" size="small" icon={<ToolOutlined />} onClick={() => setRepairing(i)}>
                  {t('gear.setRepair')}
                </Button>
              ),
            ]}
          >
            <Space wrap>
              <Tag>{label(GEAR_KINDS, i.kind)}</Tag>
              <Typography.Text delete={i.archived}>{i.name}</Typography.Text>
              {i.quantity > 1 && <Typography.Text type="secondary">{t('gear.qty', { n: i.quantity })}</Typography.Text>}
              <Typography.Text type="secondary">{i.teamName ?? t('gear.field.teamNone')}</Typography.Text>
              {i.archived && <Tag>{t('gear.field.archived')}</Tag>}
              {i.repair && <Tag color="orange">{t('gear.repairLine', { range: rangeText(i.repair.start, i.repair.end), note: i.repair.note ? ` ${i.repair.note}` : '' })}</Tag>}
            </Space>
          </List.Item>
        )}
      />
      {editing && <ItemDialog item={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {repairing && <RepairDialog item={repairing} onClose={() => setRepairing(null)} />}
    </Modal>
  );
}
