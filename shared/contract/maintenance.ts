/** Calls of the maintenance feature. Declared here, handled in main/services/maintenance.ts. */
export const maintenanceCalls = {};
