import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
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

/**
 * Where a hub is and which certificate it must present. Every https request
 * opens its own TLS connection and checks the certificate's SHA-256 against
 * `fingerprint` before a byte of the request (password, token) is written;
 * `fingerprint` is null only for http:// to this machine (loopback).
 */
export interface HubEndpoint {
  url: string;
  fingerprint: string | null;
}

/** How a client reaches a hub. Tests wrap it to drop, delay, duplicate and reorder messages. */
export interface SyncTransport {
  login(hub: HubEndpoint, req: LoginRequest): Promise<LoginResponse>;
  push(hub: HubEndpoint, token: string, req: PushRequest): Promise<PushResponse>;
  pull(hub: HubEndpoint, token: string, req: PullRequest): Promise<PullResponse>;
  /** Ends this session at the hub (`POST /v1/logout`); best effort, on disconnect. */
  logout?(hub: HubEndpoint, token: string): Promise<void>;
}

/** The hub could not be reached (or answered garbage): the client is offline, nothing is lost. */
export class OfflineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OfflineError';
  }
}

/** The hub presented a certificate other than the pinned one: refused, never retried silently. */
export class HubCertificateError extends AppError {
  constructor(readonly presented: string | null) {
    super('FORBIDDEN', {
      zh: `枢纽证书与首次连接时不一致（收到的指纹 ${presented ?? '无'}），可能有人冒充枢纽，已拒绝连接，未发送任何数据。如果管理员确实更换了证书，请向管理员核对新指纹后重新连接。`,
      en: `The hub's certificate is not the one confirmed at first connect (received ${presented ?? 'none'}): someone may be posing as the hub, so the connection was refused and nothing was sent. If the admin really replaced the certificate, check the new fingerprint with them and connect again.`,
    });
    this.name = 'HubCertificateError';
  }
}

/** 127.0.0.0/8, ::1 and localhost: the only places http:// may go. */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

const badAddress = (): AppError =>
  new AppError('VALIDATION', {
    zh: '枢纽地址须以 https:// 开头；只有连接本机（127.0.0.1、::1、localhost）时才可用 http://',
    en: 'The hub address must start with https://; http:// is allowed only to this machine (127.0.0.1, ::1, localhost)',
  });

/** The canonical hub address; refuses anything but https://, or http:// to loopback. */
export function normaliseHubUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw badAddress();
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopbackHostname(u.hostname))) throw badAddress();
  if (u.username || u.password || u.search || u.hash) throw badAddress();
  return u.origin + u.pathname.replace(/\/+$/, '');
}

/** `AB:CD:…` upper-case, 32 bytes; null when it is not a SHA-256 fingerprint. */
export function canonicalFingerprint(fp: string): string | null {
  const hex = fp.toUpperCase().replace(/[^0-9A-F]/g, '');
  if (hex.length !== 64) return null;
  return hex.match(/../g)!.join(':');
}

export interface HubProbe {
  hubUrl: string;
  /** The certificate the hub presents now (to compare with what its admin printed); null for loopback http. */
  fingerprint: string | null;
  subject: string | null;
  validTo: string | null;
}

function target(u: URL): { host: string; port: number; servername: string | undefined } {
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return { host, port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)), servername: isIP(host) ? undefined : host };
}

/** A TLS connection to the hub, checked against no one (for the first look) or against `pin`. */
function openTls(u: URL, pin: string | null, timeoutMs: number): Promise<TLSSocket> {
  const t = target(u);
  return new Promise((resolve, reject) => {
    // Trust comes from the pinned fingerprint, not from a CA: the chain is not checked here, the
    // certificate itself is, on every connection, before anything is sent.
    const socket = tlsConnect({ host: t.host, port: t.port, servername: t.servername, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new OfflineError('hub unreachable: TLS handshake timed out'));
    }, timeoutMs);
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(new OfflineError(`hub unreachable: ${e.message}`));
    });
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const presented = socket.getPeerCertificate()?.fingerprint256 ?? null;
      if (pin !== null && (presented === null || canonicalFingerprint(presented) !== canonicalFingerprint(pin))) {
        socket.destroy();
        reject(new HubCertificateError(presented));
        return;
      }
      resolve(socket);
    });
  });
}

/** First contact: which certificate does this hub present? (Nothing is sent but a TLS hello.) */
export async function probeHub(url: string, timeoutMs = 10_000): Promise<HubProbe> {
  const hubUrl = normaliseHubUrl(url);
  const u = new URL(hubUrl);
  if (u.protocol === 'http:') return { hubUrl, fingerprint: null, subject: null, validTo: null };
  const socket = await openTls(u, null, timeoutMs);
  try {
    const cert = socket.getPeerCertificate();
    if (!cert?.fingerprint256) throw new OfflineError('the hub presented no certificate');
    const subject = cert.subject ? Object.entries(cert.subject).map(([k, v]) => `${k}=${String(v)}`).join(', ') : null;
    return { hubUrl, fingerprint: canonicalFingerprint(cert.fingerprint256), subject, validTo: cert.valid_to ?? null };
  } finally {
    socket.destroy();
  }
}

const MAX_ANSWER = 512 * 1024 * 1024;

/** One request over a fresh, checked connection. */
async function exchange(hub: HubEndpoint, path: string, body: string, token: string | undefined, timeoutMs: number): Promise<{ status: number; text: string }> {
  const u = new URL(`${hub.url}${path}`);
  if (u.protocol === 'http:' && !isLoopbackHostname(u.hostname)) throw badAddress();
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw badAddress();
  if (u.protocol === 'https:' && !hub.fingerprint) {
    throw new AppError('CONFLICT', { zh: '尚未确认枢纽证书指纹，请重新连接枢纽', en: 'The hub certificate fingerprint has not been confirmed; connect to the hub again' });
  }
  const t = target(u);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
  const options = { host: t.host, port: t.port, path: u.pathname + u.search, method: 'POST', headers };
  let req: ClientRequest;
  if (u.protocol === 'https:') {
    const socket = await openTls(u, hub.fingerprint, timeoutMs);
    req = httpsRequest({ ...options, createConnection: () => socket });
  } else {
    req = httpRequest({ ...options, agent: false });
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => req.destroy(new Error('timed out')), timeoutMs);
    req.once('error', (e) => {
      clearTimeout(timer);
      reject(e instanceof AppError ? e : new OfflineError(`hub unreachable: ${e.message}`));
    });
    req.once('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_ANSWER) req.destroy(new Error('answer too large'));
        else chunks.push(c);
      });
      res.once('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.once('error', (e) => {
        clearTimeout(timer);
        reject(new OfflineError(`hub answer broken off: ${e.message}`));
      });
    });
    req.end(body);
  });
}

async function post<T>(hub: HubEndpoint, path: string, body: unknown, schema: z.ZodType<T>, token?: string, timeoutMs = 20_000): Promise<T> {
  const res = await exchange(hub, path, JSON.stringify(body), token, timeoutMs);
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch {
    throw new OfflineError(`hub answered ${res.status} without JSON`);
  }
  if (res.status < 200 || res.status > 299) {
    const err = (json as { error?: AppErrorPayload }).error;
    if (err?.code && err.message) throw AppError.fromPayload(err);
    throw new OfflineError(`hub answered ${res.status}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new OfflineError('hub answer does not match the protocol');
  return parsed.data;
}

const Anything = z.unknown();

export const httpTransport: SyncTransport = {
  login: (hub, req) => post(hub, '/v1/login', req, LoginResponse),
  push: (hub, token, req) => post(hub, '/v1/push', req, PushResponse, token),
  pull: (hub, token, req) => post(hub, '/v1/pull', req, PullResponse, token, 120_000),
  logout: async (hub, token) => {
    await post(hub, '/v1/logout', {}, Anything, token, 5_000);
  },
};
