/** UI strings of the boards feature; keys start with 'boards.'. */
export const zh = {};

export const en: Record<keyof typeof zh, string> = {};
