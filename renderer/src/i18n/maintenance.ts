/** UI strings of the maintenance feature; keys start with 'maintenance.'. */
export const zh = {};

export const en: Record<keyof typeof zh, string> = {};
