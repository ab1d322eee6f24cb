import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, createServer as createHttpServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../main/app';
import { openDatabase } from '../../main/db/connection';
import { startHub } from '../../main/hub/server';
import { createHubTls, type HubTls } from '../../main/hub/tls';
import { attachSyncClient } from '../../main/sync/registry';
import { HubCertificateError } from '../../main/sync/transport';
import { PASSWORD, cleanupTemp, hubTls, startCenter, startTestHub, type Center } from '../sync/harness';
import { startPostgres, type TestPostgres } from '../sync/postgres';

/**
 * Attacks on the wire between a desktop and the hub, as someone on the same
 * newsroom Wi-Fi would try them. Each test fails if the attack works.
 */
let pgServer: TestPostgres;
let center: Center;
let attackerCert: HubTls;
const dirs: string[] = [];

beforeAll(async () => {
  pgServer = await startPostgres();
  center = await startCenter(pgServer);
  const dir = mkdtempSync(join(tmpdir(), 'crewdesk-mitm-'));
  dirs.push(dir);
  attackerCert = await createHubTls(dir); // the attacker runs `hub init` too: a valid-looking certificate
});
afterAll(async () => {
  await center?.close();
  pgServer?.stop();
  cleanupTemp();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const listening = async <S extends Server>(server: S, port = 0, host = '127.0.0.1'): Promise<number> => {
  await new Promise<void>((r, j) => {
    server.once('error', j);
    server.listen(port, host, () => r());
  });
  return (server.address() as AddressInfo).port;
};

/** A desktop on a real SQLite file, using the real transport (no test wrapper). */
function desktop(): { call: (name: string, input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: { zh: string; en: string } } }>; close(): void; sync: ReturnType<typeof attachSyncClient> } {
  const dir = mkdtempSync(join(tmpdir(), 'crewdesk-sec-desk-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'crewdesk.sqlite3'));
  const backend = createBackend(db);
  const sync = attachSyncClient(backend, { intervalMs: 0 });
  const session = { actorId: null };
  return {
    call: (name, input) => backend.call(name, input, session) as never,
    sync,
    close: () => {
      sync.close();
      db.close();
    },
  };
}

describe('hub TLS', () => {
  it('a cleartext connection to the hub gets no answer: no health, no login over plain HTTP', async () => {
    const port = center.port;
    const attempt = (method: string, path: string, body?: string): Promise<number | 'refused'> =>
      new Promise((resolve) => {
        const req = httpRequest({ host: '127.0.0.1', port, path, method, headers: { 'content-type': 'application/json' }, agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', () => resolve('refused'));
        req.setTimeout(10_000, () => req.destroy());
        req.end(body);
      });
    expect(await attempt('GET', '/health')).toBe('refused');
    expect(await attempt('POST', '/v1/login', JSON.stringify({ login: 'zhoulan', password: PASSWORD }))).toBe('refused');
    // …and the hub will not serve plain HTTP to the network at all.
    await expect(startHub({ pg: center.pgUrl, port: 0, host: '0.0.0.0', insecureHttp: true })).rejects.toThrow(/127\.0\.0\.1/);
    await expect(startHub({ pg: center.pgUrl, port: 0 })).rejects.toThrow(/init/);
  });

  it('a man in the middle with another certificate is refused: at first connect and on every later sync; neither password nor token reach them', async () => {
    // The desktop joins the real hub, pinning the certificate the admin printed.
    const d = desktop();
    try {
      const real = (await hubTls()).fingerprint;
      const probe = await d.call('sync.probe', { hubUrl: center.hubUrl });
      expect(probe).toMatchObject({ ok: true, value: { fingerprint: real } });
      const joined = await d.call('sync.connect', { hubUrl: center.hubUrl, name: 'wangxiaochuan', password: PASSWORD, fingerprint: real });
      expect(joined.ok).toBe(true);
      await d.sync.sync();
      expect(d.sync.status()).toMatchObject({ online: true, lastError: null });

      // The attacker takes over the hub's address and relays to the real hub (moved elsewhere).
      const hubPort = center.port;
      await center.hub.close();
      const upstream = await startTestHub(center.pgUrl);
      const captured: Buffer[] = [];
      let connections = 0;
      const mitm = createTlsServer({ key: attackerCert.key, cert: attackerCert.cert }, (sock) => {
        const up = tlsConnect({ host: '127.0.0.1', port: upstream.port, rejectUnauthorized: false });
        sock.on('data', (c: Buffer) => captured.push(c));
        sock.pipe(up).pipe(sock);
        sock.on('error', () => up.destroy());
        up.on('error', () => sock.destroy());
      });
      mitm.on('connection', () => void connections++);
      mitm.on('tlsClientError', () => undefined); // the desktop hangs up once it sees the certificate
      await listening(mitm, hubPort);
      try {
        const e = await d.sync.sync().catch((x: unknown) => x);
        expect(e).toBeInstanceOf(HubCertificateError);
        expect(d.sync.status()).toMatchObject({ online: false });
        expect(d.sync.status().lastError?.zh).toContain('枢纽证书与首次连接时不一致');
        await expect(d.sync.sync()).rejects.toBeInstanceOf(HubCertificateError); // every connection, not only the first

        // A new desktop whose person confirms the fingerprint the admin printed: refused, password not sent.
        const fresh = desktop();
        try {
          const seen = await fresh.call('sync.probe', { hubUrl: center.hubUrl });
          expect(seen).toMatchObject({ ok: true, value: { fingerprint: attackerCert.fingerprint } });
          expect((seen.value as { fingerprint: string }).fingerprint).not.toBe(real); // what the person compares: it differs
          const r = await fresh.call('sync.connect', { hubUrl: center.hubUrl, name: 'songkexin', password: PASSWORD, fingerprint: real });
          expect(r.ok).toBe(false);
          expect(r.error?.message.zh).toContain('枢纽证书与首次连接时不一致');
          expect(fresh.sync.status().configured).toBe(false);
        } finally {
          fresh.close();
        }
        const wire = Buffer.concat(captured).toString('latin1');
        expect(wire).not.toContain('POST');
        expect(wire).not.toContain(PASSWORD);
        // The attacker was in the path (three connections reached it) and received not one byte of a request.
        expect(connections).toBeGreaterThanOrEqual(3);
        expect(captured).toEqual([]);
      } finally {
        mitm.close();
        await upstream.close();
      }
    } finally {
      d.close();
    }
  });

  it('the desktop refuses http:// to an address that is not this machine, before any network', async () => {
    const heard: string[] = [];
    const attacker = createHttpServer((req, res) => {
      heard.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"token":"x","personId":"x","name":"x"}');
    });
    const lan = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address ?? '10.255.255.1';
    const port = await listening(attacker, 0, '0.0.0.0');
    const d = desktop();
    try {
      for (const hubUrl of [`http://${lan}:${port}`, `http://crewdesk-hub.invalid:${port}`]) {
        const probe = await d.call('sync.probe', { hubUrl });
        expect(probe.ok, hubUrl).toBe(false);
        const r = await d.call('sync.connect', { hubUrl, name: 'zhoulan', password: PASSWORD });
        expect(r.ok, hubUrl).toBe(false);
        expect(r.error?.code).toBe('VALIDATION');
        expect(r.error?.message.zh).toContain('https://');
      }
      expect(heard).toEqual([]);
      expect(d.sync.status().configured).toBe(false);
    } finally {
      d.close();
      attacker.close();
    }
  });
});
