import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, DatePicker, Divider, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ProjectDetail, Team, TemplateInfo } from '../../../../shared/contract';
import { PLATFORMS, PRODUCT_FORMS, type Platform, type ProductForm } from '../../../../shared/domain';
import { GEAR_KINDS, type GearKind } from '../../../../shared/gear';
import { FormDialog } from '../../components/FormDialog';
import { useLabel, useT } from '../../i18n';
import { useTeamName } from './parts';

export interface ProjectFormValues {
  name: string;
  content: string;
  formats: ProductForm[];
  audience: string;
  platforms: Platform[];
  brief: string;
  startDate: string;
  endDate: string;
  keyDates: { date: string; label: string }[];
  needs: { teamId: string; role: string; count: number; hoursPerWeek: number; skill: string }[];
  gearNeeds: { kind: GearKind; count: number; note: string }[];
  templateId?: string;
}

interface FormShape {
  templateId?: string;
  name: string;
  content?: string;
  formats?: ProductForm[];
  audience?: string;
  platforms?: Platform[];
  brief?: string;
  dates?: [Dayjs, Dayjs];
  keyDates?: { date?: Dayjs; label?: string }[];
  needs?: { teamId?: string; role?: string; count?: number; hoursPerWeek?: number; skill?: string }[];
  gearNeeds?: { kind?: GearKind; count?: number; note?: string }[];
}

const FMT = 'YYYY-MM-DD';
const NO_TEMPLATE = '';

/** The business need (content, formats, audience, platforms, dates) and the teams needed; create or edit. */
export function ProjectForm({
  open,
  project,
  teams,
  templates,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  project: ProjectDetail | null;
  teams: Team[];
  templates: TemplateInfo[];
  onCancel(): void;
  onSubmit(v: ProjectFormValues): Promise<void>;
}) {
  const t = useT();
  const label = useLabel();
  const teamName = useTeamName(teams);
  const [form] = Form.useForm<FormShape>();
  const initialValues: Partial<FormShape> = project
    ? {
        name: project.name,
        content: project.content,
        formats: project.formats,
        audience: project.audience,
        platforms: project.platforms,
        brief: project.brief,
        dates: [dayjs(project.startDate), dayjs(project.endDate)],
        keyDates: project.keyDates.map((k) => ({ date: dayjs(k.date), label: k.label })),
        needs: project.needs.map((n) => ({ teamId: n.teamId, role: n.role, count: n.count, hoursPerWeek: n.hoursPerWeek, skill: n.skill })),
        gearNeeds: project.gearNeeds.map((n) => ({ kind: n.kind, count: n.count, note: n.note })),
      }
    : { templateId: NO_TEMPLATE, formats: [], platforms: [], keyDates: [], needs: [], gearNeeds: [] };

  /** A template pre-fills the need, the dates from the chosen start, key dates and needed teams. */
  const applyTemplate = (id: string) => {
    const tpl = templates.find((x) => x.id === id);
    if (!tpl) return;
    const p = tpl.payload;
    const start = form.getFieldValue('dates')?.[0] ?? dayjs().startOf('day');
    const byName = new Map(teams.map((x) => [x.name, x.id]));
    form.setFieldsValue({
      content: p.content,
      formats: p.formats,
      platforms: p.platforms,
      audience: p.audience,
      dates: [start, start.add(Math.max(1, p.durationDays) - 1, 'day')],
      keyDates: p.keyDates.map((k) => ({ date: start.add(k.offsetDays, 'day'), label: k.label })),
      needs: p.roles
        .filter((r) => byName.has(r.team))
        .map((r) => ({ teamId: byName.get(r.team), role: r.role, count: r.count, hoursPerWeek: r.hoursPerWeek, skill: r.skill ?? '' })),
    });
  };

  const submit = (v: FormShape) =>
    onSubmit({
      name: v.name,
      content: v.content ?? '',
      formats: v.formats ?? [],
      audience: v.audience ?? '',
      platforms: v.platforms ?? [],
      brief: v.brief ?? '',
      startDate: v.dates![0].format(FMT),
      endDate: v.dates![1].format(FMT),
      keyDates: (v.keyDates ?? []).filter((k) => k.date).map((k) => ({ date: k.date!.format(FMT), label: k.label ?? '' })),
      needs: (v.needs ?? [])
        .filter((n) => n.teamId)
        .map((n) => ({ teamId: n.teamId!, role: n.role ?? '', count: n.count ?? 1, hoursPerWeek: n.hoursPerWeek ?? 0, skill: n.skill ?? '' })),
      gearNeeds: (v.gearNeeds ?? []).filter((n) => n.kind).map((n) => ({ kind: n.kind!, count: n.count ?? 1, note: n.note ?? '' })),
      ...(v.templateId ? { templateId: v.templateId } : {}),
    });

  return (
    <FormDialog<FormShape>
      open={open}
      form={form}
      title={project ? t('projects.form.editTitle') : t('projects.form.newTitle')}
      width={860}
      okText={project ? t('common.save') : t('projects.form.create')}
      maskClosable={false}
      requiredMark="optional"
      initialValues={initialValues}
      onClose={onCancel}
      onSubmit={submit}
    >
      {!project && (
        <Form.Item name="templateId" label={t('projects.form.template')} extra={t('projects.form.templateHint')}>
          <Select
            aria-label={t('projects.form.template')}
            onChange={(id: string) => applyTemplate(id)}
            options={[
              { value: NO_TEMPLATE, label: t('projects.form.noTemplate') },
              ...templates.map((x) => ({
                value: x.id,
                label: (
                  <span>
                    {x.name}
                    <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                      {x.builtin ? t('projects.form.builtin') : t('projects.form.saved')} · {x.description}
                    </Typography.Text>
                  </span>
                ),
              })),
            ]}
          />
        </Form.Item>
      )}
      <Form.Item name="name" label={t('projects.field.name')} rules={[{ required: true, whitespace: true, message: t('projects.form.nameRequired') }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="content" label={t('projects.field.content')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item name="formats" label={t('projects.field.formats')}>
        <Checkbox.Group options={PRODUCT_FORMS.map((f) => ({ value: f.code, label: label(PRODUCT_FORMS, f.code) }))} />
      </Form.Item>
      <Form.Item name="audience" label={t('projects.field.audience')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="platforms" label={t('projects.field.platforms')}>
        <Checkbox.Group options={PLATFORMS.map((f) => ({ value: f.code, label: label(PLATFORMS, f.code) }))} />
      </Form.Item>
      <Form.Item name="dates" label={t('projects.field.dates')} rules={[{ required: true, message: t('projects.form.datesRequired') }]}>
        <DatePicker.RangePicker aria-label={t('projects.field.dates')} />
      </Form.Item>
      <Typography.Text strong>{t('projects.field.keyDates')}</Typography.Text>
      <Form.List name="keyDates">
        {(fields, { add, remove }) => (
          <div style={{ marginTop: 8 }}>
            {fields.map((f, i) => (
              <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                <Form.Item name={[f.name, 'date']} rules={[{ required: true, message: t('projects.form.dateRequired') }]}>
                  <DatePicker aria-label={t('projects.form.keyDateN', { n: i + 1 })} />
                </Form.Item>
                <Form.Item name={[f.name, 'label']}>
                  <Input placeholder={t('projects.form.keyDateLabel')} aria-label={t('projects.form.keyDateLabelN', { n: i + 1 })} maxLength={40} />
                </Form.Item>
                <MinusCircleOutlined aria-label={t('common.delete')} onClick={() => remove(f.name)} />
              </Space>
            ))}
            <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({ label: '' })} style={{ marginBottom: 16 }}>
              {t('projects.form.addKeyDate')}
            </Button>
          </div>
        )}
      </Form.List>
      <Form.Item name="brief" label={t('projects.field.brief')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Divider titlePlacement="start" plain>
        {t('projects.field.needs')}
      </Divider>
      <Form.List name="needs">
        {(fields, { add, remove }) => (
          <div>
            {fields.map((f) => (
              <Space key={f.key} align="baseline" style={{ display: 'flex' }} wrap>
                <Form.Item name={[f.name, 'teamId']} rules={[{ required: true, message: t('projects.form.teamRequired') }]}>
                  <Select
                    style={{ width: 160 }}
                    placeholder={t('projects.need.team')}
                    options={teams.map((x) => ({ value: x.id, label: teamName(x.id) }))}
                  />
                </Form.Item>
                <Form.Item name={[f.name, 'role']}>
                  <Input style={{ width: 120 }} placeholder={t('projects.need.role')} maxLength={40} />
                </Form.Item>
                <Form.Item name={[f.name, 'count']} initialValue={1}>
                  <InputNumber min={1} max={50} style={{ width: 90 }} suffix={t('projects.need.people')} />
                </Form.Item>
                <Form.Item name={[f.name, 'hoursPerWeek']} initialValue={8}>
                  <InputNumber min={0} max={80} style={{ width: 120 }} suffix={t('common.hoursPerWeek')} />
                </Form.Item>
                <Form.Item name={[f.name, 'skill']}>
                  <Input style={{ width: 110 }} placeholder={t('projects.need.skill')} maxLength={30} />
                </Form.Item>
                <MinusCircleOutlined aria-label={t('common.delete')} onClick={() => remove(f.name)} />
              </Space>
            ))}
            <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({ count: 1, hoursPerWeek: 8 })}>
              {t('projects.form.addNeed')}
            </Button>
          </div>
        )}
      </Form.List>
      <Divider titlePlacement="start" plain>
        {t('projects.field.gearNeeds')}
      </Divider>
      <Form.List name="gearNeeds">
        {(fields, { add, remove }) => (
          <div>
            {fields.map((f, i) => (
              <Space key={f.key} align="baseline" style={{ display: 'flex' }} wrap>
                <Form.Item name={[f.name, 'kind']} rules={[{ required: true, message: t('projects.form.gearKindRequired') }]}>
                  <Select
                    style={{ width: 160 }}
                    aria-label={t('projects.form.gearKindN', { n: i + 1 })}
                    placeholder={t('projects.form.gearKind')}
                    options={GEAR_KINDS.map((k) => ({ value: k.code, label: label(GEAR_KINDS, k.code) }))}
                  />
                </Form.Item>
                <Form.Item name={[f.name, 'count']} initialValue={1}>
                  <InputNumber min={1} max={99} style={{ width: 100 }} aria-label={t('projects.form.gearCountN', { n: i + 1 })} suffix={t('projects.form.units')} />
                </Form.Item>
                <Form.Item name={[f.name, 'note']}>
                  <Input style={{ width: 220 }} placeholder={t('projects.form.gearNote')} maxLength={60} />
                </Form.Item>
                <MinusCircleOutlined aria-label={t('common.delete')} onClick={() => remove(f.name)} />
              </Space>
            ))}
            <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({ count: 1 })}>
              {t('projects.form.addGearNeed')}
            </Button>
          </div>
        )}
      </Form.List>
    </FormDialog>
  );
}
