import { inflateRawSync } from 'node:zlib';
import Papa from 'papaparse';
import { localDate } from '../../shared/time';

/**
 * Reading a platform export (CSV or Excel) into a grid of strings. This runs in a
 * worker thread (figures-worker.ts), never on the main process's event loop, and
 * every file is treated as hostile: its size, its rows, columns and cells are
 * bounded, and an .xlsx's compressed parts are measured (really inflated, with a
 * cap — a lying zip header does not help) before a spreadsheet library sees them.
 */
export const FIGURE_FILE_LIMITS = {
  /** The file itself. */
  bytes: 8 * 1024 * 1024,
  /** Rows including the header (what figures.checkImport takes). */
  rows: 5000,
  columns: 30,
  cellChars: 500,
  /** xlsx: inflated size of one sheet / of the shared strings, parts in the zip, cells in the sheet. */
  sheetBytes: 24 * 1024 * 1024,
  sharedStringsBytes: 8 * 1024 * 1024,
  zipEntries: 200,
  /** xlsx: all parts inflated together. */
  totalBytes: 48 * 1024 * 1024,
  sheetCells: 5000 * 30,
} as const;

export type ParseOutcome = { ok: true; rows: string[][] } | { ok: false; message: { zh: string; en: string } };

export class FileRefused extends Error {
  constructor(readonly localized: { zh: string; en: string }) {
    super(localized.en);
  }
}

const L = FIGURE_FILE_LIMITS;
const refuse = (zh: string, en: string): never => {
  throw new FileRefused({ zh, en });
};

const tooManyRows = (): never => refuse(`文件超过 ${L.rows} 行，请分批导入`, `The file has more than ${L.rows} rows; import it in parts`);
const tooManyColumns = (): never => refuse(`文件超过 ${L.columns} 列`, `The file has more than ${L.columns} columns`);

/** Bounds a grid: rows, columns, characters per cell. */
function bounded(rows: string[][]): string[][] {
  if (rows.length > L.rows) tooManyRows();
  for (const r of rows) {
    // Trailing empty cells (a spreadsheet's formatting) do not count as columns.
    while (r.length && r[r.length - 1] === '') r.pop();
    if (r.length > L.columns) tooManyColumns();
    for (const c of r) if (c.length > L.cellChars) refuse(`有单元格超过 ${L.cellChars} 个字符`, `A cell is longer than ${L.cellChars} characters`);
  }
  return rows;
}

export function parseCsv(data: Uint8Array): string[][] {
  // Platform exports come as UTF-8 (often with a BOM) or, from older Excel, GB18030.
  let text = new TextDecoder('utf-8').decode(data);
  if (text.includes('\uFFFD')) text = new TextDecoder('gb18030').decode(data);
  // preview: the parser stops one row past the limit instead of reading a million.
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy', preview: L.rows + 1 });
  return bounded(parsed.data.map((r) => r.map((c) => String(c ?? ''))));
}

// ---- xlsx ------------------------------------------------------------------------

interface ZipEntry {
  name: string;
  method: number;
  compressed: number;
  size: number;
  localOffset: number;
}

/** The central directory of a zip (an .xlsx is one), without inflating anything. */
export function zipEntries(buf: Buffer): ZipEntry[] {
  const bad = (): never => refuse('无法读取此 Excel 文件', 'This Excel file cannot be read');
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) bad();
  const count = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) refuse('不支持 ZIP64 格式的 Excel 文件', 'ZIP64 Excel files are not supported');
  if (count > L.zipEntries) refuse('Excel 文件内部结构异常（部件过多）', 'The Excel file has too many parts');
  const out: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) bad();
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    out.push({
      method: buf.readUInt16LE(p + 10),
      compressed: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** Inflates one part, refusing it as soon as it grows past `cap` (whatever its header claims). */
function inflatePart(buf: Buffer, e: ZipEntry, cap: number, what: { zh: string; en: string }): Buffer {
  const p = e.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) refuse('无法读取此 Excel 文件', 'This Excel file cannot be read');
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const raw = buf.subarray(start, start + e.compressed);
  const tooBig = (): never => refuse(`Excel 文件的${what.zh}过大，已拒绝`, `The Excel file's ${what.en} is too large; refused`);
  if (e.size > cap) tooBig();
  if (e.method === 0) return raw.length > cap ? tooBig() : raw;
  if (e.method !== 8) refuse('Excel 文件使用了不支持的压缩方式', 'The Excel file uses an unsupported compression');
  try {
    return inflateRawSync(raw, { maxOutputLength: cap });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || /maxOutputLength|too large/i.test(String(err))) tooBig();
    return refuse('无法读取此 Excel 文件', 'This Excel file cannot be read');
  }
}

function countOf(text: string, needle: string, limit: number): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) if (++n > limit) break;
  return n;
}

/** Measures an .xlsx before a spreadsheet library builds it in memory. */
export function checkXlsx(buf: Buffer): void {
  const entries = zipEntries(buf);
  let total = 0;
  for (const e of entries) total += e.size;
  if (total > L.totalBytes) refuse('Excel 文件解压后过大，已拒绝', 'The Excel file is too large once unpacked; refused');
  // Sheets are xl/worksheets/sheetN.xml in every writer we know; any name there counts as one.
  const sheets = entries.filter((e) => /^xl\/worksheets\/[^/]+\.xml$/i.test(e.name));
  for (const e of sheets) {
    const xml = inflatePart(buf, e, L.sheetBytes, { zh: '工作表', en: 'sheet' }).toString('utf8');
    if (countOf(xml, '<row', L.rows + 1) > L.rows) tooManyRows();
    if (countOf(xml, '<c ', L.sheetCells + 1) + countOf(xml, '<c>', L.sheetCells + 1) > L.sheetCells) {
      refuse(`工作表的单元格超过 ${L.sheetCells} 个`, `The sheet has more than ${L.sheetCells} cells`);
    }
  }
  // The headers' sizes were checked above; inflating (with caps) proves them, and the sum.
  let inflated = 0;
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    const isSheet = sheets.includes(e);
    const cap = isSheet ? L.sheetBytes : L.sharedStringsBytes;
    const what = isSheet ? { zh: '工作表', en: 'sheet' } : e.name === 'xl/sharedStrings.xml' ? { zh: '共享字符串', en: 'shared strings' } : { zh: '内部部件', en: 'parts' };
    inflated += isSheet ? e.size : inflatePart(buf, e, cap, what).length;
    if (inflated > L.totalBytes) refuse('Excel 文件解压后过大，已拒绝', 'The Excel file is too large once unpacked; refused');
  }
}

export async function parseXlsx(buf: Buffer): Promise<string[][]> {
  checkXlsx(buf);
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    refuse('无法读取此 Excel 文件', 'This Excel file cannot be read');
  }
  const sheet = wb.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    if (rows.length >= L.rows + 1) return;
    const cells: string[] = [];
    const n = Math.min(row.cellCount, L.columns + 1);
    for (let c = 1; c <= n; c++) cells.push(cellText(row.getCell(c).value));
    rows.push(cells);
  });
  return bounded(rows);
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  // Excel keeps dates as instants at UTC midnight of the calendar day.
  if (v instanceof Date) return localDate(v.getTime() - 8 * 3600_000);
  if (typeof v === 'object') {
    const o = v as { result?: unknown; text?: unknown; richText?: { text: string }[] };
    if (o.result !== undefined) return cellText(o.result);
    if (typeof o.text === 'string') return o.text;
    if (o.richText) return o.richText.map((r) => r.text).join('');
  }
  return String(v);
}

/** What the worker runs: a file's name and bytes → its cells, or why it was refused. */
export async function parseFigureBuffer(fileName: string, data: Uint8Array): Promise<ParseOutcome> {
  try {
    if (data.byteLength > L.bytes) refuse(`文件超过 ${L.bytes / 1024 / 1024} MB`, `The file is larger than ${L.bytes / 1024 / 1024} MB`);
    const lower = fileName.toLowerCase();
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (lower.endsWith('.csv') || lower.endsWith('.txt')) return { ok: true, rows: parseCsv(buf) };
    if (lower.endsWith('.xlsx')) return { ok: true, rows: await parseXlsx(buf) };
    return refuse('只能导入 .csv 或 .xlsx 文件', 'Only .csv and .xlsx files can be imported');
  } catch (e) {
    if (e instanceof FileRefused) return { ok: false, message: e.localized };
    return { ok: false, message: { zh: '无法读取此文件', en: 'This file cannot be read' } };
  }
}
