import { Form, Input, InputNumber, Select } from 'antd';
import type { Person, Team } from '../../../../shared/contract';
import { ROLES, ROLE_LABELS, type Role } from '../../../../shared/domain';
import { FormDialog } from '../../components/FormDialog';
import { useLocaleStore, useT } from '../../i18n';

export interface PersonFormValues {
  name: string;
  teamId: string;
  role: Role;
  title: string;
  skills: string[];
  capacityHours: number;
  /** Admins only (the field is not shown to others); empty on a new person: made from the name's pinyin. */
  login?: string;
}

interface Props {
  open: boolean;
  person: Person | null;
  teams: Team[];
  defaultTeamId: string | null;
  canGrantAdmin: boolean;
  onCancel(): void;
  onSubmit(values: PersonFormValues): Promise<void>;
}

export function PersonForm({ open, person, teams, defaultTeamId, canGrantAdmin, onCancel, onSubmit }: Props) {
  const t = useT();
  const locale = useLocaleStore((s) => s.locale);
  const [form] = Form.useForm<PersonFormValues>();
  const teamId = Form.useWatch('teamId', form);
  const team = teams.find((x) => x.id === teamId);
  return (
    <FormDialog<PersonFormValues>
      open={open}
      form={form}
      name="person"
      title={person ? t('people.editPerson') : t('people.newPerson')}
      initialValues={
        person
          ? { name: person.name, teamId: person.teamId, role: person.role, title: person.title, skills: person.skills, capacityHours: person.capacityHours, login: person.login }
          : { name: '', teamId: defaultTeamId ?? teams[0]?.id ?? '', role: 'member', title: '', skills: [], capacityHours: 40, login: '' }
      }
      onClose={onCancel}
      onSubmit={onSubmit}
    >
      <Form.Item name="name" label={t('people.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
        <Input autoFocus />
      </Form.Item>
      {canGrantAdmin && (
        <Form.Item
          name="login"
          label={t('people.login')}
          extra={t(person ? 'people.loginHint' : 'people.loginNewHint')}
          normalize={(v: string) => v.trim().toLowerCase()}
          rules={[{ required: person !== null, pattern: /^[a-z0-9][a-z0-9._-]{0,39}$/, message: t('people.loginInvalid') }]}
        >
          <Input maxLength={40} autoComplete="off" spellCheck={false} />
        </Form.Item>
      )}
      <Form.Item name="teamId" label={t('people.team')} rules={[{ required: true }]}>
        <Select options={teams.map((tm) => ({ value: tm.id, label: locale === 'en' && tm.nameEn ? tm.nameEn : tm.name }))} />
      </Form.Item>
      <Form.Item name="title" label={t('people.title2')}>
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item name="skills" label={t('people.skills')} extra={t('people.skillsHint')}>
        <Select mode="tags" options={(team?.skills ?? []).map((s) => ({ value: s, label: s }))} tokenSeparators={[',', '，', '、']} />
      </Form.Item>
      <Form.Item name="role" label={t('people.role')}>
        <Select
          options={ROLES.map((r) => ({
            value: r,
            label: ROLE_LABELS[r][locale === 'en' ? 'en' : 'zh'],
            disabled: r === 'admin' && !canGrantAdmin,
          }))}
        />
      </Form.Item>
      <Form.Item name="capacityHours" label={t('people.capacity')} rules={[{ required: true }]}>
        <InputNumber min={0} max={80} step={1} style={{ width: 160 }} />
      </Form.Item>
    </FormDialog>
  );
}
