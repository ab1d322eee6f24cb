import { Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import type { Team } from '../../../../shared/contract';
import { useT } from '../../i18n';

export interface TeamFormValues {
  name: string;
  nameEn: string;
  skills: string[];
}

export function TeamForm({ open, team, onCancel, onSubmit }: { open: boolean; team: Team | null; onCancel(): void; onSubmit(v: TeamFormValues): Promise<void> }) {
  const t = useT();
  const [form] = Form.useForm<TeamFormValues>();
  useEffect(() => {
    if (open) form.setFieldsValue(team ? { name: team.name, nameEn: team.nameEn, skills: team.skills } : { name: '', nameEn: '', skills: [] });
  }, [open, team, form]);
  return (
    <Modal
      open={open}
      title={team ? t('people.editTeam') : t('people.addTeam')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={onCancel}
      onOk={() => void form.validateFields().then(onSubmit)}
      destroyOnHidden
      forceRender
    >
      <Form form={form} layout="vertical" name="team">
        <Form.Item name="name" label={t('people.teamName')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="nameEn" label={t('people.teamNameEn')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="skills" label={t('people.teamSkills')} extra={t('people.skillsHint')}>
          <Select mode="tags" tokenSeparators={[',', '，', '、']} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
