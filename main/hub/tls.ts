import { execFile } from 'node:child_process';
import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The hub's TLS identity: a private key (0600) and a self-signed certificate in
 * the hub's config folder. Desktops pin the certificate's SHA-256 fingerprint at
 * first connect (the admin reads it out from `npm run hub -- init`), so no CA is
 * involved and a certificate someone else made is refused.
 */
export interface HubTls {
  key: string;
  cert: string;
  /** SHA-256 of the certificate (DER), `AB:CD:…` as OpenSSL and browsers show it. */
  fingerprint: string;
}

export const KEY_FILE = 'hub-key.pem';
export const CERT_FILE = 'hub-cert.pem';

/** `$CREWDESK_HUB_CONFIG`, else `$XDG_CONFIG_HOME/crewdesk-hub`, else `~/.config/crewdesk-hub`. */
export function defaultHubConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CREWDESK_HUB_CONFIG) return env.CREWDESK_HUB_CONFIG;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'crewdesk-hub');
}

export function certificateFingerprint(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

const HOST_RE = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** Subject alternative names for the certificate (for curl/nginx; desktops pin the fingerprint). */
export function subjectAltNames(extra: readonly string[]): string {
  const names = new Set(['localhost', '127.0.0.1', '::1', ...extra]);
  const host = hostname();
  if (HOST_RE.test(host)) names.add(host);
  const out: string[] = [];
  for (const n of names) {
    if (isIP(n)) out.push(`IP:${n}`);
    else if (HOST_RE.test(n)) out.push(`DNS:${n}`);
    else throw new Error(`not a host name or IP address: ${n}`);
  }
  return out.join(',');
}

/**
 * Creates the key and a self-signed certificate (10 years; P-256) in `dir`.
 * The key is made by Node and written 0600 before OpenSSL, run with fixed
 * arguments and no shell, signs the certificate with it.
 */
export async function createHubTls(dir: string, opts: { names?: readonly string[]; force?: boolean; openssl?: string } = {}): Promise<HubTls> {
  const keyFile = join(dir, KEY_FILE);
  const certFile = join(dir, CERT_FILE);
  if (!opts.force && (existsSync(keyFile) || existsSync(certFile))) {
    throw new Error(
      `${dir} already holds a hub key. A new one changes the fingerprint and every desktop refuses the hub until it is confirmed again; use --force if that is what you want.`,
    );
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const san = subjectAltNames(opts.names ?? []);
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const tmpKey = `${keyFile}.${process.pid}.tmp`;
  const tmpCert = `${certFile}.${process.pid}.tmp`;
  try {
    writeFileSync(tmpKey, keyPem, { mode: 0o600, flag: 'wx' });
    chmodSync(tmpKey, 0o600);
    await promisify(execFile)(opts.openssl ?? 'openssl', [
      'req', '-x509', '-new', '-sha256', '-days', '3650',
      '-key', tmpKey, '-out', tmpCert,
      '-subj', '/O=Crewdesk/CN=Crewdesk hub',
      '-addext', `subjectAltName=${san}`,
      '-addext', 'basicConstraints=critical,CA:FALSE',
      '-addext', 'keyUsage=critical,digitalSignature',
      '-addext', 'extendedKeyUsage=serverAuth',
    ]);
    const certPem = readFileSync(tmpCert, 'utf8');
    chmodSync(tmpCert, 0o644);
    renameSync(tmpKey, keyFile);
    renameSync(tmpCert, certFile);
    return { key: keyPem, cert: certPem, fingerprint: certificateFingerprint(certPem) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' && err.syscall?.startsWith('spawn')) throw new Error('openssl is needed to make the hub certificate (Debian: apt-get install openssl)');
    throw e;
  } finally {
    rmSync(tmpKey, { force: true });
    rmSync(tmpCert, { force: true });
  }
}

/** Reads the key and certificate `init` made; refuses a key file others can read. */
export function loadHubTls(dir: string): HubTls {
  const keyFile = join(dir, KEY_FILE);
  const certFile = join(dir, CERT_FILE);
  if (!existsSync(keyFile) || !existsSync(certFile)) {
    throw new Error(
      `no hub certificate in ${dir}: run \`npm run hub -- init\` first (or, behind a TLS reverse proxy on this machine, serve --insecure-http)`,
    );
  }
  if (process.platform !== 'win32' && (statSync(keyFile).mode & 0o077) !== 0) {
    throw new Error(`${keyFile} can be read by other users; chmod 600 it`);
  }
  const key = readFileSync(keyFile, 'utf8');
  const cert = readFileSync(certFile, 'utf8');
  return { key, cert, fingerprint: certificateFingerprint(cert) };
}
