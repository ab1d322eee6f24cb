import { MoreOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Badge, Button, Dropdown, Form, Input, InputNumber, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { Board, BoardColumn } from '../../../../shared/contract';
import { FormDialog } from '../../components/FormDialog';
import { useDataLabel, useT } from '../../i18n';
import { useBoard } from './store';

interface Props {
  board: Board;
  column: BoardColumn;
  count: number;
  onAddTask?: () => void;
  showMenu: boolean;
}

interface ColumnEdit {
  name?: string;
  wipLimit?: number | null;
  moveTo?: string;
}

/** Column title, card count against its WIP limit, and (for the convener/manager/admin) the column menu. */
export function ColumnHeader({ board, column, count, onAddTask, showMenu }: Props) {
  const t = useT();
  const { message } = App.useApp();
  const run = useBoard((s) => s.run);
  const [mode, setMode] = useState<'rename' | 'wip' | 'delete' | null>(null);
  const shown = useDataLabel()(column.name);
  const over = column.wipLimit !== null && count > column.wipLimit;
  const i = board.columns.findIndex((c) => c.id === column.id);
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
    <div style={{ display: 'flex', alignItems: 'center', gap: 6, padding: '2px 4px 8px' }}>
      <Typography.Text
        strong
        title={shown}
        style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
        data-testid="column-title"
      >
        {shown}
      </Typography.Text>
      {column.isDone && <Tag color="green">{t('boards.doneColumn')}</Tag>}
      <Badge
        count={column.wipLimit !== null ? `${count}/${column.wipLimit}` : count}
        showZero
        overflowCount={99_999}
        color={over ? '#cf1322' : '#8c8c8c'}
        title={column.wipLimit !== null ? t(over ? 'boards.wipOver' : 'boards.wip', { n: column.wipLimit }) : undefined}
      />
      {onAddTask && <Button size="small" type="text" icon={<PlusOutlined />} aria-label={t('boards.addTaskTo', { name: shown })} onClick={onAddTask} />}
      {showMenu && board.canManage && (
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'rename', label: t('boards.rename') },
              { key: 'wip', label: t('boards.setWip') },
              { key: 'done', label: t(column.isDone ? 'boards.unmarkDone' : 'boards.markDone') },
              { key: 'left', label: t('boards.moveLeft'), disabled: i === 0 },
              { key: 'right', label: t('boards.moveRight'), disabled: i === board.columns.length - 1 },
              { type: 'divider' },
              { key: 'delete', label: t('common.delete'), danger: true, disabled: others.length === 0 },
            ],
            onClick: ({ key }) => {
              if (key === 'rename' || key === 'wip' || key === 'delete') setMode(key);
              else if (key === 'done') void run('columns.update', { id: column.id, isDone: !column.isDone });
              else if (key === 'left') void run('columns.move', { id: column.id, afterId: board.columns[i - 2]?.id ?? null });
              else if (key === 'right') void run('columns.move', { id: column.id, afterId: board.columns[i + 1]!.id });
            },
          }}
        >
          <Button size="small" type="text" icon={<MoreOutlined />} aria-label={t('boards.columnMenu', { name: shown })} />
        </Dropdown>
      )}
      <FormDialog<ColumnEdit>
        open={mode !== null}
        name={`column-${mode ?? 'edit'}`}
        title={mode === 'rename' ? t('boards.rename') : mode === 'wip' ? t('boards.setWip') : t('boards.deleteColumn', { name: shown })}
        initialValues={{ name: column.name, wipLimit: column.wipLimit, moveTo: others[0]?.id }}
        okText={t('common.confirm')}
        okDanger={mode === 'delete'}
        onClose={() => setMode(null)}
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
    </div>
  );
}
