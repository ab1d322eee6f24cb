import type { Role } from '../domain';

/**
 * Who may do what, by role — the one statement of each rule. main enforces it
 * (main/core/rights.ts requireRole) and the renderer only reads it to decide
 * what to offer; a component never spells a role list of its own
 * (tests/unit/core/architecture.test.ts fails on one).
 */
export const MEETING_HOLDERS: readonly Role[] = ['admin', 'manager', 'convener'];
/** Managers and admins: see everyone's load and reports, override, manage the center. */
export const CENTER_MANAGERS: readonly Role[] = ['admin', 'manager'];

export const mayHoldMeetings = (role: Role | null | undefined): boolean => !!role && MEETING_HOLDERS.includes(role);
export const managesCenter = (role: Role | null | undefined): boolean => !!role && CENTER_MANAGERS.includes(role);
/** Who may create a project and convene its group. */
export const PROJECT_CREATORS: readonly Role[] = ['admin', 'manager', 'convener'];
export const mayCreateProjects = (role: Role | null | undefined): boolean => !!role && PROJECT_CREATORS.includes(role);
/** Admins alone: accounts' admin rights, backups and restore, file paths. */
export const isAdmin = (role: Role | null | undefined): boolean => role === 'admin';
/**
 * Who keeps the equipment catalogue (设备与车辆: items, quantities, repairs): managers and admins.
 * Teams have no lead of their own in the data (a team lead is a manager), so a team's lead is covered.
 */
export const GEAR_KEEPERS: readonly Role[] = CENTER_MANAGERS;
export const mayManageGear = (role: Role | null | undefined): boolean => !!role && GEAR_KEEPERS.includes(role);
