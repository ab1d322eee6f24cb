import type { CallInput, CallName, CallResult } from '../../../shared/contract';
import { AppError, isAppErrorPayload, type AppErrorPayload } from '../../../shared/errors';

type Outcome = { ok: true; value: unknown } | { ok: false; error: AppErrorPayload };

interface DesktopBridge {
  call(name: string, input: unknown): Promise<Outcome>;
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

type Listener = (e: AppError, name: CallName) => void;
const listeners = new Set<Listener>();

/** One place where every failed call surfaces (the shell shows it): never a silent no-op. */
export function onCallError(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The one typed client: argument and result types follow the call name. */
export async function call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallResult<K>> {
  const outcome = await transport(name, input);
  if (outcome.ok) return outcome.value as CallResult<K>;
  const err = isAppErrorPayload(outcome.error)
    ? AppError.fromPayload(outcome.error)
    : new AppError('INTERNAL', { zh: '未知错误', en: 'Unknown error' });
  for (const l of listeners) l(err, name);
  throw err;
}

/** Like call, but the caller handles the error itself (e.g. shows it inline in a form). */
export async function callQuiet<K extends CallName>(name: K, input: CallInput<K>): Promise<CallResult<K>> {
  const outcome = await transport(name, input);
  if (outcome.ok) return outcome.value as CallResult<K>;
  throw isAppErrorPayload(outcome.error) ? AppError.fromPayload(outcome.error) : new AppError('INTERNAL', { zh: '未知错误', en: 'Unknown error' });
}
