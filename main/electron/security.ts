import { shell, type Session, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../web/server';

/** The app's own pages are served from this origin (see protocol.ts), never from the network. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'crewdesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The same policy the web host sends (main/web/server.ts): our files only, no inline script. */
export { CONTENT_SECURITY_POLICY };

export const MIN_WIDTH = 1024;
export const MIN_HEIGHT = 640;

/** True for an address that may be handed to the system browser: parsed, http or https, no credentials. */
export function isSafeExternalUrl(raw: unknown): boolean {
  if (typeof raw !== 'string' || raw.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.username || url.password) return false;
  return url.hostname.length > 0;
}

/** True for the app's own pages (app://crewdesk/...). */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The parts of an IPC event the sender check reads. */
export interface SenderFrame {
  url: string;
  parent: unknown;
}
export interface IpcSenderEvent {
  senderFrame: SenderFrame | null;
  sender: { mainFrame: unknown };
}

/**
 * An IPC message is trusted only from the main frame of one of our windows
 * showing the app's own page. Frames from elsewhere (an iframe, a page that
 * somehow navigated away, a destroyed frame) are refused before any input is read.
 */
export function isTrustedSender(event: IpcSenderEvent): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame.parent !== null) return false;
  if (frame !== event.sender.mainFrame) return false;
  return isAppUrl(frame.url);
}

/**
 * Locks a window's web contents: no navigation away from the loaded page, no
 * redirects, no new windows (an http/https link goes to the system browser
 * instead), no <webview>.
 */
export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openIfSafe(url);
    return { action: 'deny' };
  });
}

/** Hands a link to the system browser only if it is a parsed http/https address. */
export function openIfSafe(url: string): boolean {
  if (!isSafeExternalUrl(url)) return false;
  // Reviewed: the only openExternal in the app, reached only past the allow-list above.
  void shell.openExternal(new URL(url).toString()).catch(() => undefined); // eng-disable OPEN_EXTERNAL_JS_CHECK
  return true;
}

/**
 * Session-wide rules: every permission (camera, notifications, …) is denied;
 * requests to the network are cancelled (the app has no remote content); and
 * responses carry the CSP header (the protocol handler sets it too).
 */
export function guardSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'] }, (_details, callback) =>
    callback({ cancel: true }),
  );
  session.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders = { ...(details.responseHeaders ?? {}) };
    responseHeaders['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders });
  });
}
