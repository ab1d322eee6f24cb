import { PlusOutlined } from '@ant-design/icons';
import {
  closestCorners,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { Button, Card } from 'antd';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { Board, TaskCard } from '../../../../shared/contract';
import { useDataLabel, useT } from '../../i18n';
import { BoardColumnView } from './BoardColumnView';
import { ColumnHeader } from './ColumnHeader';
import { columnOfDndId, dropTarget, taskOfDndId, type CardDragData, type DropData } from './drag';
import { containerKey, type Lane } from './lanes';
import { useBoard } from './store';
import { CardBody } from './TaskCardView';
import { Heading } from '../../components/Plain';

interface Props {
  board: Board;
  lanes: Lane[];
  /** containerKey(lane, column) → its visible cards in order (lanes.ts). */
  containers: Map<string, TaskCard[]>;
  now: number;
  onAddTask(columnId: string): void;
  onAddColumn(): void;
}

/** The lanes × columns of cards, moved by mouse or keyboard (where a drop lands: drag.ts). */
export function BoardLanes({ board, lanes, containers, now, onAddTask, onAddColumn }: Props) {
  const t = useT();
  const dataLabel = useDataLabel();
  const { openTask, moveTask } = useBoard.getState();
  const [dragging, setDragging] = useState<TaskCard | null>(null);
  const lastDragEnd = useRef(0);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: sortableKeyboardCoordinates,
      // Enter opens the card; Space picks it up and drops it.
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] },
    }),
  );
  const names = useMemo(() => new Map(board.members.map((m) => [m.id, m.name])), [board.members]);
  // Stable, so the memoised cards do not all re-render on every board change; a click that ends a drag opens nothing.
  const open = useCallback(
    (id: string) => {
      if (Date.now() - lastDragEnd.current < 250) return;
      openTask(id);
    },
    [openTask],
  );

  const onDragStart = (e: DragStartEvent) => {
    const d = e.active.data.current as CardDragData | undefined;
    setDragging(board.tasks.find((x) => x.id === d?.taskId) ?? null);
  };
  const onDragEnd = (e: DragEndEvent) => {
    setDragging(null);
    lastDragEnd.current = Date.now();
    const active = e.active.data.current as CardDragData | undefined;
    const over = e.over?.data.current as DropData | undefined;
    if (!active || !over || !e.over) return;
    const to = dropTarget(active, over, e.over.id, (id) => containers.get(id) ?? []);
    if (to) void moveTask(active.taskId, to.columnId, to.afterId);
  };

  // What a screen reader says while a card is carried by keyboard, in the UI language.
  const titleOf = (id: string | number): string => taskOfDndId(id, board.tasks)?.title ?? '';
  const whereOf = (id: string | number): string => {
    const columnId = columnOfDndId(id, board.columns, board.tasks);
    return dataLabel(board.columns.find((c) => c.id === columnId)?.name ?? '');
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('boards.a11yPicked', { title: titleOf(active.id) }),
    onDragOver: ({ active, over }) => (over ? t('boards.a11yOver', { title: titleOf(active.id), column: whereOf(over.id) }) : undefined),
    onDragEnd: ({ active, over }) => (over ? t('boards.a11yDropped', { title: titleOf(active.id), column: whereOf(over.id) }) : undefined),
    onDragCancel: ({ active }) => t('boards.a11yCancelled', { title: titleOf(active.id) }),
  };
  const first = lanes[0]?.key;

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCorners}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragging(null)}
      accessibility={{ announcements, screenReaderInstructions: { draggable: t('boards.keyboardHint') } }}
    >
      <div style={{ overflowX: 'auto', paddingBottom: 8 }}>
        {lanes.map((lane) => (
          <div key={lane.key} style={{ marginBottom: lane.title ? 16 : 0 }} data-testid="swimlane">
            {lane.title && (
              <Heading level={5} style={{ margin: '4px 0 8px', position: 'sticky', left: 0, display: 'inline-block' }}>
                {lane.title}
              </Heading>
            )}
            <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }}>
              {board.columns.map((col) => {
                const cid = containerKey(lane.key, col.id);
                return (
                  <BoardColumnView
                    key={cid}
                    containerId={cid}
                    columnId={col.id}
                    columnName={col.name}
                    lane={lane.key}
                    tasks={containers.get(cid) ?? []}
                    names={names}
                    now={now}
                    canWork={board.canWork}
                    onOpen={open}
                    maxHeight={lane.title ? 420 : 'calc(100vh - 340px)'}
                    header={
                      <ColumnHeader
                        board={board}
                        column={col}
                        count={board.tasks.filter((x) => x.columnId === col.id).length}
                        onAddTask={board.canWork && lane.key === first ? () => onAddTask(col.id) : undefined}
                        showMenu={lane.key === first}
                      />
                    }
                  />
                );
              })}
              {board.canManage && lane.key === first && (
                <Button icon={<PlusOutlined />} onClick={onAddColumn} style={{ flex: 'none' }}>
                  {t('boards.addColumn')}
                </Button>
              )}
            </div>
          </div>
        ))}
      </div>
      <DragOverlay>
        {dragging && (
          <Card size="small" style={{ width: 264, boxShadow: '0 8px 24px rgba(0,0,0,.18)' }} styles={{ body: { padding: 10 } }}>
            <CardBody task={dragging} names={names} now={now} />
          </Card>
        )}
      </DragOverlay>
    </DndContext>
  );
}
