import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../../main/app';
import { run as dbCli } from '../../../main/cli/db';
import { createBackup } from '../../../main/db/backup';
import { openDatabase } from '../../../main/db/connection';
import { keychainSecretStores } from '../../../main/electron/secrets';
import { createHubTls, type HubTls } from '../../../main/hub/tls';
import { attachSyncClient } from '../../../main/sync/registry';
import { FileSecretStore, tokenFileOf } from '../../../main/sync/secrets';
import { HubCertificateError, httpTransport, normaliseHubUrl, OfflineError, probeHub, type SyncTransport } from '../../../main/sync/transport';
import { AppError } from '../../../shared/errors';
import { SYNC_PROTOCOL, type PushRequest } from '../../../shared/sync';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'crewdesk-tls-'));
  dirs.push(d);
  return d;
};

const PERSON = '7b0c3f2e-9a51-4c1e-8d7f-0a1b2c3d4e5f';
const LOGIN = { token: 'tok_fake_hub_token_9f8e7d6c5b4a3f2e1d0c', personId: PERSON, name: '周岚' };

/** A stand-in hub: answers /v1/login and counts every request that reached it. */
function fakeHub(): { requests: string[]; handler: (req: IncomingMessage, res: ServerResponse) => void } {
  const requests: string[] = [];
  return {
    requests,
    handler: (req, res) => {
      requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(LOGIN));
      });
    },
  };
}

async function listen<S extends Server | HttpsServer>(server: S): Promise<{ server: S; port: number }> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as AddressInfo).port };
}

let hubCert: HubTls;
let otherCert: HubTls;

beforeAll(async () => {
  hubCert = await createHubTls(tempDir());
  otherCert = await createHubTls(tempDir());
});
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('hub init: key and certificate', () => {
  it('writes the key 0600 and a certificate whose fingerprint it reports; two inits differ; a second init needs --force', async () => {
    const dir = tempDir();
    const tls = await createHubTls(dir);
    expect(statSync(join(dir, 'hub-key.pem')).mode & 0o777).toBe(0o600);
    expect(tls.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(tls.fingerprint).not.toBe(hubCert.fingerprint);
    await expect(createHubTls(dir)).rejects.toThrow(/--force/);
  });
});

describe('certificate pinning', () => {
  it('the right fingerprint is accepted; the first look shows exactly the certificate init printed', async () => {
    const hub = fakeHub();
    const { server, port } = await listen(createHttpsServer({ key: hubCert.key, cert: hubCert.cert }, hub.handler));
    try {
      const url = `https://127.0.0.1:${port}`;
      const probe = await probeHub(url);
      expect(probe.fingerprint).toBe(hubCert.fingerprint);
      expect(hub.requests).toEqual([]); // looking sends no request
      const r = await httpTransport.login({ url, fingerprint: hubCert.fingerprint }, { login: 'zhoulan', password: 'pw-123456' });
      expect(r.token).toBe(LOGIN.token);
      expect(hub.requests).toHaveLength(1);
    } finally {
      server.close();
    }
  });

  it('a wrong fingerprint is refused before anything is sent, with the zh+en message', async () => {
    const hub = fakeHub();
    const { server, port } = await listen(createHttpsServer({ key: otherCert.key, cert: otherCert.cert }, hub.handler));
    try {
      const e = await httpTransport
        .login({ url: `https://127.0.0.1:${port}`, fingerprint: hubCert.fingerprint }, { login: 'zhoulan', password: 'secret-password' })
        .catch((x: unknown) => x);
      expect(e).toBeInstanceOf(HubCertificateError);
      expect((e as AppError).localized.zh).toContain('枢纽证书与首次连接时不一致');
      expect((e as AppError).localized.en).toMatch(/certificate is not the one confirmed/);
      expect((e as HubCertificateError).presented).toBe(otherCert.fingerprint);
      expect(hub.requests).toEqual([]); // the password never left
    } finally {
      server.close();
    }
  });

  it('the pin is checked on every connection, not only the first: a certificate swapped later is refused', async () => {
    const hub = fakeHub();
    const { server, port } = await listen(createHttpsServer({ key: hubCert.key, cert: hubCert.cert }, hub.handler));
    try {
      const endpoint = { url: `https://127.0.0.1:${port}`, fingerprint: hubCert.fingerprint };
      const req: PushRequest = { protocol: SYNC_PROTOCOL, schemaVersion: 1, clientId: PERSON, mutations: [] };
      await expect(httpTransport.login(endpoint, { login: 'zhoulan', password: 'pw-123456' })).resolves.toMatchObject({ personId: PERSON });
      server.setSecureContext({ key: otherCert.key, cert: otherCert.cert });
      await expect(httpTransport.push(endpoint, LOGIN.token, req)).rejects.toBeInstanceOf(HubCertificateError);
      await expect(httpTransport.push(endpoint, LOGIN.token, req)).rejects.toBeInstanceOf(HubCertificateError);
      expect(hub.requests.filter((r) => r.includes(LOGIN.token))).toEqual([]); // the token never left
    } finally {
      server.close();
    }
  });

  it('http:// to a non-loopback address is refused before any network; https without a confirmed pin too', async () => {
    for (const url of ['http://10.0.0.5:5300', 'http://192.168.1.20', 'http://hub.example.lan:5300', 'http://[fe80::1]:5300', 'http://127.0.0.1.nip.io']) {
      expect(() => normaliseHubUrl(url), url).toThrow(AppError);
      const e = await httpTransport.login({ url, fingerprint: null }, { login: 'zhoulan', password: 'pw-123456' }).catch((x: unknown) => x);
      expect(e, url).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('VALIDATION');
    }
    const e = await httpTransport.login({ url: 'https://10.0.0.5:5300', fingerprint: null }, { login: 'zhoulan', password: 'x' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect(e).not.toBeInstanceOf(OfflineError);
  });

  it('http:// to loopback is allowed (a hub behind a proxy on this machine, tests)', async () => {
    for (const url of ['http://127.0.0.1:5300', 'http://localhost:5300', 'http://[::1]:5300', 'http://127.8.9.10']) {
      expect(normaliseHubUrl(url)).toBe(url.replace(/\/$/, ''));
    }
    const hub = fakeHub();
    const { server, port } = await listen(createHttpServer(hub.handler));
    try {
      const r = await httpTransport.login({ url: `http://127.0.0.1:${port}`, fingerprint: null }, { login: 'zhoulan', password: 'pw-123456' });
      expect(r.personId).toBe(PERSON);
      expect((await probeHub(`http://127.0.0.1:${port}`)).fingerprint).toBeNull();
    } finally {
      server.close();
    }
  });
});

/** A transport that answers like a hub with an empty workspace (no network). */
function recordingTransport(): SyncTransport & { logouts: string[] } {
  const logouts: string[] = [];
  return {
    logouts,
    login: async () => LOGIN,
    push: async () => ({ lastMutationId: 0, version: 0 }),
    pull: async () => ({ version: 1, lastMutationId: 0, rejections: [], rows: [] }),
    logout: async (_hub, token) => void logouts.push(token),
  };
}

/** Every byte of the database, its WAL and its journal. */
function dbBytes(file: string): Buffer {
  return Buffer.concat(['', '-wal', '-shm', '-journal'].filter((s) => existsSync(file + s)).map((s) => readFileSync(file + s)));
}

describe('the hub token is kept out of the database file', () => {
  const FP = 'AB:'.repeat(31) + 'AB';

  it('connect writes it 0600 beside the database, never into the file, its backups or `db export`; disconnect deletes it and ends the session', async () => {
    const dir = tempDir();
    const file = join(dir, 'crewdesk.sqlite3');
    const db = openDatabase(file);
    const backend = createBackend(db);
    const transport = recordingTransport();
    const client = attachSyncClient(backend, { transport, intervalMs: 0 });
    const r = await backend.call('sync.connect', { hubUrl: 'https://hub.example.lan', name: '周岚', password: 'pw-123456', fingerprint: FP }, { actorId: null });
    expect(r.ok).toBe(true);
    expect(client.status()).toMatchObject({ configured: true, hubFingerprint: FP });
    const tokenFile = tokenFileOf(file);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(tokenFile, 'utf8')).toContain(Buffer.from(LOGIN.token).toString('base64'));
    expect(tokenFile.includes(`${join(dir, 'backups')}`)).toBe(false);
    expect(dbBytes(file).includes(LOGIN.token)).toBe(false);
    createBackup(db, file, 'manual');
    for (const b of readdirSync(join(dir, 'backups'))) expect(readFileSync(join(dir, 'backups', b)).includes(LOGIN.token), b).toBe(false);
    client.close();
    db.close();
    const out = join(tempDir(), 'export');
    expect(dbCli(['export', out, '--data', dir])).toBe(0);
    for (const f of readdirSync(out)) expect(readFileSync(join(out, f), 'utf8'), f).not.toContain(LOGIN.token);

    // Reopened: the token is found again; disconnecting deletes it and logs out at the hub.
    const db2 = openDatabase(file);
    const backend2 = createBackend(db2);
    const transport2 = recordingTransport();
    const client2 = attachSyncClient(backend2, { transport: transport2, intervalMs: 0 });
    await client2.sync();
    expect(client2.status().lastError).toBeNull();
    await client2.disconnect();
    expect(existsSync(tokenFile)).toBe(false);
    expect(transport2.logouts).toEqual([LOGIN.token]);
    client2.close();
    db2.close();
  });

  it('a token an older version left in sync_state is moved out on start and overwritten in the file', async () => {
    const dir = tempDir();
    const file = join(dir, 'crewdesk.sqlite3');
    const db = openDatabase(file);
    const client = attachSyncClient(createBackend(db), { transport: recordingTransport(), intervalMs: 0 });
    await client.connect({ hubUrl: 'https://hub.example.lan', name: '周岚', password: 'pw', replaceLocal: false, fingerprint: FP });
    client.close();
    rmSync(tokenFileOf(file));
    const OLD = 'tok_left_by_version_0_1_in_sync_state_abc';
    db.prepare("INSERT INTO sync_state (key, value) VALUES ('token', ?)").run(OLD);
    db.close();
    expect(dbBytes(file).includes(OLD)).toBe(true); // the test can fail

    const db2 = openDatabase(file);
    const client2 = attachSyncClient(createBackend(db2), { transport: recordingTransport(), intervalMs: 0 });
    expect(db2.prepare("SELECT count(*) AS n FROM sync_state WHERE key = 'token'").get()).toEqual({ n: 0 });
    expect(new FileSecretStore(tokenFileOf(file)).read()).toBe(OLD);
    expect(dbBytes(file).includes(OLD)).toBe(false);
    client2.close();
    db2.close();
    expect(dbBytes(file).includes(OLD)).toBe(false);
  });

  it('a desktop joined over http:// to another machine before this version: sync refused, then the same hub over https keeps its client id', async () => {
    const dir = tempDir();
    const file = join(dir, 'crewdesk.sqlite3');
    const db = openDatabase(file);
    const client = attachSyncClient(createBackend(db), { transport: recordingTransport(), intervalMs: 0 });
    await client.connect({ hubUrl: 'https://hub.example.lan:5300', name: '周岚', password: 'pw', replaceLocal: false, fingerprint: FP });
    const clientId = db.prepare<[], { value: string }>("SELECT value FROM sync_state WHERE key = 'clientId'").get()!.value;
    db.prepare("UPDATE sync_state SET value = 'http://hub.example.lan:5300' WHERE key = 'hubUrl'").run();
    db.prepare("DELETE FROM sync_state WHERE key = 'hubFingerprint'").run();
    const e = await client.sync().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).localized.zh).toContain('https://');
    expect(client.status().lastError?.en).toMatch(/https:\/\//);
    await client.connect({ hubUrl: 'https://hub.example.lan:443', name: '周岚', password: 'pw', replaceLocal: false, fingerprint: FP });
    expect(client.status()).toMatchObject({ hubUrl: 'https://hub.example.lan', hubFingerprint: FP, lastError: null });
    expect(db.prepare<[], { value: string }>("SELECT value FROM sync_state WHERE key = 'clientId'").get()!.value).toBe(clientId);
    client.close();
    db.close();
  });

  it('in Electron the file holds the token encrypted by the OS keychain; without a real keychain a plain 0600 file', () => {
    const dir = tempDir();
    const fake = {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (s: string) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)),
      decryptString: (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
    };
    const store = keychainSecretStores(fake)(join(dir, 'a.sqlite3'));
    store.write(LOGIN.token);
    const raw = readFileSync(tokenFileOf(join(dir, 'a.sqlite3')), 'utf8');
    expect(raw).toContain('safeStorage');
    expect(raw).not.toContain(Buffer.from(LOGIN.token).toString('base64'));
    expect(store.read()).toBe(LOGIN.token);
    // A file written before the keychain was available is read and re-written encrypted.
    new FileSecretStore(tokenFileOf(join(dir, 'b.sqlite3'))).write('plain-token-abcdefghijkl');
    expect(keychainSecretStores(fake)(join(dir, 'b.sqlite3')).read()).toBe('plain-token-abcdefghijkl');
    expect(readFileSync(tokenFileOf(join(dir, 'b.sqlite3')), 'utf8')).toContain('safeStorage');
    const basic = keychainSecretStores({ ...fake, getSelectedStorageBackend: () => 'basic_text' })(join(dir, 'c.sqlite3'));
    basic.write('t-basic-abcdefghijklmnop');
    const c = tokenFileOf(join(dir, 'c.sqlite3'));
    if (process.platform === 'linux') expect(readFileSync(c, 'utf8')).toContain('"plain"');
    expect(statSync(c).mode & 0o777).toBe(0o600);
  });
});
