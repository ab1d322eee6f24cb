import { app, BrowserWindow, ipcMain } from 'electron';
import { join } from 'node:path';
import { HostBackend } from '../db/hosting';
import type { Session } from '../core/backend';
import { dataFile } from '../paths';

/**
 * The desktop shell: one window over the same backend the web host serves.
 * Security settings live in one place (createWindow).
 */
const sessions = new Map<number, Session>();

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    title: '融媒项目台 Crewdesk',
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  void win.loadFile(join(__dirname, '..', 'renderer', 'index.html'));
  return win;
}

async function start(): Promise<void> {
  await app.whenReady();
  // A database that cannot be opened starts the recovery screen instead of failing.
  const backend = new HostBackend(dataFile(app.getPath('userData')), {
    dailyBackups: true,
    ...(process.env.CREWDESK_NATIVE_BINDING ? { nativeBinding: process.env.CREWDESK_NATIVE_BINDING } : {}),
  });
  ipcMain.handle('crewdesk:call', (event, name: unknown, input: unknown) => {
    const id = event.sender.id;
    let session = sessions.get(id);
    if (!session) sessions.set(id, (session = { actorId: null }));
    return backend.call(String(name), input, session);
  });
  createWindow();
  app.on('window-all-closed', () => {
    backend.close();
    app.quit();
  });
}

void start();
