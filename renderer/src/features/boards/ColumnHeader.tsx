import { MoreOutlined, PlusOutlined } from '@ant-design/icons';
import { Badge, Button, Dropdown, Tag } from 'antd';
import { useState } from 'react';
import type { Board, BoardColumn } from '../../../../shared/contract';
import { useDataLabel, useT } from '../../i18n';
import type { ColumnEditMode } from './ColumnDialog';
import { later, WhenOpened } from './later';
import { useBoard } from './store';
import { StrongText } from '../../components/Plain';

/** Rename, WIP limit, delete: Form, InputNumber and Select come when one of them opens (issue 18). */
const ColumnDialog = later(() => import('./ColumnDialog').then((m) => m.ColumnDialog));

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
  const run = useBoard((s) => s.run);
  const [mode, setMode] = useState<ColumnEditMode | null>(null);
  const shown = useDataLabel()(column.name);
  const over = column.wipLimit !== null && count > column.wipLimit;
  const i = board.columns.findIndex((c) => c.id === column.id);
  const others = board.columns.filter((c) => c.id !== column.id);

  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 6, padding: '2px 4px 8px' }}>
      <StrongText
        title={shown}
        style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
        data-testid="column-title"
      >
        {shown}
      </StrongText>
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
          // The menu is open: its dialogs' code comes meanwhile.
          onOpenChange={(o) => o && ColumnDialog.preload()}
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
      <WhenOpened open={mode !== null}>
        <ColumnDialog.Component board={board} column={column} count={count} mode={mode} onClose={() => setMode(null)} />
      </WhenOpened>
    </div>
  );
}
