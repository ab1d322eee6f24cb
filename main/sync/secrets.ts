import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Where this machine keeps its hub session token: never in the database file
 * (which is copied into backups, exports and bug reports). In Electron the
 * token is encrypted with the OS keychain (`safeStorage`, main/electron/secrets.ts);
 * elsewhere (the web host) it is a 0600 file beside the database, outside backups/.
 */
export interface SecretStore {
  read(): string | null;
  write(value: string): void;
  remove(): void;
}

/** How the stored bytes are protected (plain for a 0600 file; the OS keychain in Electron). */
export interface SecretCodec {
  readonly kind: string;
  encode(value: string): Buffer;
  decode(data: Buffer): string;
}

export const PLAIN_CODEC: SecretCodec = {
  kind: 'plain',
  encode: (v) => Buffer.from(v, 'utf8'),
  decode: (b) => b.toString('utf8'),
};

interface Envelope {
  v: 1;
  kind: string;
  data: string;
}

/** One secret in one file, written atomically with mode 0600. */
export class FileSecretStore implements SecretStore {
  constructor(
    readonly path: string,
    private readonly codec: SecretCodec = PLAIN_CODEC,
    /** Codecs this store can still read (a file written before the keychain was available). */
    private readonly readable: readonly SecretCodec[] = [PLAIN_CODEC],
  ) {}

  read(): string | null {
    if (!existsSync(this.path)) return null;
    try {
      const env = JSON.parse(readFileSync(this.path, 'utf8')) as Envelope;
      const codec = [this.codec, ...this.readable].find((c) => c.kind === env.kind);
      if (env.v !== 1 || !codec || typeof env.data !== 'string') return null;
      const value = codec.decode(Buffer.from(env.data, 'base64'));
      if (codec !== this.codec) this.write(value); // upgrade to the stronger protection
      return value;
    } catch {
      return null; // unreadable (another machine's keychain): the person signs in again
    }
  }

  write(value: string): void {
    const env: Envelope = { v: 1, kind: this.codec.kind, data: this.codec.encode(value).toString('base64') };
    const tmp = `${this.path}.${process.pid}.tmp`;
    rmSync(tmp, { force: true });
    writeFileSync(tmp, JSON.stringify(env), { mode: 0o600, flag: 'wx' });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.path);
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }
}

/** For in-memory databases (tests): the secret lives as long as the process. */
export class MemorySecretStore implements SecretStore {
  private value: string | null = null;
  read(): string | null {
    return this.value;
  }
  write(value: string): void {
    this.value = value;
  }
  remove(): void {
    this.value = null;
  }
}

/** The token file of a database: `<data folder>/crewdesk.sqlite3.hub-token` (not under backups/). */
export const tokenFileOf = (dbFile: string): string => `${dbFile}.hub-token`;

export type SecretStoreFactory = (dbFile: string) => SecretStore;

const fileStores: SecretStoreFactory = (dbFile) => new FileSecretStore(tokenFileOf(dbFile));
let factory: SecretStoreFactory = fileStores;

/** The Electron shell installs its keychain-backed stores before it opens the database. */
export function setSecretStoreFactory(f: SecretStoreFactory | null): void {
  factory = f ?? fileStores;
}

export function secretStoreFor(dbFile: string): SecretStore {
  if (dbFile === ':memory:' || dbFile === '') return new MemorySecretStore();
  return factory(dbFile);
}
