/**
 * 派单确认 — an assignee's answer to a task or a group place given to them. The rules live here
 * once: main enforces them (main/boards/respond.ts), the screens read them.
 *
 * - A task someone gives me waits for my answer ('pending'); one I take myself
 *   is accepted at once. Assignments older than the feature count as accepted.
 * - I may accept, or decline with a reason the convener reads; I may change my
 *   answer later (a decline withdrawn by accepting).
 * - A declined assignment stays on the task, marked, until the convener hands it
 *   to someone else; its hours no longer count in my load.
 */
export const ASSIGNMENT_RESPONSES = ['pending', 'accepted', 'declined'] as const;
export type AssignmentResponse = (typeof ASSIGNMENT_RESPONSES)[number];

export const MIN_DECLINE_REASON = 2;
export const MAX_DECLINE_REASON = 300;

/** A new assignment's state: one's own is accepted; given by someone else, it waits. */
export const initialResponse = (actorId: string | null, personId: string): AssignmentResponse =>
  actorId === personId ? 'accepted' : 'pending';

/**
 * Unconfirmed load (the workload grid's "tentative"): an answer still pending,
 * or a group place in a project not yet approved ('proposed'). A declined
 * assignment or place is no load at all.
 */
export const isTentative = (response: AssignmentResponse, projectStatus?: string): boolean =>
  response === 'pending' || (response !== 'declined' && projectStatus === 'proposed');

/**
 * Why a person may not answer their group place (null: they may): the project is no longer
 * being planned or run ('closed'), or they convene it ('convener' — they cannot decline their
 * own project). Main refuses by it; the project page asks only when it is null.
 */
export function placeAnswerRefusal(project: { status: string; convenerId: string }, personId: string): 'closed' | 'convener' | null {
  if (project.status !== 'proposed' && project.status !== 'active') return 'closed';
  return project.convenerId === personId ? 'convener' : null;
}
