/** UI strings of the meetings feature; keys start with 'meetings.'. */
export const zh = {};

export const en: Record<keyof typeof zh, string> = {};
