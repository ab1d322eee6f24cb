import type { HandlerGroup } from '../core/backend';
import { columnHandlers } from './boards-columns';
import { boardReadHandlers } from './boards-read';
import { undoHandlers } from './boards-undo';
import { deliverableHandlers } from './deliverables';
import { taskCommandHandlers } from './tasks-commands';

/** Handlers of the boards feature (calls declared in shared/contract/boards.ts). */
export const boardHandlers: HandlerGroup = {
  ...boardReadHandlers,
  ...columnHandlers,
  ...taskCommandHandlers,
  ...deliverableHandlers,
  ...undoHandlers,
};
