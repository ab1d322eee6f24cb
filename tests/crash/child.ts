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
 *   child … --marks FILE                                also write `ok <activity id>` per committed command
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { openBackend } from '../../main/app';
import type { Session } from '../../main/core/backend';
import { dbChecksum } from '../helpers/db';
import { rng } from '../helpers/inputs';
import { nextCommand } from './commands';

interface Args {
  db: string;
  seed: number;
  intents: string;
  replay: number | null;
  /** Power-loss trials: after each committed command, `ok <activity id>` is written here (the shim puts it in its log). */
  marks: string | undefined;
  /** The power-loss self-check runs one child with `--synchronous NORMAL` (which may lose saved commits) and must catch it. */
  synchronous: string | undefined;
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
    marks: get('--marks'),
    synchronous: get('--synchronous'),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const T0 = Date.UTC(2026, 10, 2, 1, 0, 0);
  let t = T0;
  // What the person is told: "saved" once the command has committed (the power-loss trials check exactly these).
  const marks = args.marks ? openSync(args.marks, 'a') : null;
  const onCommand = marks === null ? undefined : (e: { activityId: string }): void => void writeSync(marks, `ok ${e.activityId}\n`);
  const backend = openBackend(args.db, { now: () => (t += 1000), ...(onCommand ? { onCommand } : {}) });
  const db = backend.db;
  if (args.synchronous === 'NORMAL') db.pragma('synchronous = NORMAL');
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
