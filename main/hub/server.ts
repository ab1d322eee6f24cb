import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import { SCHEMA_VERSION } from '../db/migrations';
import { AppError, type AppErrorPayload } from '../../shared/errors';
import { LoginRequest, LogoutRequest, PullRequest, PushRequest, RevokeSessionsRequest, SessionsRequest, SetPasswordRequest } from '../../shared/sync';
import { HubEngine, HubLimitError, type PushLimits } from './engine';
import { POLICY } from './policy';
import {
  checkPassword,
  clearFailures,
  closeSession,
  currentVersion,
  ensureHubSchema,
  findPerson,
  listSessions,
  lockedOut,
  openPool,
  openSession,
  recordFailure,
  revokeSessions,
  sessionPerson,
  setPassword,
  type Pool,
} from './store';
import { certificateFingerprint } from './tls';
import { HubWebhook, type WebhookOptions } from './webhook';

export interface HubOptions {
  /** PostgreSQL connection string: the hub's only state. */
  pg: string;
  port: number;
  host?: string;
  /** The hub's key and certificate (`npm run hub -- init`): the hub speaks HTTPS. */
  tls?: { key: string; cert: string };
  /**
   * Plain HTTP, only for a hub behind a TLS-terminating reverse proxy on this machine:
   * refused unless `host` is a loopback address.
   */
  insecureHttp?: boolean;
  /** Per-person push limits other than POLICY's (tests that measure fairness raise them). */
  limits?: Partial<PushLimits>;
  /** The center's group robot (main/hub/webhook.ts), if it has one. */
  webhook?: WebhookOptions;
}

export interface RunningHub {
  url: string;
  /** SHA-256 fingerprint of the certificate served (null for plain HTTP behind a proxy). */
  fingerprint: string | null;
  port: number;
  pool: Pool;
  /** The outbound webhook, when configured. */
  webhook: HubWebhook | null;
  close(): Promise<void>;
}

const MAX_BODY = 20 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly payload: AppErrorPayload,
    readonly retryAfterMs?: number,
  ) {
    super(payload.message.en);
  }
}

const bearer = (req: IncomingMessage): string | null => /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(req.headers.authorization ?? '')?.[1] ?? null;

const STATUS: Record<AppErrorPayload['code'], number> = { VALIDATION: 400, NOT_FOUND: 404, FORBIDDEN: 403, CONFLICT: 409, INTERNAL: 500 };
const unauthorized = (): HttpError =>
  new HttpError(401, { code: 'FORBIDDEN', message: { zh: '枢纽登录已失效，请重新登录', en: 'The hub sign-in has expired; sign in again' } });

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, { code: 'VALIDATION', message: { zh: '请求过大', en: 'Request too large' } });
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {}; // a body-less POST (e.g. /v1/logout) is an empty request
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, { code: 'VALIDATION', message: { zh: '请求不是有效的 JSON', en: 'The request is not valid JSON' } });
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) {
    throw new HttpError(400, { code: 'VALIDATION', message: { zh: `请求格式有误：${r.error.issues[0]?.message ?? ''}`, en: `Malformed request: ${r.error.issues[0]?.message ?? ''}` } });
  }
  return r.data;
}

function checkSchema(v: number): void {
  if (v !== SCHEMA_VERSION) {
    throw new HttpError(409, {
      code: 'CONFLICT',
      message: {
        zh: `本机程序与枢纽版本不一致（数据库版本 ${v}，枢纽 ${SCHEMA_VERSION}），请把两端升级到同一版本`,
        en: `This app and the hub run different versions (schema ${v}, hub ${SCHEMA_VERSION}); update both to the same version`,
      },
    });
  }
}

/**
 * The hub's HTTP face. It keeps nothing between requests except a cache
 * (the engine's replica); sessions, rows and the mutation log live in PostgreSQL.
 */
export async function startHub(opts: HubOptions): Promise<RunningHub> {
  const host = opts.host ?? '127.0.0.1';
  if (!opts.tls && !opts.insecureHttp) throw new Error('the hub needs its key and certificate (npm run hub -- init), or --insecure-http behind a reverse proxy');
  if (!opts.tls && !isLoopbackHost(host)) {
    throw new Error(`plain HTTP is only for a reverse proxy on this machine: listen on 127.0.0.1, not ${host}`);
  }
  const fingerprint = opts.tls ? certificateFingerprint(opts.tls.cert) : null;
  const pool = openPool(opts.pg, POLICY.pgPoolSize);
  const writer = openPool(opts.pg, 1);
  await ensureHubSchema(pool);
  const engine = new HubEngine(pool, opts.limits, writer);
  await engine.init();
  const webhook = opts.webhook ? new HubWebhook(pool, (fn) => engine.read(fn), opts.webhook) : null;
  webhook?.start();

  const who = async (req: IncomingMessage): Promise<string> => {
    const token = bearer(req);
    if (!token) throw unauthorized();
    const person = await sessionPerson(pool, token);
    if (!person) throw unauthorized();
    return person;
  };

  const requireAdmin = async (req: IncomingMessage, what: { zh: string; en: string }): Promise<string> => {
    const adminId = await who(req);
    const admin = await findPerson(pool, { id: adminId });
    if (!admin || admin.role !== 'admin' || !admin.active) {
      throw new HttpError(403, { code: 'FORBIDDEN', message: { zh: `只有管理员可以${what.zh}`, en: `Only an admin can ${what.en}` } });
    }
    return adminId;
  };

  const wrongLogin = (): HttpError => new HttpError(401, { code: 'FORBIDDEN', message: { zh: '登录名或密码不正确', en: 'Wrong login or password' } });

  const routes: Record<string, (req: IncomingMessage, body: unknown, res: ServerResponse) => Promise<unknown>> = {
    /**
     * Sign-in by login (never by display name). Wrong passwords are counted per
     * login and per address in PostgreSQL; past the free ones the key is locked
     * for a doubling time, and during a lockout even the right password is refused
     * without being looked at.
     */
    '/v1/login': async (req, body) => {
      const input = parse(LoginRequest, body);
      const keys = [
        { kind: 'account' as const, key: input.login.trim().toLowerCase() },
        { kind: 'address' as const, key: req.socket.remoteAddress ?? 'unknown' },
      ];
      const lock = await lockedOut(pool, keys);
      if (lock) {
        const s = Math.ceil(lock.retryAfterMs / 1000);
        throw new HttpError(429, {
          code: 'FORBIDDEN',
          message: { zh: `登录失败次数过多，请 ${s} 秒后再试`, en: `Too many failed sign-ins; try again in ${s} s` },
        }, lock.retryAfterMs);
      }
      const person = await findPerson(pool, { login: input.login });
      const ok = await checkPassword(pool, person?.id ?? '', input.password);
      if (!person || !ok || !person.active) {
        await recordFailure(pool, keys);
        throw wrongLogin();
      }
      await clearFailures(pool, keys[0]!);
      return { token: await openSession(pool, person.id, req.socket.remoteAddress ?? null), personId: person.id, name: person.name, login: person.login };
    },
    /** Ends the presented session (a desktop disconnecting). Answers ok even if it had already ended. */
    '/v1/logout': async (req, body) => {
      parse(LogoutRequest, body);
      const token = bearer(req);
      if (!token) throw unauthorized();
      await closeSession(pool, token);
      return { ok: true };
    },
    '/v1/push': async (req, body, res) => {
      const personId = await who(req);
      const input = parse(PushRequest, body);
      checkSchema(input.schemaVersion);
      // A desktop that gave up (timed out, went offline) closes the connection: its push, still
      // waiting for the writer, is dropped instead of applied for nobody (it is sent again).
      const gaveUp = new AbortController();
      const onClose = (): void => {
        if (!res.writableFinished) gaveUp.abort();
      };
      res.once('close', onClose);
      try {
        return await engine.push(personId, input, gaveUp.signal);
      } finally {
        res.off('close', onClose);
      }
    },
    '/v1/pull': async (req, body) => {
      const personId = await who(req);
      const input = parse(PullRequest, body);
      checkSchema(input.schemaVersion);
      return engine.pull(personId, input);
    },
    /** An admin sets (or resets) a person's hub password; it ends that person's sessions. */
    '/v1/password': async (req, body) => {
      await requireAdmin(req, { zh: '设置枢纽密码', en: 'set hub passwords' });
      const input = parse(SetPasswordRequest, body);
      if (!(await findPerson(pool, { id: input.personId }))) {
        throw new HttpError(404, { code: 'NOT_FOUND', message: { zh: '找不到人员', en: 'Person not found' } });
      }
      await setPassword(pool, input.personId, input.password);
      return { ok: true };
    },
    /** An admin lists live sessions (who, from where, since when, until when). */
    '/v1/sessions': async (req, body) => {
      await requireAdmin(req, { zh: '查看枢纽会话', en: 'list hub sessions' });
      const input = parse(SessionsRequest, body);
      return { sessions: await listSessions(pool, input.personId ?? null) };
    },
    /** An admin ends sessions by id, or all of one person's. */
    '/v1/sessions/revoke': async (req, body) => {
      await requireAdmin(req, { zh: '结束枢纽会话', en: 'revoke hub sessions' });
      const input = parse(RevokeSessionsRequest, body);
      return { revoked: await revokeSessions(pool, input) };
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0]!;
    try {
      if (req.method === 'GET' && path === '/health') {
        return send(res, 200, { ok: true, version: await currentVersion(pool), schemaVersion: SCHEMA_VERSION });
      }
      const route = routes[path];
      if (!route || req.method !== 'POST') throw new HttpError(404, { code: 'NOT_FOUND', message: { zh: '没有此接口', en: 'No such endpoint' } });
      const body = await readJson(req);
      send(res, 200, await route(req, body, res));
    } catch (e) {
      if (e instanceof HttpError) return send(res, e.status, { error: e.payload }, e.retryAfterMs);
      if (e instanceof HubLimitError) return send(res, e.status, { error: e.toPayload() }, e.retryAfterMs);
      if (e instanceof AppError) return send(res, STATUS[e.code], { error: e.toPayload() });
      if (req.socket.destroyed) return; // the desktop gave up on this request: nobody to answer
      console.error('hub:', e);
      send(res, 500, { error: { code: 'INTERNAL', message: { zh: '枢纽内部错误，未作任何改动', en: 'Hub internal error; nothing was changed' } } });
    }
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => void handle(req, res);
  const server: Server = opts.tls
    ? createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert, minVersion: 'TLSv1.2' }, listener)
    : createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closed = false;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `${opts.tls ? 'https' : 'http'}://${shown}:${port}`,
    fingerprint,
    port,
    pool,
    webhook,
    close: async () => {
      if (closed) return;
      closed = true;
      webhook?.stop();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await engine.close();
      await Promise.all([pool.end(), writer.end()]);
    },
  };
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function send(res: ServerResponse, status: number, body: unknown, retryAfterMs?: number): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...(retryAfterMs !== undefined ? { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) } : {}),
  });
  res.end(text);
}
