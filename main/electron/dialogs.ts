import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { z } from 'zod';
import type { MenuLocale, OpenKind, OpenedFile, SaveKind } from './channels';

/** Largest file a dialog reads or writes (a backup of a big workspace is tens of MB). */
export const MAX_FILE_BYTES = { import: 50 * 1024 * 1024, restore: 512 * 1024 * 1024, save: 512 * 1024 * 1024 } as const;

const BareName = z
  .string()
  .min(1)
  .max(200)
  .refine((s) => !/[/\\\0]/.test(s) && s !== '.' && s !== '..', 'a bare file name');

export const SaveFileInput = z
  .object({
    kind: z.enum(['export', 'backup']),
    defaultName: BareName,
    data: z.union([z.instanceof(Uint8Array), z.string()]),
  })
  .strict()
  .refine((v) => (typeof v.data === 'string' ? Buffer.byteLength(v.data) : v.data.byteLength) <= MAX_FILE_BYTES.save, 'file too large');
export const OpenFileInput = z.object({ kind: z.enum(['import', 'restore']) }).strict();
export const SetLanguageInput = z.enum(['zh-CN', 'en']);

const TITLES: Record<MenuLocale, Record<SaveKind | OpenKind, string>> = {
  'zh-CN': { export: '导出到文件', backup: '保存备份', import: '选择要导入的文件', restore: '选择备份文件' },
  en: { export: 'Export to a file', backup: 'Save a backup', import: 'Choose a file to import', restore: 'Choose a backup file' },
};
const TYPE_NAMES: Record<MenuLocale, Record<string, string>> = {
  'zh-CN': { xlsx: 'Excel 工作簿', csv: 'CSV 表格', pdf: 'PDF 文档', json: 'JSON 文件', sqlite3: '融媒项目台备份', all: '所有文件' },
  en: { xlsx: 'Excel workbook', csv: 'CSV table', pdf: 'PDF document', json: 'JSON file', sqlite3: 'Crewdesk backup', all: 'All files' },
};

function filter(locale: MenuLocale, ext: string): { name: string; extensions: string[] } {
  return { name: TYPE_NAMES[locale][ext] ?? ext.toUpperCase(), extensions: [ext] };
}

/** The save dialog for an export or a backup: the file type follows the proposed name. */
export function saveDialogOptions(kind: SaveKind, defaultName: string, locale: MenuLocale, dir: string): SaveDialogOptions {
  const ext = extname(defaultName).slice(1).toLowerCase() || (kind === 'backup' ? 'sqlite3' : '');
  return {
    title: TITLES[locale][kind],
    defaultPath: join(dir, defaultName),
    filters: ext ? [filter(locale, ext), { name: TYPE_NAMES[locale].all!, extensions: ['*'] }] : [],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

export function openDialogOptions(kind: OpenKind, locale: MenuLocale, dir: string): OpenDialogOptions {
  const types = kind === 'import' ? ['xlsx', 'csv', 'json'] : ['sqlite3'];
  return {
    title: TITLES[locale][kind],
    defaultPath: dir,
    filters: [{ name: types.map((t) => TYPE_NAMES[locale][t]).join(' / '), extensions: types }, { name: TYPE_NAMES[locale].all!, extensions: ['*'] }],
    properties: ['openFile'],
  };
}

/** The slice of Electron's `dialog` used here (parented to the asking window by the caller). */
export interface DialogApi {
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
}

export class FileTooLargeError extends Error {}

/** Shows the save dialog and writes the bytes where the person chose; null when cancelled. */
export async function saveFileWithDialog(
  dialog: DialogApi,
  req: z.output<typeof SaveFileInput>,
  locale: MenuLocale,
  dir: string,
): Promise<{ path: string } | null> {
  const choice = await dialog.showSaveDialog(saveDialogOptions(req.kind, req.defaultName, locale, dir));
  if (choice.canceled || !choice.filePath) return null;
  await writeFile(choice.filePath, req.data);
  return { path: choice.filePath };
}

/** Shows the open dialog and reads the chosen file (never more than the kind's limit); null when cancelled. */
export async function openFileWithDialog(dialog: DialogApi, kind: OpenKind, locale: MenuLocale, dir: string): Promise<OpenedFile | null> {
  const choice = await dialog.showOpenDialog(openDialogOptions(kind, locale, dir));
  const file = choice.filePaths[0];
  if (choice.canceled || !file) return null;
  const { size } = await stat(file);
  if (size > MAX_FILE_BYTES[kind]) throw new FileTooLargeError(`${basename(file)}: ${size} bytes`);
  const data = await readFile(file);
  return { name: basename(file), data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
