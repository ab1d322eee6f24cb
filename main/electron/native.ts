import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The better-sqlite3 build for Electron's ABI, never the Node build the tests use. */
export const NATIVE_FILE = 'better_sqlite3.node';
/** `npm run electron:setup` writes it here (with a stamp naming the Electron version it was built for). */
export const DEV_NATIVE_DIR = join('.native', 'electron');
export const NATIVE_STAMP = 'build.json';
/** Inside the package: app.asar.unpacked/native/ (electron-builder config maps .native/electron there). */
export const PACKAGED_NATIVE_DIR = join('app.asar.unpacked', 'native');

export interface NativeContext {
  env: Record<string, string | undefined>;
  isPackaged: boolean;
  /** app.getAppPath(): the project folder in development, …/resources/app.asar when packaged. */
  appPath: string;
  /** process.resourcesPath */
  resourcesPath: string;
  /** process.versions.electron */
  electronVersion: string;
}

export type NativeResolution = { ok: true; path: string } | { ok: false; reason: { zh: string; en: string } };

interface Fs {
  exists(path: string): boolean;
  read(path: string): string | null;
}
const realFs: Fs = {
  exists: existsSync,
  read: (p) => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return null;
    }
  },
};

/**
 * Where the Electron build of better-sqlite3 is: in a packaged app always the
 * packaged copy (an environment variable must not make the installed app load
 * another native module: that would be code execution for whoever sets it);
 * in development CREWDESK_NATIVE_BINDING when set, else .native/electron.
 * A development build made for another Electron version is refused with the
 * fix, rather than crashing on an ABI mismatch.
 */
export function resolveNativeBinding(ctx: NativeContext, fs: Fs = realFs): NativeResolution {
  const fromEnv = ctx.isPackaged ? undefined : ctx.env.CREWDESK_NATIVE_BINDING;
  if (fromEnv) {
    return fs.exists(fromEnv)
      ? { ok: true, path: fromEnv }
      : {
          ok: false,
          reason: {
            zh: `CREWDESK_NATIVE_BINDING 指向的文件不存在：${fromEnv}`,
            en: `CREWDESK_NATIVE_BINDING names a file that does not exist: ${fromEnv}`,
          },
        };
  }
  if (ctx.isPackaged) {
    const path = join(ctx.resourcesPath, PACKAGED_NATIVE_DIR, NATIVE_FILE);
    return fs.exists(path)
      ? { ok: true, path }
      : { ok: false, reason: { zh: `安装包缺少数据库组件：${path}，请重新安装。`, en: `The installation lacks the database module: ${path}. Reinstall Crewdesk.` } };
  }
  const dir = join(ctx.appPath, DEV_NATIVE_DIR);
  const path = join(dir, NATIVE_FILE);
  const setup = { zh: '请在有网络的电脑上运行 npm run electron:setup。', en: 'Run `npm run electron:setup` on a machine with network.' };
  if (!fs.exists(path)) {
    return { ok: false, reason: { zh: `尚未为 Electron 编译数据库组件（${path}）。${setup.zh}`, en: `better-sqlite3 has not been built for Electron (${path}). ${setup.en}` } };
  }
  const stamp = parseStamp(fs.read(join(dir, NATIVE_STAMP)));
  if (stamp && stamp.electron !== ctx.electronVersion) {
    return {
      ok: false,
      reason: {
        zh: `数据库组件是为 Electron ${stamp.electron} 编译的，当前是 ${ctx.electronVersion}。${setup.zh}`,
        en: `better-sqlite3 was built for Electron ${stamp.electron}, this is ${ctx.electronVersion}. ${setup.en}`,
      },
    };
  }
  return { ok: true, path };
}

export function parseStamp(text: string | null): { electron: string } | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as { electron?: unknown };
    return typeof v.electron === 'string' ? { electron: v.electron } : null;
  } catch {
    return null;
  }
}
