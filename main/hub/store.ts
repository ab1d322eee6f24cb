import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import pg from 'pg';
import type { RowChange } from '../../shared/sync';
import { POLICY, SCRYPT } from './policy';

/**
 * The hub's system of record. Rows are stored generically — table, primary key,
 * the row as JSONB, the version that last wrote it (a null row is a delete,
 * kept as a tombstone so clients behind it learn of it) — so a table added by a
 * later app migration syncs without a hub schema change. Next to them: the
 * ordered log of every mutation the hub accepted or refused, each client's
 * last processed mutation id, and people's hub credentials.
 */
export const HUB_SCHEMA = `
  CREATE TABLE IF NOT EXISTS hub_meta (key text PRIMARY KEY, value text NOT NULL);
  CREATE TABLE IF NOT EXISTS hub_version (one boolean PRIMARY KEY DEFAULT true CHECK (one), version bigint NOT NULL);
  INSERT INTO hub_version (one, version) VALUES (true, 0) ON CONFLICT DO NOTHING;
  CREATE TABLE IF NOT EXISTS hub_rows (
    tbl     text   NOT NULL,
    pk      text   NOT NULL,
    version bigint NOT NULL,
    data    jsonb,
    PRIMARY KEY (tbl, pk)
  );
  CREATE INDEX IF NOT EXISTS hub_rows_version ON hub_rows (version);
  -- The outbound webhook's ledger (main/hub/webhook.ts): each item is announced once, by one hub process.
  CREATE TABLE IF NOT EXISTS hub_webhook_sent (key text PRIMARY KEY, sent_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE IF NOT EXISTS hub_clients (
    client_id        uuid PRIMARY KEY,
    person_id        text   NOT NULL,
    last_mutation_id bigint NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    last_seen_at     timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE IF NOT EXISTS hub_mutations (
    client_id   uuid   NOT NULL,
    mutation_id bigint NOT NULL,
    person_id   text   NOT NULL,
    name        text   NOT NULL,
    args        jsonb  NOT NULL,
    at          bigint NOT NULL,
    status      text   NOT NULL CHECK (status IN ('applied', 'rejected')),
    version     bigint,
    error       jsonb,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (client_id, mutation_id)
  );
  CREATE INDEX IF NOT EXISTS hub_mutations_version ON hub_mutations (version);
  CREATE TABLE IF NOT EXISTS hub_credentials (
    person_id  text PRIMARY KEY,
    salt       bytea NOT NULL,
    hash       bytea NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE IF NOT EXISTS hub_sessions (
    token_hash text PRIMARY KEY,
    person_id  text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  -- Accounts and sessions (issue 14): hashes carry their parameters, sessions expire.
  ALTER TABLE hub_credentials ADD COLUMN IF NOT EXISTS phc text;
  ALTER TABLE hub_credentials ALTER COLUMN salt DROP NOT NULL;
  ALTER TABLE hub_credentials ALTER COLUMN hash DROP NOT NULL;
  ALTER TABLE hub_sessions ADD COLUMN IF NOT EXISTS id bigserial;
  ALTER TABLE hub_sessions ADD COLUMN IF NOT EXISTS last_used_at timestamptz NOT NULL DEFAULT now();
  ALTER TABLE hub_sessions ADD COLUMN IF NOT EXISTS address text;
  CREATE UNIQUE INDEX IF NOT EXISTS hub_sessions_id ON hub_sessions (id);
  CREATE INDEX IF NOT EXISTS hub_sessions_person ON hub_sessions (person_id, last_used_at);
  CREATE TABLE IF NOT EXISTS hub_login_failures (
    kind            text NOT NULL CHECK (kind IN ('account', 'address')),
    key             text NOT NULL,
    failures        integer NOT NULL,
    last_failure_at timestamptz NOT NULL,
    locked_until    timestamptz,
    PRIMARY KEY (kind, key)
  );
  CREATE INDEX IF NOT EXISTS hub_mutations_person ON hub_mutations (person_id, received_at);
`;

/** One advisory lock orders every write: versions are handed out and committed one by one. */
export const WRITE_LOCK = 727_001;

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export function openPool(connectionString: string, max = 10): Pool {
  // bigint (int8) columns come back as JS numbers: versions and ids stay far below 2^53.
  pg.types.setTypeParser(20, (v) => Number(v));
  return new pg.Pool({ connectionString, max });
}

export async function ensureHubSchema(pool: Pool): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('SELECT pg_advisory_lock($1)', [WRITE_LOCK + 1]);
    await c.query(HUB_SCHEMA);
    // Sessions opened before they could expire (and whose tokens sat in desktops' files) end once.
    const done = await c.query("SELECT 1 FROM hub_meta WHERE key = 'sessionsVersion'");
    if (!done.rowCount) {
      await c.query('DELETE FROM hub_sessions');
      await c.query("INSERT INTO hub_meta (key, value) VALUES ('sessionsVersion', '2')");
    }
    await c.query('SELECT pg_advisory_unlock($1)', [WRITE_LOCK + 1]);
  } finally {
    c.release();
  }
}

export async function currentVersion(db: Pool | PoolClient): Promise<number> {
  const r = await db.query<{ version: number }>('SELECT version FROM hub_version');
  return r.rows[0]?.version ?? 0;
}

export async function rowsSince(db: Pool | PoolClient, since: number): Promise<RowChange[]> {
  const r = await db.query<{ tbl: string; pk: string; version: number; data: Record<string, unknown> | null }>(
    'SELECT tbl, pk, version, data FROM hub_rows WHERE version > $1 ORDER BY version, tbl, pk',
    [since],
  );
  return r.rows.map((x) => ({ table: x.tbl, key: x.pk, version: x.version, data: x.data }));
}

export async function writeRows(c: PoolClient, rows: { table: string; key: string; data: Record<string, unknown> | null }[], version: number): Promise<void> {
  // Chunked: one statement per 500 rows keeps a seed of a whole workspace quick.
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await c.query(
      `INSERT INTO hub_rows (tbl, pk, version, data)
       SELECT t, k, $1, d FROM unnest($2::text[], $3::text[], $4::jsonb[]) AS x(t, k, d)
       ON CONFLICT (tbl, pk) DO UPDATE SET version = excluded.version, data = excluded.data`,
      [version, chunk.map((r) => r.table), chunk.map((r) => r.key), chunk.map((r) => (r.data === null ? null : JSON.stringify(r.data)))],
    );
  }
}

/**
 * The rows a mutation or a batch touched, each at the version of the last mutation that touched
 * it, and `top` made the hub's version: one statement (one round trip) when they fit one chunk,
 * as nearly every batch's do.
 */
export async function writeVersions(
  c: PoolClient,
  rows: { table: string; key: string; data: Record<string, unknown> | null; version: number }[],
  top: number,
): Promise<void> {
  const upsert = `INSERT INTO hub_rows (tbl, pk, version, data)
       SELECT t, k, v, d FROM unnest($1::text[], $2::text[], $3::bigint[], $4::jsonb[]) AS x(t, k, v, d)
       ON CONFLICT (tbl, pk) DO UPDATE SET version = excluded.version, data = excluded.data`;
  const params = (chunk: typeof rows): unknown[] => [
    chunk.map((r) => r.table), chunk.map((r) => r.key), chunk.map((r) => r.version), chunk.map((r) => (r.data === null ? null : JSON.stringify(r.data))),
  ];
  if (rows.length <= 500) {
    await c.query(`WITH written AS (${upsert}) UPDATE hub_version SET version = $5`, [...params(rows), top]);
    return;
  }
  for (let i = 0; i < rows.length; i += 500) await c.query(upsert, params(rows.slice(i, i + 500)));
  await c.query('UPDATE hub_version SET version = $1', [top]);
}

// ---- people and credentials -------------------------------------------------

export interface HubPerson {
  id: string;
  name: string;
  login: string;
  role: string;
  active: boolean;
}

interface PersonData {
  id: string;
  name: string;
  login?: string;
  role: string;
  active: number;
}

const toHubPerson = (d: PersonData): HubPerson => ({ id: d.id, name: d.name, login: d.login ?? '', role: d.role, active: d.active === 1 });

/**
 * A person by id or by login (case-insensitive). Never by display name: names
 * repeat and anyone may rename themself. A login held by two rows (impossible
 * through the app's unique index; only a hand-edited database) finds no one.
 */
export async function findPerson(db: Pool | PoolClient, by: { login: string } | { id: string }): Promise<HubPerson | null> {
  const r = 'id' in by
    ? await db.query<{ data: PersonData }>(
        `SELECT data FROM hub_rows WHERE tbl = 'people' AND pk = $1 AND data IS NOT NULL`,
        [JSON.stringify([by.id])],
      )
    : await db.query<{ data: PersonData }>(
        `SELECT data FROM hub_rows WHERE tbl = 'people' AND data IS NOT NULL AND lower(data->>'login') = lower($1) LIMIT 2`,
        [by.login.trim()],
      );
  return r.rows.length === 1 ? toHubPerson(r.rows[0]!.data) : null;
}

// ---- password hashes ----------------------------------------------------------

interface HashParams {
  N: number;
  r: number;
  p: number;
}

/** scrypt's memory is 128·N·r·p bytes: 128 MiB at N=2^17, r=8; node's default cap is 32 MiB. */
const maxmem = (x: HashParams): number => 128 * x.N * x.r * x.p + 32 * 1024 * 1024;

/** At most POLICY.hashConcurrency hashes at once: each one takes 128 MiB and a core for a while. */
let hashing = 0;
const hashWaiters: (() => void)[] = [];
async function withHashSlot<T>(fn: () => Promise<T>): Promise<T> {
  while (hashing >= POLICY.hashConcurrency) await new Promise<void>((r) => hashWaiters.push(r));
  hashing++;
  try {
    return await fn();
  } finally {
    hashing--;
    hashWaiters.shift()?.();
  }
}

function scrypt(password: string, salt: Buffer, keyLen: number, x: HashParams): Promise<Buffer> {
  const opts: ScryptOptions = { N: x.N, r: x.r, p: x.p, maxmem: maxmem(x) };
  return withHashSlot(
    () => new Promise<Buffer>((resolve, reject) => scryptCb(password.normalize('NFC'), salt, keyLen, opts, (e, k) => (e ? reject(e) : resolve(k)))),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64url): the parameters travel with the hash. */
export async function hashPassword(password: string, x: HashParams = SCRYPT): Promise<string> {
  const salt = randomBytes(SCRYPT.saltLen);
  const hash = await scrypt(password, salt, SCRYPT.keyLen, x);
  return ['scrypt', x.N, x.r, x.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

interface ParsedHash extends HashParams {
  salt: Buffer;
  hash: Buffer;
}

function parseHash(phc: string): ParsedHash | null {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(phc);
  if (!m) return null;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Refuse parameters no sane hash has (a tampered row must not make the hub allocate gigabytes).
  if (N < 2 || N > 2 ** 20 || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  return { N, r, p, salt: Buffer.from(m[4]!, 'base64url'), hash: Buffer.from(m[5]!, 'base64url') };
}

/** The scrypt parameters of hashes written before they were stored with the hash. */
const LEGACY: HashParams = { N: 2 ** 14, r: 8, p: 1 };

export async function setPassword(pool: Pool, personId: string, password: string): Promise<void> {
  const phc = await hashPassword(password);
  await pool.query(
    `INSERT INTO hub_credentials (person_id, salt, hash, phc) VALUES ($1, NULL, NULL, $2)
     ON CONFLICT (person_id) DO UPDATE SET salt = NULL, hash = NULL, phc = excluded.phc, updated_at = now()`,
    [personId, phc],
  );
  // A new password ends every session the old one opened, and lifts a lockout.
  await pool.query('DELETE FROM hub_sessions WHERE person_id = $1', [personId]);
  const person = await findPerson(pool, { id: personId });
  if (person?.login) await pool.query("DELETE FROM hub_login_failures WHERE kind = 'account' AND key = $1", [person.login.toLowerCase()]);
}

/**
 * Whether `password` is the person's. Same work whether or not the person has a
 * password, so timing does not tell. A hash made with other parameters than
 * today's (older, weaker ones) is replaced by a fresh one after a success.
 */
export async function checkPassword(pool: Pool, personId: string, password: string): Promise<boolean> {
  const r = await pool.query<{ salt: Buffer | null; hash: Buffer | null; phc: string | null }>(
    'SELECT salt, hash, phc FROM hub_credentials WHERE person_id = $1',
    [personId],
  );
  const row = r.rows[0];
  const stored: ParsedHash | null = row?.phc
    ? parseHash(row.phc)
    : row?.salt && row.hash
      ? { ...LEGACY, salt: row.salt, hash: row.hash }
      : null;
  const x = stored ?? { ...SCRYPT, salt: Buffer.alloc(SCRYPT.saltLen), hash: Buffer.alloc(SCRYPT.keyLen) };
  const got = await scrypt(password, x.salt, x.hash.length || SCRYPT.keyLen, x);
  const ok = stored !== null && got.length === stored.hash.length && timingSafeEqual(got, stored.hash);
  if (ok && (stored.N !== SCRYPT.N || stored.r !== SCRYPT.r || stored.p !== SCRYPT.p || !row?.phc)) {
    const phc = await hashPassword(password);
    await pool.query('UPDATE hub_credentials SET salt = NULL, hash = NULL, phc = $2 WHERE person_id = $1', [personId, phc]);
  }
  return ok;
}

// ---- sign-in throttling -------------------------------------------------------

export interface Lockout {
  /** Milliseconds until another attempt is looked at. */
  retryAfterMs: number;
}

type ThrottleKey = { kind: 'account' | 'address'; key: string };

/** The longest lockout now in force on any of `keys`, or null. */
export async function lockedOut(pool: Pool, keys: ThrottleKey[]): Promise<Lockout | null> {
  const r = await pool.query<{ ms: number | null }>(
    `SELECT max(ceil(extract(epoch FROM locked_until - now()) * 1000))::bigint AS ms FROM hub_login_failures
      WHERE (kind, key) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND locked_until > now()`,
    [keys.map((k) => k.kind), keys.map((k) => k.key)],
  );
  const ms = r.rows[0]?.ms;
  return ms && ms > 0 ? { retryAfterMs: ms } : null;
}

/**
 * Counts a wrong password against each key. Past the free failures every
 * further one locks the key, for POLICY.lockBaseMs doubling up to lockMaxMs.
 * Counters live in PostgreSQL so every hub process sees the same ones and a
 * restart does not reset them.
 */
export async function recordFailure(pool: Pool, keys: ThrottleKey[]): Promise<void> {
  for (const k of keys) {
    const free = k.kind === 'account' ? POLICY.accountFreeFailures : POLICY.addressFreeFailures;
    await pool.query(
      `INSERT INTO hub_login_failures AS f (kind, key, failures, last_failure_at) VALUES ($1, $2, 1, now())
       ON CONFLICT (kind, key) DO UPDATE SET
         failures = CASE WHEN f.last_failure_at < now() - $3 * interval '1 millisecond' THEN 1 ELSE f.failures + 1 END,
         last_failure_at = now()`,
      [k.kind, k.key, POLICY.failureMemoryMs],
    );
    await pool.query(
      `UPDATE hub_login_failures SET locked_until = now() + least($4::float8, $5::float8 * power(2, failures - $3)) * interval '1 millisecond'
        WHERE kind = $1 AND key = $2 AND failures >= $3`,
      [k.kind, k.key, free, POLICY.lockMaxMs, POLICY.lockBaseMs],
    );
  }
  await pool.query("DELETE FROM hub_login_failures WHERE last_failure_at < now() - $1 * interval '1 millisecond' AND (locked_until IS NULL OR locked_until < now())", [POLICY.failureMemoryMs]);
}

export async function clearFailures(pool: Pool, key: ThrottleKey): Promise<void> {
  await pool.query('DELETE FROM hub_login_failures WHERE kind = $1 AND key = $2', [key.kind, key.key]);
}

// ---- sessions -----------------------------------------------------------------

const tokenHash = (t: string): string => createHash('sha256').update(t).digest('hex');
const ms = "* interval '1 millisecond'";

export async function openSession(pool: Pool, personId: string, address: string | null = null): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await pool.query('INSERT INTO hub_sessions (token_hash, person_id, address) VALUES ($1, $2, $3)', [tokenHash(token), personId, address]);
  // Bounded: expired sessions go, and past the cap the least recently used ones.
  await pool.query(
    `DELETE FROM hub_sessions WHERE person_id = $1 AND (
       last_used_at < now() - $2::float8 ${ms} OR created_at < now() - $3::float8 ${ms}
       OR id NOT IN (SELECT id FROM hub_sessions WHERE person_id = $1 ORDER BY last_used_at DESC, id DESC LIMIT $4))`,
    [personId, POLICY.sessionIdleMs, POLICY.sessionAbsoluteMs, POLICY.sessionsPerPerson],
  );
  return token;
}

/**
 * Who a token belongs to, if the session is live: not idle past its limit, not
 * older than the absolute limit, and its person still active at the hub (looked
 * up in hub_rows on every request, so deactivating someone ends their access
 * at once, whatever the desktops hold).
 */
export async function sessionPerson(pool: Pool, token: string): Promise<string | null> {
  const r = await pool.query<{ id: number; person_id: string; live: boolean; touch: boolean; active: boolean }>(
    `SELECT s.id, s.person_id,
            (s.last_used_at >= now() - $2::float8 ${ms} AND s.created_at >= now() - $3::float8 ${ms}) AS live,
            s.last_used_at < now() - $4::float8 ${ms} AS touch,
            coalesce((p.data->>'active')::int = 1, false) AS active
       FROM hub_sessions s
       LEFT JOIN hub_rows p ON p.tbl = 'people' AND p.pk = '["' || s.person_id || '"]' AND p.data IS NOT NULL
      WHERE s.token_hash = $1`,
    [tokenHash(token), POLICY.sessionIdleMs, POLICY.sessionAbsoluteMs, POLICY.sessionTouchMs],
  );
  const s = r.rows[0];
  if (!s) return null;
  if (!s.live || !s.active) {
    await pool.query('DELETE FROM hub_sessions WHERE id = $1', [s.id]);
    return null;
  }
  if (s.touch) await pool.query('UPDATE hub_sessions SET last_used_at = now() WHERE id = $1', [s.id]);
  return s.person_id;
}

/** Ends the session of this token (a desktop disconnecting). */
export async function closeSession(pool: Pool, token: string): Promise<boolean> {
  const r = await pool.query('DELETE FROM hub_sessions WHERE token_hash = $1', [tokenHash(token)]);
  return (r.rowCount ?? 0) > 0;
}

export interface SessionInfo {
  id: number;
  personId: string;
  name: string;
  login: string;
  address: string | null;
  createdAt: string;
  lastUsedAt: string;
  /** When it ends if unused (the earlier of the idle and absolute limits). */
  expiresAt: string;
}

/** Live sessions, newest use first (optionally one person's). */
export async function listSessions(pool: Pool, personId: string | null = null): Promise<SessionInfo[]> {
  const r = await pool.query<{ id: number; person_id: string; name: string | null; login: string | null; address: string | null; created_at: Date; last_used_at: Date; expires_at: Date }>(
    `SELECT s.id, s.person_id, p.data->>'name' AS name, p.data->>'login' AS login, s.address, s.created_at, s.last_used_at,
            least(s.last_used_at + $2::float8 ${ms}, s.created_at + $3::float8 ${ms}) AS expires_at
       FROM hub_sessions s
       LEFT JOIN hub_rows p ON p.tbl = 'people' AND p.pk = '["' || s.person_id || '"]'
      WHERE ($1::text IS NULL OR s.person_id = $1)
        AND s.last_used_at >= now() - $2::float8 ${ms} AND s.created_at >= now() - $3::float8 ${ms}
      ORDER BY s.last_used_at DESC, s.id DESC`,
    [personId, POLICY.sessionIdleMs, POLICY.sessionAbsoluteMs],
  );
  return r.rows.map((x) => ({
    id: x.id,
    personId: x.person_id,
    name: x.name ?? '',
    login: x.login ?? '',
    address: x.address,
    createdAt: x.created_at.toISOString(),
    lastUsedAt: x.last_used_at.toISOString(),
    expiresAt: x.expires_at.toISOString(),
  }));
}

/** Ends sessions by id and/or every session of a person; returns how many ended. */
export async function revokeSessions(pool: Pool, by: { ids?: number[]; personId?: string }): Promise<number> {
  const r = await pool.query('DELETE FROM hub_sessions WHERE id = ANY($1::bigint[]) OR person_id = $2', [by.ids ?? [], by.personId ?? null]);
  return r.rowCount ?? 0;
}
