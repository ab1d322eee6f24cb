import type { IpcMainInvokeEvent } from 'electron';
import { CALL_NAMES } from '../../shared/contract';
import type { AppErrorPayload } from '../../shared/errors';
import type { CallOutcome, Session } from '../core/backend';
import { callChannel, DESKTOP_CHANNELS, type MenuLocale, type OpenedFile, type OpenKind } from './channels';
import { FileTooLargeError, OpenFileInput, SaveFileInput, SetLanguageInput } from './dialogs';
import { isTrustedSender, type IpcSenderEvent } from './security';
import type { z } from 'zod';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

export interface IpcDeps {
  ipcMain: { handle(channel: string, listener: Handler): void };
  backend: { call(name: string, input: unknown, session: Session): Promise<CallOutcome> };
  saveFile(event: IpcMainInvokeEvent, req: z.output<typeof SaveFileInput>): Promise<{ path: string } | null>;
  openFile(event: IpcMainInvokeEvent, kind: OpenKind): Promise<OpenedFile | null>;
  setLanguage(locale: MenuLocale): void;
  /** Logged, never shown to the page. */
  warn?(message: string): void;
}

export const REFUSED: AppErrorPayload = {
  code: 'FORBIDDEN',
  message: { zh: '已拒绝：请求不是来自本应用的页面', en: 'Refused: the request did not come from the app’s own page' },
};

function invalid(issues: z.core.$ZodIssue[]): CallOutcome {
  const text = issues.map((i) => `${i.path.map(String).join('.') || 'input'} ${i.message}`).join('; ');
  return { ok: false, error: { code: 'VALIDATION', message: { zh: `输入有误：${text}`, en: `Invalid input: ${text}` } } };
}

function failed(e: unknown): CallOutcome {
  if (e instanceof FileTooLargeError) {
    return { ok: false, error: { code: 'VALIDATION', message: { zh: `文件过大：${e.message}`, en: `The file is too large: ${e.message}` } } };
  }
  const msg = (e as Error)?.message ?? String(e);
  return { ok: false, error: { code: 'INTERNAL', message: { zh: `文件操作失败：${msg}`, en: `The file operation failed: ${msg}` } } };
}

/**
 * Registers every IPC handler: one channel per contract call plus the desktop
 * calls. Each handler first checks its sender (the app's own page, main frame)
 * and only then lets the input anywhere near validation or the backend.
 * Returns the channels it registered (the tests compare them with the contract).
 */
export function registerIpc(deps: IpcDeps): string[] {
  const sessions = new Map<number, Session>();
  const channels: string[] = [];

  function sessionOf(event: IpcMainInvokeEvent): Session {
    const id = event.sender.id;
    let session = sessions.get(id);
    if (!session) {
      sessions.set(id, (session = { actorId: null }));
      event.sender.once('destroyed', () => sessions.delete(id));
    }
    return session;
  }

  function handle(channel: string, fn: Handler): void {
    channels.push(channel);
    deps.ipcMain.handle(channel, (event, ...args) => {
      if (!isTrustedSender(event as unknown as IpcSenderEvent)) {
        deps.warn?.(`IPC ${channel} refused from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
        return { ok: false, error: REFUSED } satisfies CallOutcome;
      }
      return fn(event, ...args);
    });
  }

  for (const name of CALL_NAMES) {
    // The backend validates the input against the contract's schema.
    handle(callChannel(name), (event, input) => deps.backend.call(name, input, sessionOf(event)));
  }

  handle(DESKTOP_CHANNELS.saveFile, async (event, raw): Promise<CallOutcome> => {
    const req = SaveFileInput.safeParse(raw);
    if (!req.success) return invalid(req.error.issues);
    try {
      return { ok: true, value: await deps.saveFile(event, req.data) };
    } catch (e) {
      return failed(e);
    }
  });

  handle(DESKTOP_CHANNELS.openFile, async (event, raw): Promise<CallOutcome> => {
    const req = OpenFileInput.safeParse(raw);
    if (!req.success) return invalid(req.error.issues);
    try {
      return { ok: true, value: await deps.openFile(event, req.data.kind) };
    } catch (e) {
      return failed(e);
    }
  });

  handle(DESKTOP_CHANNELS.setLanguage, (_event, raw): CallOutcome => {
    const locale = SetLanguageInput.safeParse(raw);
    if (!locale.success) return invalid(locale.error.issues);
    deps.setLanguage(locale.data);
    return { ok: true, value: null };
  });

  return channels;
}
