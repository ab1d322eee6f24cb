/** Calls of the projects feature. Declared here, handled in main/services/projects.ts. */
export const projectCalls = {};
