/**
 * power: a power cut, not a kill. SIGKILL leaves the operating system's page
 * cache alone, so a killed process loses nothing it wrote — it cannot show what
 * a power cut does. Here the single-machine child (tests/crash/child.ts) runs
 * under an LD_PRELOAD shim (tests/crash/powercut.c, compiled with gcc at test
 * time) that logs, in order, every write, ftruncate, fsync/fdatasync (of a file
 * or a folder), create, rename and unlink in the data folder, and every "saved"
 * the app reported (one line per committed command, after the commit returned).
 *
 * From that log the disk a power cut would leave is rebuilt at several cut
 * points of each run (any prefix of the log is a moment the power could go):
 *  - a file's content is what its last fsync made durable; a file created,
 *    renamed or removed counts only once its folder was fsynced;
 *  - "strict" image: nothing that was not fsynced survives;
 *  - "torn" image: besides that, a random subset of the writes after the last
 *    fsync of each file survives (a disk that wrote some of its cache back).
 * The -shm file is left out (SQLite rebuilds it). Each image must pass
 * integrity_check and foreign_key_check, hold every command reported saved
 * before the cut and at most one more (the one committing at the cut), open in
 * the app, and every backup in it under a real name must be whole.
 *
 * Self-check per run: the same image with the fsync of the last saved command
 * ignored must be caught (the saved command is missing) — so the images really
 * depend on what was fsynced.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { openBackend } from '../../main/app';
import { rng, type Rng } from '../helpers/inputs';
import { backupFolderProblems, bundleChild, ROOT, runAndKill, unit, type Kind, type TrialOutcome } from './common';
import { demoBase } from './plain';

type Rec =
  | { k: 'W'; path: string; off: number; data: Buffer }
  | { k: 'T'; path: string; size: number }
  | { k: 'S' | 'C' | 'U'; path: string }
  | { k: 'R'; path: string; to: string }
  | { k: 'M'; text: string };

export function parseLog(buf: Buffer): Rec[] {
  const out: Rec[] = [];
  let i = 0;
  while (i < buf.length) {
    const nl = buf.indexOf(10, i);
    if (nl < 0) break; // a record torn by the kill
    const head = buf.toString('utf8', i, nl);
    i = nl + 1;
    const k = head[0];
    const rest = head.slice(2);
    if (k === 'W' || k === 'M') {
      const len = Number(k === 'W' ? rest.slice(rest.lastIndexOf(' ') + 1) : rest);
      if (i + len > buf.length) break;
      const data = buf.subarray(i, i + len);
      i += len;
      if (k === 'M') out.push({ k, text: data.toString('utf8') });
      else {
        const [path, nums] = rest.split('\t') as [string, string];
        out.push({ k, path, off: Number(nums.split(' ')[0]), data });
      }
    } else if (k === 'T') {
      const [path, size] = rest.split('\t') as [string, string];
      out.push({ k, path, size: Number(size) });
    } else if (k === 'R') {
      const [path, to] = rest.split('\t') as [string, string];
      out.push({ k, path, to });
    } else if (k === 'S' || k === 'C' || k === 'U') {
      out.push({ k, path: rest });
    } else {
      throw new Error(`power log: unknown record "${head.slice(0, 80)}"`);
    }
  }
  return out;
}

class Inode {
  buf = Buffer.alloc(0);
  size = 0;
  pending: (Rec & { k: 'W' | 'T' })[] = [];

  static apply(target: { buf: Buffer; size: number }, op: Rec & { k: 'W' | 'T' }): void {
    if (op.k === 'T') {
      if (op.size > target.buf.length) target.buf = Buffer.concat([target.buf, Buffer.alloc(op.size - target.buf.length)]);
      target.buf.fill(0, op.size);
      target.size = op.size;
      return;
    }
    const end = op.off + op.data.length;
    if (end > target.buf.length) target.buf = Buffer.concat([target.buf, Buffer.alloc(Math.max(end - target.buf.length, target.buf.length))]);
    op.data.copy(target.buf, op.off);
    target.size = Math.max(target.size, end);
  }
}

export interface Image {
  files: Map<string, Buffer>;
  /** "saved" activity ids reported before the cut. */
  saved: string[];
}

/**
 * The disk after a power cut right after `records[cut - 1]`. `initial`: the files before the
 * run (durable). `torn`: keep a random subset of the unsynced writes. `ignoreSync`: record
 * indexes whose fsync is treated as not having happened (the self-check).
 */
export function imageAt(records: Rec[], cut: number, initial: Map<string, Buffer>, opts: { torn?: Rng; ignoreSync?: ReadonlySet<number> } = {}): Image {
  const vol = new Map<string, Inode>();
  const dur = new Map<string, Inode>();
  for (const [p, b] of initial) {
    const ino = new Inode();
    ino.buf = Buffer.from(b);
    ino.size = b.length;
    vol.set(p, ino);
    dur.set(p, ino);
  }
  const saved: string[] = [];
  const isDir = (p: string): boolean => {
    try {
      return statSync(p).isDirectory();
    } catch {
      return false;
    }
  };
  for (let i = 0; i < cut; i++) {
    const r = records[i]!;
    switch (r.k) {
      case 'M':
        for (const l of r.text.split('\n')) if (l.startsWith('ok ')) saved.push(l.slice(3));
        break;
      case 'C':
        vol.set(r.path, new Inode());
        break;
      case 'W':
      case 'T': {
        let ino = vol.get(r.path);
        if (!ino) vol.set(r.path, (ino = new Inode()));
        ino.pending.push(r);
        break;
      }
      case 'R': {
        const ino = vol.get(r.path);
        vol.delete(r.path);
        if (ino) vol.set(r.to, ino);
        break;
      }
      case 'U':
        vol.delete(r.path);
        break;
      case 'S': {
        if (opts.ignoreSync?.has(i)) break;
        const ino = vol.get(r.path);
        if (ino) {
          for (const op of ino.pending) Inode.apply(ino, op);
          ino.pending = [];
        } else if (isDir(r.path)) {
          for (const p of [...dur.keys()]) if (dirname(p) === r.path) dur.delete(p);
          for (const [p, n] of vol) if (dirname(p) === r.path) dur.set(p, n);
        }
        break;
      }
    }
  }
  const files = new Map<string, Buffer>();
  for (const [p, ino] of dur) {
    const t = { buf: Buffer.from(ino.buf.subarray(0, Math.max(ino.size, 0))), size: ino.size };
    if (opts.torn) for (const op of ino.pending) if (opts.torn() < 0.5) Inode.apply(t, op);
    files.set(p, t.buf.subarray(0, t.size));
  }
  return { files, saved };
}

/** Writes an image of the data folder `dataDir` to `out` (without -shm files) and checks it. */
function checkImage(img: Image, dataDir: string, out: string, what: string): { problems: string[]; found: number } {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const [p, b] of img.files) {
    if (p.endsWith('-shm')) continue;
    const target = join(out, relative(dataDir, p));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, b);
  }
  const file = join(out, 'crewdesk.sqlite3');
  const problems: string[] = [];
  if (!existsSync(file)) return { problems: [`${what}: the database file is gone`], found: 0 };
  let found = 0;
  try {
    const db = new Database(file);
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`${what}: integrity_check: ${String(integrity)}`);
    if ((db.pragma('foreign_key_check') as unknown[]).length) problems.push(`${what}: broken foreign keys`);
    const ids = new Set(db.prepare<[], { id: string }>("SELECT id FROM activity_log WHERE command <> 'workspace.setup'").all().map((r) => r.id));
    found = ids.size;
    const lost = img.saved.filter((id) => !ids.has(id));
    if (lost.length) problems.push(`${what}: ${lost.length} of ${img.saved.length} commands reported saved are missing (first: ${lost[0]})`);
    if (ids.size > img.saved.length + 1) problems.push(`${what}: ${ids.size} commands in the file, only ${img.saved.length} reported saved (+1 in flight)`);
    db.close();
  } catch (e) {
    problems.push(`${what}: cannot be read: ${(e as Error).message}`);
  }
  if (!problems.length) {
    try {
      openBackend(file).db.close();
    } catch (e) {
      problems.push(`${what}: the app cannot open it: ${(e as Error).message}`);
    }
    problems.push(...backupFolderProblems(file).problems.map((p) => `${what}: ${p}`));
  }
  return { problems, found };
}

export function powerKind(): Kind {
  let child = '';
  let base = '';
  let shim = '';
  const CUTS = 4;
  /** Runs the child under the shim in `dir` and returns its log. */
  async function runChild(dir: string, seed: number, extra: string[], delayMs: number): Promise<{ records: Rec[]; data: string; initial: Map<string, Buffer> }> {
    const data = join(dir, 'data');
    mkdirSync(data, { recursive: true });
    const db = join(data, 'crewdesk.sqlite3');
    copyFileSync(base, db);
    const initial = new Map([[db, readFileSync(db)]]);
    const log = join(dir, 'power.log');
    const marks = join(dir, 'marks');
    const env = { ...process.env, LD_PRELOAD: shim, POWERCUT_DIR: data, POWERCUT_LOG: log, POWERCUT_MARKS: marks };
    await runAndKill(child, ['--db', db, '--seed', String(seed), '--intents', join(dir, 'intents.jsonl'), '--marks', marks, ...extra], delayMs, env);
    return { records: parseLog(existsSync(log) ? readFileSync(log) : Buffer.alloc(0)), data, initial };
  }
  return {
    name: 'power',
    about: `random commands under the power-cut shim; ${CUTS} random cut points + the kill, each as a strict and a torn image`,
    async setup(work) {
      child = await bundleChild('tests/crash/child.ts', 'crash-child', true);
      base = await demoBase(join(work, '..'));
      shim = join(ROOT, '.cache/run/powercut.so');
      mkdirSync(dirname(shim), { recursive: true });
      try {
        execFileSync('gcc', ['-shared', '-fPIC', '-O2', '-Wall', '-o', shim, join(ROOT, 'tests/crash/powercut.c'), '-ldl'], { stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (e) {
        throw new Error(`the power-cut shim needs gcc: ${(e as { stderr?: Buffer }).stderr?.toString() ?? (e as Error).message}`);
      }
      // Self-check of the whole simulation: with synchronous=NORMAL (commits not flushed) a
      // power cut does lose saved commands, and the images must show it.
      const dir = join(work, 'normal');
      const { records, data, initial } = await runChild(dir, 1, ['--synchronous', 'NORMAL'], 1500);
      // Cut right after 12 "saved" acknowledgements spread over the run: between two checkpoints
      // (when NORMAL flushes the WAL) the commits are not on disk.
      const acks = records.flatMap((x, i) => (x.k === 'M' ? [i] : []));
      let lost = 0;
      let seen = 0;
      for (let j = 1; j <= 12 && acks.length; j++) {
        const img = imageAt(records, acks[Math.floor((j * (acks.length - 1)) / 12)]! + 1, initial);
        const res = checkImage(img, data, join(dir, 'image'), 'synchronous=NORMAL');
        if (res.problems.some((p) => p.includes('reported saved are missing'))) lost++;
        seen++;
      }
      if (!lost) throw new Error(`self-check: power cuts under synchronous=NORMAL lost nothing at ${seen} cut points (${acks.length} saved) — the simulation cannot tell FULL from NORMAL`);
      console.log(`  (self-check: under synchronous=NORMAL, ${lost} of ${seen} power cuts lose commands reported saved; the app runs FULL)`);
      rmSync(dir, { recursive: true, force: true });
    },
    async trial(dir, seed): Promise<TrialOutcome> {
      const { records, data, initial } = await runChild(dir, seed, [], 50 + Math.floor(unit(seed) * 700));
      const problems: string[] = [];
      const syncs = records.filter((r) => r.k === 'S').length;
      const acks = records.filter((r) => r.k === 'M').length;
      if (acks > 0 && syncs === 0) problems.push('the shim saw commands saved but no fsync at all (is it intercepting the database calls?)');
      const r = rng(seed * 7 + 3);
      const cuts = [...Array.from({ length: CUTS }, () => Math.floor(r() * (records.length + 1))), records.length];
      let images = 0;
      let saved = 0;
      for (const [n, cut] of cuts.entries()) {
        for (const torn of [false, true]) {
          const img = imageAt(records, cut, initial, torn ? { torn: rng(seed * 31 + n) } : {});
          const res = checkImage(img, data, join(dir, 'image'), `${torn ? 'torn' : 'strict'} image at record ${cut}/${records.length}`);
          problems.push(...res.problems);
          images++;
          saved += img.saved.length;
        }
      }
      // Self-check: without the fsyncs made for the last saved command (its commit, and a
      // checkpoint it may have run), that command must be missed.
      let selfChecked = 0;
      const kinds = records.map((x) => x.k);
      const lastAck = kinds.lastIndexOf('M');
      if (lastAck > 0) {
        const prevAck = kinds.lastIndexOf('M', lastAck - 1);
        const ignore = new Set<number>();
        for (let s = prevAck + 1; s < lastAck; s++) if (records[s]!.k === 'S') ignore.add(s);
        if (ignore.size) {
          const img = imageAt(records, lastAck + 1, initial, { ignoreSync: ignore });
          const res = checkImage(img, data, join(dir, 'image'), 'self-check image');
          if (!res.problems.some((p) => p.includes('reported saved are missing'))) {
            problems.push('self-check: an image without the last commit’s fsyncs still held every saved command — the images do not depend on fsync');
          }
          selfChecked = 1;
        }
      }
      rmSync(join(dir, 'image'), { recursive: true, force: true });
      return {
        problems,
        note: `${records.length} file operations (${syncs} fsyncs), ${acks} saved, ${images} images`,
        landed: `cut ${CUTS + 1}× per run`,
        counts: { images, savedChecked: saved, selfChecked },
      };
    },
  };
}
