import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import type { RowChange } from '../../shared/sync';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

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
`;

/** One advisory lock orders every write: versions are handed out and committed one by one. */
export const WRITE_LOCK = 727_001;

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export function openPool(connectionString: string): Pool {
  // bigint (int8) columns come back as JS numbers: versions and ids stay far below 2^53.
  pg.types.setTypeParser(20, (v) => Number(v));
  return new pg.Pool({ connectionString, max: 10 });
}

export async function ensureHubSchema(pool: Pool): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('SELECT pg_advisory_lock($1)', [WRITE_LOCK + 1]);
    await c.query(HUB_SCHEMA);
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

// ---- people and credentials -------------------------------------------------

export interface HubPerson {
  id: string;
  name: string;
  role: string;
  active: boolean;
}

export async function findPerson(pool: Pool, by: { name?: string; id?: string }): Promise<HubPerson | null> {
  const r = await pool.query<{ data: { id: string; name: string; role: string; active: number } }>(
    `SELECT data FROM hub_rows WHERE tbl = 'people' AND data IS NOT NULL
       AND ($1::text IS NULL OR data->>'name' = $1) AND ($2::text IS NULL OR data->>'id' = $2)
     ORDER BY (data->>'active')::int DESC LIMIT 1`,
    [by.name ?? null, by.id ?? null],
  );
  const d = r.rows[0]?.data;
  return d ? { id: d.id, name: d.name, role: d.role, active: d.active === 1 } : null;
}

export async function setPassword(pool: Pool, personId: string, password: string): Promise<void> {
  const salt = randomBytes(16);
  const hash = await scrypt(password.normalize('NFC'), salt, 32);
  await pool.query(
    `INSERT INTO hub_credentials (person_id, salt, hash) VALUES ($1, $2, $3)
     ON CONFLICT (person_id) DO UPDATE SET salt = excluded.salt, hash = excluded.hash, updated_at = now()`,
    [personId, salt, hash],
  );
  // A new password ends every session the old one opened.
  await pool.query('DELETE FROM hub_sessions WHERE person_id = $1', [personId]);
}

export async function checkPassword(pool: Pool, personId: string, password: string): Promise<boolean> {
  const r = await pool.query<{ salt: Buffer; hash: Buffer }>('SELECT salt, hash FROM hub_credentials WHERE person_id = $1', [personId]);
  const row = r.rows[0];
  // Same work whether or not the person has a password, so timing does not tell.
  const hash = await scrypt(password.normalize('NFC'), row?.salt ?? Buffer.alloc(16), 32);
  return row !== undefined && timingSafeEqual(hash, row.hash);
}

const tokenHash = (t: string): string => createHash('sha256').update(t).digest('hex');

export async function openSession(pool: Pool, personId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await pool.query('INSERT INTO hub_sessions (token_hash, person_id) VALUES ($1, $2)', [tokenHash(token), personId]);
  return token;
}

export async function sessionPerson(pool: Pool, token: string): Promise<string | null> {
  const r = await pool.query<{ person_id: string }>('SELECT person_id FROM hub_sessions WHERE token_hash = $1', [tokenHash(token)]);
  return r.rows[0]?.person_id ?? null;
}
