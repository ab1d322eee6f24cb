/** UI strings of the projects feature; keys start with 'projects.'. */
export const zh = {};

export const en: Record<keyof typeof zh, string> = {};
