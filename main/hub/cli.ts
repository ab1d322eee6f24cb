import { parseArgs } from 'node:util';
import { createBackend } from '../app';
import { openDatabase } from '../db/connection';
import { seedHub } from './engine';
import { startHub } from './server';
import { ensureHubSchema, findPerson, listSessions, openPool, revokeSessions, setPassword } from './store';
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
  npm run hub -- passwd --pg URL --login zhoulan                     set a person's hub password (asked for,
                                                                     never on the command line; or piped on stdin)
  npm run hub -- sessions --pg URL [--login L]                       list live hub sessions
  npm run hub -- sessions revoke --pg URL (--id N … | --login L)     end sessions (by id, or all of a person's)

URL: a PostgreSQL connection string (or set CREWDESK_HUB_PG), e.g. postgres://crewdesk@127.0.0.1/crewdesk
DIR: the hub's config folder (or set CREWDESK_HUB_CONFIG); default ~/.config/crewdesk-hub

Group robot (optional, serve): set CREWDESK_HUB_WEBHOOK to the robot's URL (企业微信 / 钉钉 群机器人; it carries
the robot's key, so it is read from the environment, never the command line); CREWDESK_HUB_WEBHOOK_SECRET for
钉钉 加签; CREWDESK_HUB_WEBHOOK_FORMAT=json for a plain JSON receiver. The hub posts when a review step waits for
its reviewers and a digest of tasks that went overdue, each once.`;

const FINGERPRINT_NOTE = (fp: string): string =>
  `SHA-256 fingerprint / 证书指纹:\n  ${fp}\n` +
  'Give it to every desktop user (on paper or by phone, not over the same network): the desktop shows it at first connect and\n' +
  'they continue only when it matches. 请把指纹告知每位使用者，首次连接时核对一致后再继续。';

async function main(): Promise<void> {
  if (process.argv.some((a) => a === '--password' || a.startsWith('--password='))) {
    throw new Error('passwords are never given on the command line (they end up in shell history and `ps`): run `passwd --login L` and type it, or pipe it on stdin');
  }
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      pg: { type: 'string' },
      port: { type: 'string', default: '5300' },
      host: { type: 'string', default: '127.0.0.1' },
      from: { type: 'string' },
      login: { type: 'string' },
      id: { type: 'string', multiple: true },
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
    const hookUrl = process.env.CREWDESK_HUB_WEBHOOK;
    const hookFormat = process.env.CREWDESK_HUB_WEBHOOK_FORMAT ?? 'text';
    if (hookFormat !== 'text' && hookFormat !== 'json') throw new Error('CREWDESK_HUB_WEBHOOK_FORMAT is text (企业微信 / 钉钉 robots) or json');
    const webhook = hookUrl ? { url: hookUrl, format: hookFormat, secret: process.env.CREWDESK_HUB_WEBHOOK_SECRET || undefined } as const : undefined;
    const hub = await startHub({ pg: pgUrl, port: Number(values.port), host: values.host, tls, insecureHttp, webhook });
    if (webhook) console.log(`Group robot webhook on: reviews waiting and overdue tasks go to ${new URL(webhook.url).host} (checked every minute)`);
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
      if (!values.login) throw new Error('passwd needs --login (the person\'s login, e.g. zhoulan or a staff number)');
      const person = await findPerson(pool, { login: values.login });
      if (!person) throw new Error(`no person with the login ${values.login} at the hub`);
      const password = await readPassword(`New hub password for ${person.name} (${person.login}): `);
      if (password.length < 8) throw new Error('a hub password has at least 8 characters');
      if (password.length > 200) throw new Error('a hub password has at most 200 characters');
      await setPassword(pool, person.id, password);
      console.log(`Password set for ${person.name} (${person.login}); their open hub sessions are ended.`);
    } else if (cmd === 'sessions') {
      const person = values.login ? await findPerson(pool, { login: values.login }) : null;
      if (values.login && !person) throw new Error(`no person with the login ${values.login} at the hub`);
      if (positionals[1] === 'revoke') {
        const ids = (values.id ?? []).map(Number);
        if (ids.some((n) => !Number.isSafeInteger(n) || n < 1)) throw new Error('--id takes session numbers (see `sessions`)');
        if (!ids.length && !person) throw new Error('sessions revoke needs --id N (one or more) or --login L');
        const n = await revokeSessions(pool, { ids, ...(person ? { personId: person.id } : {}) });
        console.log(`${n} session(s) ended.`);
      } else {
        const list = await listSessions(pool, person?.id ?? null);
        if (!list.length) console.log('No live sessions.');
        for (const x of list) {
          console.log(`${String(x.id).padStart(6)}  ${x.login.padEnd(16)} ${x.name}  from ${x.address ?? '?'}  since ${x.createdAt}  last used ${x.lastUsedAt}  ends ${x.expiresAt}`);
        }
      }
    } else {
      console.log(USAGE);
      process.exitCode = 2;
    }
  } finally {
    await pool.end();
  }
}

/**
 * A password from the terminal without echo, or the first line of stdin when
 * it is piped (`printf '%s\n' "$PW" | npm run hub -- passwd --login L`).
 */
async function readPassword(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  const ask = (text: string): Promise<string> =>
    new Promise((resolve, reject) => {
      process.stderr.write(text);
      let typed = '';
      stdin.setRawMode(true);
      stdin.resume();
      stdin.setEncoding('utf8');
      const done = (err?: Error): void => {
        stdin.setRawMode(false);
        stdin.pause();
        stdin.off('data', onData);
        process.stderr.write('\n');
        if (err) reject(err);
        else resolve(typed);
      };
      const onData = (s: string): void => {
        for (const ch of s) {
          if (ch === '\r' || ch === '\n') return done();
          if (ch === '\u0003') return done(new Error('cancelled'));
          if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
          else if (ch >= ' ') typed += ch;
        }
      };
      stdin.on('data', onData);
    });
  const first = await ask(prompt);
  const second = await ask('Again, to confirm: ');
  if (first !== second) throw new Error('the two passwords differ; nothing was changed');
  return first;
}

main().catch((e: unknown) => {
  const err = e as { localized?: { zh: string; en: string }; message?: string };
  console.error(err.localized ? `${err.localized.zh}\n${err.localized.en}` : (err.message ?? String(e)));
  process.exit(1);
});
