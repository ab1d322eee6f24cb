/**
 * `npm run test:crash [-- --trials N --seed S --kinds plain,sync,backup,restore,migration,power]`
 *
 * Crash safety: each trial starts a child process on a real database file and
 * kills it (SIGKILL) at a random moment, then checks what is left on disk.
 * `--trials N` is per kind (default 20): `--trials 20` runs 20 of EACH kind.
 * Every kind runs by default; `--kinds` picks some. A failing run keeps its
 * trial folders and prints where; the seed of each trial replays it.
 *
 *   plain      random commands on a single-machine backend (tests/crash/plain.ts)
 *   sync       two synced desktops and a real hub (HubEngine on PostgreSQL), killed
 *              during commands, push, pull and rebase (tests/crash/sync.ts)
 *   backup     VACUUM INTO → fsync → rename, and retention (tests/crash/files.ts)
 *   restore    the swap of restoreDatabase (tests/crash/files.ts)
 *   migration  opening an older file: pre-upgrade backup, then the migration (tests/crash/files.ts)
 *   power      a power cut rather than a kill: an LD_PRELOAD shim logs every write and
 *              fsync, and the disk a power cut would leave is rebuilt from that log
 *              (tests/crash/power.ts, tests/crash/powercut.c)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kind } from './common';
import { backupKind, migrationKind, restoreKind } from './files';
import { plainKind } from './plain';
import { powerKind } from './power';
import { syncKind } from './sync';

const ALL: Record<string, () => Kind> = {
  plain: plainKind,
  sync: syncKind,
  backup: backupKind,
  restore: restoreKind,
  migration: migrationKind,
  power: powerKind,
};

function arg(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function num(flag: string, fallback: number): number {
  const raw = arg(flag);
  const v = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(v)) throw new Error(`${flag} needs a number`);
  return v;
}

async function main(): Promise<void> {
  const trials = num('--trials', 20);
  const seed0 = num('--seed', Date.now() % 100_000);
  const names = (arg('--kinds') ?? Object.keys(ALL).join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!ALL[n]) throw new Error(`unknown trial kind "${n}" (kinds: ${Object.keys(ALL).join(', ')})`);
  const work = mkdtempSync(join(tmpdir(), 'crewdesk-crash-'));
  console.log(`crash test: ${trials} trials of each kind (${names.join(', ')}), seeds ${seed0}…${seed0 + trials - 1}, work folder ${work}`);
  const t0 = Date.now();
  let failures = 0;
  const summary: string[] = [];
  for (const name of names) {
    const kind = ALL[name]!();
    const tk = Date.now();
    console.log(`${kind.name}: ${kind.about}`);
    let failed = 0;
    const landed = new Map<string, number>();
    const counts = new Map<string, number>();
    // The teardown stops what the setup started (the sync kind's PostgreSQL), even after a harness error.
    try {
      await kind.setup(join(work, kind.name));
      for (let k = 0; k < trials; k++) {
        const seed = seed0 + k;
        const dir = join(work, kind.name, `t${k}`);
        let out;
        try {
          out = await kind.trial(dir, seed);
        } catch (e) {
          out = { problems: [`the trial itself failed: ${(e as Error).stack ?? String(e)}`], note: '', landed: 'harness error' };
        }
        landed.set(out.landed, (landed.get(out.landed) ?? 0) + 1);
        for (const [c, v] of Object.entries(out.counts ?? {})) counts.set(c, (counts.get(c) ?? 0) + v);
        const verdict = out.problems.length ? `FAIL\n    ${out.problems.join('\n    ')}` : 'ok';
        console.log(`  ${kind.name} ${k + 1}/${trials} seed ${seed}: ${out.note} [${out.landed}] — ${verdict}`);
        if (out.problems.length) failed++;
        else rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      await kind.teardown?.();
    }
    failures += failed;
    const secs = ((Date.now() - tk) / 1000).toFixed(1);
    const where = [...landed].map(([l, n]) => `${l} ${n}×`).join(', ');
    const extra = [...counts].map(([c, v]) => `${c} ${v}`).join(', ');
    const line = `${kind.name}: ${trials - failed}/${trials} ok in ${secs} s — ${where}${extra ? ` (${extra})` : ''}`;
    console.log(line);
    summary.push(line);
  }
  console.log(`crash test summary (${((Date.now() - t0) / 1000).toFixed(1)} s):\n  ${summary.join('\n  ')}`);
  if (failures) {
    console.log(`${failures} trials failed; their folders are kept in ${work}`);
    process.exit(1);
  }
  rmSync(work, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
