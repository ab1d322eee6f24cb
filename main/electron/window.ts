import { BrowserWindow, screen } from 'electron';
import { APP_ENTRY_URL, guardWebContents, MIN_HEIGHT, MIN_WIDTH } from './security';
import { captureWindowState, fitToDisplays, loadWindowState, saveWindowState } from './window-state';

export interface WindowPaths {
  /** The bundled preload (dist/main/preload.cjs). */
  preload: string;
  /** Where window-state.json lives (the user-data folder). */
  stateDir: string;
}

/**
 * The one function that builds every window: the secure web preferences
 * (written out here, in one literal, so reviewers and the scanner see them),
 * the navigation and new-window guards, the remembered size and position, and
 * the app's own page from app:// — never a remote address.
 */
export function createWindow(paths: WindowPaths): BrowserWindow {
  const state = fitToDisplays(
    loadWindowState(paths.stateDir),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    backgroundColor: '#f5f5f5',
    title: '融媒项目台 Crewdesk',
    webPreferences: {
      // Reviewed: the preload exposes named functions only (tests/unit/host/electron-preload.test.ts).
      preload: paths.preload, // eng-disable PRELOAD_JS_CHECK
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
      safeDialogs: true,
      spellcheck: false,
      // A middle click must not open a link in a new window (denied anyway).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  guardWebContents(win.webContents);
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  let timer: ReturnType<typeof setTimeout> | undefined;
  const remember = (): void => {
    if (!win.isDestroyed()) saveWindowState(paths.stateDir, captureWindowState(win));
  };
  const later = (): void => {
    clearTimeout(timer);
    timer = setTimeout(remember, 800);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', () => {
    clearTimeout(timer);
    remember();
  });

  void win.loadURL(APP_ENTRY_URL);
  return win;
}
