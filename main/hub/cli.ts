import { parseArgs } from 'node:util';
import { createBackend } from '../app';
import { openDatabase } from '../db/connection';
import { seedHub } from './engine';
import { startHub } from './server';
import { ensureHubSchema, findPerson, openPool, setPassword } from './store';

const USAGE = `Crewdesk hub (融媒项目台 中心枢纽)

  npm run hub -- serve  --pg URL [--port 5300] [--host 0.0.0.0]
  npm run hub -- seed   --pg URL --from path/to/crewdesk.sqlite3     load a workspace into an empty hub
  npm run hub -- demo   --pg URL                                     load the fictional demo center
  npm run hub -- passwd --pg URL --name 周岚 --password '…'           set a person's hub password

URL: a PostgreSQL connection string (or set CREWDESK_HUB_PG), e.g. postgres://crewdesk@127.0.0.1/crewdesk`;

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      pg: { type: 'string' },
      port: { type: 'string', default: '5300' },
      host: { type: 'string', default: '127.0.0.1' },
      from: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const cmd = positionals[0] ?? 'serve';
  const pgUrl = values.pg ?? process.env.CREWDESK_HUB_PG;
  if (values.help || !pgUrl) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  if (cmd === 'serve') {
    const hub = await startHub({ pg: pgUrl, port: Number(values.port), host: values.host });
    console.log(`Crewdesk hub listening on ${values.host}:${hub.port} (PostgreSQL is the only state)`);
    const stop = (): void => void hub.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return;
  }
  const pool = openPool(pgUrl);
  try {
    await ensureHubSchema(pool);
    if (cmd === 'seed' || cmd === 'demo') {
      let db;
      if (cmd === 'seed') {
        if (!values.from) throw new Error('seed needs --from <workspace file>');
        db = openDatabase(values.from, { readonly: true });
      } else {
        db = openDatabase(':memory:');
        const r = await createBackend(db).call('workspace.setup', { mode: 'demo' }, { actorId: null });
        if (!r.ok) throw new Error(r.error.message.en);
      }
      const n = await seedHub(pool, db);
      db.close();
      console.log(`Loaded ${n} rows into the hub. Next: set passwords with \`npm run hub -- passwd\`.`);
    } else if (cmd === 'passwd') {
      if (!values.name || !values.password) throw new Error('passwd needs --name and --password');
      if (values.password.length < 8) throw new Error('a hub password has at least 8 characters');
      const person = await findPerson(pool, { name: values.name });
      if (!person) throw new Error(`no person named ${values.name} at the hub`);
      await setPassword(pool, person.id, values.password);
      console.log(`Password set for ${person.name}.`);
    } else {
      console.log(USAGE);
      process.exitCode = 2;
    }
  } finally {
    await pool.end();
  }
}

main().catch((e: unknown) => {
  const err = e as { localized?: { zh: string; en: string }; message?: string };
  console.error(err.localized ? `${err.localized.zh}\n${err.localized.en}` : (err.message ?? String(e)));
  process.exit(1);
});
