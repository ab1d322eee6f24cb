import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { BootInfo } from '../../../shared/contract';
import type { Session } from '../../../main/core/backend';
import { HostBackend } from '../../../main/host/hosting';
import { openDatabase } from '../../../main/db/connection';
import { tempDbFile, world as emptyWorld, type TestWorld } from '../../helpers/db';
import { buildWorld, DEFAULT_NOW, type World } from '../../helpers/world';

/**
 * app.boot (shared/contract/boot.ts): the shell's one first call. It must say exactly what the
 * four calls it replaces say to the same session, and nothing more before sign-in.
 */
let open: (TestWorld | World)[] = [];
afterEach(() => {
  for (const w of open) w.close();
  open = [];
});

async function center(): Promise<World> {
  const w = await buildWorld();
  open.push(w);
  await w.people({ 林晓峰: { team: 'live', role: 'convener' }, 马骁: { team: 'camera' }, 陈敏: { team: 'reporting', role: 'manager' } });
  return w;
}

/** What the shell asked before app.boot, one call after another. */
async function waterfall(w: TestWorld, s: Session): Promise<BootInfo> {
  const maintenance = await w.call(s, 'maintenance.status', {});
  const workspace = await w.call(s, 'workspace.status', {});
  const session = await w.call(s, 'session.current', {});
  const sync = session.actor ? await w.call(s, 'sync.status', {}) : null;
  return { maintenance, workspace, session, hubJoined: false, sync };
}

describe('app.boot', () => {
  it('before the workspace exists: the welcome screen, nobody, no paths', async () => {
    const w = await emptyWorld({ now: DEFAULT_NOW });
    open.push(w);
    const boot = await w.call({ actorId: null }, 'app.boot', {});
    expect(boot).toEqual({
      maintenance: { mode: 'normal', problem: null, dataFile: null, backupsDir: null, schemaVersion: boot.workspace!.schemaVersion },
      workspace: expect.objectContaining({ initialized: false, demo: false }),
      session: { actor: null },
      hubJoined: false,
      sync: null,
    });
  });

  it('says what the four calls say, to each session', async () => {
    const w = await center();
    for (const s of [{ actorId: null }, w.admin, w.as('林晓峰'), w.as('马骁'), w.as('陈敏')]) {
      const boot = await w.call({ ...s }, 'app.boot', {});
      expect(boot).toEqual(await waterfall(w, { ...s }));
    }
  });

  it('signed out: the sign-in screen only — no person, no sync status, no absolute paths', async () => {
    const w = await center();
    const boot = await w.call({ actorId: null }, 'app.boot', {});
    expect(boot.session.actor).toBeNull();
    expect(boot.sync).toBeNull();
    expect(boot.maintenance).toMatchObject({ dataFile: null, backupsDir: null });
    expect(boot.workspace?.initialized).toBe(true);
    const dir = w.file.split('/').slice(0, -1).join('/');
    expect(JSON.stringify(boot)).not.toContain(dir);
    // Nobody's name leaks either.
    expect(JSON.stringify(boot)).not.toMatch(/周岚|林晓峰|马骁|陈敏/);
  });

  it('absolute paths for an admin only; the actor and the sync status once signed in', async () => {
    const w = await center();
    const admin = await w.call(w.admin, 'app.boot', {});
    expect(admin.maintenance.dataFile).toBe(w.file);
    expect(admin.session.actor?.id).toBe(w.admin.actorId);
    expect(admin.sync).toMatchObject({ configured: false, pending: 0, notices: [] });
    for (const name of ['林晓峰', '马骁', '陈敏']) {
      const b = await w.call(w.as(name), 'app.boot', {});
      expect(b.session.actor?.name).toBe(name);
      expect(b.maintenance).toMatchObject({ dataFile: null, backupsDir: null });
      expect(JSON.stringify(b)).not.toContain(w.file);
    }
  });

  it('a session whose person was deactivated (or is unknown) gets the signed-out answer and is signed out', async () => {
    const w = await center();
    const member = w.as('马骁');
    await w.call(w.admin, 'people.setActive', { id: member.actorId!, active: false });
    const session = { ...member };
    const boot = await w.call(session, 'app.boot', {});
    expect(boot.session.actor).toBeNull();
    expect(boot.sync).toBeNull();
    expect(session.actorId).toBeNull();

    const stranger = { actorId: '0190aaaa-0000-7000-8000-000000000000' };
    const b2 = await w.call(stranger, 'app.boot', {});
    expect(b2).toMatchObject({ session: { actor: null }, sync: null, maintenance: { dataFile: null } });
  });

  it('takes no input', async () => {
    const w = await center();
    const e = await w.fail(w.admin, 'app.boot', { actorId: w.admin.actorId });
    expect(e.code).toBe('VALIDATION');
  });

  it('recovery mode: the host answers it with the recovery status and nothing of the database', async () => {
    const { file, cleanup } = tempDbFile();
    try {
      openDatabase(file).close();
      writeFileSync(file, 'this is not a database '.repeat(500));
      const before = readFileSync(file);
      const host = new HostBackend(file);
      const r = await host.call('app.boot', {}, { actorId: null });
      expect(r.ok).toBe(true);
      const boot = (r as { ok: true; value: BootInfo }).value;
      expect(boot.maintenance.mode).toBe('recovery');
      expect(boot.maintenance.problem?.en).toMatch(/damaged/);
      expect(boot).toMatchObject({ workspace: null, session: { actor: null }, hubJoined: false, sync: null });
      // Its input is still checked, and the file is untouched.
      expect((await host.call('app.boot', { x: 1 }, { actorId: null })).ok).toBe(false);
      expect(readFileSync(file).equals(before)).toBe(true);
      host.close();
    } finally {
      cleanup();
    }
  });
});
