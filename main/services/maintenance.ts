import type { HandlerGroup } from '../core/backend';

/** Handlers of the maintenance feature (calls declared in shared/contract/maintenance.ts). */
export const maintenanceHandlers: HandlerGroup = {};
