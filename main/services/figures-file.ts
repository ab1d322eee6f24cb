import Papa from 'papaparse';
import { invalid } from '../../shared/errors';
import { localDate } from '../../shared/time';

/**
 * Reads a platform export into a grid of strings (header row first). Only the
 * file format is handled here; what the cells mean is checked by
 * checkFigureImport, so CSV and Excel files get the same row-by-row report.
 */
export async function readFigureFile(fileName: string, data: Buffer): Promise<string[][]> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return readCsv(data);
  if (lower.endsWith('.xlsx')) return readXlsx(data);
  throw invalid({ zh: '只能导入 .csv 或 .xlsx 文件', en: 'Only .csv and .xlsx files can be imported' });
}

function readCsv(data: Buffer): string[][] {
  // Platform exports come as UTF-8 (often with a BOM) or, from older Excel, GB18030.
  let text = new TextDecoder('utf-8').decode(data);
  if (text.includes('\uFFFD')) text = new TextDecoder('gb18030').decode(data);
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  return parsed.data.map((r) => r.map((c) => String(c ?? '')));
}

async function readXlsx(data: Buffer): Promise<string[][]> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw invalid({ zh: '无法读取此 Excel 文件', en: 'This Excel file cannot be read' });
  }
  const sheet = wb.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    rows.push(cells);
  });
  return rows;
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
