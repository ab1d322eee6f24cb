import type { CallInput, CallName, CallResult } from '../../../shared/contract';
import { AppError, isAppErrorPayload, type AppErrorPayload } from '../../../shared/errors';

type Outcome = { ok: true; value: unknown } | { ok: false; error: AppErrorPayload };

/** What a file dialog is for (main picks its title and file types). */
export type SaveKind = 'export' | 'backup';
export type OpenKind = 'import' | 'restore';

/** The desktop app's preload (main/electron/preload.ts): named functions only. */
interface DesktopBridge {
  call(name: string, input: unknown): Promise<Outcome>;
  saveFile(req: { kind: SaveKind; defaultName: string; data: Uint8Array | string }): Promise<Outcome>;
  openFile(kind: OpenKind): Promise<Outcome>;
  setLanguage(locale: 'zh-CN' | 'en'): Promise<Outcome>;
  /** Change events from main (renderer/src/api/live.ts). */
  onEvent?(listener: (e: unknown) => void): () => void;
}

declare global {
  interface Window {
    crewdesk?: DesktopBridge;
  }
}

async function transport(name: string, input: unknown): Promise<Outcome> {
  if (window.crewdesk) return window.crewdesk.call(name, input);
  let res: Response;
  try {
    res = await fetch(`/api/call/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input ?? {}),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: { zh: '无法连接到本机服务', en: 'Cannot reach the local service' } } };
  }
  const body: unknown = await res.json().catch(() => null);
  if (body && typeof body === 'object' && 'ok' in body) return body as Outcome;
  return {
    ok: false,
    error: { code: 'INTERNAL', message: { zh: `本机服务返回 ${res.status}`, en: `The local service answered ${res.status}` } },
  };
}

/**
 * Boot (issue 18): the first screen's read, sent while the app's code and app.boot are still on
 * their way. An answer is taken once, by the first `call` with the same name and input, and only
 * if it succeeded (a failure, e.g. not signed in yet, is simply asked again); a call that changes
 * who acts or what exists drops every answer not yet taken.
 */
const prefetched = new Map<string, Promise<Outcome>>();
const prefetchKey = (name: string, input: unknown): string => `${name}\u0000${JSON.stringify(input ?? {})}`;
const DROPS_PREFETCH = /^(session\.sign(In|Out)$|workspace\.setup$|sync\.(connect|disconnect)$|maintenance\.restore$)/;

export function prefetch<K extends CallName>(name: K, input: CallInput<K>): void {
  const key = prefetchKey(name, input);
  if (!prefetched.has(key)) prefetched.set(key, transport(name, input));
}

async function send(name: string, input: unknown): Promise<Outcome> {
  if (prefetched.size > 0) {
    if (DROPS_PREFETCH.test(name)) prefetched.clear();
    const key = prefetchKey(name, input);
    const early = prefetched.get(key);
    if (early) {
      prefetched.delete(key);
      const outcome = await early;
      if (outcome.ok) return outcome;
    }
  }
  return transport(name, input);
}

type Listener = (e: AppError, name: CallName) => void;
const listeners = new Set<Listener>();
/** Failures the listeners were told of. */
const reported = new WeakSet<object>();

/** One place where every failed call surfaces (the shell shows it): never a silent no-op. */
export function onCallError(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The one typed client: argument and result types follow the call name. */
export async function call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallResult<K>> {
  const outcome = await send(name, input);
  if (outcome.ok) return outcome.value as CallResult<K>;
  const err = isAppErrorPayload(outcome.error)
    ? AppError.fromPayload(outcome.error)
    : new AppError('INTERNAL', { zh: '未知错误', en: 'Unknown error' });
  for (const l of listeners) l(err, name);
  if (listeners.size > 0) reported.add(err);
  throw err;
}

/** Whether a failure was already shown by the shell (a `call` error): a form then need not show it again. */
export function wasReported(e: unknown): boolean {
  return typeof e === 'object' && e !== null && reported.has(e);
}

/** Like call, but the caller handles the error itself (e.g. shows it inline in a form). */
export async function callQuiet<K extends CallName>(name: K, input: CallInput<K>): Promise<CallResult<K>> {
  const outcome = await send(name, input);
  if (outcome.ok) return outcome.value as CallResult<K>;
  throw isAppErrorPayload(outcome.error) ? AppError.fromPayload(outcome.error) : new AppError('INTERNAL', { zh: '未知错误', en: 'Unknown error' });
}

function failure(outcome: Outcome & { ok: false }): AppError {
  return isAppErrorPayload(outcome.error) ? AppError.fromPayload(outcome.error) : new AppError('INTERNAL', { zh: '未知错误', en: 'Unknown error' });
}

/**
 * Files in and out, the same call in both hosts: in the desktop app a native
 * save/open dialog (main writes or reads the file the person picked); in the
 * web app a browser download or file picker.
 */
export const desktop = {
  /** True inside the desktop app. */
  get available(): boolean {
    return Boolean(window.crewdesk);
  },

  /**
   * Saves `data` under a name the person confirms. Resolves to where it went
   * (the full path in the desktop app, the file name on the web), or null when
   * the dialog was cancelled. Failures throw an AppError.
   */
  async saveFile(kind: SaveKind, defaultName: string, data: Uint8Array | string, mime = 'application/octet-stream'): Promise<string | null> {
    if (window.crewdesk) {
      const outcome = await window.crewdesk.saveFile({ kind, defaultName, data });
      if (!outcome.ok) throw failure(outcome);
      const value = outcome.value as { path: string } | null;
      return value ? value.path : null;
    }
    const url = URL.createObjectURL(new Blob([typeof data === 'string' ? data : new Uint8Array(data)], { type: mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = defaultName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return defaultName;
  },

  /** Lets the person pick a file to import or restore; null when cancelled. */
  async openFile(kind: OpenKind, accept = kind === 'restore' ? '.sqlite3' : '.xlsx,.csv,.json'): Promise<{ name: string; data: Uint8Array } | null> {
    if (window.crewdesk) {
      const outcome = await window.crewdesk.openFile(kind);
      if (!outcome.ok) throw failure(outcome);
      return outcome.value as { name: string; data: Uint8Array } | null;
    }
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    const file = await new Promise<File | null>((done) => {
      input.addEventListener('change', () => done(input.files?.[0] ?? null), { once: true });
      input.addEventListener('cancel', () => done(null), { once: true });
      input.click();
    });
    return file ? { name: file.name, data: new Uint8Array(await file.arrayBuffer()) } : null;
  },

  /** The native menus and dialogs follow the app's language (no-op on the web). */
  setLanguage(locale: 'zh-CN' | 'en'): void {
    void window.crewdesk?.setLanguage(locale);
  },
};
