import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { CallOutcome, Session } from '../core/backend';
import type { LiveEvent } from '../../shared/contract/events';

export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
};

/** The same policy the Electron window sets: our own files only, no inline script. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Ant Design injects its computed styles as <style> elements.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Cookies are per host, not per port: each host's own name, so two hosts in one browser keep their sessions. */
const cookieName = (port: number): string => `crewdesk_sid_${port}`;
const MAX_BODY = 16 * 1024 * 1024;
/** Open event streams at once (a tab holds one); more are refused so no peer can exhaust the sockets. */
export const MAX_EVENT_STREAMS = 32;
/** A comment line this often keeps idle streams open through proxies and lets a dead one be noticed. */
const STREAM_HEARTBEAT_MS = 25_000;

export interface WebHostOptions {
  /** The Backend, or anything that answers calls the same way (the recovery-capable HostBackend). */
  backend: { call(name: string, input: unknown, session: Session): Promise<CallOutcome> };
  port: number;
  staticDir: string;
  /** The per-launch secret; without it (as ?token= once, then the cookie) nothing is answered. */
  token?: string | null;
  /** Change events for the windows, sent as Server-Sent Events on GET /api/events. */
  events?: { on(l: (e: LiveEvent) => void): () => void };
}

export interface WebHost {
  /** The launch link: it works once (then the cookie carries the session). */
  url: string;
  port: number;
  token: string;
  /** Another one-time launch link (for another browser). */
  newLaunchUrl(): string;
  close(): Promise<void>;
}

/**
 * A local host for the app where Electron is absent (and for the e2e tests):
 * serves the built renderer and the very same backend handlers on 127.0.0.1.
 * Other local pages and processes get 403: they lack the launch token/cookie,
 * and a foreign Host or Origin header (DNS rebinding, cross-site POST) is refused.
 */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token || randomBytes(24).toString('base64url');
  // The launch token works once: whoever exchanges it first gets the session cookie; a copy of
  // the link (shell history, a screen share, another local user) is refused after that.
  // Further one-time links (a second browser, a test's second context) come from newLaunchUrl()
  // or, for a browser that holds a session, from POST /api/launch-link.
  let tokenUsed = false;
  const extraTokens = new Set<string>();
  const newLaunchUrl = (): string => {
    const t = randomBytes(24).toString('base64url');
    extraTokens.add(t);
    return `http://127.0.0.1:${port}/?token=${t}`;
  };
  const sessions = new Map<string, Session>();
  const staticRoot = resolve(opts.staticDir);
  let port = opts.port;

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      console.error(e);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error');
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return forbid(res);
    const url = new URL(req.url ?? '/', `http://${host}`);

    const given = url.searchParams.get('token');
    if (given !== null) {
      url.searchParams.delete('token');
      const back = url.pathname + (url.search || '') + url.hash;
      // The browser that already holds this host's session (it reloads the launch link) just goes on.
      if (sessionOf(req)) {
        res.writeHead(302, { Location: back });
        res.end();
        return;
      }
      if (extraTokens.has(given)) extraTokens.delete(given);
      else if (!tokenUsed && safeEqual(given, token)) tokenUsed = true;
      else return forbid(res);
      const sid = randomBytes(24).toString('base64url');
      sessions.set(sid, { actorId: null });
      res.setHeader('Set-Cookie', `${cookieName(port)}=${sid}; HttpOnly; SameSite=Strict; Path=/`);
      res.writeHead(302, { Location: back });
      res.end();
      return;
    }

    const session = sessionOf(req);
    if (!session) return forbid(res);

    if (url.pathname === '/api/launch-link') {
      if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'POST only');
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `http://${host}`) return forbid(res);
      res.setHeader('Cache-Control', 'no-store');
      return send(res, 200, 'application/json; charset=utf-8', JSON.stringify({ url: newLaunchUrl() }));
    }

    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') return send(res, 405, 'text/plain; charset=utf-8', 'GET only');
      return openStream(req, res);
    }

    if (url.pathname.startsWith('/api/call/')) {
      if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'POST only');
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `http://${host}`) return forbid(res);
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return send(res, 415, 'text/plain; charset=utf-8', 'application/json only');
      }
      const name = safeDecode(url.pathname.slice('/api/call/'.length));
      if (name === null) {
        const outcome = { ok: false, error: { code: 'VALIDATION', message: { zh: '调用名称编码有误', en: 'The call name is badly encoded' } } };
        return send(res, 400, 'application/json; charset=utf-8', JSON.stringify(outcome));
      }
      const body = await readBody(req);
      if (body === null) {
        const outcome = {
          ok: false,
          error: { code: 'VALIDATION', message: { zh: '请求过大', en: 'Request too large' } },
        };
        return send(res, 413, 'application/json; charset=utf-8', JSON.stringify(outcome));
      }
      let input: unknown;
      try {
        input = body.length ? (JSON.parse(body) as unknown) : undefined;
      } catch {
        const outcome = { ok: false, error: { code: 'VALIDATION', message: { zh: '请求不是合法的 JSON', en: 'Request is not valid JSON' } } };
        return send(res, 400, 'application/json; charset=utf-8', JSON.stringify(outcome));
      }
      const outcome = await opts.backend.call(name, input, session);
      res.setHeader('Cache-Control', 'no-store');
      return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(outcome));
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'GET only');
    serveStatic(url.pathname, res);
  }

  let streams = 0;
  /** One tab's event stream: no data, only what changed (shared/contract/events.ts). */
  function openStream(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (!opts.events) return send(res, 404, 'text/plain; charset=utf-8', 'No events');
    if (streams >= MAX_EVENT_STREAMS) return send(res, 503, 'text/plain; charset=utf-8', 'Too many event streams');
    streams++;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    // A reconnecting browser waits one second; the first line tells it the stream is open.
    res.write('retry: 1000\n: open\n\n');
    const off = opts.events.on((e) => void res.write(`id: ${e.seq}\ndata: ${JSON.stringify(e)}\n\n`));
    const beat = setInterval(() => void res.write(': ping\n\n'), STREAM_HEARTBEAT_MS);
    beat.unref();
    let closed = false;
    const done = (): void => {
      if (closed) return;
      closed = true;
      streams--;
      off();
      clearInterval(beat);
    };
    req.on('close', done);
    res.on('close', done);
    res.on('error', done);
  }

  function sessionOf(req: http.IncomingMessage): Session | null {
    const cookies = req.headers.cookie ?? '';
    for (const part of cookies.split(';')) {
      const [k, v] = part.trim().split('=');
      if (k === cookieName(port) && v) {
        const s = sessions.get(v);
        if (s) return s;
      }
    }
    return null;
  }

  function serveStatic(pathname: string, res: http.ServerResponse): void {
    const decoded = safeDecode(pathname);
    if (decoded === null) return send(res, 400, 'text/plain; charset=utf-8', 'Bad path');
    let rel = normalize(decoded).replace(/^([/\\])+/, '');
    let file = join(staticRoot, rel);
    if (!file.startsWith(staticRoot + sep) && file !== staticRoot) return forbid(res);
    if (!existsSync(file) || statSync(file).isDirectory()) {
      // Client-side routes fall back to the app shell.
      rel = 'index.html';
      file = join(staticRoot, rel);
      if (!existsSync(file)) return send(res, 500, 'text/plain; charset=utf-8', 'The renderer is not built: run npm run build');
    }
    const type = MIME[extname(file)] ?? 'application/octet-stream';
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('Cache-Control', rel === 'index.html' ? 'no-cache' : 'max-age=31536000, immutable');
    res.writeHead(200, { 'Content-Type': type });
    createReadStream(file).pipe(res);
  }

  // Idle keep-alive sockets stay open a minute: a client that reuses one just as the server closes
  // it sees "socket closed" (seen under load with the 5 s default); browsers retry, scripts may not.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    newLaunchUrl,
    // A browser keeps idle keep-alive connections open; without closing them a
    // stop would wait for the last tab to go away.
    close: () =>
      new Promise((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

/** decodeURIComponent that answers null for malformed %-escapes instead of throwing. */
function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function forbid(res: http.ServerResponse): void {
  send(
    res,
    403,
    'text/plain; charset=utf-8',
    '403 — 请使用启动时打印的链接打开融媒项目台。Open Crewdesk with the link printed when it started.',
  );
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type });
  res.end(body);
}

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', () => ok(tooBig ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}
