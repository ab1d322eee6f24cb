import type { HandlerGroup } from '../core/backend';
import { columnHandlers } from './columns';
import { boardReadHandlers } from './read';
import { undoHandlers } from './undo';
import { deliverableHandlers } from './deliverables';
import { taskCommandHandlers } from './tasks';
import { respondHandlers } from './respond';

/** Handlers of the boards feature (calls declared in shared/contract/boards.ts). */
export const boardHandlers = {
  ...boardReadHandlers,
  ...columnHandlers,
  ...taskCommandHandlers,
  ...deliverableHandlers,
  ...undoHandlers,
  ...respondHandlers,
} satisfies HandlerGroup;
