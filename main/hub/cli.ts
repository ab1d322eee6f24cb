import { parseArgs } from 'node:util';
import { createBackend } from '../app';
import { openDatabase } from '../db/connection';
import { seedHub } from './engine';
import { startHub } from './server';
import { ensureHubSchema, findPerson, openPool, setPassword } from './store';
import { createHubTls, defaultHubConfigDir, loadHubTls } from './tls';

const USAGE = `Crewdesk hub (融媒项目台 中心枢纽)

  npm run hub -- init   [--config DIR] [--san hub.example.lan --san 10.0.0.5] [--force]
                        make the hub's private key (0600) and certificate; prints its fingerprint
  npm run hub -- fingerprint [--config DIR]                          print the fingerprint again
  npm run hub -- serve  --pg URL [--port 5300] [--host 0.0.0.0] [--config DIR]
                        HTTPS with the key and certificate from init
  npm run hub -- serve  --pg URL --insecure-http [--port 5300]       plain HTTP on 127.0.0.1 only,
                        for a TLS-terminating reverse proxy on this machine
  npm run hub -- seed   --pg URL --from path/to/crewdesk.sqlite3     load a workspace into an empty hub
  npm run hub -- demo   --pg URL                                     load the fictional demo center
  npm run hub -- passwd --pg URL --name 周岚 --password '…'           set a person's hub password

URL: a PostgreSQL connection string (or set CREWDESK_HUB_PG), e.g. postgres://crewdesk@127.0.0.1/crewdesk
DIR: the hub's config folder (or set CREWDESK_HUB_CONFIG); default ~/.config/crewdesk-hub`;

const FINGERPRINT_NOTE = (fp: string): string =>
  `SHA-256 fingerprint / 证书指纹:\n  ${fp}\n` +
  'Give it to every desktop user (on paper or by phone, not over the same network): the desktop shows it at first connect and\n' +
  'they continue only when it matches. 请把指纹告知每位使用者，首次连接时核对一致后再继续。';

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
      config: { type: 'string' },
      san: { type: 'string', multiple: true },
      force: { type: 'boolean' },
      'insecure-http': { type: 'boolean' },
    },
  });
  const cmd = positionals[0] ?? 'serve';
  const configDir = values.config ?? defaultHubConfigDir();
  if (cmd === 'init') {
    const tls = await createHubTls(configDir, { names: values.san ?? [], force: values.force ?? false });
    console.log(`Hub key and certificate written to ${configDir} (key 0600).\n${FINGERPRINT_NOTE(tls.fingerprint)}`);
    return;
  }
  if (cmd === 'fingerprint') {
    console.log(FINGERPRINT_NOTE(loadHubTls(configDir).fingerprint));
    return;
  }
  const pgUrl = values.pg ?? process.env.CREWDESK_HUB_PG;
  if (values.help || !pgUrl) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  if (cmd === 'serve') {
    const insecureHttp = values['insecure-http'] ?? false;
    const tls = insecureHttp ? undefined : loadHubTls(configDir);
    const hub = await startHub({ pg: pgUrl, port: Number(values.port), host: values.host, tls, insecureHttp });
    console.log(`Crewdesk hub listening on ${tls ? 'https' : 'http'}://${values.host}:${hub.port} (PostgreSQL is the only state)`);
    if (hub.fingerprint) console.log(FINGERPRINT_NOTE(hub.fingerprint));
    else console.log('Plain HTTP on loopback: only for a TLS-terminating reverse proxy on this machine (desktops pin the proxy’s certificate).');
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
