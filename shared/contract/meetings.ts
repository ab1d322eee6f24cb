/** Calls of the meetings feature. Declared here, handled in main/services/meetings.ts. */
export const meetingCalls = {};
