/**
 * The IPC surface between the preload and main, in one place. The preload
 * imports only this file (and 'electron'); main registers exactly these.
 */

/** Each contract call has its own channel: `crewdesk:call:<name>`. */
export const CALL_CHANNEL_PREFIX = 'crewdesk:call:';
export const callChannel = (name: string): string => CALL_CHANNEL_PREFIX + name;

/** The desktop-only calls (native dialogs, the menu language). */
export const DESKTOP_CHANNELS = {
  saveFile: 'crewdesk:save-file',
  openFile: 'crewdesk:open-file',
  setLanguage: 'crewdesk:set-language',
} as const;

/** Main → page: change events (shared/contract/events.ts), the only message main sends unasked. */
export const EVENT_CHANNEL = 'crewdesk:event';

/** What a save dialog is for: it decides the dialog's title and file types. */
export type SaveKind = 'export' | 'backup';
/** What an open dialog is for. */
export type OpenKind = 'import' | 'restore';
export type MenuLocale = 'zh-CN' | 'en';

export interface SaveFileRequest {
  kind: SaveKind;
  /** A bare file name (no folders), e.g. `工作量-2026-W48.xlsx`; its extension picks the filter. */
  defaultName: string;
  data: Uint8Array | string;
}

export interface OpenedFile {
  /** The file's base name (never its folder). */
  name: string;
  data: Uint8Array;
}

/** A call name as the contract spells them (`people.list`); anything else never reaches IPC. */
export const CALL_NAME_PATTERN = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/;
