import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES } from '../../../shared/contract';
import { callChannel } from '../../../main/electron/channels';
import { dataFile } from '../../../main/paths';
import { electronMock, FakeBrowserWindow } from '../../helpers/electron-mock';

vi.mock('electron', async () => (await import('../../helpers/electron-mock')).electronMock);

// The Node build stands in for the Electron build here (same API, Node's ABI).
const nodeBuild = join(dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
const userData = mkdtempSync(join(tmpdir(), 'crewdesk-userdata-'));
const savedEnv = process.env.CREWDESK_NATIVE_BINDING;

beforeAll(async () => {
  process.env.CREWDESK_NATIVE_BINDING = nodeBuild;
  electronMock.app.getPath.mockImplementation((name: string) => (name === 'userData' ? userData : join(userData, name)));
  await import('../../../main/electron/main');
});
afterAll(() => {
  electronMock.app.emit('will-quit');
  if (savedEnv === undefined) delete process.env.CREWDESK_NATIVE_BINDING;
  else process.env.CREWDESK_NATIVE_BINDING = savedEnv;
  rmSync(userData, { recursive: true, force: true });
});

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error('timed out');
}

describe('the main process', () => {
  it('takes the single-instance lock and registers app:// before the app is ready', () => {
    expect(electronMock.app.requestSingleInstanceLock).toHaveBeenCalledTimes(1);
    expect(electronMock.app.quit).not.toHaveBeenCalled();
    expect(electronMock.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('once ready: guards the session, serves app://, registers each call once, sets the menu, opens one window', async () => {
    electronMock.app.ready();
    await until(() => FakeBrowserWindow.instances.length > 0);
    expect(electronMock.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledTimes(1);
    expect(electronMock.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const channels = electronMock.ipcMain.handle.mock.calls.map((c) => c[0] as string);
    for (const name of CALL_NAMES) expect(channels.filter((c) => c === callChannel(name)), name).toHaveLength(1);
    expect(electronMock.Menu.setApplicationMenu).toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(FakeBrowserWindow.instances[0]!.loadedUrl).toBe('app://crewdesk/index.html');
    expect((FakeBrowserWindow.instances[0]!.options.webPreferences as { preload: string }).preload).toMatch(/preload\.cjs$/);
  });

  it('keeps the database in the user-data folder and answers calls from the app’s page', async () => {
    expect(existsSync(dataFile(userData))).toBe(true);
    const handler = electronMock.ipcMain.handle.mock.calls.find((c) => c[0] === callChannel('workspace.status'))![1] as (
      e: IpcMainInvokeEvent,
      input: unknown,
    ) => Promise<unknown>;
    const wc = FakeBrowserWindow.instances[0]!.webContents;
    const event = { senderFrame: wc.mainFrame, sender: { id: wc.id, mainFrame: wc.mainFrame, once: vi.fn() } } as unknown as IpcMainInvokeEvent;
    expect(await handler(event, {})).toMatchObject({ ok: true });
    const foreign = { url: 'https://evil.example/', parent: null };
    expect(await handler({ senderFrame: foreign, sender: { id: 99, mainFrame: foreign } } as unknown as IpcMainInvokeEvent, {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('rebuilds the menu in English when the page switches language', async () => {
    const setLanguage = electronMock.ipcMain.handle.mock.calls.find((c) => c[0] === 'crewdesk:set-language')![1] as (
      e: IpcMainInvokeEvent,
      l: unknown,
    ) => unknown;
    const wc = FakeBrowserWindow.instances[0]!.webContents;
    electronMock.Menu.buildFromTemplate.mockClear();
    setLanguage({ senderFrame: wc.mainFrame, sender: { id: wc.id, mainFrame: wc.mainFrame, once: vi.fn() } } as unknown as IpcMainInvokeEvent, 'en');
    const template = electronMock.Menu.buildFromTemplate.mock.calls[0]![0] as { label: string }[];
    expect(template.map((m) => m.label)).toContain('Edit');
  });

  it('a second launch focuses the existing window instead of opening another', () => {
    const win = FakeBrowserWindow.instances[0]!;
    electronMock.app.emit('second-instance');
    expect(win.focus).toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });
});
