import type { HandlerGroup } from '../core/backend';

/** Handlers of the meetings feature (calls declared in shared/contract/meetings.ts). */
export const meetingHandlers: HandlerGroup = {};
