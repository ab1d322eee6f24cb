import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { electronMock, FakeBrowserWindow } from '../../helpers/electron-mock';

vi.mock('electron', async () => (await import('../../helpers/electron-mock')).electronMock);

const { createWindow } = await import('../../../main/electron/window');
const { APP_ENTRY_URL } = await import('../../../main/electron/security');
const { DEFAULT_WINDOW_STATE, WINDOW_STATE_FILE, fitToDisplays, parseWindowState } = await import('../../../main/electron/window-state');

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crewdesk-win-'));
  FakeBrowserWindow.instances = [];
  electronMock.shell.openExternal.mockClear();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function open(): FakeBrowserWindow {
  createWindow({ preload: '/app/dist/main/preload.cjs', stateDir: dir });
  const win = FakeBrowserWindow.instances.at(-1);
  if (!win) throw new Error('no window was created');
  return win;
}

describe('createWindow: the one window builder', () => {
  it('sets every security-relevant web preference', () => {
    const prefs = open().options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/app/dist/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
    });
    // Nothing that would weaken them sneaks in under another name.
    for (const k of ['enableRemoteModule', 'contextIsolationInWorker', 'additionalArguments', 'partition']) expect(prefs).not.toHaveProperty(k);
  });

  it('loads only the app’s own page over app://, never a remote address or a file path', () => {
    const win = open();
    expect(win.loadURL).toHaveBeenCalledTimes(1);
    expect(win.loadedUrl).toBe(APP_ENTRY_URL);
    expect(APP_ENTRY_URL).toBe('app://crewdesk/index.html');
    expect(win.loadFile).not.toHaveBeenCalled();
  });

  it('blocks navigation, redirects and <webview>', () => {
    const wc = open().webContents;
    expect(wc.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(wc.fire('will-navigate', 'app://crewdesk/other.html')).toBe(true);
    expect(wc.fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(wc.fire('will-attach-webview', {}, {})).toBe(true);
  });

  it('denies every new window; a web link goes to the system browser, anything else nowhere', () => {
    const wc = open().webContents;
    expect(wc.openHandler).not.toBeNull();
    const handler = wc.openHandler!;
    expect(handler({ url: 'https://www.example.com/help' })).toEqual({ action: 'deny' });
    expect(electronMock.shell.openExternal).toHaveBeenCalledWith('https://www.example.com/help');
    electronMock.shell.openExternal.mockClear();
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'app://crewdesk/index.html', 'smb://share/x', 'not a url']) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    expect(electronMock.shell.openExternal).not.toHaveBeenCalled();
  });

  it('shows the window only when it is ready (no white flash)', () => {
    const win = open();
    expect(win.options.show).toBe(false);
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalledTimes(1);
  });
});

describe('window size and position are remembered', () => {
  it('opens at the default size the first time, then where it was closed', () => {
    const first = open();
    expect(first.options).toMatchObject({ width: DEFAULT_WINDOW_STATE.width, height: DEFAULT_WINDOW_STATE.height });
    expect(first.options).not.toHaveProperty('x');
    first.bounds = { x: 120, y: 80, width: 1500, height: 900 };
    first.maximize();
    first.emit('close');
    expect(JSON.parse(readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8'))).toEqual({ x: 120, y: 80, width: 1500, height: 900, maximized: true });

    const second = open();
    expect(second.options).toMatchObject({ x: 120, y: 80, width: 1500, height: 900 });
    expect(second.isMaximized()).toBe(true);
  });

  it('ignores a damaged state file', () => {
    writeFileSync(join(dir, WINDOW_STATE_FILE), '{"width": "wide"');
    expect(open().options).toMatchObject({ width: DEFAULT_WINDOW_STATE.width, height: DEFAULT_WINDOW_STATE.height });
    expect(parseWindowState('{"width": 5, "height": 5}')).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState('[]')).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('brings back a window whose screen is gone, and shrinks one larger than any screen', () => {
    const screens = [{ x: 0, y: 0, width: 1280, height: 760 }];
    expect(fitToDisplays({ x: 3000, y: 100, width: 1400, height: 900, maximized: false }, screens)).toEqual({
      width: 1280,
      height: 760,
      maximized: false,
    });
    expect(fitToDisplays({ x: 50, y: 20, width: 1100, height: 700, maximized: false }, screens)).toEqual({
      x: 50,
      y: 20,
      width: 1100,
      height: 700,
      maximized: false,
    });
    // A second monitor to the left (negative coordinates) is a real place.
    const two = [...screens, { x: -1920, y: 0, width: 1920, height: 1040 }];
    expect(fitToDisplays({ x: -1800, y: 10, width: 1400, height: 900, maximized: false }, two)).toMatchObject({ x: -1800, y: 10 });
  });
});
