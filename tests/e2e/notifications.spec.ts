import type { Page } from '@playwright/test';
import { localDateTime } from '../../shared/time';
import { addAssignee, card, column, openBoardTask } from './board-helpers';
import { expect, shot, signInAs, switchUser, test } from './fixtures';

const SPEC = 'notifications';
const CONF = '全国县级融媒体发展大会报道';
const TASK = '每日综述稿';

const bell = (page: Page) => page.getByTestId('notification-bell');
const items = (page: Page) => page.getByTestId('notification-list').getByTestId('notification');

test('a convener assigns a task due tomorrow and @mentions a member; the member, in another browser, sees the count and the notifications, opens the task, marks all read', async ({ page, browser, demoHost }) => {
  // The convener at this browser; the member in a second browser (its own session on the same desktop host).
  await page.goto(demoHost.url);
  await signInAs(page, '唐若溪', 'trx');
  const link = await page.evaluate(() => fetch('/api/launch-link', { method: 'POST' }).then((r) => r.json() as Promise<{ url: string }>));
  const memberContext = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
  const member = await memberContext.newPage();
  await member.goto(link.url);
  await signInAs(member, '王小川', 'wxc');

  // The member starts from a clean slate: everything so far read.
  await bell(member).click();
  await member.getByRole('button', { name: '全部已读' }).click();
  await expect(bell(member)).toHaveAttribute('data-count', '0');
  await member.keyboard.press('Escape');

  // The convener assigns 每日综述稿 to 王小川, due in 20 hours, and mentions him in a comment.
  const drawer = await openBoardTask(page, CONF, '待办', TASK);
  await addAssignee(page, drawer, '王小川', 'wxc');
  await expect(drawer.locator('.ant-select').filter({ hasText: '王小川' }).first()).toBeVisible();
  await page.keyboard.press('Escape');
  const due = localDateTime(Date.now() + 20 * 3600_000).slice(0, 16);
  const dueBox = drawer.getByLabel('截止时间');
  await dueBox.click();
  await dueBox.fill(due);
  await dueBox.press('Enter');
  await expect(drawer.getByText('已保存')).toBeVisible();
  const comment = drawer.getByLabel('写评论…');
  await comment.click();
  await comment.pressSequentially('@wxc');
  // Only from a dropdown that has finished opening (a click during its animation is lost).
  await page
    .locator('.ant-mentions-dropdown:visible:not([class*="-appear"]):not([class*="-enter"]):not([class*="-leave"]) .ant-mentions-dropdown-menu-item')
    .filter({ hasText: '王小川' })
    .click();
  await expect(comment).toHaveValue(/@王小川/);
  await comment.pressSequentially('请今晚九点前出稿');
  await drawer.getByRole('button', { name: '发送' }).click();
  // The comment shows the mention as the person's name, stored by id.
  await expect(drawer.getByTestId('mention')).toHaveText('@王小川');
  await shot(page, SPEC, '01-convener-mentions');

  // The member's bell counts them, live, without a reload.
  await expect(bell(member)).not.toHaveAttribute('data-count', '0');
  await bell(member).click();
  const list = items(member);
  await expect(list.filter({ hasText: `唐若溪 把“${TASK}”指派给了您` })).toHaveCount(1);
  await expect(list.filter({ hasText: `唐若溪 在“${TASK}”中 @ 了您` })).toContainText('@王小川 请今晚九点前出稿');
  await expect(list.filter({ hasText: `“${TASK}”将在 24 小时内到期` })).toHaveAttribute('data-read', 'false');
  await shot(member, SPEC, '02-member-bell');

  // Opening one goes to the task on its board and marks it read.
  const unreadBefore = Number(await bell(member).getAttribute('data-count'));
  await list.filter({ hasText: '@ 了您' }).click();
  await expect(member.locator('.task-drawer')).toContainText(TASK);
  await expect(member.locator('.task-drawer').getByTestId('mention')).toHaveText('@王小川');
  await expect(bell(member)).toHaveAttribute('data-count', String(unreadBefore - 1));
  await member.keyboard.press('Escape');

  // Mark all read: the count goes to nothing, and stays so after a reload.
  await bell(member).click();
  await member.getByRole('button', { name: '全部已读' }).click();
  await expect(bell(member)).toHaveAttribute('data-count', '0');
  await expect(items(member).filter({ hasText: '指派给了您' })).toHaveAttribute('data-read', 'true');
  await member.reload();
  await expect(bell(member)).toHaveAttribute('data-count', '0');

  // My tasks: "since you last looked" lists the assignment (made after the member last opened it),
  // under its project; opened again, nothing is new.
  await member.getByRole('menuitem', { name: '我的任务' }).click();
  const since = member.getByTestId('since-last-looked');
  await expect(since).toContainText(CONF);
  await expect(since.getByTestId('since-item').filter({ hasText: `唐若溪 把“${TASK}”指派给了您` })).toHaveCount(1);
  await shot(member, SPEC, '04-since-last-looked');
  await member.reload();
  await expect(since).toContainText('自上次查看以来，您的任务和交付物没有新变化');
  await memberContext.close();
});

test('a member mutes a project and turns a kind off in Settings; the list follows', async ({ page, demoHost }) => {
  await page.goto(demoHost.url);
  await signInAs(page, '王小川', 'wxc');
  await bell(page).click();
  await expect(items(page).filter({ hasText: '已逾期' }).first()).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByRole('menuitem', { name: '设置' }).click();
  const cardBox = page.getByTestId('notifications-card');
  const overdue = cardBox.getByRole('checkbox', { name: '已逾期' });
  await overdue.click();
  await expect(overdue).not.toBeChecked();
  await expect(page.getByText('通知设置已保存').first()).toBeVisible();
  await shot(page, SPEC, '03-settings');
  await bell(page).click();
  await expect(items(page).filter({ hasText: '已逾期' })).toHaveCount(0);
});

test('a convener @mentions a member in a task description: the box shows the name after a reload, the member is notified', async ({ page, demoHost }) => {
  const ROUND_TABLE = '圆桌论坛视频直播';
  await page.goto(demoHost.url);
  await signInAs(page, '唐若溪', 'trx');
  await page.getByRole('menuitem', { name: '项目' }).click();
  await page.getByRole('link', { name: CONF }).first().click();
  await page.getByRole('button', { name: /任务看板/ }).click();
  await card(column(page, '待办'), ROUND_TABLE).click();
  const drawer = page.locator('.task-drawer');
  const description = drawer.getByRole('textbox', { name: '说明' });
  await description.click();
  await description.press('End');
  await description.pressSequentially('请@wxc');
  await page
    .locator('.ant-mentions-dropdown:visible:not([class*="-appear"]):not([class*="-enter"]):not([class*="-leave"]) .ant-mentions-dropdown-menu-item')
    .filter({ hasText: '王小川' })
    .click();
  await description.pressSequentially('确认三号机位');
  // Saved by itself once typing stops.
  await expect(drawer.getByText('已保存')).toBeVisible();
  await expect(description).toHaveValue(/请 ?@王小川 确认三号机位$/);
  await shot(page, SPEC, '05-description-mention');

  // After a reload the box shows the name again (stored by id, not as typed).
  await page.reload();
  await expect(page.locator('.task-drawer').getByRole('textbox', { name: '说明' })).toHaveValue(/请 ?@王小川 确认三号机位$/);
  await expect(page.locator('.task-drawer').getByRole('textbox', { name: '说明' })).not.toHaveValue(/@\{/);

  // The member is told, once.
  await page.keyboard.press('Escape');
  await expect(page.locator('.task-drawer')).toBeHidden();
  await switchUser(page, '王小川', 'wxc');
  await bell(page).click();
  await expect(items(page).filter({ hasText: `唐若溪 在“${ROUND_TABLE}”中 @ 了您` })).toHaveCount(1);
  await shot(page, SPEC, '06-description-mention-bell');
});
