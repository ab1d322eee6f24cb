import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * A stand-in for the `electron` module (the binary cannot run in CI): records
 * what the app asks of it so tests can check every setting and handler.
 * Use with `vi.mock('electron', async () => (await import('../helpers/electron-mock')).electronMock)`.
 */
type Listener = (...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  mainFrame: { url: string; parent: null } = { url: 'app://crewdesk/index.html', parent: null };
  setWindowOpenHandler(fn: (d: { url: string }) => { action: string }): void {
    this.openHandler = fn;
  }
  /** Emits like Electron: returns whether a listener called preventDefault. */
  fire(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => void (prevented = true) }, ...args);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly options: Record<string, unknown>;
  loadedUrl: string | null = null;
  maximized = false;
  destroyed = false;
  bounds = { x: 0, y: 0, width: 0, height: 0 };
  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    this.bounds = {
      x: (options.x as number) ?? 40,
      y: (options.y as number) ?? 40,
      width: options.width as number,
      height: options.height as number,
    };
    FakeBrowserWindow.instances.push(this);
  }
  loadURL = vi.fn(async (url: string) => {
    this.loadedUrl = url;
  });
  loadFile = vi.fn(async () => undefined);
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  getNormalBounds(): typeof this.bounds {
    return this.bounds;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return false;
  }
  show = vi.fn();
  focus = vi.fn();
  restore = vi.fn();
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.instances.filter((w) => !w.destroyed);
  }
  static fromWebContents(wc: unknown): FakeBrowserWindow | null {
    return FakeBrowserWindow.instances.find((w) => w.webContents === wc) ?? null;
  }
}

function fakeSession() {
  return {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    webRequest: { onBeforeRequest: vi.fn(), onHeadersReceived: vi.fn() },
  };
}

const appEvents = new EventEmitter();
let readyResolve: () => void = () => undefined;

export const electronMock = {
  app: {
    whenReadyPromise: new Promise<void>((ok) => (readyResolve = ok)),
    whenReady: vi.fn(function (this: { whenReadyPromise: Promise<void> }) {
      return electronMock.app.whenReadyPromise;
    }),
    ready: () => readyResolve(),
    on: vi.fn((e: string, fn: Listener) => appEvents.on(e, fn)),
    emit: (e: string, ...args: unknown[]) => appEvents.emit(e, ...args),
    requestSingleInstanceLock: vi.fn(() => true),
    quit: vi.fn(),
    exit: vi.fn(),
    isPackaged: false,
    getAppPath: vi.fn(() => '/nonexistent/app'),
    getPath: vi.fn((_name: string) => '/nonexistent/userData'),
    getVersion: vi.fn(() => '0.1.0'),
  },
  BrowserWindow: FakeBrowserWindow,
  ipcMain: { handle: vi.fn() },
  ipcRenderer: { invoke: vi.fn(async () => ({ ok: true, value: null })), on: vi.fn(), removeListener: vi.fn(), send: vi.fn(), sendSync: vi.fn() },
  contextBridge: { exposeInMainWorld: vi.fn() },
  Menu: { buildFromTemplate: vi.fn((t: unknown) => ({ template: t })), setApplicationMenu: vi.fn() },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  session: { defaultSession: fakeSession() },
  shell: { openExternal: vi.fn(async () => undefined), openPath: vi.fn(async () => '') },
  /** A stand-in keychain: "encrypts" by XOR so the stored bytes never hold the plain text. */
  safeStorage: {
    isEncryptionAvailable: vi.fn(() => true),
    getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
    encryptString: vi.fn((s: string) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a))),
    decryptString: vi.fn((b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8')),
  },
  screen: { getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }]) },
  dialog: {
    showErrorBox: vi.fn(),
    showMessageBox: vi.fn(async () => ({ response: 0 })),
    showSaveDialog: vi.fn(async () => ({ canceled: true })),
    showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })),
  },
};

export default electronMock;
