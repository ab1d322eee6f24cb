import '../../rest-styles';
import { Form, Input } from 'antd';
import { FormDialog } from '../../components/FormDialog';
import { useT } from '../../i18n';
import { useBoard } from './store';

interface Values {
  name: string;
}

/** A new column at the right end of the board (convener, manager, admin). */
export function AddColumnDialog({ projectId, open, onClose }: { projectId: string; open: boolean; onClose(): void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const name = Form.useWatch('name', form) ?? '';
  return (
    <FormDialog<Values>
      open={open}
      title={t('boards.addColumn')}
      form={form}
      name="add-column"
      initialValues={{ name: '' }}
      okText={t('common.create')}
      canSubmit={name.trim() !== ''}
      onClose={onClose}
      onSubmit={(v) => useBoard.getState().run('columns.create', { projectId, name: v.name.trim() })}
    >
      <Form.Item name="name" rules={[{ required: true, whitespace: true, message: t('boards.columnName') }]} style={{ marginBottom: 0 }}>
        <Input autoFocus aria-label={t('boards.columnName')} placeholder={t('boards.columnName')} />
      </Form.Item>
    </FormDialog>
  );
}
