/** Calls of the workload feature. Declared here, handled in main/services/workload.ts. */
export const workloadCalls = {};
