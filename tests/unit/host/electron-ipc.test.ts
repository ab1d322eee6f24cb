import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { CALL_NAMES } from '../../../shared/contract';
import { callChannel, DESKTOP_CHANNELS } from '../../../main/electron/channels';
import { openFileWithDialog, saveDialogOptions, saveFileWithDialog, SaveFileInput, type DialogApi } from '../../../main/electron/dialogs';
import type { IpcDeps } from '../../../main/electron/ipc';

vi.mock('electron', async () => (await import('../../helpers/electron-mock')).electronMock);
const { REFUSED, registerIpc } = await import('../../../main/electron/ipc');

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

function setup() {
  const handlers = new Map<string, Listener>();
  const registrations: string[] = [];
  const deps = {
    ipcMain: {
      handle: (channel: string, fn: Listener) => {
        registrations.push(channel);
        handlers.set(channel, fn);
      },
    },
    backend: { call: vi.fn(async (_name: string, _input: unknown, _session: { actorId: string | null }) => ({ ok: true as const, value: 'v' })) },
    saveFile: vi.fn(async () => ({ path: '/home/me/x.xlsx' })),
    openFile: vi.fn(async () => ({ name: 'a.csv', data: new Uint8Array([1]) })),
    setLanguage: vi.fn(),
    warn: vi.fn(),
  } satisfies IpcDeps;
  const channels = registerIpc(deps);
  return { handlers, registrations, deps, channels };
}

const appFrame = (url = 'app://crewdesk/index.html') => ({ url, parent: null });
function eventFrom(frame: { url: string; parent: unknown } | null, id = 7) {
  const mainFrame = frame ?? appFrame();
  return { senderFrame: frame, sender: { id, mainFrame, once: vi.fn() } } as unknown as IpcMainInvokeEvent;
}

describe('IPC registration', () => {
  it('registers every contract call exactly once, on its own channel, plus the desktop calls', () => {
    const { registrations, channels } = setup();
    expect(registrations).toEqual(channels);
    expect(new Set(registrations).size).toBe(registrations.length);
    const callChannels = registrations.filter((c) => c.startsWith('crewdesk:call:'));
    expect(callChannels.sort()).toEqual(CALL_NAMES.map(callChannel).sort());
    expect(registrations.filter((c) => !c.startsWith('crewdesk:call:')).sort()).toEqual(Object.values(DESKTOP_CHANNELS).sort());
    expect(CALL_NAMES.length).toBeGreaterThan(5);
  });
});

describe('every IPC handler checks its sender before anything else', () => {
  const foreign = [
    ['a destroyed frame', null],
    ['a remote page', appFrame('https://evil.example/')],
    ['a local file', appFrame('file:///tmp/evil.html')],
    ['a subframe of the app', { url: 'app://crewdesk/index.html', parent: appFrame() }],
  ] as const;

  it.each(foreign)('refuses %s on every channel, without validating or calling the backend', async (_what, frame) => {
    const { handlers, deps } = setup();
    for (const [channel, fn] of handlers) {
      const ev =
        frame && frame.parent !== null
          ? ({ senderFrame: frame, sender: { id: 1, mainFrame: appFrame(), once: vi.fn() } } as unknown as IpcMainInvokeEvent)
          : eventFrom(frame);
      // Input that would fail validation: the refusal must come first, whatever the input.
      const outcome = await fn(ev, { bogus: true });
      expect(outcome, channel).toEqual({ ok: false, error: REFUSED });
    }
    expect(deps.backend.call).not.toHaveBeenCalled();
    expect(deps.saveFile).not.toHaveBeenCalled();
    expect(deps.openFile).not.toHaveBeenCalled();
    expect(deps.setLanguage).not.toHaveBeenCalled();
    expect(deps.warn).toHaveBeenCalled();
  });

  it('passes a call from the app’s page to the backend under the name of its channel, one session per window', async () => {
    const { handlers, deps } = setup();
    const name = CALL_NAMES[0]!;
    const outcome = await handlers.get(callChannel(name))!(eventFrom(appFrame(), 1), { x: 1 });
    expect(outcome).toEqual({ ok: true, value: 'v' });
    expect(deps.backend.call).toHaveBeenCalledWith(name, { x: 1 }, { actorId: null });
    // The same window keeps its session; another window gets its own.
    await handlers.get(callChannel(name))!(eventFrom(appFrame(), 1), {});
    await handlers.get(callChannel(name))!(eventFrom(appFrame(), 2), {});
    const sessions = deps.backend.call.mock.calls.map((c) => c[2]);
    expect(sessions[0]).toBe(sessions[1]);
    expect(sessions[2]).not.toBe(sessions[0]);
  });
});

describe('desktop calls validate their input after the sender check', () => {
  it('saveFile: a bare file name, a known kind, bytes or text', async () => {
    const { handlers, deps } = setup();
    const save = handlers.get(DESKTOP_CHANNELS.saveFile)!;
    const ev = eventFrom(appFrame());
    for (const bad of [
      { kind: 'export', defaultName: '../../.bashrc', data: 'x' },
      { kind: 'export', defaultName: 'C:\\Windows\\x.dll', data: 'x' },
      { kind: 'anything', defaultName: 'a.xlsx', data: 'x' },
      { kind: 'export', defaultName: 'a.xlsx', data: 5 },
      { kind: 'export', defaultName: 'a.xlsx', data: 'x', path: '/etc/passwd' },
      null,
    ]) {
      expect(await save(ev, bad)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(deps.saveFile).not.toHaveBeenCalled();
    expect(await save(ev, { kind: 'export', defaultName: '工作量.xlsx', data: new Uint8Array([1, 2]) })).toEqual({
      ok: true,
      value: { path: '/home/me/x.xlsx' },
    });
  });

  it('openFile and setLanguage accept only their known values', async () => {
    const { handlers, deps } = setup();
    const ev = eventFrom(appFrame());
    expect(await handlers.get(DESKTOP_CHANNELS.openFile)!(ev, { kind: 'exe' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await handlers.get(DESKTOP_CHANNELS.openFile)!(ev, { kind: 'import' })).toMatchObject({ ok: true, value: { name: 'a.csv' } });
    expect(deps.openFile).toHaveBeenCalledWith(ev, 'import');
    expect(await handlers.get(DESKTOP_CHANNELS.setLanguage)!(ev, 'fr')).toMatchObject({ ok: false });
    expect(await handlers.get(DESKTOP_CHANNELS.setLanguage)!(ev, 'en')).toEqual({ ok: true, value: null });
    expect(deps.setLanguage).toHaveBeenCalledWith('en');
  });
});

describe('native dialogs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crewdesk-dlg-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => undefined);

  it('the save dialog follows the language and the file type', () => {
    const zh = saveDialogOptions('export', '报表.xlsx', 'zh-CN', '/docs');
    expect(zh).toMatchObject({ title: '导出到文件', defaultPath: join('/docs', '报表.xlsx') });
    expect(zh.filters![0]).toEqual({ name: 'Excel 工作簿', extensions: ['xlsx'] });
    expect(saveDialogOptions('backup', 'crewdesk-2026-11-24.sqlite3', 'en', '/docs')).toMatchObject({ title: 'Save a backup' });
  });

  it('writes where the person chose, or nothing when cancelled', async () => {
    const target = join(dir, 'out.csv');
    const dialog: DialogApi = {
      showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: target })),
      showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: [target] })),
    };
    const req = SaveFileInput.parse({ kind: 'export', defaultName: 'out.csv', data: '姓名,工时\n王小川,8\n' });
    expect(await saveFileWithDialog(dialog, req, 'zh-CN', dir)).toEqual({ path: target });
    expect(readFileSync(target, 'utf8')).toBe('姓名,工时\n王小川,8\n');
    const opened = await openFileWithDialog(dialog, 'import', 'zh-CN', dir);
    expect(opened?.name).toBe('out.csv');
    expect(Buffer.from(opened!.data).toString('utf8')).toContain('王小川');

    const cancel: DialogApi = {
      showSaveDialog: vi.fn(async () => ({ canceled: true })),
      showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })),
    };
    writeFileSync(target, 'unchanged');
    expect(await saveFileWithDialog(cancel, req, 'zh-CN', dir)).toBeNull();
    expect(readFileSync(target, 'utf8')).toBe('unchanged');
    expect(await openFileWithDialog(cancel, 'restore', 'en', dir)).toBeNull();
  });
});
