import { z } from 'zod';
import { command, Empty, Id, Name, query, session, Text } from './define';
import type { Person } from './people';

export interface WorkspaceStatus {
  /** False until the first admin exists (or the demo was created). */
  initialized: boolean;
  demo: boolean;
  schemaVersion: number;
  appVersion: string;
}

export interface SessionInfo {
  actor: Person | null;
}

export interface ActivityEntry {
  id: string;
  at: number;
  actorId: string | null;
  actorName: string | null;
  command: string;
  entityType: string;
  entityId: string;
  projectId: string | null;
  summary: string;
  before: unknown;
  after: unknown;
}

export const workspaceCalls = {
  'workspace.status': query<WorkspaceStatus>()(Empty, 'public'),
  /** First run only: a fictional demo center, or an empty one with its first admin. */
  'workspace.setup': command<SessionInfo>()(
    z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('demo') }),
      z.object({
        mode: z.literal('empty'),
        admin: z.object({ name: Name, title: Text(60).default('') }),
        /** Key of the standard team the admin belongs to; defaults to the first. */
        teamKey: z.string().max(40).optional(),
      }),
    ]),
    'public',
  ),
  'session.current': query<SessionInfo>()(Empty, 'public'),
  /**
   * Single-machine use: pick who you are (the OS account is the boundary). On a desktop joined
   * to a hub, anyone but the hub account signs in with their hub password (checked by the hub).
   */
  'session.signIn': session<SessionInfo>()(z.object({ personId: Id, password: z.string().min(1).max(200).optional() }), 'public'),
  'session.signOut': session<SessionInfo>()(Empty, 'public'),
  'activity.list': query<ActivityEntry[]>()(
    z.object({
      entityType: z.string().max(40).optional(),
      entityId: Id.optional(),
      projectId: Id.optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
  ),
};
