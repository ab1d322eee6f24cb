import type { HandlerGroup } from '../core/backend';

/** Handlers of the workload feature (calls declared in shared/contract/workload.ts). */
export const workloadHandlers: HandlerGroup = {};
