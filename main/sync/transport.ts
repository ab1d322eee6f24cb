import { z } from 'zod';
import { AppError, type AppErrorPayload } from '../../shared/errors';
import {
  LoginResponse,
  PullResponse,
  PushResponse,
  type LoginRequest,
  type PullRequest,
  type PushRequest,
} from '../../shared/sync';

/** How a client reaches a hub. Tests wrap it to drop, delay, duplicate and reorder messages. */
export interface SyncTransport {
  login(hubUrl: string, req: LoginRequest): Promise<LoginResponse>;
  push(hubUrl: string, token: string, req: PushRequest): Promise<PushResponse>;
  pull(hubUrl: string, token: string, req: PullRequest): Promise<PullResponse>;
}

/** The hub could not be reached (or answered garbage): the client is offline, nothing is lost. */
export class OfflineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OfflineError';
  }
}

export function normaliseHubUrl(url: string): string {
  const u = new URL(url.trim());
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('hub address must be http(s)');
  return u.origin + u.pathname.replace(/\/+$/, '');
}

async function post<T>(hubUrl: string, path: string, body: unknown, schema: z.ZodType<T>, token?: string, timeoutMs = 20_000): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${hubUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new OfflineError(`hub unreachable: ${(e as Error).message}`);
  }
  const text = await res.text().catch(() => '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new OfflineError(`hub answered ${res.status} without JSON`);
  }
  if (!res.ok) {
    const err = (json as { error?: AppErrorPayload }).error;
    if (err?.code && err.message) throw AppError.fromPayload(err);
    throw new OfflineError(`hub answered ${res.status}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new OfflineError('hub answer does not match the protocol');
  return parsed.data;
}

export const httpTransport: SyncTransport = {
  login: (hub, req) => post(hub, '/v1/login', req, LoginResponse),
  push: (hub, token, req) => post(hub, '/v1/push', req, PushResponse, token),
  pull: (hub, token, req) => post(hub, '/v1/pull', req, PullResponse, token, 120_000),
};
