import '../../rest-styles';
import { App, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import type { Board, BoardColumn } from '../../../../shared/contract';
import { FormDialog } from '../../components/FormDialog';
import { useDataLabel, useT } from '../../i18n';
import { useBoard } from './store';

export type ColumnEditMode = 'rename' | 'wip' | 'delete';

interface ColumnEdit {
  name?: string;
  wipLimit?: number | null;
  moveTo?: string;
}

interface Props {
  board: Board;
  column: BoardColumn;
  count: number;
  /** null: closed. */
  mode: ColumnEditMode | null;
  onClose(): void;
}

/** The column menu's dialogs: rename, WIP limit, delete (its cards moved to another column). Its own chunk (later.tsx). */
export function ColumnDialog({ board, column, count, mode, onClose }: Props) {
  const t = useT();
  const { message } = App.useApp();
  const run = useBoard((s) => s.run);
  const shown = useDataLabel()(column.name);
  const others = board.columns.filter((c) => c.id !== column.id);

  const submit = async (v: ColumnEdit) => {
    if (mode === 'rename' && v.name?.trim()) await run('columns.update', { id: column.id, name: v.name.trim() });
    if (mode === 'wip') await run('columns.update', { id: column.id, wipLimit: v.wipLimit ?? null });
    if (mode === 'delete' && v.moveTo) {
      await run('columns.delete', { id: column.id, moveTo: v.moveTo });
      message.success(t('boards.columnDeleted', { name: shown }));
    }
  };

  return (
    <FormDialog<ColumnEdit>
      open={mode !== null}
      name={`column-${mode ?? 'edit'}`}
      title={mode === 'rename' ? t('boards.rename') : mode === 'wip' ? t('boards.setWip') : t('boards.deleteColumn', { name: shown })}
      initialValues={{ name: column.name, wipLimit: column.wipLimit, moveTo: others[0]?.id }}
      okText={t('common.confirm')}
      okDanger={mode === 'delete'}
      onClose={onClose}
      onSubmit={submit}
    >
      {mode === 'rename' && (
        <Form.Item name="name" rules={[{ required: true, whitespace: true, message: t('boards.columnName') }]} style={{ marginBottom: 0 }}>
          <Input autoFocus aria-label={t('boards.columnName')} />
        </Form.Item>
      )}
      {mode === 'wip' && (
        <Space>
          <Form.Item name="wipLimit" noStyle>
            <InputNumber min={1} max={999} aria-label={t('boards.setWip')} />
          </Form.Item>
          <Typography.Text type="secondary">{t('boards.wipHint')}</Typography.Text>
        </Space>
      )}
      {mode === 'delete' && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>{t('boards.deleteColumnMove', { n: count })}</Typography.Text>
          <Form.Item name="moveTo" noStyle>
            <Select aria-label={t('boards.moveCardsTo')} style={{ width: '100%' }} options={others.map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
        </Space>
      )}
    </FormDialog>
  );
}
