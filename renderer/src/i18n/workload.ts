/** UI strings of the workload feature; keys start with 'workload.'. */
export const zh = {};

export const en: Record<keyof typeof zh, string> = {};
