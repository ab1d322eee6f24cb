import type { HandlerGroup } from '../core/backend';

/** Handlers of the boards feature (calls declared in shared/contract/boards.ts). */
export const boardHandlers: HandlerGroup = {};
