import { v7 } from 'uuid';
import { SYNC_PROTOCOL } from '../../shared/sync';
import { SCHEMA_VERSION } from '../../main/db/migrations';
import { hubPost } from './harness';

/** Raw HTTP calls to a hub, as an attacker (or a test) sends them: no client-side checks. */
export interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export async function post(hubUrl: string, path: string, body: unknown, token?: string): Promise<Reply> {
  // Over the test hub's HTTPS, trusting its certificate (tests/sync/harness.ts).
  return hubPost(hubUrl, path, body, token);
}

export async function login(hubUrl: string, loginName: string, password: string): Promise<Reply> {
  return post(hubUrl, '/v1/login', { login: loginName, password });
}

/** Signs in and returns the token (fails the test if the hub refuses). */
export async function token(hubUrl: string, loginName: string, password: string): Promise<string> {
  const r = await login(hubUrl, loginName, password);
  if (r.status !== 200) throw new Error(`sign-in as ${loginName} refused: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token as string;
}

export interface RawMutation {
  id: number;
  name: unknown;
  args: unknown;
  ids: unknown;
  at: unknown;
}

export const mutation = (id: number, name: string, args: unknown, extra: Partial<RawMutation> = {}): RawMutation => ({
  id,
  name,
  args,
  ids: [],
  at: Date.now(),
  ...extra,
});

export function push(hubUrl: string, tok: string, clientId: string, mutations: RawMutation[]): Promise<Reply> {
  return post(hubUrl, '/v1/push', { protocol: SYNC_PROTOCOL, schemaVersion: SCHEMA_VERSION, clientId, mutations }, tok);
}

export function pull(hubUrl: string, tok: string, clientId: string, since = 0, pendingFrom = 1): Promise<Reply> {
  return post(hubUrl, '/v1/pull', { protocol: SYNC_PROTOCOL, schemaVersion: SCHEMA_VERSION, clientId, since, pendingFrom }, tok);
}

export interface Rejection {
  mutationId: number;
  name: string;
  error: { code: string; message: { zh: string; en: string } };
}

/** The hub's refusals for this client (what the desktop shows as sync notices). */
export async function rejections(hubUrl: string, tok: string, clientId: string): Promise<Rejection[]> {
  const r = await pull(hubUrl, tok, clientId, 1_000_000_000);
  if (r.status !== 200) throw new Error(`pull refused: ${r.status}`);
  return r.body.rejections as Rejection[];
}

export const newClientId = (): string => v7();
export const newId = (): string => v7();

/** The id of the hub's first team (by key): a team every test center has. */
export async function firstTeamId(pool: { query<R>(sql: string): Promise<{ rows: R[] }> }): Promise<string> {
  const r = await pool.query<{ id: string }>("SELECT data->>'id' AS id FROM hub_rows WHERE tbl = 'teams' AND data IS NOT NULL ORDER BY pk LIMIT 1");
  return r.rows[0]!.id;
}
