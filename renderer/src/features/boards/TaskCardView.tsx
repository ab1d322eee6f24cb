import { CheckSquareOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Card, Tag, theme } from 'antd';
import { memo, type CSSProperties, type KeyboardEvent } from 'react';
import type { TaskCard } from '../../../../shared/contract';
import { PRIORITIES } from '../../../../shared/domain';
import { useLabel, useT } from '../../i18n';
import { localShortDateTime } from '../../../../shared/time';

import type { CardDragData } from './drag';

interface Props {
  task: TaskCard;
  dndId: string;
  containerId: string;
  names: Map<string, string>;
  now: number;
  disabled: boolean;
  onOpen(id: string): void;
  style?: CSSProperties;
  measureRef?: (el: HTMLElement | null) => void;
  index?: number;
}

// The card's rows as plain flex boxes (what antd Space laid out, its gaps): a board mounts a card
// per row in view, and Space's per-instance work (context, item wrappers) added up (issue 18).
const VERTICAL: CSSProperties = { display: 'flex', flexDirection: 'column', gap: 4, width: '100%' };
// Rows of tags and facts are inline boxes in a block, as Space placed them (the line box of the
// card's 14 px text around them: the same heights as before).
const WRAP_TAGS: CSSProperties = { display: 'inline-flex', flexWrap: 'wrap', alignItems: 'center', gap: 4 };
const WRAP_FACTS: CSSProperties = { display: 'inline-flex', flexWrap: 'wrap', alignItems: 'center', gap: 10, fontSize: 12 };

const PRIORITY_COLOR = { low: 'default', normal: 'blue', high: 'orange', urgent: 'red' } as const;

/**
 * The card's text lines are plain spans coloured from the theme's tokens, not antd Typography: a
 * board mounts cards as a column scrolls, and Typography's per-instance work (its config merge,
 * ellipsis and copy set-up) was the largest self time in the scroll profile (issue 18).
 */
function useTones() {
  const { token } = theme.useToken();
  return { secondary: token.colorTextSecondary, danger: token.colorError, success: token.colorSuccess };
}

export function CardBody({ task, names, now }: { task: TaskCard; names: Map<string, string>; now: number }) {
  const label = useLabel();
  const tone = useTones();
  const overdue = task.dueAt !== null && task.dueAt < now && task.completedAt === null;
  return (
    <div style={VERTICAL}>
      <strong style={{ wordBreak: 'break-word' }}>{task.completedAt !== null ? <del>{task.title}</del> : task.title}</strong>
      {(task.priority !== 'normal' || task.labels.length > 0) && (
        <div>
          <div style={WRAP_TAGS}>
            {task.priority !== 'normal' && <Tag color={PRIORITY_COLOR[task.priority]}>{label(PRIORITIES, task.priority)}</Tag>}
            {task.labels.map((l) => (
              <Tag key={l}>{l}</Tag>
            ))}
          </div>
        </div>
      )}
      {(task.dueAt !== null || task.checklistTotal > 0 || task.assigneeIds.length > 0) && (
        <div>
          <div style={WRAP_FACTS}>
            {task.dueAt !== null && (
              <span style={{ fontSize: 12, color: overdue ? tone.danger : tone.secondary }}>
                <ClockCircleOutlined /> {localShortDateTime(task.dueAt)}
              </span>
            )}
            {task.checklistTotal > 0 && (
              <span style={{ fontSize: 12, color: task.checklistDone === task.checklistTotal ? tone.success : tone.secondary }}>
                <CheckSquareOutlined /> {task.checklistDone}/{task.checklistTotal}
              </span>
            )}
            {task.assigneeIds.length > 0 && (
              <span style={{ fontSize: 12, color: tone.secondary }}>{task.assigneeIds.map((a) => names.get(a) ?? '?').join('、')}</span>
            )}
            <ResponseMarks task={task} secondary={tone.secondary} />
          </div>
        </div>
      )}
    </div>
  );
}

/** 派单确认 at a glance: who has not answered, who declined. */
function ResponseMarks({ task, secondary }: { task: TaskCard; secondary: string }) {
  const t = useT();
  const declined = task.responses.filter((r) => r.response === 'declined').length;
  const pending = task.responses.length - declined;
  return (
    <>
      {declined > 0 && (
        <Tag color="error" style={{ marginInlineEnd: 0 }} data-testid="card-declined">
          {t('boards.card.declined', { n: declined })}
        </Tag>
      )}
      {pending > 0 && (
        <span style={{ fontSize: 12, color: secondary }} data-testid="card-pending">
          {t('boards.card.pending', { n: pending })}
        </span>
      )}
    </>
  );
}

/** One card on the board: a sortable item (mouse drag, or Space then arrows then Space) that opens on click or Enter. */
export const TaskCardView = memo(function TaskCardView({ task, dndId, containerId, names, now, disabled, onOpen, style, measureRef, index }: Props) {
  const data: CardDragData = { type: 'card', taskId: task.id, containerId };
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: dndId, data, disabled });
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    listeners?.onKeyDown?.(e);
    if (e.key === 'Enter' && !e.defaultPrevented) onOpen(task.id);
  };
  return (
    <div
      ref={(el) => {
        setNodeRef(el);
        measureRef?.(el);
      }}
      data-index={index}
      data-testid="task-card"
      data-task-id={task.id}
      {...attributes}
      {...listeners}
      onKeyDown={onKeyDown}
      aria-label={task.title}
      onClick={() => onOpen(task.id)}
      style={{
        ...style,
        transform: CSS.Translate.toString(transform),
        transition,
        opacity: isDragging ? 0.4 : 1,
        paddingBottom: 8,
        cursor: disabled ? 'pointer' : 'grab',
        outlineOffset: 2,
      }}
    >
      <Card size="small" hoverable styles={{ body: { padding: 10 } }}>
        <CardBody task={task} names={names} now={now} />
      </Card>
    </div>
  );
});
