import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { addDays, localDate } from '../../shared/time';
import { expect, pickOption, shot, signInAs, test } from './fixtures';

const SPEC = 'meetings';
const FIXTURES = resolve(__dirname, '../fixtures');

/** Holds a new meeting of the given kind from the records list; lands on its page. */
async function newMeeting(page: Page, kind: string, title: string): Promise<void> {
  await page.getByRole('menuitem', { name: '三会' }).click();
  await page.getByRole('button', { name: '新建会议' }).click();
  const dialog = page.getByRole('dialog', { name: '新建会议' });
  await dialog.getByLabel('会议类型').click();
  await pickOption(page, kind);
  await dialog.getByLabel('标题').fill(title);
  await dialog.getByRole('button', { name: /新\s?建/ }).click();
  await expect(page.getByRole('heading', { name: new RegExp(title) })).toBeVisible();
}

test('weekly planning meeting: three decisions become tasks on the project board, with a printable task list', async ({ page, demoHost }) => {
  await page.goto(demoHost.url);
  await signInAs(page, '周岚', 'zl');
  await newMeeting(page, '每周策划会', '第48周策划会');

  await page.getByRole('button', { name: '添加选题' }).click();
  const topic = page.getByTestId('topic-1');
  await topic.getByLabel('选题 1').fill('区运会开幕报道');
  await topic.getByLabel('落实到项目 1').click();
  await pickOption(page, '区第十届运动会融媒报道');
  await topic.getByLabel('宣传基调 1').fill('积极昂扬，突出全民健身');
  await topic.getByLabel('选题立意 1').fill('小切口讲运动员背后的青溪故事');
  await topic.getByLabel('推送节奏 1').fill('开幕当天直播，之后每日一条集锦');
  await topic.getByLabel('产品形式 1').click();
  await pickOption(page, '短视频');
  await topic.getByLabel('反响预判（目标阅读/播放量） 客户端 1').fill('100000');

  const decisions = [
    { title: '开幕式直播机位与解说分工', owner: '林晓峰' },
    { title: '赛事快讯模板定稿', owner: '王小川' },
    { title: '首日集锦短视频', owner: '马骁' },
  ];
  for (const [i, d] of decisions.entries()) {
    await topic.getByRole('button', { name: '添加决定事项' }).click();
    await topic.getByLabel(`任务 1-${i + 1}`).fill(d.title);
    await topic.getByLabel(`负责人 1-${i + 1}`).click();
    await pickOption(page, d.owner);
    await page.keyboard.press('Escape');
  }
  await shot(page, SPEC, '01-weekly-topic');
  await topic.getByRole('button', { name: '保存选题' }).click();
  await expect(page.getByText('选题已保存')).toBeVisible();

  await page.getByRole('button', { name: '生成任务清单' }).click();
  await expect(page.getByText('已在项目看板上生成 3 项任务')).toBeVisible();
  const taskRows = page.getByTestId('meeting-tasks').locator('tr.ant-table-row');
  await expect(taskRows).toHaveCount(3);
  for (const d of decisions) {
    const row = taskRows.filter({ hasText: d.title });
    await expect(row).toContainText(d.owner);
    await expect(row).toContainText('区第十届运动会融媒报道');
    await expect(row).toContainText('待办');
  }
  // Each decision is now marked as created, and a second run has nothing to do.
  await expect(topic.getByText('已生成任务')).toHaveCount(3);
  await expect(page.getByRole('button', { name: '生成任务清单' })).toBeDisabled();
  await shot(page, SPEC, '02-weekly-task-list');

  // The printable task list, saved as a PDF the way a person would print it.
  await page.getByRole('button', { name: '打印任务清单' }).click();
  const sheet = page.getByTestId('task-sheet');
  await expect(sheet.getByRole('heading', { name: '每周策划会任务清单' })).toBeVisible();
  for (const d of decisions) await expect(sheet.getByRole('row', { name: new RegExp(d.title) })).toContainText(d.owner);
  await shot(page, SPEC, '03-print-view');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: '打印 / 存为 PDF' })).toBeHidden();
  await expect(page.getByRole('menuitem', { name: '三会' })).toBeHidden();
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(10_000);
  await page.emulateMedia({ media: 'screen' });

  // The tasks on the project's board (the board screen lands from another branch).
  const projectId = await page.evaluate(async () => {
    const r = await fetch('/api/call/meetings.projects', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const body = (await r.json()) as { value: { id: string; name: string }[] };
    return body.value.find((p) => p.name === '区第十届运动会融媒报道')!.id;
  });
  await page.goto(`${demoHost.origin}/#/projects/${projectId}/board`);
  for (const d of decisions) await expect(page.getByText(d.title)).toBeVisible();
  await shot(page, SPEC, '04-board');
});

test('daily pre-editorial meeting: figures by hand and from CSV, expected vs actual, and the dashboard chart', async ({ page, demoHost }) => {
  await page.goto(demoHost.url);
  await signInAs(page, '周岚', 'zl');
  await newMeeting(page, '每日编前会', '今日编前会');

  const review = page.getByTestId('review-table');
  const teaser = review.locator('tr.ant-table-row').filter({ hasText: '预告片' });
  const poster = review.locator('tr.ant-table-row').filter({ hasText: '大会倒计时海报' });
  await expect(teaser).toContainText('5,000,000'); // expected views
  await expect(poster).toContainText('30,000');
  await expect(page.getByLabel('预告片 阅读/播放')).toHaveValue('');

  // By hand, from the keyboard: type, Tab to the next figure, save.
  await page.getByLabel('预告片 阅读/播放').click();
  await page.keyboard.type('123456');
  await page.keyboard.press('Tab');
  await page.keyboard.type('4321');
  await page.keyboard.press('Tab');
  await page.keyboard.type('210');
  await page.keyboard.press('Tab');
  await page.keyboard.type('88');
  const totalBefore = Number((await teaser.locator('td').nth(3).innerText()).replace(/,/g, ''));
  await shot(page, SPEC, '05-daily-grid-typing');
  await page.getByRole('button', { name: '保存数据' }).click();
  await expect(page.getByText('已保存 1 条数据')).toBeVisible();
  await expect(page.getByLabel('预告片 阅读/播放')).toHaveValue('123,456');
  await expect(page.getByLabel('预告片 点赞')).toHaveValue('4,321');
  await expect(teaser.locator('td').nth(3)).toHaveText((totalBefore + 123_456).toLocaleString('zh-CN'));

  // From a platform export (CSV).
  const posterTotalBefore = Number((await poster.locator('td').nth(3).innerText()).replace(/,/g, ''));
  await page.locator('input[type=file]').setInputFiles(resolve(FIXTURES, 'figures-weibo.csv'));
  const dialog = page.getByRole('dialog', { name: /导入平台数据/ });
  await expect(dialog.getByText('检查通过：1 行可以导入')).toBeVisible();
  await shot(page, SPEC, '06-import-preview');
  await dialog.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByText('已导入 1 行数据')).toBeVisible();
  await expect(page.getByLabel('大会倒计时海报 阅读/播放')).toHaveValue('12,000');
  await expect(page.getByLabel('大会倒计时海报 评论')).toHaveValue('56');
  const posterTotal = posterTotalBefore + 12_000;
  await expect(poster.locator('td').nth(3)).toHaveText(posterTotal.toLocaleString('zh-CN'));
  // Expected vs actual, per item and per platform.
  await expect(poster.locator('td').nth(4)).toHaveText(`${Math.round((posterTotal / 30_000) * 100)}%`);
  await expect(page.getByTestId('platform-douyin')).toContainText('预期');
  await expect(page.getByTestId('platform-weibo')).toContainText('微博');
  await shot(page, SPEC, '07-daily-expected-vs-actual');

  // The dashboard of the short-video campaign: expected vs actual on Douyin, in the chart and its table.
  await page.getByRole('menuitem', { name: '三会' }).click();
  await page.getByText('效果看板').click();
  await page.getByLabel('项目').click();
  await pickOption(page, '文旅短视频三部曲');
  const douyin = page.getByTestId('platform-table').locator('tr.ant-table-row').filter({ hasText: '抖音' });
  await expect(douyin).toContainText('5,000,000');
  await expect(douyin).toContainText((totalBefore + 123_456).toLocaleString('zh-CN'));
  const chart = page.getByTestId('chart-platforms').locator('[aria-label]').first();
  await expect(chart).toHaveAttribute('aria-label', new RegExp(`${totalBefore + 123_456}`));
  await expect(chart).toHaveAttribute('aria-label', /5000000/);
  await expect(page.getByTestId('chart-trend').locator('canvas')).toBeVisible();
  await shot(page, SPEC, '08-dashboard');
});

test('a bad CSV shows every row error and writes nothing', async ({ page, demoHost }) => {
  await page.goto(demoHost.url);
  await signInAs(page, '何静怡', 'hjy');
  await newMeeting(page, '每日编前会', '编前会');
  await expect(page.getByLabel('预告片 阅读/播放')).toHaveValue('');

  await page.locator('input[type=file]').setInputFiles(resolve(FIXTURES, 'figures-bad.csv'));
  const dialog = page.getByRole('dialog', { name: /导入平台数据/ });
  await expect(dialog.getByText('文件有 4 处错误，未写入任何数据')).toBeVisible();
  const errors = dialog.getByTestId('import-errors').locator('tr.ant-table-row');
  await expect(errors).toHaveCount(4);
  await expect(errors.nth(0)).toContainText('2平台快手未知平台');
  await expect(errors.nth(1)).toContainText('3阅读/播放量一万不是数字');
  await expect(errors.nth(2)).toContainText('5作品预告片与前面的行重复');
  await expect(errors.nth(3)).toContainText('6作品不存在的作品找不到此平台上已发布的该作品');
  await expect(dialog.getByRole('button', { name: '确认导入' })).toBeDisabled();
  await shot(page, SPEC, '09-bad-import');

  // Even asked directly, main refuses the file as a whole.
  const refused = await page.evaluate(async () => {
    const rows = [
      ['平台', '作品', '阅读/播放量', '点赞', '转发', '评论'],
      ['抖音', '预告片', '500', '5', '5', '5'],
      ['快手', '预告片', '500', '5', '5', '5'],
    ];
    const r = await fetch('/api/call/figures.import', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ fileName: 'x.csv', date: '2026-01-01', rows }),
    });
    return (await r.json()) as { ok: boolean; error?: { code: string } };
  });
  expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

  await dialog.getByRole('button', { name: /取\s?消/ }).click();
  await page.reload();
  await expect(page.getByLabel('预告片 阅读/播放')).toHaveValue('');
  await expect(page.getByLabel('大会倒计时海报 阅读/播放')).toHaveValue('');
});

test('monthly committee item becomes a proposed project; past records are searchable', async ({ page, demoHost }) => {
  await page.goto(demoHost.url);
  await signInAs(page, '陈思远', 'csy');
  await newMeeting(page, '每月编委会', '十二月编委会');
  await page.getByLabel('议题名称').fill('冬季冰雪文旅推介');
  await page.getByLabel('内容说明').fill('围绕青溪冰雪节做全平台系列报道');
  await page.getByRole('button', { name: '添加议题' }).click();
  await expect(page.getByText('冬季冰雪文旅推介')).toBeVisible();
  await page.getByRole('button', { name: '转为项目' }).click();
  const dialog = page.getByRole('dialog', { name: '由议题提议项目' });
  await dialog.getByLabel('召集人').click();
  await page.keyboard.type('suyuqing');
  await pickOption(page, '苏雨晴');
  await dialog.getByRole('button', { name: /新\s?建/ }).click();
  await expect(page.getByText('已提议项目“冬季冰雪文旅推介”')).toBeVisible();
  await expect(page.getByText('已转为项目')).toBeVisible();
  await shot(page, SPEC, '10-monthly');

  // Past records are searchable by what was said in them.
  await page.getByRole('button', { name: '返回会议列表' }).click();
  await page.getByPlaceholder('搜索往期记录：标题、议题、纪要').fill('冰雪节');
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('十二月编委会');
  await expect(rows.first()).toContainText('匹配：冬季冰雪文旅推介');
});

// A test of its own (the monthly flow above is long enough on a loaded machine).
test('recurring meetings create their records; calendar drag reschedules', async ({ page, demoHost }) => {
  await page.goto(`${demoHost.url}#/meetings`);
  await signInAs(page, '陈思远', 'csy');
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');

  // A weekly series with rotating chairs creates its records.
  await page.getByText('例会设置').click();
  await page.getByRole('button', { name: '设立例会' }).click();
  const sdialog = page.getByRole('dialog', { name: '设立例会' });
  await sdialog.getByLabel('标题').fill('周一策划会');
  await sdialog.getByLabel('首次日期').click();
  await sdialog.getByLabel('首次日期').fill(new Date(Date.now() + 8 * 3600_000 - 14 * 86_400_000).toISOString().slice(0, 10));
  await page.keyboard.press('Enter');
  for (const [name, q] of [['陈思远', 'chensiyuan'], ['何静怡', 'hejingyi']] as const) {
    await sdialog.getByLabel('轮值主持（按顺序轮流）').click();
    await page.keyboard.type(q);
    await pickOption(page, name);
  }
  // The people list stays open for the next pick (and clears its text); done picking, move on.
  await sdialog.getByLabel('标题').click();
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await sdialog.getByRole('button', { name: /新\s?建/ }).click();
  await expect(page.getByText('陈思远 → 何静怡')).toBeVisible();
  await page.getByText('会议记录').click();
  await page.getByPlaceholder('搜索往期记录：标题、议题、纪要').fill('');
  await expect(page.getByText('有 3 次例会尚未生成记录')).toBeVisible();
  await page.getByRole('button', { name: '生成记录' }).click();
  await expect(page.getByText('已生成 3 条会议记录')).toBeVisible();
  await expect(rows.filter({ hasText: '周一策划会' })).toHaveCount(3);
  await shot(page, SPEC, '11-records');

  // Editorial calendar: drag a planned item to the next day.
  await page.getByText('编辑日历').click();
  await page.getByLabel('项目').click();
  await pickOption(page, '全国县级融媒体发展大会报道');
  const card = page.locator('[data-testid^="cal-"]').filter({ hasText: '开幕式图文快讯' });
  // The demo dates the item three days from today in Shanghai: from Friday on that is next week.
  const due = addDays(localDate(Date.now()), 3);
  await expect(page.getByTestId(`day-${localDate(Date.now())}`)).toBeVisible(); // this week is on screen
  if (!(await page.getByTestId(`day-${due}`).isVisible())) await page.getByRole('button', { name: '下一页' }).click();
  await expect(page.getByTestId(`day-${due}`)).toBeVisible();
  await expect(card).toBeVisible();
  const from = await card.locator('xpath=ancestor::*[starts-with(@data-testid, "day-")]').getAttribute('data-testid');
  const fromDate = from!.slice(4);
  const next = new Date(Date.parse(`${fromDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  // The item on a Sunday: the next day is in the next week, so switch the calendar to the month
  // (the demo's dates follow today in Shanghai; after 16:00 UTC that is already tomorrow).
  if (new Date(`${fromDate}T00:00:00Z`).getUTCDay() === 0) {
    await page.locator('.ant-segmented-item').filter({ hasText: /^月$/ }).click();
    await expect(page.getByTestId(`day-${next}`)).toBeVisible();
  }
  await shot(page, SPEC, '12-calendar-before');
  const box = (await card.boundingBox())!;
  const target = (await page.getByTestId(`day-${next}`).boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 10, box.y + box.height / 2, { steps: 3 });
  await page.mouse.move(target.x + target.width / 2, target.y + 60, { steps: 12 });
  await page.mouse.up();
  await expect(page.getByText(`“开幕式图文快讯”已改到 ${next}`)).toBeVisible();
  await expect(page.getByTestId(`day-${next}`)).toContainText('开幕式图文快讯');
  await shot(page, SPEC, '13-calendar-after');
});
