import type { Actor } from '../core/context';

/** Managers and admins see and export everyone's load and reports; everyone else only their own. */
export function seesEveryone(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'manager';
}
