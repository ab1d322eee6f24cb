import { card, column, moveRightByKeyboard } from './board-helpers';
import { expect, shot, signInAs, test } from './fixtures';

const SPEC = 'live';
const CONF = '全国县级融媒体发展大会报道';

/**
 * Two windows on one board, no reload: what one does shows in the other within a second, both ways
 * (main's change events over Server-Sent Events; the renderer never polls).
 */
test('two tabs on one board: a move and a checklist tick in one show in the other within 1 s', async ({ page, demoHost, context }) => {
  await page.goto(demoHost.url);
  await signInAs(page, '王小川', 'wxc');
  await page.getByRole('link', { name: '专家讲座短视频金句' }).click();
  await expect(page.getByRole('heading', { name: CONF })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.locator('.task-drawer')).toBeHidden();
  const boardUrl = page.url();
  // A mark on the page itself: a reload would wipe it.
  await page.evaluate(() => ((window as unknown as { liveMark: number }).liveMark = 1));

  // The second tab: the same browser, so the same session.
  const other = await context.newPage();
  await other.goto(boardUrl);
  await expect(other.getByRole('heading', { name: CONF })).toBeVisible();
  await expect(card(column(other, '待办'), '每日综述稿')).toBeVisible();

  // A moves a card; B sees it in its new column without a reload.
  await moveRightByKeyboard(page, card(column(page, '待办'), '每日综述稿'), '每日综述稿', '待办', '进行中');
  await expect(card(column(page, '进行中'), '每日综述稿')).toBeVisible();
  await expect(card(column(other, '进行中'), '每日综述稿')).toBeVisible({ timeout: 1000 });
  await expect(card(column(other, '待办'), '每日综述稿')).toHaveCount(0);

  // B ticks a checklist item; A's card shows the new count.
  await card(column(other, '待办'), '专家讲座短视频金句').click();
  const drawer = other.locator('.task-drawer');
  await expect(drawer.getByText('清单 0/3')).toBeVisible();
  await drawer.getByRole('checkbox', { name: '素材挑选' }).click();
  await expect(drawer.getByText('清单 1/3')).toBeVisible();
  await expect(card(column(page, '待办'), '专家讲座短视频金句')).toContainText('1/3', { timeout: 1000 });
  await shot(page, SPEC, '01-tab-a-after-b-ticked');
  await shot(other, SPEC, '02-tab-b-drawer');

  // Nothing was reloaded: the mark is still on the first tab's page.
  expect(await page.evaluate(() => (window as unknown as { liveMark?: number }).liveMark)).toBe(1);
});
