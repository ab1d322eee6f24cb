import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkElectronBuild, electronAbi, electronVersion } from '../../../build/electron-setup.mjs';
import { NATIVE_FILE, resolveNativeBinding, type NativeContext } from '../../../main/electron/native';

const ctx: NativeContext = {
  env: {},
  isPackaged: false,
  appPath: '/src/crewdesk',
  resourcesPath: '/opt/Crewdesk/resources',
  electronVersion: '41.7.1',
};
const fsWith = (files: Record<string, string>) => ({
  exists: (p: string) => p in files,
  read: (p: string) => files[p] ?? null,
});

describe('which better-sqlite3 build the desktop app loads', () => {
  it('the development build in .native/electron, stamped for this Electron', () => {
    const path = join('/src/crewdesk', '.native', 'electron', NATIVE_FILE);
    const stamp = join('/src/crewdesk', '.native', 'electron', 'build.json');
    expect(resolveNativeBinding(ctx, fsWith({ [path]: '', [stamp]: '{"electron":"41.7.1"}' }))).toEqual({ ok: true, path });
    const stale = resolveNativeBinding(ctx, fsWith({ [path]: '', [stamp]: '{"electron":"40.0.0"}' }));
    expect(stale.ok).toBe(false);
    expect(!stale.ok && stale.reason.en).toMatch(/built for Electron 40\.0\.0.*npm run electron:setup/);
  });

  it('says how to fix a missing build instead of crashing', () => {
    const r = resolveNativeBinding(ctx, fsWith({}));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason.zh).toMatch(/npm run electron:setup/);
    expect(!r.ok && r.reason.en).toMatch(/npm run electron:setup/);
  });

  it('the packaged copy, unpacked beside the asar', () => {
    const path = join('/opt/Crewdesk/resources', 'app.asar.unpacked', 'native', NATIVE_FILE);
    expect(resolveNativeBinding({ ...ctx, isPackaged: true }, fsWith({ [path]: '' }))).toEqual({ ok: true, path });
    expect(resolveNativeBinding({ ...ctx, isPackaged: true }, fsWith({})).ok).toBe(false);
  });

  it('CREWDESK_NATIVE_BINDING wins in development, but only if the file is there', () => {
    const env = { CREWDESK_NATIVE_BINDING: '/x/b.node' };
    expect(resolveNativeBinding({ ...ctx, env }, fsWith({ '/x/b.node': '' }))).toEqual({ ok: true, path: '/x/b.node' });
    expect(resolveNativeBinding({ ...ctx, env }, fsWith({})).ok).toBe(false);
  });

  it('a packaged app ignores CREWDESK_NATIVE_BINDING and loads only its own copy', () => {
    const env = { CREWDESK_NATIVE_BINDING: '/x/b.node' };
    const packaged = join('/opt/Crewdesk/resources', 'app.asar.unpacked', 'native', NATIVE_FILE);
    expect(resolveNativeBinding({ ...ctx, env, isPackaged: true }, fsWith({ '/x/b.node': '', [packaged]: '' }))).toEqual({ ok: true, path: packaged });
    const r = resolveNativeBinding({ ...ctx, env, isPackaged: true }, fsWith({ '/x/b.node': '' }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason.en).toMatch(/installation lacks the database module/);
  });
});

describe('electron:setup refuses a build made for Node', () => {
  it('knows the installed Electron’s ABI', () => {
    expect(electronVersion()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Number(electronAbi())).toBeGreaterThan(115); // Node 20 is 115; Electron is always newer
  });

  it('the Node build in node_modules is rejected as "built for Node, not for Electron"', () => {
    const nodeBuild = join(dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    const r = checkElectronBuild(nodeBuild, electronAbi());
    expect(r.ok).toBe(false);
    expect(r.why).toMatch(/built for Node, not for Electron/);
    expect(checkElectronBuild('/nonexistent.node', electronAbi()).ok).toBe(false);
  });
});
