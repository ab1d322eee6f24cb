/** Calls of the boards feature. Declared here, handled in main/services/boards.ts. */
export const boardCalls = {};
