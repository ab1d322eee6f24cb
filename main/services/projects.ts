import type { HandlerGroup } from '../core/backend';

/** Handlers of the projects feature (calls declared in shared/contract/projects.ts). */
export const projectHandlers: HandlerGroup = {};
