import { z } from 'zod';

/**
 * One call between renderer and backend: its input schema (checked in main
 * before any handler runs) and, as a phantom type, its result.
 *
 * - `query` reads; it never changes the database.
 * - `command` changes the database: main runs it in one transaction, attributes
 *   it to the acting user and writes one activity-log row. Commands are the
 *   serialisable unit that sync ships between machines.
 * - `session` changes only who is acting in this window (never the database).
 */
export type CallKind = 'query' | 'command' | 'session';
/** `public` calls work before anyone has picked who they are (first run, sign-in). */
export type CallAccess = 'public' | 'user';

export interface CallSpec<I extends z.ZodType = z.ZodType, R = unknown, K extends CallKind = CallKind> {
  readonly kind: K;
  readonly access: CallAccess;
  readonly input: I;
  /** Phantom: never set at run time, only carries the result type. */
  readonly __result?: R;
}

function make<K extends CallKind>(kind: K) {
  return <R>() =>
    <I extends z.ZodType>(input: I, access: CallAccess = 'user'): CallSpec<I, R, K> => ({ kind, access, input });
}

export const query = make('query');
export const command = make('command');
export const session = make('session');

export const Id = z.uuid();
export const Name = z.string().trim().min(1).max(100);
export const Text = (max: number) => z.string().trim().max(max);
export const LocalDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'YYYY-MM-DD');
export const Millis = z.number().int().min(0).max(8_640_000_000_000);
export const Empty = z.object({}).strict();
