import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { addDays, localDate, weekStart } from '../../shared/time';
import { addAssignee, card, column, openBoardTask } from './board-helpers';
import { expect, pickOption, shot, signInAs, switchUser, test } from './fixtures';

const SPEC = 'planning';

const cell = (page: Page, date: string, shift: string) => page.locator(`[data-testid="rota-cell"][data-date="${date}"][data-shift="${shift}"]`);

async function pickPeople(page: Page, box: ReturnType<Page['getByLabel']>, people: [string, string][]): Promise<void> {
  for (const [name, search] of people) {
    await box.click();
    await box.fill(search);
    await pickOption(page, name);
    await expect(page.locator('.ant-select-selection-item').filter({ hasText: name }).first()).toBeVisible();
  }
}

test('a manager builds next week’s rota by rotation; a member asks to swap a shift and the manager approves it', async ({ page, demoHost }) => {
  const nextMonday = addDays(weekStart(localDate(Date.now())), 7);
  await page.goto(demoHost.url);
  await signInAs(page, '陈思远', 'csy');
  await page.getByRole('menuitem', { name: '值班表' }).click();
  // This week is planned by the demo: today's 值班主编 is one of the two deputies.
  await expect(page.getByTestId('rota-shift-head').filter({ hasText: '值班主编' }).first()).toBeVisible();
  await expect(cell(page, localDate(Date.now()), '值班主编')).toContainText(/陈思远|何静怡/);
  await page.getByRole('button', { name: '下一段' }).click();
  await expect(page.getByTestId('rota-range')).toContainText(nextMonday);
  await expect(cell(page, nextMonday, '晚班')).toHaveText('—');

  // 轮换排班: 晚班, Monday to Friday, 王小川 then 宋可欣 in turn.
  await page.getByRole('button', { name: '轮换排班' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('班次').click();
  await pickOption(page, '晚班');
  await pickPeople(page, dialog.getByLabel('轮值人员（按顺序轮换）'), [['王小川', 'wxc'], ['宋可欣', 'skx']]);
  await page.keyboard.press('Escape');
  await dialog.getByRole('checkbox', { name: '周六' }).uncheck();
  await dialog.getByRole('checkbox', { name: '周日' }).uncheck();
  await expect(dialog.getByTestId('rota-fill-preview')).toContainText(`${nextMonday.slice(5)} 王小川；${addDays(nextMonday, 1).slice(5)} 宋可欣`);
  await shot(page, SPEC, '01-fill-dialog');
  await dialog.getByRole('button', { name: /确\s?定|OK/ }).click();
  await expect(page.getByText('已排 5 天')).toBeVisible();
  await expect(cell(page, nextMonday, '晚班')).toContainText('王小川');
  await expect(cell(page, addDays(nextMonday, 1), '晚班')).toContainText('宋可欣');
  await expect(cell(page, addDays(nextMonday, 4), '晚班')).toContainText('王小川');
  await expect(cell(page, addDays(nextMonday, 5), '晚班')).toHaveText('—');
  await shot(page, SPEC, '02-rota-next-week');

  // 王小川 asks 马骁 to take his Monday 晚班.
  await switchUser(page, '王小川', 'wxc');
  await page.getByRole('menuitem', { name: '值班表' }).click();
  await page.getByRole('button', { name: '下一段' }).click();
  await cell(page, nextMonday, '晚班').getByRole('button', { name: '换班' }).click();
  const ask = page.getByRole('dialog');
  await ask.getByLabel('请哪位同事代班').click();
  await ask.getByLabel('请哪位同事代班').fill('mx');
  await pickOption(page, '马骁');
  await ask.getByLabel('理由').fill('当晚要去市台参加培训');
  await ask.getByRole('button', { name: /确\s?定|OK/ }).click();
  await expect(page.getByText('换班申请已提交')).toBeVisible();
  const swaps = page.getByTestId('rota-swaps');
  await expect(swaps.getByTestId('rota-swap').filter({ hasText: '王小川 → 马骁' })).toContainText('待审批');
  await expect(swaps).toContainText('当晚要去市台参加培训');
  await shot(page, SPEC, '03-swap-asked');

  // The manager approves; the rota shows 马骁 on that shift.
  await switchUser(page, '陈思远', 'csy');
  await page.getByRole('menuitem', { name: '值班表' }).click();
  await page.getByRole('button', { name: '下一段' }).click();
  const row = page.getByTestId('rota-swap').filter({ hasText: '王小川 → 马骁' });
  await row.getByRole('button', { name: '批准', exact: true }).click();
  await page.getByRole('dialog').getByLabel('批注（可选）').fill('同意，已通知马骁');
  await page.getByRole('dialog').getByRole('button', { name: /确\s?定|OK/ }).click();
  await expect(row).toContainText('已批准');
  await expect(cell(page, nextMonday, '晚班')).toContainText('马骁');
  await expect(cell(page, nextMonday, '晚班')).not.toContainText('王小川');
  await shot(page, SPEC, '04-swap-approved');

  // The shifts count in the workload: 宋可欣's Tuesday and Thursday 晚班 next week.
  await page.getByRole('menuitem', { name: '工作量' }).click();
  await page.getByRole('button', { name: new RegExp(`^宋可欣 ${nextMonday}`) }).click();
  await expect(page.getByTestId('drawer-duty')).toContainText(`${addDays(nextMonday, 1).slice(5)} 晚班、${addDays(nextMonday, 3).slice(5)} 晚班`);
  await shot(page, SPEC, '04b-duty-in-workload');
  await page.keyboard.press('Escape');
  await page.getByRole('menuitem', { name: '值班表' }).click();
  await page.getByRole('button', { name: '下一段' }).click();

  // In English.
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('button', { name: 'Fill by rotation' })).toBeVisible();
  await expect(row).toContainText('Approved');
  await shot(page, SPEC, '05-rota-en');
});

/** A 120-person roster as a center keeps it in Excel (fictional names), staff numbers 2027001…; `badTeam` spoils one row's team. */
async function rosterXlsx(badLine: number | null): Promise<Buffer> {
  const surnames = ['欧阳', '司马', '上官', '诸葛', '东方', '慕容', '皇甫', '公孙', '令狐', '尉迟', '长孙', '宇文'];
  const given = ['春晓', '秋岚', '远帆', '听雨', '望舒', '清和', '若水', '知行', '明川', '一诺'];
  const teams = ['直播团队', '文案团队', '短视频团队', '技术研发团队', '摄影摄像团队', '后期剪辑团队', '美编设计团队', '新媒体运营团队', '广播音频团队', '采访记者团队'];
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('花名册');
  sheet.addRow(['工号', '姓名', '部门', '岗位', '技能', '周工时']);
  for (let i = 0; i < 120; i++) {
    const line = i + 2;
    sheet.addRow([
      `2027${String(i + 1).padStart(3, '0')}`,
      `${surnames[i % 12]}${given[Math.floor(i / 12)]}`,
      line === badLine ? '舞美团队' : teams[i % 10],
      i % 10 === 0 ? '主播' : '编辑',
      i % 3 === 0 ? '剪辑、航拍' : '文案',
      i % 4 === 0 ? 32 : 40,
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('an admin imports a 120-person roster from .xlsx: a bad row is named and nothing written; the fixed file imports', async ({ page, demoHost }) => {
  await page.goto(demoHost.url);
  await signInAs(page, '周岚', 'zl');
  await page.getByRole('menuitem', { name: '人员与团队' }).click();
  await expect(page.getByRole('menuitem', { name: /全部团队\s*80/ })).toBeVisible();
  await page.getByRole('button', { name: '导入花名册' }).click();
  const dialog = page.getByRole('dialog');
  const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  await dialog.locator('input[type="file"]').setInputFiles({ name: '花名册2027.xlsx', mimeType: xlsx, buffer: await rosterXlsx(57) });

  // The header's names are understood: 部门 is the team, 岗位 the title, 周工时 the capacity.
  const mapping = dialog.getByTestId('roster-mapping');
  await expect(mapping.getByLabel('团队')).toBeVisible();
  await expect(mapping.locator('.ant-form-item').filter({ hasText: '团队' }).first()).toContainText('第 3 列：部门');
  await expect(mapping.locator('.ant-form-item').filter({ hasText: '系统角色' })).toContainText('（不导入）');
  await shot(page, SPEC, '06-roster-mapping');
  await dialog.getByRole('button', { name: '下一步' }).click();

  await expect(dialog.getByTestId('roster-summary')).toContainText('1 行有错误，未写入任何数据');
  const preview = dialog.getByTestId('roster-preview');
  await expect(preview.getByRole('row', { name: /^57/ })).toContainText('没有名为“舞美团队”的团队');
  await expect(dialog.getByRole('button', { name: '导入', exact: true })).toBeDisabled();
  await shot(page, SPEC, '07-roster-bad-row');

  // The fixed file: 120 new people.
  await dialog.getByRole('button', { name: '重新选择文件' }).click();
  await dialog.locator('input[type="file"]').setInputFiles({ name: '花名册2027-改.xlsx', mimeType: xlsx, buffer: await rosterXlsx(null) });
  await dialog.getByRole('button', { name: '下一步' }).click();
  await expect(dialog.getByTestId('roster-summary')).toContainText('可以导入：新增 120 人，更新 0 人，0 人不变');
  await shot(page, SPEC, '08-roster-ready');
  await dialog.getByRole('button', { name: '导入', exact: true }).click();
  await expect(page.getByText('已导入：新增 120 人，更新 0 人，0 人不变')).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('menuitem', { name: /全部团队\s*200/ })).toBeVisible();
  await page.getByLabel('按姓名、拼音、首字母或技能查找').fill('oyyn');
  const row = page.getByRole('row', { name: /欧阳一诺/ });
  await expect(row).toContainText('编辑');
  await expect(row).toContainText('剪辑');
  await shot(page, SPEC, '09-roster-imported');

  // In English, the import dialog speaks English.
  await page.getByText('English', { exact: true }).click();
  await page.getByRole('button', { name: 'Import roster' }).click();
  await expect(page.getByRole('dialog')).toContainText('Click or drop a roster file');
  await shot(page, SPEC, '10-roster-import-en');
});

test('a member declines a task given to them, with a reason; the convener sees it on the card, in the task and in the bell', async ({ page, demoHost }) => {
  const CONF = '全国县级融媒体发展大会报道';
  const TASK = '每日综述稿';
  await page.goto(demoHost.url);
  await signInAs(page, '唐若溪', 'trx');
  const drawer = await openBoardTask(page, CONF, '待办', TASK);
  await addAssignee(page, drawer, '王小川', 'wxc');
  await page.keyboard.press('Escape');
  await expect(drawer.getByText('已保存')).toBeVisible();
  // The new assignee has not answered yet: the card and the task say so.
  await expect(drawer.getByTestId('assignment-answer').filter({ hasText: '王小川' })).toContainText('待确认');
  // Out of the people box (which keeps Esc for itself), then Esc closes the drawer. The box's list
  // may still be closing when the first Esc arrives (it then takes it): press again until the drawer goes.
  await drawer.getByLabel('任务名称').click();
  await expect(async () => {
    await page.keyboard.press('Escape');
    await expect(drawer).toBeHidden({ timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  await expect(card(column(page, '待办'), TASK).getByTestId('card-pending')).toHaveText('1 人待确认');

  // 王小川 opens it from his bell and declines, saying why.
  await switchUser(page, '王小川', 'wxc');
  await page.getByTestId('notification-bell').click();
  await page.getByTestId('notification-list').getByTestId('notification').filter({ hasText: `把“${TASK}”指派给了您` }).first().click();
  const mine = page.locator('.task-drawer').getByTestId('assignment-panel');
  await expect(mine).toContainText('此任务派给了您，请确认是否接手');
  await shot(page, SPEC, '11-assignment-pending');
  await mine.getByRole('button', { name: '婉拒' }).click();
  const ask = page.getByRole('dialog', { name: `婉拒“${TASK}”` });
  await ask.getByLabel('婉拒理由（必填）').fill('当晚在市台值班，赶不上截稿');
  await ask.getByRole('button', { name: '婉拒' }).click();
  await expect(mine).toContainText('您已婉拒：当晚在市台值班，赶不上截稿');
  await shot(page, SPEC, '12-assignment-declined');
  // The button that opened the dialog is gone; the focus is back in the drawer, so Esc closes it.
  await expect(page.locator('.task-drawer :focus')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(page.locator('.task-drawer')).toBeHidden();

  // The convener: notified with the reason; the card shows the decline.
  await switchUser(page, '唐若溪', 'trx');
  await page.getByTestId('notification-bell').click();
  const n = page.getByTestId('notification-list').getByTestId('notification').filter({ hasText: `王小川 婉拒了任务“${TASK}”` });
  await expect(n).toContainText('当晚在市台值班，赶不上截稿');
  await shot(page, SPEC, '13-convener-notified');
  await n.click();
  await expect(page.locator('.task-drawer').getByTestId('assignment-answer').filter({ hasText: '王小川' })).toContainText('已婉拒：当晚在市台值班');
  await page.keyboard.press('Escape');
  await expect(page.locator('.task-drawer')).toBeHidden();
  await expect(card(column(page, '待办'), TASK).getByTestId('card-declined')).toHaveText('1 人婉拒');
  await shot(page, SPEC, '14-card-declined');
});

test('a convener books the live kit and the van for a project and a second project’s booking of the same kit shows the clash', async ({ page, demoHost }) => {
  const today = localDate(Date.now());
  const day = addDays(today, 4);
  const nextWeek = weekStart(day) !== weekStart(today);
  await page.goto(demoHost.url);
  await signInAs(page, '林晓峰', 'lxf');
  await page.getByRole('link', { name: '2027青溪新春大直播' }).click();
  const card = page.getByTestId('project-gear');
  await expect(card).toContainText('这个项目还没有预约设备');

  const book = async (items: [string, string][], from: string, to: string, project?: string) => {
    const dialog = page.getByRole('dialog');
    const box = dialog.getByLabel('设备', { exact: true });
    for (const [item, search] of items) {
      await box.click();
      await box.fill(search);
      await pickOption(page, item);
    }
    await page.keyboard.press('Escape');
    if (project) {
      await dialog.getByLabel('项目', { exact: true }).click();
      await pickOption(page, project);
    }
    for (const [label, value] of [['开始时间', from], ['结束时间', to]] as const) {
      const time = dialog.getByLabel(label);
      await time.click();
      await time.fill(`${day} ${value}`);
      await time.press('Enter');
    }
    await dialog.getByRole('button', { name: '预约设备' }).click();
  };

  // From the project's overview: the live kit and the van together, 09:00–18:00.
  await card.getByRole('button', { name: '预约设备' }).click();
  await expect(page.getByRole('dialog', { name: '为“2027青溪新春大直播”预约' })).toBeVisible();
  await book([['直播包一号', '直播包一'], ['采访车（青A·0321）', '采访车']], '09:00', '18:00');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  const slot = `${day.slice(5)} 09:00–${day.slice(5)} 18:00`;
  await expect(card.getByTestId('project-gear-row').filter({ hasText: '直播包一号' })).toContainText(slot);
  await expect(card.getByTestId('project-gear-row').filter({ hasText: '采访车（青A·0321）' })).toContainText(slot);
  await card.scrollIntoViewIfNeeded();
  await shot(page, SPEC, '09-project-gear');

  // The same kit that afternoon for the sports-games coverage: refused, naming who has it and when.
  await card.getByRole('button', { name: '资源日历' }).click();
  await expect(page.getByRole('heading', { name: '资源日历' })).toBeVisible();
  await page.getByRole('button', { name: '预约设备' }).click();
  await book([['直播包一号', '直播包一']], '14:00', '20:00', '区第十届运动会融媒报道');
  await expect(page.getByText(`“直播包一号”共 1 台，已被“2027青溪新春大直播”（${slot}，1 台）预约，这段时间余 0 台`).first()).toBeVisible();
  await expect(page.getByRole('dialog')).toBeVisible(); // kept, with what was typed
  // … and the dialog names it before OK too, by the same rule (shared/gear.ts).
  await expect(page.getByTestId('gear-book-warning')).toContainText(`“直播包一号”已被“2027青溪新春大直播”（${slot}）预约，这段时间余 0 台`);
  await shot(page, SPEC, '09b-gear-clash');
  await page.getByRole('dialog').getByRole('button', { name: /取\s?消/ }).click();

  // The calendar: both bars on their rows; the week switches by keyboard.
  await page.getByTestId('gear-calendar').focus();
  if (nextWeek) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('gear-range')).toContainText(weekStart(day));
  await expect(page.getByTestId('gear-calendar')).toHaveAttribute('data-week', weekStart(day));
  for (const item of ['直播包一号', '采访车（青A·0321）']) {
    await expect(page.locator(`[data-testid="gear-row"][data-item="${item}"] [data-testid="gear-bar"][data-project="2027青溪新春大直播"]`)).toBeVisible();
  }
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('gear-range')).toContainText(addDays(weekStart(day), -7));
  await page.keyboard.press(nextWeek ? 'ArrowRight' : 'Home');
  await expect(page.getByTestId('gear-range')).toContainText(weekStart(day));
  await shot(page, SPEC, '10-gear-calendar-zh');
  await page.getByText('English', { exact: true }).first().click();
  await expect(page.getByRole('heading', { name: 'Resource calendar' })).toBeVisible();
  await expect(page.locator('[data-testid="gear-kind"][data-kind="live_kit"]')).toContainText('Live kit');
  await shot(page, SPEC, '11-gear-calendar-en');
});

test('the timeline shows the season’s projects; a task dragged past its dependent’s start shows the conflict, and the keyboard moves it back', async ({ page, demoHost }) => {
  await page.goto(demoHost.url);
  await signInAs(page, '林晓峰', 'lxf');
  await page.getByRole('menuitem', { name: '时间线' }).click();
  await expect(page.getByRole('heading', { name: '项目时间线' })).toBeVisible();
  const season = page.getByTestId('timeline-season');
  const row = (name: string) => season.locator(`[data-testid="timeline-project"][data-project="${name}"]`);
  // Running projects as bars with their key dates; the proposed year-end H5 drawn as tentative.
  await expect(row('2027青溪新春大直播')).toHaveAttribute('data-tentative', 'no');
  await expect(row('2027青溪新春大直播').getByTestId('timeline-milestone')).toHaveCount(2);
  await expect(row('年终盘点H5《青溪这一年》')).toHaveAttribute('data-tentative', 'yes');
  await expect(row('年终盘点H5《青溪这一年》').getByTestId('timeline-project-bar')).toContainText('暂定');
  await expect(row('全国县级融媒体发展大会报道')).toBeVisible();
  await shot(page, SPEC, '12-timeline-season-zh');
  // Months, and paging by keyboard.
  await page.getByText('月', { exact: true }).click();
  await expect(season).toHaveAttribute('data-scale', 'month');
  await expect(row('2027青溪新春大直播')).toBeVisible();
  await shot(page, SPEC, '12b-timeline-season-months');
  const monthFrom = await season.getAttribute('data-from');
  await season.focus();
  await page.keyboard.press('ArrowRight');
  await expect(season).not.toHaveAttribute('data-from', monthFrom!);
  await page.keyboard.press('Home');
  await expect(season).toHaveAttribute('data-from', monthFrom!);
  await expect(row('2027青溪新春大直播')).toBeVisible();

  // Into the project: 机位图与摄像分工 waits for 5G传输链路测试 (due three days earlier: no conflict yet).
  await row('2027青溪新春大直播').getByRole('link', { name: '2027青溪新春大直播' }).click();
  await expect(page.getByTestId('timeline-project-page')).toBeVisible();
  const bar = (title: string) => page.locator(`[data-testid="timeline-task-bar"][data-task="${title}"]`);
  await expect(bar('5G传输链路测试')).toBeVisible();
  await page.getByRole('button', { name: '依赖：机位图与摄像分工' }).click();
  const dialog = page.getByRole('dialog', { name: '“机位图与摄像分工”的前置任务' });
  await expect(dialog.getByTestId('timeline-predecessors')).toContainText('还没有前置任务');
  await dialog.getByLabel('前置任务').click();
  await dialog.getByLabel('前置任务').fill('5G');
  await pickOption(page, '5G传输链路测试');
  await dialog.getByRole('button', { name: '添加前置任务' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.locator('[data-testid="timeline-task"][data-task="机位图与摄像分工"]')).toContainText('在 5G传输链路测试 之后');
  await expect(page.getByTestId('timeline-dependency-line')).toHaveCount(1);
  await expect(bar('机位图与摄像分工')).toHaveAttribute('data-conflict', 'no');
  await expect(page.getByTestId('timeline-conflicts')).toHaveCount(0);

  // Drag 5G传输链路测试 four days later: while it is held the dependent's conflict shows; dropped, it stays.
  const grid = page.getByTestId('timeline-tasks');
  const days = Number(await grid.getAttribute('data-days'));
  const track = await bar('5G传输链路测试').locator('..').boundingBox();
  const box = await bar('5G传输链路测试').boundingBox();
  const dayW = track!.width / days;
  const due0 = (await bar('5G传输链路测试').getAttribute('data-due'))!;
  const x = box!.x + box!.width / 2;
  const y = box!.y + box!.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dayW * 2, y, { steps: 4 });
  await page.mouse.move(x + dayW * 4, y, { steps: 4 });
  await expect(bar('5G传输链路测试')).toHaveAttribute('data-due', addDays(due0, 4));
  await expect(page.getByTestId('timeline-conflicts')).toContainText('这样改会冲突');
  await expect(bar('机位图与摄像分工')).toHaveAttribute('data-conflict', 'yes');
  await shot(page, SPEC, '13-timeline-drag-preview');
  await page.mouse.up();
  await expect(page.getByText(`“5G传输链路测试”已改到`)).toBeVisible();
  await expect(page.getByTestId('timeline-conflicts')).toContainText('依赖冲突');
  await expect(page.getByTestId('timeline-conflict')).toContainText('“机位图与摄像分工”');
  await expect(page.getByTestId('timeline-conflict')).toContainText('前置任务“5G传输链路测试”');
  await expect(bar('机位图与摄像分工')).toHaveAttribute('data-conflict', 'yes');
  await expect(bar('5G传输链路测试')).toHaveAttribute('data-due', addDays(due0, 4));
  await shot(page, SPEC, '14-timeline-conflict-zh');

  // By keyboard, like the board: Space picks it up, ← four times, Space drops — the conflict is gone.
  await bar('5G传输链路测试').focus();
  await page.keyboard.press('Space');
  await expect(bar('5G传输链路测试')).toHaveAttribute('data-moving', 'yes');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
  await expect(bar('5G传输链路测试')).toHaveAttribute('data-due', due0);
  await expect(page.getByTestId('timeline-conflicts')).toHaveCount(0);
  await page.keyboard.press('Space');
  await expect(bar('5G传输链路测试')).toHaveAttribute('data-moving', 'no');
  await expect(page.getByTestId('timeline-announce')).toContainText('已放下');
  await expect(bar('机位图与摄像分工')).toHaveAttribute('data-conflict', 'no');
  await page.reload();
  await expect(bar('5G传输链路测试')).toHaveAttribute('data-due', due0);
  await expect(page.getByTestId('timeline-dependency-line')).toHaveCount(1);

  // English: the same timeline, the conflict worded in English.
  await page.getByText('English', { exact: true }).first().click();
  await bar('5G传输链路测试').focus();
  await page.keyboard.press('Space');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('timeline-conflicts')).toContainText('This would conflict');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('timeline-conflicts')).toContainText('Dependency conflicts');
  await expect(page.getByTestId('timeline-conflict')).toContainText('“机位图与摄像分工” starts');
  await shot(page, SPEC, '15-timeline-conflict-en');
  await page.getByRole('button', { name: 'Back to the project timeline' }).click();
  await expect(page.getByRole('heading', { name: 'Project timeline' })).toBeVisible();
  await expect(row('年终盘点H5《青溪这一年》').getByTestId('timeline-project-bar')).toContainText('Tentative');
  await shot(page, SPEC, '16-timeline-season-en');
});
