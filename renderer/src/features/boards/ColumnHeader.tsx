import { MoreOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Badge, Button, Dropdown, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { Board, BoardColumn } from '../../../../shared/contract';
import { useDataLabel, useT } from '../../i18n';
import { useBoard } from './store';

interface Props {
  board: Board;
  column: BoardColumn;
  count: number;
  onAddTask?: () => void;
  showMenu: boolean;
}

/** Column title, card count against its WIP limit, and (for the convener/manager/admin) the column menu. */
export function ColumnHeader({ board, column, count, onAddTask, showMenu }: Props) {
  const t = useT();
  const { message } = App.useApp();
  const run = useBoard((s) => s.run);
  const [mode, setMode] = useState<'rename' | 'wip' | 'delete' | null>(null);
  const [name, setName] = useState(column.name);
  const shown = useDataLabel()(column.name);
  const [wip, setWip] = useState<number | null>(column.wipLimit);
  const [moveTo, setMoveTo] = useState<string | null>(null);
  const over = column.wipLimit !== null && count > column.wipLimit;
  const i = board.columns.findIndex((c) => c.id === column.id);
  const others = board.columns.filter((c) => c.id !== column.id);

  const submit = async () => {
    if (mode === 'rename' && name.trim()) await run('columns.update', { id: column.id, name: name.trim() });
    if (mode === 'wip') await run('columns.update', { id: column.id, wipLimit: wip });
    if (mode === 'delete' && moveTo) {
      await run('columns.delete', { id: column.id, moveTo });
      message.success(t('boards.columnDeleted', { name: shown }));
    }
    setMode(null);
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
              if (key === 'rename') {
                setName(column.name);
                setMode('rename');
              } else if (key === 'wip') {
                setWip(column.wipLimit);
                setMode('wip');
              } else if (key === 'delete') {
                setMoveTo(others[0]?.id ?? null);
                setMode('delete');
              } else if (key === 'done') void run('columns.update', { id: column.id, isDone: !column.isDone });
              else if (key === 'left') void run('columns.move', { id: column.id, afterId: board.columns[i - 2]?.id ?? null });
              else if (key === 'right') void run('columns.move', { id: column.id, afterId: board.columns[i + 1]!.id });
            },
          }}
        >
          <Button size="small" type="text" icon={<MoreOutlined />} aria-label={t('boards.columnMenu', { name: shown })} />
        </Dropdown>
      )}
      <Modal
        open={mode !== null}
        destroyOnHidden
        title={mode === 'rename' ? t('boards.rename') : mode === 'wip' ? t('boards.setWip') : t('boards.deleteColumn', { name: shown })}
        onCancel={() => setMode(null)}
        onOk={() => void submit()}
        okButtonProps={{ danger: mode === 'delete' }}
      >
        {mode === 'rename' && <Input autoFocus aria-label={t('boards.columnName')} value={name} onChange={(e) => setName(e.target.value)} />}
        {mode === 'wip' && (
          <Space>
            <InputNumber min={1} max={999} aria-label={t('boards.setWip')} value={wip} onChange={(v) => setWip(v)} />
            <Typography.Text type="secondary">{t('boards.wipHint')}</Typography.Text>
          </Space>
        )}
        {mode === 'delete' && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>{t('boards.deleteColumnMove', { n: count })}</Typography.Text>
            <Select
              aria-label={t('boards.moveCardsTo')}
              style={{ width: '100%' }}
              value={moveTo ?? undefined}
              onChange={setMoveTo}
              options={others.map((c) => ({ value: c.id, label: c.name }))}
            />
          </Space>
        )}
      </Modal>
    </div>
  );
}
