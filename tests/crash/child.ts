/**
 * The crash child: drives random mutations through the real Backend (the same
 * handlers the app serves) on a real database file, until it is killed.
 * Before each command it appends an intent line (name + input) to the intent
 * log, with a synchronous write, so the parent knows which commands were started.
 *
 * Everything is deterministic for a seed (PRNG, clock, ids via det-uuid), so
 * `--replay N` re-runs exactly the first N intents on a fresh copy of the same
 * base database and prints the digest before and after the N-th: the state a
 * killed run left must equal one of the two (all-or-nothing).
 *
 *   child --db FILE --seed S --intents FILE            run until killed
 *   child --db FILE --seed S --intents FILE --replay N  replay N intents, print digests
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { openBackend } from '../../main/app';
import type { Session } from '../../main/core/backend';
import { CALL_NAMES, contract, type CallName } from '../../shared/contract';
import { dbChecksum } from '../helpers/db';
import { pick, rng, sampleInput, type Rng } from '../helpers/inputs';

const ROLES = ['member', 'member', 'member', 'convener', 'manager'] as const;
const WORDS = ['采访', '编辑', '摄像', '直播', '剪辑', '设计', '运营', '主持', '新媒体', '体育', 'Ω', '😀', 'عربى'];

interface Args {
  db: string;
  seed: number;
  intents: string;
  replay: number | null;
}

function parseArgs(argv: string[]): Args {
  const get = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    db: get('--db')!,
    seed: Number(get('--seed') ?? 1),
    intents: get('--intents')!,
    replay: get('--replay') !== undefined ? Number(get('--replay')) : null,
  };
}

/** Commands the generic generator may try (everything but first-run set-up). */
const GENERIC: CallName[] = CALL_NAMES.filter((n) => contract[n].kind === 'command' && n !== 'workspace.setup');

function word(r: Rng): string {
  return `${pick(r, WORDS)}${pick(r, WORDS)}${Math.floor(r() * 100)}`;
}

/** The next command: people and teams by hand, any other command from its schema. */
function nextCommand(r: Rng, db: ReturnType<typeof openBackend>['db'], adminId: string, now: number): { name: CallName; input: unknown } {
  const ids = (sql: string): string[] => db.prepare<[], { id: string }>(sql).all().map((x) => x.id);
  const teams = ids('SELECT id FROM teams ORDER BY id');
  const people = db.prepare<[string], { id: string }>('SELECT id FROM people WHERE id <> ? ORDER BY id').all(adminId).map((x) => x.id);
  const roll = r();
  if (roll < 0.15) {
    return { name: 'teams.create', input: { name: `组${word(r)}`, nameEn: 'Team', description: word(r), skills: [pick(r, WORDS)] } };
  }
  if (roll < 0.3) {
    return { name: 'teams.update', input: { id: pick(r, teams), description: word(r), sort: Math.floor(r() * 100) } };
  }
  if (roll < 0.55) {
    return {
      name: 'people.create',
      input: { name: word(r), teamId: pick(r, teams), role: pick(r, ROLES), title: word(r), skills: [pick(r, WORDS)], capacityHours: Math.floor(r() * 41) },
    };
  }
  if (roll < 0.7) {
    return { name: 'people.update', input: { id: pick(r, people), title: word(r), teamId: pick(r, teams), capacityHours: Math.floor(r() * 41) } };
  }
  if (roll < 0.8) return { name: 'people.setActive', input: { id: pick(r, people), active: r() < 0.6 } };
  // Any other command of the contract, with inputs built from its schema and existing ids.
  const name = pick(r, GENERIC);
  const pool = [...teams.slice(0, 5), ...people.slice(0, 20), ...ids('SELECT id FROM projects ORDER BY id'), ...ids('SELECT id FROM tasks ORDER BY id LIMIT 50')];
  return { name, input: sampleInput(contract[name].input, r, { ids: pool, now }) };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const T0 = Date.UTC(2026, 10, 2, 1, 0, 0);
  let t = T0;
  const backend = openBackend(args.db, { now: () => (t += 1000) });
  const db = backend.db;
  const admin = db.prepare<[], { id: string }>("SELECT id FROM people WHERE role = 'admin' AND active = 1 ORDER BY id LIMIT 1").get()!;
  const session: Session = { actorId: admin.id };
  const r = rng(args.seed);

  if (args.replay !== null) {
    // Speed only: the digest is of rows, which durability settings do not change.
    db.pragma('synchronous = OFF');
    const logged = readFileSync(args.intents, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { i: number; name: string; input: unknown });
    let before = dbChecksum(db);
    let okCount = 0;
    for (let i = 0; i < args.replay; i++) {
      const cmd = nextCommand(r, db, admin.id, t);
      const intent = logged[i];
      if (!intent || intent.name !== cmd.name || JSON.stringify(intent.input) !== JSON.stringify(cmd.input)) {
        throw new Error(`replay diverged at intent ${i}: ${JSON.stringify(intent)?.slice(0, 200)} vs ${JSON.stringify(cmd).slice(0, 200)}`);
      }
      if (i === args.replay - 1) before = dbChecksum(db);
      const out = await backend.call(cmd.name, cmd.input, session);
      if (out.ok) okCount++;
    }
    const after = dbChecksum(db);
    process.stdout.write(JSON.stringify({ before, after, okCount }) + '\n');
    db.close();
    return;
  }

  const fd = openSync(args.intents, 'a');
  process.stdout.write('ready\n');
  for (let i = 0; ; i++) {
    const cmd = nextCommand(r, db, admin.id, t);
    // write(2) returns once the kernel has the line: a SIGKILL cannot lose it.
    writeSync(fd, JSON.stringify({ i, name: cmd.name, input: cmd.input }) + '\n');
    await backend.call(cmd.name, cmd.input, session);
  }
  closeSync(fd);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
