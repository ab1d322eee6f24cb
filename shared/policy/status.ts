import type { ProjectStatus } from '../domain';

/**
 * A project's status moves one step at a time, proposed → active → wrapped →
 * archived, and one step back to correct a mistake. main refuses any other move
 * (projects.setStatus); the overview offers exactly these.
 */
export const PROJECT_STATUS_ORDER: readonly ProjectStatus[] = ['proposed', 'active', 'wrapped', 'archived'];

export function projectStatusMoves(from: ProjectStatus): { next: ProjectStatus | null; back: ProjectStatus | null } {
  const i = PROJECT_STATUS_ORDER.indexOf(from);
  return { next: PROJECT_STATUS_ORDER[i + 1] ?? null, back: PROJECT_STATUS_ORDER[i - 1] ?? null };
}

export function mayMoveProjectStatus(from: ProjectStatus, to: ProjectStatus): boolean {
  const { next, back } = projectStatusMoves(from);
  return to === next || to === back;
}
