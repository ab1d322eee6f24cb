import { contextBridge, ipcRenderer } from 'electron';
import { CALL_NAME_PATTERN, callChannel, DESKTOP_CHANNELS, EVENT_CHANNEL, type MenuLocale, type OpenKind, type SaveFileRequest } from './channels';

/**
 * What the page gets, and all it gets: named functions. Never ipcRenderer
 * itself, never a channel name chosen by the page. Main checks the sender of
 * every message and validates every input.
 */
type Outcome = { ok: true; value: unknown } | { ok: false; error: { code: string; message: { zh: string; en: string } } };

const unreachable = (name: string): Outcome => ({
  ok: false,
  error: { code: 'NOT_FOUND', message: { zh: `未知的调用：${name.slice(0, 80)}`, en: `Unknown call: ${name.slice(0, 80)}` } },
});

export const desktopApi = {
  /** A contract call by name (`people.list`); each name has its own channel in main. */
  call: (name: string, input: unknown): Promise<Outcome> => {
    const n = String(name);
    if (!CALL_NAME_PATTERN.test(n)) return Promise.resolve(unreachable(n));
    return (ipcRenderer.invoke(callChannel(n), input) as Promise<Outcome>).catch(() => unreachable(n));
  },
  /** Save dialog for an export or a backup; writes `data` where the person chose. Value: `{ path }` or null. */
  saveFile: (req: SaveFileRequest): Promise<Outcome> => ipcRenderer.invoke(DESKTOP_CHANNELS.saveFile, req) as Promise<Outcome>,
  /** Open dialog for an import or a restore. Value: `{ name, data }` or null. */
  openFile: (kind: OpenKind): Promise<Outcome> => ipcRenderer.invoke(DESKTOP_CHANNELS.openFile, { kind }) as Promise<Outcome>,
  /** The language of the native menus and dialogs follows the app's. */
  setLanguage: (locale: MenuLocale): Promise<Outcome> => ipcRenderer.invoke(DESKTOP_CHANNELS.setLanguage, locale) as Promise<Outcome>,
  /** Change events from main (`{ seq, topic }`); returns the function that stops listening. */
  onEvent: (listener: (e: { seq: number; topic: string }) => void): (() => void) => {
    const fn = (_e: unknown, data: { seq: number; topic: string }): void => listener({ seq: Number(data?.seq), topic: String(data?.topic) });
    ipcRenderer.on(EVENT_CHANNEL, fn);
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, fn);
  },
};

contextBridge.exposeInMainWorld('crewdesk', desktopApi);
