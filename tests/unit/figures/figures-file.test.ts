import ExcelJS from 'exceljs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIGURE_FILE_LIMITS, readFigureFile } from '../../../main/figures/file';
import { craftedXlsx, zip } from '../../helpers/crafted-xlsx';

const refusal = async (p: Promise<unknown>): Promise<{ code: string; zh: string; en: string }> => {
  try {
    await p;
  } catch (e) {
    const err = e as { code: string; localized: { zh: string; en: string } };
    return { code: err.code, ...err.localized };
  }
  throw new Error('the file was accepted');
};

async function smallXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet('数据');
  s.addRow(['平台', '作品', '日期', '阅读量', '点赞', '转发', '评论']);
  s.addRow(['抖音', '开幕式', new Date(Date.UTC(2026, 5, 18)), 1200, 30, 4, 2]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('reading an imported figures file (in a worker thread, with limits)', () => {
  let crafted: Buffer;
  beforeAll(() => {
    crafted = craftedXlsx();
  }, 120_000);

  it('reads an ordinary Excel export and CSV into cells', async () => {
    expect(await readFigureFile('数据.xlsx', await smallXlsx())).toEqual([
      ['平台', '作品', '日期', '阅读量', '点赞', '转发', '评论'],
      ['抖音', '开幕式', '2026-06-18', '1200', '30', '4', '2'],
    ]);
    expect(await readFigureFile('a.csv', Buffer.from('\uFEFF平台,作品\r\n抖音,开幕式\r\n'))).toEqual([['平台', '作品'], ['抖音', '开幕式']]);
  });

  it('refuses CSV files over the row, column and cell limits, and files over the size limit', async () => {
    const rows = Array.from({ length: FIGURE_FILE_LIMITS.rows + 1 }, (_, i) => `抖音,作品${i},1`).join('\n');
    expect((await refusal(readFigureFile('a.csv', Buffer.from(rows)))).en).toMatch(/more than 5000 rows/);
    expect((await refusal(readFigureFile('a.csv', Buffer.from(Array(31).fill('x').join(','))))).en).toMatch(/more than 30 columns/);
    expect((await refusal(readFigureFile('a.csv', Buffer.from(`a,${'x'.repeat(501)}`)))).en).toMatch(/longer than 500/);
    const big = await refusal(readFigureFile('a.csv', Buffer.alloc(FIGURE_FILE_LIMITS.bytes + 1, 0x41)));
    expect(big.code).toBe('VALIDATION');
    expect(big.zh).toMatch(/文件超过 8 MB/);
    expect((await refusal(readFigureFile('a.xlsx', Buffer.from('not a zip at all')))).en).toMatch(/cannot be read/);
    expect((await refusal(readFigureFile('a.exe', Buffer.from('MZ')))).en).toMatch(/Only \.csv and \.xlsx/);
  });

  it('refuses the crafted 6 MB .xlsx (a million cells, 40 MB of shared strings) in under 2 s without blocking the event loop', async () => {
    expect(crafted.length).toBeGreaterThan(6_000_000);
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    const t0 = performance.now();
    const r = await refusal(readFigureFile('crafted.xlsx', crafted));
    const took = performance.now() - t0;
    h.disable();
    expect(r.code).toBe('VALIDATION');
    expect(r.en).toMatch(/too large|more than/);
    expect(r.zh).toMatch(/过大|超过/);
    expect(took).toBeLessThan(2000);
    expect(h.max / 1e6).toBeLessThan(100);
    console.log(`crafted xlsx refused in ${took.toFixed(0)} ms; event-loop delay max ${(h.max / 1e6).toFixed(1)} ms`);
  });

  it('a zip whose headers lie about the inflated size is measured by really inflating it (with a cap)', async () => {
    const lying = craftedXlsx({ rows: 10, cols: 2, lie: true });
    const r = await refusal(readFigureFile('lying.xlsx', lying));
    expect(r.en).toMatch(/shared strings is too large/);
  });

  it('a sheet with more rows than an import takes is refused before it is built', async () => {
    const sheet = `<worksheet><sheetData>${Array.from({ length: 5001 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>1</v></c></row>`).join('')}</sheetData></worksheet>`;
    const file = zip({ 'xl/workbook.xml': '<workbook/>', 'xl/worksheets/sheet1.xml': sheet });
    expect((await refusal(readFigureFile('rows.xlsx', file))).en).toMatch(/more than 5000 rows/);
  });
});
