import type { LoadLevel } from '../../../../shared/contract';

/** Tag colours of the three load levels (Ant Design preset status colours). */
export const LEVEL_COLOR: Record<LoadLevel, 'success' | 'warning' | 'error'> = { free: 'success', busy: 'warning', overloaded: 'error' };

/** A load as a percentage; `none` when the person has no hours that week (on leave all week): never “∞”. */
export const percent = (ratio: number | null, none: string): string => (ratio === null ? none : `${Math.round(ratio * 100)}%`);

export const hours = (h: number): string => (Number.isInteger(h) ? String(h) : h.toFixed(1));
