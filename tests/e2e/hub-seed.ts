import pg from 'pg';
import { createBackend } from '../../main/app';
import { openDatabase } from '../../main/db/connection';
import { seedHub } from '../../main/hub/engine';
import { ensureHubSchema, findPerson, openPool, setPassword } from '../../main/hub/store';
import type { TestPostgres } from '../sync/postgres';

/**
 * A database on the test PostgreSQL holding the fictional demo center as a hub seeds it
 * (`npm run hub -- demo`), with a hub password for each of `logins`. Returns its URL.
 */
export async function seedDemoHub(pgServer: TestPostgres, database: string, logins: readonly string[], password: string): Promise<string> {
  const admin = new pg.Client({ connectionString: pgServer.url() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database.replace(/[^a-z0-9_]/g, '')}`);
  await admin.end();
  const pgUrl = pgServer.url(database);
  const pool = openPool(pgUrl);
  try {
    await ensureHubSchema(pool);
    const db = openDatabase(':memory:');
    const r = await createBackend(db).call('workspace.setup', { mode: 'demo' }, { actorId: null });
    if (!r.ok) throw new Error(r.error.message.en);
    await seedHub(pool, db);
    db.close();
    for (const login of logins) {
      const p = await findPerson(pool, { login });
      if (!p) throw new Error(`no person with the login ${login} in the demo`);
      await setPassword(pool, p.id, password);
    }
  } finally {
    await pool.end();
  }
  return pgUrl;
}
