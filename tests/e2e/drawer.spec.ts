import { card, column } from './board-helpers';
import { expect, shot, signInAs, test } from './fixtures';

const SPEC = 'drawer';
const CONF = '全国县级融媒体发展大会报道';

test('the task drawer saves by itself: text survives Esc and a reload, the URL names the card, “已保存” shows', async ({ page, demoHost }) => {
  await page.goto(demoHost.url);
  await signInAs(page, '王小川', 'wxc');
  await page.getByRole('link', { name: '专家讲座短视频金句' }).click();
  await expect(page.getByRole('heading', { name: CONF })).toBeVisible();
  const drawer = page.locator('.task-drawer');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(page).not.toHaveURL(/task=/);

  // Opened from the board: the URL names it.
  await card(column(page, '待办'), '每日综述稿').click();
  await expect(drawer.getByLabel('说明')).toBeVisible();
  await expect(page).toHaveURL(/task=/);

  // Type, then Esc at once: saved on the way out.
  await drawer.getByLabel('说明').fill('每晚 21:00 前发布，附三张现场图');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await card(column(page, '待办'), '每日综述稿').click();
  await expect(drawer.getByLabel('说明')).toHaveValue('每晚 21:00 前发布，附三张现场图');

  // A change of priority saves at once and says so.
  await drawer.getByLabel('优先级').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '紧急' }).click();
  await expect(drawer.getByTestId('drawer-save-state')).toHaveText('已保存');
  await shot(page, SPEC, '01-saved-state');

  // Type in the title and reload before anything could be sent: the text is back, and saved.
  await drawer.getByLabel('任务名称').fill('每日综述稿（含图）');
  await page.reload();
  await expect(drawer.getByLabel('任务名称')).toHaveValue('每日综述稿（含图）');
  await expect(card(column(page, '待办'), '每日综述稿（含图）')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(card(column(page, '待办'), '每日综述稿（含图）')).toContainText('紧急');
  // And after one more reload, from the database itself.
  await page.reload();
  await expect(card(column(page, '待办'), '每日综述稿（含图）')).toBeVisible();
});
