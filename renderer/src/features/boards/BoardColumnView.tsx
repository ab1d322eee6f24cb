import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';
import type { TaskCard } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { TaskCardView } from './TaskCardView';

import type { ContainerDragData } from './drag';
import { SecondaryText } from '../../components/Plain';

/** Columns longer than this render only the cards in view (smooth with 1,000 cards). */
const VIRTUAL_FROM = 40;

interface Props {
  containerId: string;
  columnId: string;
  columnName: string;
  lane: string;
  tasks: TaskCard[];
  names: Map<string, string>;
  now: number;
  canWork: boolean;
  onOpen(id: string): void;
  header?: ReactNode;
  maxHeight: number | string;
}

export function BoardColumnView({ containerId, columnId, columnName, lane, tasks, names, now, canWork, onOpen, header, maxHeight }: Props) {
  const t = useT();
  const data: ContainerDragData = { type: 'container', columnId };
  const { setNodeRef, isOver } = useDroppable({ id: containerId, data });
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const ids = tasks.map((x) => `${lane}|${x.id}`);
  const virtual = tasks.length > VIRTUAL_FROM;
  const virtualizer = useVirtualizer({
    count: virtual ? tasks.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 96,
    overscan: 8,
    getItemKey: (i) => tasks[i]!.id,
  });
  return (
    <div
      data-testid="board-column"
      data-column-name={columnName}
      style={{
        width: 280,
        flex: 'none',
        background: isOver ? '#e6f4ff' : '#f5f5f5',
        borderRadius: 8,
        padding: 8,
        display: 'flex',
        flexDirection: 'column',
      }}
    >
      {header}
      <SortableContext id={containerId} items={ids} strategy={verticalListSortingStrategy}>
        <div
          ref={(el) => {
            setNodeRef(el);
            scrollRef.current = el;
          }}
          data-testid="column-body"
          data-column-id={columnId}
          style={{ minHeight: 60, maxHeight, overflowY: 'auto', paddingRight: 2 }}
        >
          {virtual ? (
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((v) => {
                const task = tasks[v.index]!;
                return (
                  <TaskCardView
                    key={task.id}
                    index={v.index}
                    measureRef={virtualizer.measureElement}
                    task={task}
                    dndId={ids[v.index]!}
                    containerId={containerId}
                    names={names}
                    now={now}
                    disabled={!canWork}
                    onOpen={onOpen}
                    style={{ position: 'absolute', top: v.start, left: 0, right: 0 }}
                  />
                );
              })}
            </div>
          ) : (
            tasks.map((task, i) => (
              <TaskCardView
                key={task.id}
                task={task}
                dndId={ids[i]!}
                containerId={containerId}
                names={names}
                now={now}
                disabled={!canWork}
                onOpen={onOpen}
              />
            ))
          )}
          {tasks.length === 0 && (
            <SecondaryText style={{ display: 'block', textAlign: 'center', padding: 16, fontSize: 12 }}>{t('boards.emptyColumn')}</SecondaryText>
          )}
        </div>
      </SortableContext>
    </div>
  );
}
