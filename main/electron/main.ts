import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session, shell, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { HostBackend } from '../host/hosting';
import { lockDataFolder, type FolderLock } from '../db/lock';
import { dataFile } from '../paths';
import { setSecretStoreFactory } from '../sync/secrets';
import { EVENT_CHANNEL, type MenuLocale } from './channels';
import { openFileWithDialog, saveFileWithDialog, type DialogApi } from './dialogs';
import { registerIpc } from './ipc';
import { menuTemplate } from './menu';
import { resolveNativeBinding } from './native';
import { keychainSecretStores } from './secrets';
import { appProtocolHandler, APP_SCHEME_PRIVILEGES } from './protocol';
import { APP_SCHEME, guardSession } from './security';
import { createWindow } from './window';

/**
 * The desktop shell: windows over the same backend the web host serves.
 * Everything security-relevant lives in small modules beside this file
 * (security, protocol, ipc, window); this file only wires them together.
 *
 * Layout when bundled: dist/main/electron.cjs, dist/main/preload.cjs, dist/renderer/.
 */
const PRELOAD = join(__dirname, 'preload.cjs');
const RENDERER_ROOT = join(__dirname, '..', 'renderer');

let backend: HostBackend | null = null;
let folderLock: FolderLock | null = null;
let locale: MenuLocale = 'zh-CN';

class StartupFailure extends Error {}

/** Tells the person why the app cannot start (in both languages) and quits. */
function fail(title: { zh: string; en: string }, detail: { zh: string; en: string }): never {
  dialog.showErrorBox(`${title.zh} / ${title.en}`, `${detail.zh}\n\n${detail.en}`);
  app.exit(1);
  throw new StartupFailure(detail.en);
}

function mainWindow(): BrowserWindow | null {
  return BrowserWindow.getAllWindows()[0] ?? null;
}

function openWindow(): BrowserWindow {
  return createWindow({ preload: PRELOAD, stateDir: app.getPath('userData') });
}

function showAbout(): void {
  const win = mainWindow();
  const options = {
    type: 'info' as const,
    title: locale === 'en' ? 'About Crewdesk' : '关于融媒项目台',
    message: `融媒项目台 Crewdesk ${app.getVersion()}`,
    detail: locale === 'en' ? `Data folder: ${app.getPath('userData')}` : `数据文件夹：${app.getPath('userData')}`,
  };
  void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
}

function applyMenu(): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate(locale, {
        isMac: process.platform === 'darwin',
        isPackaged: app.isPackaged,
        onAbout: showAbout,
        onOpenDataFolder: () => void shell.openPath(app.getPath('userData')),
      }),
    ),
  );
}

/** Native dialogs, modal to the window that asked. */
function dialogsFor(event: IpcMainInvokeEvent): DialogApi {
  const win = BrowserWindow.fromWebContents(event.sender);
  return {
    showSaveDialog: (o) => (win ? dialog.showSaveDialog(win, o) : dialog.showSaveDialog(o)),
    showOpenDialog: (o) => (win ? dialog.showOpenDialog(win, o) : dialog.showOpenDialog(o)),
  };
}

/**
 * A damaged, unreadable or newer database does not stop the app: HostBackend
 * starts in recovery mode and the renderer offers the newest good backup.
 * Only a missing native module (or an unexpected error) ends start-up.
 */
function openDatabaseOrQuit(): HostBackend {
  const native = resolveNativeBinding({
    env: process.env,
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    electronVersion: process.versions.electron ?? '',
  });
  const title = { zh: '融媒项目台无法启动', en: 'Crewdesk cannot start' };
  if (!native.ok) fail(title, native.reason);
  try {
    // One process per data folder (a web host or the CLI may point at the same folder).
    folderLock = lockDataFolder(app.getPath('userData'), 'desktop app');
    return new HostBackend(dataFile(app.getPath('userData')), { nativeBinding: native.path, dailyBackups: true, idleCheckpoint: true });
  } catch (e) {
    const err = e as { localized?: { zh: string; en: string }; message?: string };
    fail(title, err.localized ?? { zh: err.message ?? String(e), en: err.message ?? String(e) });
  }
}

async function start(): Promise<void> {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  await app.whenReady();
  guardSession(session.defaultSession);
  protocol.handle(APP_SCHEME, appProtocolHandler(RENDERER_ROOT));
  setSecretStoreFactory(keychainSecretStores(safeStorage)); // the hub token: OS keychain, never the database
  const be = (backend = openDatabaseOrQuit());

  registerIpc({
    ipcMain,
    backend: be,
    saveFile: (event, req) => saveFileWithDialog(dialogsFor(event), req, locale, app.getPath('documents')),
    openFile: (event, kind) => openFileWithDialog(dialogsFor(event), kind, locale, app.getPath('documents')),
    setLanguage: (l) => {
      if (l !== locale) {
        locale = l;
        applyMenu();
      }
    },
    warn: (m) => console.warn(m),
  });

  // Change events go to the app's own window only (the page refetches through its calls).
  be.events.on((e) => {
    for (const win of BrowserWindow.getAllWindows()) if (!win.webContents.isDestroyed()) win.webContents.send(EVENT_CHANNEL, e);
  });

  applyMenu();
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
}

// One running copy per user: a second launch brings the first window forward.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = mainWindow();
    if (!win) {
      // macOS keeps running with no window: a second launch opens one.
      if (backend) openWindow();
      return;
    }
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    backend?.close();
    backend = null;
    folderLock?.release();
    folderLock = null;
  });
  start().catch((e: unknown) => {
    if (e instanceof StartupFailure) return; // already shown
    try {
      fail({ zh: '融媒项目台无法启动', en: 'Crewdesk cannot start' }, { zh: String(e), en: String(e) });
    } catch {
      /* shown and quitting */
    }
  });
}
