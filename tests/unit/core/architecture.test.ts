import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionCtx } from '../../../main/core/backend';
import { openDatabase, readOnly } from '../../../main/db/connection';
import { tempDbFile } from '../../helpers/db';

/**
 * The rules of the layout (docs/ARCHITECTURE.md), checked over the sources:
 * no upward import inside main/, each table written only by its owner's folder,
 * and no role rule spelled in a renderer component.
 */
const ROOT = join(__dirname, '../../..');

function sources(dir: string, ext = /\.(ts|tsx)$/): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const rel = join(dir, name);
    if (statSync(join(ROOT, rel)).isDirectory()) out.push(...sources(rel, ext));
    else if (ext.test(name)) out.push(rel);
  }
  return out;
}

/** main/<area>/… → area; main/app.ts → app. */
function areaOf(file: string): string {
  const parts = normalize(file).split('/');
  if (parts[0] !== 'main') return parts[0]!;
  return parts.length === 2 ? parts[1]!.replace(/\.ts$/, '') : parts[1]!;
}

const CAPABILITIES = ['workspace', 'people', 'projects', 'boards', 'meetings', 'figures', 'calendar', 'workload', 'reports', 'maintenance', 'search', 'sync', 'reviews', 'rota', 'gear', 'notifications', 'timeline'];
/** Lower layers never import higher ones. Capabilities may use each other's exported functions. */
const LAYER: Record<string, number> = {
  shared: 0,
  core: 1,
  db: 1,
  paths: 1,
  ...Object.fromEntries(CAPABILITIES.map((c) => [c, 2])),
  app: 3,
  hub: 3,
  host: 4,
  web: 4,
  electron: 4,
  cli: 4,
};

type Read = (file: string) => string;
const readSource: Read = (file) => readFileSync(join(ROOT, file), 'utf8');

function importsOf(file: string, read: Read): string[] {
  const text = read(file);
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)) out.push(normalize(join(dirname(file), m[1]!)));
  return out;
}

function upwardImports(files: string[], read: Read = readSource): string[] {
  const bad: string[] = [];
  for (const f of files) {
    const from = areaOf(f);
    for (const target of importsOf(f, read)) {
      const to = areaOf(target);
      if (from === to) continue;
      const a = LAYER[from];
      const b = LAYER[to];
      if (a === undefined) bad.push(`${f}: area '${from}' has no layer`);
      else if (b === undefined) bad.push(`${f} → ${target}: area '${to}' has no layer`);
      else if (b > a) bad.push(`${f} (${from}, layer ${a}) → ${target} (${to}, layer ${b})`);
    }
  }
  return bad;
}

/** The one folder whose functions write each table. */
const OWNER: Record<string, string> = {
  activity_log: 'core',
  meta: 'workspace',
  teams: 'people',
  people: 'people',
  projects: 'projects',
  project_members: 'projects',
  project_needs: 'projects',
  project_gear_needs: 'projects',
  project_key_dates: 'projects',
  templates: 'projects',
  board_columns: 'boards',
  tasks: 'boards',
  task_assignees: 'boards',
  checklist_items: 'boards',
  task_comments: 'boards',
  deliverables: 'boards',
  meetings: 'meetings',
  meeting_items: 'meetings',
  meeting_attendees: 'meetings',
  meeting_series: 'meetings',
  deliverable_figures: 'figures',
  time_off: 'workload',
  review_chains: 'reviews',
  review_rounds: 'reviews',
  review_decisions: 'reviews',
  notification_reads: 'notifications',
  notification_prefs: 'notifications',
  shift_types: 'rota',
  rota_entries: 'rota',
  rota_swaps: 'rota',
  gear_items: 'gear',
  gear_bookings: 'gear',
  task_dependencies: 'timeline',
  task_starts: 'timeline',
};


function writesOutsideOwner(files: string[], read: Read = readSource): string[] {
  const found = new Set<string>();
  for (const f of files) {
    if (f.includes('/migrations/')) continue;
    const area = areaOf(f);
    const text = read(f);
    for (const m of text.matchAll(/\b(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM)\s+([a-z_]+)/g)) {
      const owner = OWNER[m[1]!];
      if (owner && owner !== area) found.add(`${m[1]} <- ${area}`);
    }
  }
  return [...found].sort();
}

/** A role compared by name in a component: the rule belongs in shared/policy/roles.ts. */
function roleRulesInRenderer(files: string[], read: Read = readSource): string[] {
  const bad: string[] = [];
  for (const f of files) {
    read(f).split('\n').forEach((line, i) => {
      if (/role\)?\s*[!=]==\s*'(admin|manager|convener|member)'/.test(line) || /\[\s*'(admin|manager|convener)'\s*,\s*'(admin|manager|convener|member)'/.test(line)) {
        bad.push(`${f}:${i + 1}: ${line.trim()}`);
      }
    });
  }
  return bad;
}

/** Polling in the renderer: screens refetch on main's change events (renderer/src/api/live.ts). */
function pollingInRenderer(files: string[], read: Read = readSource): string[] {
  const bad: string[] = [];
  for (const f of files) {
    read(f).split('\n').forEach((line, i) => {
      if (/\bsetInterval\s*\(/.test(line)) bad.push(`${f}:${i + 1}: ${line.trim()}`);
    });
  }
  return bad;
}

/** An instant formatted in the machine's zone (dayjs(ms).format('… HH:mm')): shared/time.ts formats in the center's. */
function machineZoneTimes(files: string[], read: Read = readSource): string[] {
  const bad: string[] = [];
  for (const f of files) {
    read(f).split('\n').forEach((line, i) => {
      if (/dayjs\([^)]*\)\.format\('[^']*HH/.test(line) || /\.toLocale(Time|DateTime)?String\(/.test(line) && /Date|At\b/.test(line)) bad.push(`${f}:${i + 1}: ${line.trim()}`);
    });
  }
  return bad;
}

/** Only the host services keyed by the connection (sync client, backups, restore) reach past the read-only handle. */
const CONNECTION_USERS = ['main/sync/handlers.ts', 'main/maintenance/index.ts', 'main/workspace/index.ts'];
function connectionUsers(files: string[], read: Read = readSource): string[] {
  return files.filter((f) => /\bctx\.connection\b/.test(read(f)) && !CONNECTION_USERS.includes(normalize(f)));
}

/**
 * Compile time: a query's handle has no way to write. Never called; `npm run typecheck`
 * fails on an unused @ts-expect-error, so a ReadDb that grew `exec` or `run` breaks the build.
 */
export function aQueryCannotWrite(ctx: SessionCtx): void {
  // @ts-expect-error a query's handle has no exec
  ctx.db.exec('DELETE FROM tasks');
  // @ts-expect-error nor do its statements run
  ctx.db.prepare('DELETE FROM tasks').run();
  // @ts-expect-error nor is there a way back to the connection from a statement
  void ctx.db.prepare('SELECT 1').database;
  // @ts-expect-error nor transactions or pragmas
  ctx.db.pragma('user_version = 99');
}

describe('the layout rules', () => {
  const mainFiles = sources('main');

  it('no file in main/ imports from a higher layer', () => {
    expect(upwardImports(mainFiles)).toEqual([]);
  });

  it('the checks find what they are for (synthetic sources)', () => {
    const src = (text: string): Read => () => text;
    expect(upwardImports(['main/db/x.ts'], src("import { loginBase } from '../people/logins';"))).toHaveLength(1);
    expect(upwardImports(['main/boards/x.ts'], src("import { serve } from '../web/server';"))).toHaveLength(1);
    expect(upwardImports(['main/web/x.ts'], src("import { boardHandlers } from '../boards';"))).toEqual([]);
    expect(writesOutsideOwner(['main/calendar/x.ts'], src("db.prepare('UPDATE deliverables SET due_at = ?')"))).toEqual(['deliverables <- calendar']);
    expect(writesOutsideOwner(['main/boards/x.ts'], src("db.prepare('UPDATE deliverables SET due_at = ?')"))).toEqual([]);
    expect(roleRulesInRenderer(['renderer/src/x.tsx'], src("const canHold = role !== 'member';"))).toHaveLength(1);
    expect(roleRulesInRenderer(['renderer/src/x.tsx'], src("const canHold = mayHoldMeetings(role);"))).toEqual([]);
    expect(pollingInRenderer(['renderer/src/x.ts'], src('const id = window.setInterval(() => void refresh(), 3000);'))).toHaveLength(1);
    expect(pollingInRenderer(['renderer/src/x.ts'], src('useLive(refresh);'))).toEqual([]);
    expect(machineZoneTimes(['renderer/src/x.tsx'], src("{dayjs(task.dueAt).format('MM-DD HH:mm')}"))).toHaveLength(1);
    expect(machineZoneTimes(['renderer/src/x.tsx'], src('{localShortDateTime(task.dueAt)}'))).toEqual([]);
  });

  it('each table is written only by its owner (the demo, templates, meetings, reassign and restore included)', () => {
    expect(writesOutsideOwner(mainFiles)).toEqual([]);
  });

  it('no renderer component spells a role rule of its own', () => {
    expect(roleRulesInRenderer(sources('renderer/src'))).toEqual([]);
  });

  it('no renderer file formats an instant in the machine’s zone (shared/time.ts does, in the center’s)', () => {
    expect(machineZoneTimes(sources('renderer/src'))).toEqual([]);
  });

  it('a query reads through a handle that refuses a write at run time too; the connection itself only where the host services need it', () => {
    const { file, cleanup } = tempDbFile();
    const db = openDatabase(file);
    try {
      const h = readOnly(db);
      expect(readOnly(db)).toBe(h); // one per connection: caches keyed by it hold
      expect(h.prepare<[], { n: number }>('SELECT count(*) AS n FROM tasks').get()).toEqual({ n: 0 });
      expect(() => h.prepare('DELETE FROM tasks')).toThrow(/may only read/);
      expect(() => h.prepare("INSERT INTO meta (key, value) VALUES ('x', 'y') RETURNING key")).toThrow(/may only read/);
      expect(() => h.prepare('PRAGMA user_version = 99')).toThrow(/may only read/);
      expect(db.pragma('user_version', { simple: true })).toBeGreaterThan(0);
    } finally {
      db.close();
      cleanup();
    }
    expect(connectionUsers(mainFiles)).toEqual([]);
    expect(connectionUsers(['main/boards/x.ts'], () => 'syncClientOf(ctx.connection)')).toEqual(['main/boards/x.ts']);
  });

  it('nothing in the renderer polls: no setInterval (screens follow the change events)', () => {
    expect(pollingInRenderer(sources('renderer/src'))).toEqual([]);
  });
});
