import ExcelJS from 'exceljs';
import type { ExportFile, Rota } from '../../shared/contract';
import { datesFrom } from '../../shared/rota';
import { isoWeekday, localDateTime } from '../../shared/time';

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

/** The rota of a range for posting: one row per date, one column per shift type in use. */
export async function rotaXlsx(r: Rota, generatedAt: number, by: string): Promise<ExportFile> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Crewdesk 融媒项目台';
  wb.created = new Date(generatedAt);
  const sheet = wb.addWorksheet('值班表');
  const used = new Set(r.entries.map((e) => e.shiftTypeId));
  const shifts = r.shiftTypes.filter((s) => !s.archived || used.has(s.id));
  sheet.columns = [
    { header: '日期', key: 'date', width: 12 },
    { header: '星期', key: 'weekday', width: 6 },
    ...shifts.map((s) => ({ header: `${s.name}（${s.start}–${s.end}）`, key: s.id, width: 24 })),
  ];
  const cell = new Map<string, string[]>();
  for (const e of r.entries) {
    const k = `${e.date}|${e.shiftTypeId}`;
    cell.set(k, [...(cell.get(k) ?? []), e.personName]);
  }
  for (const date of datesFrom(r.from, r.to)) {
    const row: Record<string, string> = { date, weekday: `周${WEEKDAYS[isoWeekday(date) - 1]}` };
    for (const s of shifts) row[s.id] = (cell.get(`${date}|${s.id}`) ?? []).join('、');
    sheet.addRow(row);
  }
  const head = sheet.getRow(1);
  head.font = { bold: true };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
  sheet.views = [{ state: 'frozen', ySplit: 1, xSplit: 2 }];
  sheet.addRow({});
  sheet.addRow({ date: `导出：${localDateTime(generatedAt)}（北京时间），${by}` });
  const buf = await wb.xlsx.writeBuffer();
  return {
    fileName: `值班表_${r.from}_${r.to}.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    base64: Buffer.from(buf as ArrayBuffer).toString('base64'),
  };
}
