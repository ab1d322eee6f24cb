import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, dayStart, localDate, weekStart } from '../../shared/time';
import { expect, SCREENS, shot, signInAs, switchUser, test, type Host } from './fixtures';

const SPEC = 'workload';

/** The host's own database, read-only: the test checks what the screen and the files say against it. */
function openDb(host: Host): Database.Database {
  return new Database(join(host.dataDir, 'crewdesk.sqlite3'), { readonly: true, fileMustExist: true });
}

const idOf = (db: Database.Database, name: string): string =>
  (db.prepare('SELECT id FROM people WHERE name = ?').get(name) as { id: string }).id;

const totalOf = async (cell: ReturnType<import('@playwright/test').Page['getByTestId']>): Promise<number> =>
  Number(await cell.getAttribute('data-total'));

test('a manager finds the overloaded person and hands a task to a free colleague; the team view', async ({ page, demoHost }) => {
  await page.goto(demoHost.url);
  await signInAs(page, '陈思远');
  // A manager lands on the workload grid.
  await expect(page.getByRole('heading', { name: '工作量' })).toBeVisible();
  const db = openDb(demoHost);
  const ma = idOf(db, '马骁');
  const nextWeek = addDays(weekStart(localDate(Date.now())), 7);

  // 马骁 is flagged: in the "over 100 % next week" alert and as a red cell.
  const alert = page.getByTestId('alert-overloaded');
  await expect(alert).toContainText('马骁');
  const maCell = page.getByTestId(`cell-${ma}-${nextWeek}`);
  await expect(maCell).toHaveAttribute('data-level', 'overloaded');
  const maBefore = await totalOf(maCell);
  expect(maBefore).toBeGreaterThan(40);
  await expect(page.getByTestId('alert-overdue')).toContainText('项逾期');
  await shot(page, SPEC, '01-grid-overloaded-flagged');

  // Drill into his next week: the projects and tasks behind the number.
  await maCell.click();
  const drawer = page.getByRole('dialog', { name: /马骁 · 第\d+周/ });
  await expect(drawer).toContainText('马骁');
  await expect(drawer).toContainText('2027青溪新春大直播');
  const task = drawer.locator('.ant-card').filter({ hasText: '分会场航拍素材采集' }).first();
  await expect(task).toBeVisible();
  await expect(drawer.getByTestId('drawer-total')).toContainText(`${maBefore}/`);
  await shot(page, SPEC, '02-drill-down');

  // Reassign: the colleagues offered first are free people of his own team in the project group.
  await task.getByRole('button', { name: '改派' }).click();
  const modal = page.getByRole('dialog', { name: /改派任务/ });
  const picked = modal.locator('.ant-select-content, .ant-select-selection-item').first();
  await expect(picked).toContainText('同团队');
  await expect(picked).toContainText('空闲');
  const colleagueName = (await picked.innerText()).split(/\s+/)[0]!;
  const colleague = idOf(db, colleagueName);
  const colleagueCell = page.getByTestId(`cell-${colleague}-${nextWeek}`);
  const colleagueBefore = await totalOf(colleagueCell);
  await shot(page, SPEC, '03-reassign-pick');
  await modal.getByRole('button', { name: '确认改派' }).click();
  await expect(page.getByText(`已将“分会场航拍素材采集”改派给 ${colleagueName}`)).toBeVisible();

  // Both cells change at once, by the task's 8 estimated hours, and the database agrees.
  await expect(maCell).toHaveAttribute('data-total', String(maBefore - 8));
  await expect(colleagueCell).toHaveAttribute('data-total', String(colleagueBefore + 8));
  await expect(drawer.getByTestId('drawer-total')).toContainText(`${maBefore - 8}/`);
  await expect(drawer).not.toContainText('分会场航拍素材采集');
  const assignees = db
    .prepare(`SELECT person_id FROM task_assignees a JOIN tasks t ON t.id = a.task_id WHERE t.title = '分会场航拍素材采集'`)
    .all() as { person_id: string }[];
  expect(assignees.map((a) => a.person_id)).toEqual([colleague]);
  await shot(page, SPEC, '04-after-reassign');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // Drag instead of pick: from the colleague's week, drag the task card onto the next free colleague.
  await colleagueCell.click();
  const drawer2 = page.getByRole('dialog', { name: new RegExp(`${colleagueName} · 第\\d+周`) });
  const card = drawer2.locator('.ant-card').filter({ hasText: '分会场航拍素材采集' }).first();
  await card.click();
  const candidates = drawer2.getByTestId('candidates');
  await expect(candidates).toContainText('分会场航拍素材采集');
  const drop = candidates.locator('[data-testid^="drop-"]').first();
  const thirdId = (await drop.getAttribute('data-testid'))!.slice('drop-'.length);
  const thirdCell = page.getByTestId(`cell-${thirdId}-${nextWeek}`);
  const thirdBefore = await totalOf(thirdCell);
  const handle = card.getByRole('button', { name: /^拖动：/ });
  const src = (await handle.boundingBox())!;
  const dst = (await drop.boundingBox())!;
  await page.mouse.move(src.x + src.width / 2, src.y + src.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) {
    await page.mouse.move(src.x + ((dst.x + dst.width / 2 - src.x) * i) / 12, src.y + ((dst.y + dst.height / 2 - src.y) * i) / 12);
  }
  // Not a full-page shot: resizing the page mid-drag cancels it.
  await page.screenshot({ path: join(SCREENS, SPEC, '04b-dragging.png') });
  await page.mouse.up();
  await expect(page.getByText(/已将“分会场航拍素材采集”改派给/).last()).toBeVisible();
  await expect(colleagueCell).toHaveAttribute('data-total', String(colleagueBefore));
  await expect(thirdCell).toHaveAttribute('data-total', String(thirdBefore + 8));
  const moved = db
    .prepare(`SELECT person_id FROM task_assignees a JOIN tasks t ON t.id = a.task_id WHERE t.title = '分会场航拍素材采集'`)
    .all() as { person_id: string }[];
  expect(moved.map((a) => a.person_id)).toEqual([thirdId]);
  await page.keyboard.press('Escape');

  // Team view: headcount, load and the projects drawing on each team.
  await page.getByRole('tab', { name: '团队视图' }).click();
  const teamRow = page.getByTestId('team-view').locator('tr').filter({ hasText: '摄影摄像团队' });
  await expect(teamRow).toContainText('2027青溪新春大直播');
  await shot(page, SPEC, '05-team-view');
  db.close();
});

test('a manager exports the month’s report to Excel and CSV and prints it: the totals are the database’s', async ({ page, demoHost }) => {
  await page.goto(demoHost.url);
  await signInAs(page, '陈思远');
  await expect(page.getByRole('heading', { name: '工作量' })).toBeVisible();
  const db = openDb(demoHost);

  // The monthly report, exported to Excel: named sheets, headers, number formats, totals = the database.
  await page.getByRole('tab', { name: '绩效报表' }).click();
  await expect(page.getByTestId('report-people')).toContainText('马骁');
  const month = localDate(Date.now()).slice(0, 7);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
  expect(download.suggestedFilename()).toBe(`绩效考核_${month}.xlsx`);
  const xlsxPath = join(SCREENS, SPEC, 'report.xlsx');
  mkdirSync(join(SCREENS, SPEC), { recursive: true });
  await download.saveAs(xlsxPath);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsxPath);
  expect(wb.worksheets.map((s) => s.name)).toEqual(['人员绩效', '团队汇总', '审核', '说明']);
  const people = wb.getWorksheet('人员绩效')!;
  expect(people.getRow(1).values).toEqual([undefined, '姓名', '团队', '角色', '完成任务数', '完成工时（小时）', '发布作品数', '阅读/播放量', '点赞', '转发', '评论']);
  const activePeople = (db.prepare('SELECT count(*) AS n FROM people WHERE active = 1').get() as { n: number }).n;
  expect(people.rowCount).toBe(activePeople + 2);
  const total = people.getRow(people.rowCount);
  expect(total.getCell(1).value).toBe('合计');

  const from = dayStart(`${month}-01`);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const to = dayStart(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`);
  const done = db
    .prepare(
      `SELECT count(*) AS n, coalesce(sum(t.estimate_hours * 1.0 / (SELECT count(*) FROM task_assignees x WHERE x.task_id = t.id AND x.response <> 'declined')), 0) AS h
       FROM tasks t JOIN task_assignees a ON a.task_id = t.id JOIN people p ON p.id = a.person_id
       WHERE p.active = 1 AND t.completed_at >= ? AND t.completed_at < ? AND a.response <> 'declined'`,
    )
    .get(from, to) as { n: number; h: number };
  const published = db
    .prepare(
      `SELECT count(*) AS n FROM deliverables d JOIN people p ON p.id = d.owner_id
       WHERE p.active = 1 AND d.status = 'published' AND d.published_at >= ? AND d.published_at < ?`,
    )
    .get(from, to) as { n: number };
  const views = db
    .prepare(
      `SELECT coalesce(sum(f.views), 0) AS v, coalesce(sum(f.likes), 0) AS l FROM deliverable_figures f
       JOIN deliverables d ON d.id = f.deliverable_id JOIN people p ON p.id = d.owner_id
       WHERE p.active = 1 AND d.status = 'published' AND d.published_at >= ? AND d.published_at < ?`,
    )
    .get(from, to) as { v: number; l: number };
  expect(total.getCell(4).value).toBe(done.n);
  expect(Number(total.getCell(5).value)).toBeCloseTo(done.h, 1);
  expect(total.getCell(6).value).toBe(published.n);
  expect(total.getCell(7).value).toBe(views.v);
  expect(total.getCell(8).value).toBe(views.l);
  expect(people.getCell('G2').numFmt).toBe('#,##0');
  expect(people.getCell('E2').numFmt).toBe('#,##0.0');
  // The per-person rows add up to the total row.
  let sum = 0;
  for (let r = 2; r < people.rowCount; r++) sum += Number(people.getRow(r).getCell(7).value ?? 0);
  expect(sum).toBe(views.v);
  const teams = wb.getWorksheet('团队汇总')!;
  expect(teams.rowCount).toBe(10 + 2);
  expect(teams.getRow(teams.rowCount).getCell(2).value).toBe(activePeople);
  expect(teams.getRow(1).getCell(2).value).toBe('人数');
  expect(teams.getRow(teams.rowCount).getCell(5).value).toBe(published.n);
  expect(teams.getRow(teams.rowCount).getCell(6).value).toBe(views.v);
  // On screen, the same totals.
  await expect(page.getByTestId('report-total-views')).toHaveText(views.v.toLocaleString('zh-CN'));
  await shot(page, SPEC, '06-report');

  // CSV for other tools: UTF-8 with a BOM, the same header and total.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
  const csvText = readFileSync(await csv.path(), 'utf8');
  expect(csvText.charCodeAt(0)).toBe(0xfeff);
  expect(csvText).toContain('姓名,团队,角色,完成任务数');
  expect(csvText).toContain(`合计,,,${done.n},`);

  // Print / save as PDF: only the report goes on paper.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.ant-layout-sider')).toBeHidden();
  await expect(page.getByText(`${month} 绩效考核报表`)).toBeVisible();
  await shot(page, SPEC, '07-print-view');
  const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  writeFileSync(join(SCREENS, SPEC, 'report.pdf'), pdf);
  await page.emulateMedia({ media: 'screen' });
  db.close();
});

test('a member sees only their own row and report, and records their own leave', async ({ page, demoHost }) => {
  await page.goto(demoHost.url);
  await signInAs(page, '陈思远');
  await switchUser(page, '王小川', 'wxc');
  await page.goto(`${demoHost.origin}/#/workload`);
  await expect(page.getByText('您可以查看自己的工作量')).toBeVisible();
  const rows = page.getByTestId('workload-grid').locator('tr.ant-table-row');
  await expect(rows).toHaveCount(2); // their team, and themselves
  await expect(rows.nth(1)).toContainText('王小川');
  await expect(page.getByRole('tab', { name: '团队视图' })).toHaveCount(0);
  await page.getByRole('tab', { name: '绩效报表' }).click();
  await expect(page.getByTestId('report-people').locator('tr.ant-table-row')).toHaveCount(1);
  await shot(page, SPEC, '08-member-own-row');

  // They record their own leave next Monday–Tuesday, and their capacity that week drops by 16 hours.
  const me = await page.evaluate(() => fetch('/api/call/session.current', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).then((r) => r.json()));
  const myId = (me as { value: { actor: { id: string } } }).value.actor.id;
  const nextWeek = addDays(weekStart(localDate(Date.now())), 7);
  await page.getByRole('tab', { name: '休假与外派' }).click();
  await page.getByRole('button', { name: '登记休假/外派' }).click();
  const dialog = page.getByRole('dialog', { name: '登记休假/外派' });
  await dialog.getByPlaceholder('开始日期').fill(nextWeek);
  await dialog.getByPlaceholder('结束日期').fill(addDays(nextWeek, 1));
  await page.keyboard.press('Enter');
  await dialog.getByLabel('备注').fill('调休');
  await shot(page, SPEC, '09-time-off-form');
  await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(page.getByText('已登记')).toBeVisible();
  await expect(page.locator('.ant-table-row').filter({ hasText: '调休' })).toContainText(`${nextWeek} ～ ${addDays(nextWeek, 1)}`);
  await page.getByRole('tab', { name: '人员负荷' }).click();
  const cell = page.getByTestId(`cell-${myId}-${nextWeek}`);
  await expect(cell).toContainText('/24');
  await shot(page, SPEC, '10-capacity-after-leave');

  // Half days instead: edit the entry, and the capacity follows.
  await page.getByRole('tab', { name: '休假与外派' }).click();
  await page.locator('.ant-table-row').filter({ hasText: '调休' }).getByRole('button', { name: /修改/ }).click();
  const edit = page.getByRole('dialog', { name: '修改' });
  await edit.getByLabel('每个工作日扣减（小时）').fill('4');
  await edit.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(page.locator('.ant-table-row').filter({ hasText: '调休' })).toContainText('4');
  await page.getByRole('tab', { name: '人员负荷' }).click();
  await expect(page.getByTestId(`cell-${myId}-${nextWeek}`)).toContainText('/32');

  // The same screen in English.
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('tab', { name: 'People' })).toBeVisible();
  await expect(page.getByText('You see your own workload')).toBeVisible();
  await shot(page, SPEC, '11-english');
  await page.getByText('中文', { exact: true }).click();
});
