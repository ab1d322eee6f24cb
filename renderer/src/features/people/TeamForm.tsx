import { Form, Input, Select } from 'antd';
import type { Team } from '../../../../shared/contract';
import { FormDialog } from '../../components/FormDialog';
import { useT } from '../../i18n';

export interface TeamFormValues {
  name: string;
  nameEn: string;
  skills: string[];
}

export function TeamForm({ open, team, onCancel, onSubmit }: { open: boolean; team: Team | null; onCancel(): void; onSubmit(v: TeamFormValues): Promise<void> }) {
  const t = useT();
  return (
    <FormDialog<TeamFormValues>
      open={open}
      name="team"
      title={team ? t('people.editTeam') : t('people.addTeam')}
      initialValues={team ? { name: team.name, nameEn: team.nameEn, skills: team.skills } : { name: '', nameEn: '', skills: [] }}
      onClose={onCancel}
      onSubmit={onSubmit}
    >
      <Form.Item name="name" label={t('people.teamName')} rules={[{ required: true, whitespace: true, max: 100 }]}>
        <Input autoFocus />
      </Form.Item>
      <Form.Item name="nameEn" label={t('people.teamNameEn')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="skills" label={t('people.teamSkills')} extra={t('people.skillsHint')}>
        <Select mode="tags" tokenSeparators={[',', '，', '、']} />
      </Form.Item>
    </FormDialog>
  );
}
