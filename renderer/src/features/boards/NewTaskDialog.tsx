import '../../rest-styles';
import { Form, Input, Select } from 'antd';
import type { Board } from '../../../../shared/contract';
import { FormDialog } from '../../components/FormDialog';
import { useDataLabel, useT } from '../../i18n';
import { useBoard } from './store';

interface Values {
  columnId: string;
  title: string;
}

/** A new card: its column (the one it was asked for, changeable) and its title. `column` null: closed. */
export function NewTaskDialog({ board, column, onClose }: { board: Board; column: string | null; onClose(): void }) {
  const t = useT();
  const dataLabel = useDataLabel();
  const [form] = Form.useForm<Values>();
  const title = Form.useWatch('title', form) ?? '';
  return (
    <FormDialog<Values>
      open={column !== null}
      title={t('boards.newTask')}
      form={form}
      name="new-task"
      initialValues={{ columnId: column ?? undefined, title: '' }}
      okText={t('common.create')}
      canSubmit={title.trim() !== ''}
      onClose={onClose}
      onSubmit={(v) => useBoard.getState().run('tasks.create', { projectId: board.project.id, columnId: v.columnId, title: v.title.trim() })}
    >
      <Form.Item name="columnId" rules={[{ required: true }]} style={{ marginBottom: 8 }}>
        <Select aria-label={t('boards.column')} style={{ width: '100%' }} options={board.columns.map((c) => ({ value: c.id, label: dataLabel(c.name) }))} />
      </Form.Item>
      <Form.Item name="title" rules={[{ required: true, whitespace: true, message: t('boards.taskTitle') }]} style={{ marginBottom: 0 }}>
        <Input autoFocus aria-label={t('boards.taskTitle')} placeholder={t('boards.taskTitle')} onPressEnter={() => form.submit()} />
      </Form.Item>
    </FormDialog>
  );
}
