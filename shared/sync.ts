import { z } from 'zod';

/**
 * The push/pull protocol between a desktop and the center's hub (after
 * Replicache's published design):
 *
 * - push: the client sends its queued mutations — a contract command name, the
 *   validated input, the ids the command created and when — each numbered by a
 *   per-client mutation id. The hub applies each one at most once, in order, in
 *   one PostgreSQL transaction, and gives it the next global version.
 * - pull: the client asks for every row changed after the version it last saw.
 *   The answer also says which of its mutations the hub has processed
 *   (`lastMutationId`) and which of those it refused, so the client can drop
 *   them from its queue and replay the rest on top of the hub's rows.
 */

export const SYNC_PROTOCOL = 1;

const ClientId = z.uuid();

export const SyncMutation = z.object({
  /** Per client, 1, 2, 3 … with no gaps: the hub applies n only after n − 1. */
  id: z.number().int().min(1),
  name: z.string().min(1).max(80),
  args: z.unknown(),
  /** The ids the command created on the client, in creation order; the hub creates the same. */
  ids: z.array(z.string().max(64)).max(10_000),
  /** When the person made the change (UTC ms): the command's clock on every machine. */
  at: z.number().int().min(0),
});
export type SyncMutation = z.infer<typeof SyncMutation>;

/** An id as the app makes them (main/core/ids.ts): a UUIDv7, lower-case. */
export const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * A mutation as it arrives on the wire. Only its number must be right for the
 * push to be read at all; everything else is checked by the hub one mutation at
 * a time, so a bad one is refused with a reason and the client's queue moves on
 * (a whole push refused as malformed would be resent for ever).
 */
export const WireMutation = z.object({
  id: z.number().int().min(1),
  name: z.unknown(),
  args: z.unknown(),
  ids: z.unknown(),
  at: z.unknown(),
});
export type WireMutation = z.infer<typeof WireMutation>;

export const PushRequest = z.object({
  protocol: z.literal(SYNC_PROTOCOL),
  schemaVersion: z.number().int(),
  clientId: ClientId,
  mutations: z.array(WireMutation).max(500),
});
export type PushRequest = z.infer<typeof PushRequest>;

const ErrorPayload = z.object({
  code: z.enum(['VALIDATION', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'INTERNAL']),
  message: z.object({ zh: z.string(), en: z.string() }),
});
export type SyncErrorPayload = z.infer<typeof ErrorPayload>;

export const PushResponse = z.object({
  /** The highest mutation id of this client the hub has processed (applied or refused). */
  lastMutationId: z.number().int().min(0),
  version: z.number().int().min(0),
});
export type PushResponse = z.infer<typeof PushResponse>;

export const PullRequest = z.object({
  protocol: z.literal(SYNC_PROTOCOL),
  schemaVersion: z.number().int(),
  clientId: ClientId,
  /** The hub version this client's rows are at (0: never pulled — send everything). */
  since: z.number().int().min(0),
  /** The client's oldest queued mutation id: refusals from there on are reported. */
  pendingFrom: z.number().int().min(1),
  /** The read scope the client's rows were sent under (see main/core/read-scopes); another one → everything is resent. */
  scope: z.string().max(20).optional(),
});
export type PullRequest = z.infer<typeof PullRequest>;

/** One row of one table as it is at `version` on the hub; `data: null` means deleted. */
export const RowChange = z.object({
  table: z.string().max(64),
  key: z.string().max(400),
  version: z.number().int().min(1),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type RowChange = z.infer<typeof RowChange>;

export const Rejection = z.object({ mutationId: z.number().int(), name: z.string(), error: ErrorPayload });
export type Rejection = z.infer<typeof Rejection>;

export const PullResponse = z.object({
  version: z.number().int().min(0),
  lastMutationId: z.number().int().min(0),
  rejections: z.array(Rejection),
  rows: z.array(RowChange),
  /** The read scope these rows were filtered for. */
  scope: z.string().max(20).optional(),
});
export type PullResponse = z.infer<typeof PullResponse>;

export const LoginRequest = z.object({
  /**
   * The person's login (staff number or pinyin handle, unique, set by an admin) —
   * never the display name, which repeats and which anyone may change on themself.
   */
  login: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const LoginResponse = z.object({ token: z.string(), personId: z.string(), name: z.string(), login: z.string().optional() });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const SetPasswordRequest = z.object({
  personId: z.uuid(),
  password: z.string().min(8).max(200),
});

/** What a hub presents at first contact, for the person to compare with what its admin printed. */
export interface HubProbe {
  hubUrl: string;
  /** SHA-256 of its certificate, `AB:CD:…`; null for http:// to this machine. */
  fingerprint: string | null;
  subject: string | null;
  validTo: string | null;
}
/** `POST /v1/logout`: ends the session of the presented token (a desktop disconnecting). */
export const LogoutRequest = z.object({});

/** `POST /v1/sessions` (admins): live sessions, optionally of one person. */
export const SessionsRequest = z.object({ personId: z.uuid().optional() }).strict();

/** `POST /v1/sessions/revoke` (admins): end sessions by id, or every session of a person. */
export const RevokeSessionsRequest = z
  .object({ ids: z.array(z.number().int().min(1)).max(1000).optional(), personId: z.uuid().optional() })
  .strict()
  .refine((x) => (x.ids?.length ?? 0) > 0 || x.personId !== undefined, 'ids or personId');

/** What the status bar and the settings card show. */
export interface SyncStatus {
  /** False: single-machine use, nothing is queued or sent. */
  configured: boolean;
  hubUrl: string | null;
  /** Who this machine signs in to the hub as. */
  hubUser: string | null;
  /** The hub certificate's SHA-256 fingerprint this machine pinned at first connect (null: loopback http). */
  hubFingerprint: string | null;
  /** The hub login it signs in with (what "sign in again" asks the hub for). */
  hubLogin?: string | null;
  online: boolean;
  syncing: boolean;
  pending: number;
  lastSyncAt: number | null;
  hubVersion: number;
  lastError: { zh: string; en: string } | null;
  /** Changes the hub refused since the user last dismissed them (rolled back here). */
  notices: SyncNotice[];
  /** Fields of the person's that a later change at the hub overwrote, newest first, until dismissed. */
  conflicts: SyncConflict[];
  /**
   * The hub keeps failing on the oldest queued change (the same one, push after push):
   * nothing behind it can reach the hub until it goes through, or is exported and cleared.
   */
  stuck?: SyncStuck | null;
}

export interface SyncStuck {
  mutationId: number;
  name: string;
  /** When the person made the change. */
  at: number;
  /** Pushes in a row that failed on it, and since when. */
  attempts: number;
  since: number;
  /** What the hub answered the last time. */
  error: { zh: string; en: string };
}

/** A field a conflict notice can name (the columns a person edits on a card, a deliverable, a column). */
export type ConflictField = 'title' | 'description' | 'due_at' | 'priority' | 'estimate_hours' | 'name' | 'wip_limit';
/** The commands that apply a person's value again. */
export type ReapplyCall = 'tasks.update' | 'deliverables.update' | 'columns.update';

/**
 * A pull overwrote a field this desktop's person had set (or deleted the thing): what, which
 * field, their value, the value that won and who made it, and how to apply theirs again.
 */
export interface SyncConflict {
  id: number;
  at: number;
  entity: { type: 'task' | 'deliverable' | 'board_column'; id: string; projectId: string | null; title: string };
  field: ConflictField;
  mine: string | number | null;
  /** The value that won (null with `deleted`: the thing is gone). */
  theirs: string | number | null;
  deleted: boolean;
  byName: string | null;
  /** A new command with the person's value (null when the thing was deleted). */
  reapply: { call: ReapplyCall; input: Record<string, unknown> } | null;
}

export interface SyncNotice {
  id: number;
  at: number;
  command: string;
  message: { zh: string; en: string };
}

/**
 * Tables that never sync: this machine's own (meta, sync bookkeeping, and any
 * table a feature names `local_…`, e.g. window layout or backup records), and
 * the full-text search index (`search_…`), which the schema's triggers derive
 * on every machine from the synced rows.
 */
export const LOCAL_ONLY_TABLES = new Set(['meta']);
export const isSyncedTable = (name: string): boolean =>
  !LOCAL_ONLY_TABLES.has(name) &&
  !name.startsWith('sync_') &&
  !name.startsWith('local_') &&
  !name.startsWith('search_') &&
  !name.startsWith('sqlite_');
