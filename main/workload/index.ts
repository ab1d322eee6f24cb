import type { HandlerGroup } from '../core/backend';
import { workloadGridHandlers } from './grid';
import { reassignHandlers } from './reassign';
import { timeOffHandlers } from './timeoff';

/** Handlers of the workload feature (calls declared in shared/contract/workload.ts). */
export const workloadHandlers = {
  ...workloadGridHandlers,
  ...reassignHandlers,
  ...timeOffHandlers,
} satisfies HandlerGroup;
