import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { ExportFile, MonthlyReport, ReportFigures } from '../../shared/contract';
import { ROLE_LABELS } from '../../shared/domain';
import { localDateTime } from '../../shared/time';

/** Column headers and number formats of the report, shared by the Excel and CSV files. */
const FIGURE_COLUMNS: { key: keyof ReportFigures; header: string; numFmt: string; width: number }[] = [
  { key: 'tasksDone', header: '完成任务数', numFmt: '#,##0', width: 12 },
  { key: 'hours', header: '完成工时（小时）', numFmt: '#,##0.0', width: 16 },
  { key: 'deliverablesPublished', header: '发布作品数', numFmt: '#,##0', width: 12 },
  { key: 'views', header: '阅读/播放量', numFmt: '#,##0', width: 14 },
  { key: 'likes', header: '点赞', numFmt: '#,##0', width: 10 },
  { key: 'shares', header: '转发', numFmt: '#,##0', width: 10 },
  { key: 'comments', header: '评论', numFmt: '#,##0', width: 10 },
];

export const SHEET_PEOPLE = '人员绩效';
export const SHEET_TEAMS = '团队汇总';
export const SHEET_NOTES = '说明';
export const SHEET_REVIEWS = '审核';

const fileBase = (r: MonthlyReport): string => `绩效考核_${r.month}${r.scope === 'self' && r.people[0] ? `_${r.people[0].name}` : ''}`;

function styleHeader(sheet: ExcelJS.Worksheet): void {
  const row = sheet.getRow(1);
  row.font = { bold: true };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

function totalRow(sheet: ExcelJS.Worksheet, label: Record<string, string>, totals: ReportFigures): void {
  const row = sheet.addRow({ ...label, ...totals });
  row.font = { bold: true };
}

export async function reportXlsx(r: MonthlyReport, generatedAt: number, by: string): Promise<ExportFile> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Crewdesk 融媒项目台';
  wb.created = new Date(generatedAt);

  const people = wb.addWorksheet(SHEET_PEOPLE);
  people.columns = [
    { key: 'name', header: '姓名', width: 10 },
    { key: 'teamName', header: '团队', width: 16 },
    { key: 'role', header: '角色', width: 12 },
    ...FIGURE_COLUMNS.map((c) => ({ key: c.key, header: c.header, width: c.width, style: { numFmt: c.numFmt } })),
  ];
  for (const p of r.people) people.addRow({ ...p, role: ROLE_LABELS[p.role].zh });
  totalRow(people, { name: '合计' }, r.totals);
  styleHeader(people);

  if (r.scope === 'all') {
    const teams = wb.addWorksheet(SHEET_TEAMS);
    teams.columns = [
      { key: 'teamName', header: '团队', width: 16 },
      { key: 'headcount', header: '人数', width: 8, style: { numFmt: '#,##0' } },
      ...FIGURE_COLUMNS.map((c) => ({ key: c.key, header: c.header, width: c.width, style: { numFmt: c.numFmt } })),
    ];
    for (const t of r.teams) teams.addRow(t);
    totalRow(teams, { teamName: '合计' }, r.totals);
    teams.getRow(teams.rowCount).getCell('headcount').value = r.teams.reduce((n, t) => n + t.headcount, 0);
    styleHeader(teams);
  }

  const reviews = wb.addWorksheet(SHEET_REVIEWS);
  reviews.columns = [
    { key: 'k', header: '审核（三审）', width: 22 },
    { key: 'v', header: '数值', width: 12 },
  ];
  const rv = r.reviews;
  reviews.addRows([
    { k: '送审交付物', v: rv.deliverables },
    { k: '送审版本', v: rv.rounds },
    { k: '每件平均送审次数', v: rv.roundsPerDeliverable },
    { k: '退回', v: rv.sentBack },
    { k: '越级发布', v: rv.overridden },
    { k: '审核用时中位数（小时）', v: rv.medianWaitHours ?? '—' },
    { k: '仍在审核中', v: rv.open },
  ]);
  styleHeader(reviews);

  const notes = wb.addWorksheet(SHEET_NOTES);
  notes.columns = [
    { key: 'k', header: '项目', width: 16 },
    { key: 'v', header: '内容', width: 80 },
  ];
  notes.addRows([
    { k: '考核月份', v: r.month },
    { k: '导出时间', v: `${localDateTime(generatedAt)}（北京时间）` },
    { k: '导出人', v: by },
    { k: '范围', v: r.scope === 'all' ? '全部人员' : '本人' },
    { k: '完成任务数', v: '当月完成（北京时间）且本人为负责人的任务数；多人负责的任务每人各计一次' },
    { k: '完成工时', v: '上述任务的预估工时，按负责人数平均分摊' },
    { k: '发布作品数', v: '本人负责、当月发布的交付物数' },
    { k: '阅读/播放量等', v: '上述作品已登记的全部传播数据之和' },
    { k: '审核（三审）', v: '当月送审的版本：送审次数、退回、越级发布，以及从送审到审结（通过、退回、越级发布或撤回）的用时中位数' },
  ]);
  styleHeader(notes);

  const buf = await wb.xlsx.writeBuffer();
  return {
    fileName: `${fileBase(r)}.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    base64: Buffer.from(buf as ArrayBuffer).toString('base64'),
  };
}

/**
 * A spreadsheet opening a CSV runs a cell that starts with = + - @ (or tab / CR, which
 * some strip first) as a formula: `=HYPERLINK(…)` as a member's own name would run on the
 * manager's machine. As OWASP advises, such a text cell gets a leading single quote
 * (and the CSV writer quotes it). Numbers are written as numbers.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
export function neutraliseCell(v: string | number): string | number {
  return typeof v === 'string' && FORMULA_START.test(v) ? `'${v}` : v;
}

export function reportCsv(r: MonthlyReport): ExportFile {
  const header = ['姓名', '团队', '角色', ...FIGURE_COLUMNS.map((c) => c.header)];
  const rows: (string | number)[][] = r.people.map((p) => [p.name, p.teamName, ROLE_LABELS[p.role].zh, ...FIGURE_COLUMNS.map((c) => p[c.key])]);
  rows.push(['合计', '', '', ...FIGURE_COLUMNS.map((c) => r.totals[c.key])]);
  for (const row of rows) row.forEach((v, i) => (row[i] = neutraliseCell(v)));
  // A byte-order mark so Excel on Windows reads the Chinese as UTF-8.
  const text = '\uFEFF' + Papa.unparse({ fields: header, data: rows }, { newline: '\r\n', quotes: (v: unknown) => typeof v === 'string' && v.startsWith("'") });
  return { fileName: `${fileBase(r)}.csv`, mime: 'text/csv;charset=utf-8', base64: Buffer.from(text, 'utf8').toString('base64') };
}
