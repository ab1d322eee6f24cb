import { UndoOutlined } from '@ant-design/icons';
import { App, Button, Tooltip } from 'antd';
import type { Board } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { useActivityLine } from '../settings/activity';
import { useBoard } from './store';

/**
 * Undo of the person's last board change. What is undone is named from the structured log entry the
 * board carries (board.undo), in the UI's language; the server's summary of the undo is not parsed.
 */
export function UndoButton({ board }: { board: Board }) {
  const t = useT();
  const { message } = App.useApp();
  const activityLine = useActivityLine();
  const doUndo = async () => {
    const target = useBoard.getState().board?.undo ?? null;
    await useBoard.getState().undo();
    if (target) message.success(t('boards.undone', { what: activityLine(target) }));
  };
  return (
    <Tooltip title={board.undo ? activityLine(board.undo) : t('boards.nothingToUndo')}>
      <Button icon={<UndoOutlined />} disabled={!board.undo || !board.canWork} onClick={() => void doUndo().catch(() => undefined)}>
        {t('boards.undo')}
      </Button>
    </Tooltip>
  );
}
