import { expect, pickOption, shot, signInAs, switchUser, test } from './fixtures';

const SPEC = 'foundation';

test('first run: create the first admin, add a person, find them by pinyin, switch language', async ({ page, emptyHost }) => {
  await page.goto(emptyHost.url);

  // First run offers a demo or an empty workspace.
  await expect(page.getByText('欢迎使用融媒项目台')).toBeVisible();
  await shot(page, SPEC, '01-welcome');
  await page.getByLabel('您的姓名').fill('顾明远');
  await page.getByLabel('职务（可选）').fill('中心主任');
  await page.getByRole('button', { name: '创建管理员并进入' }).click();

  // Signed in as the first admin; People & teams lists the ten standard teams.
  await expect(page.getByTestId('current-user')).toContainText('顾明远');
  await expect(page.getByTestId('current-user')).toContainText('管理员');
  await page.getByRole('menuitem', { name: '人员与团队' }).click();
  const teamMenu = page.getByRole('menu', { name: '团队' });
  for (const team of ['直播团队', '文案团队', '短视频团队', '技术研发团队', '摄影摄像团队', '后期剪辑团队', '美编设计团队', '新媒体运营团队', '广播音频团队', '采访记者团队']) {
    await expect(teamMenu.getByText(team, { exact: true })).toBeVisible();
  }
  await shot(page, SPEC, '02-people-empty');

  // Add 张晓明 to the short-video team.
  await page.getByRole('button', { name: '新增人员' }).click();
  const dialog = page.getByRole('dialog', { name: '新增人员' });
  await dialog.getByLabel('姓名').fill('张晓明');
  await dialog.getByLabel('团队').click();
  await pickOption(page, '短视频团队');
  await dialog.getByLabel('职务').fill('短视频编导');
  await dialog.getByLabel('技能').click();
  await page.keyboard.type('短视频剪辑');
  await page.keyboard.press('Enter');
  await dialog.getByLabel('职务').click();
  await shot(page, SPEC, '03-new-person-form');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('已新增 张晓明')).toBeVisible();
  await page.getByRole('button', { name: /新增人员|新建团队/ }).first().waitFor();

  // Find by pinyin initials, then by full pinyin; a non-match shows nothing.
  const search = page.getByPlaceholder('按姓名、拼音、首字母或技能查找');
  await search.fill('zxm');
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('张晓明');
  await expect(rows.first()).toContainText('短视频团队');
  await shot(page, SPEC, '04-found-by-initials');
  await search.fill('zhangxiaoming');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('张晓明');
  await search.fill('qqq');
  await expect(page.getByText('没有找到匹配的人员')).toBeVisible();
  await search.fill('');

  // The team filter counts the new person.
  await teamMenu.getByText('短视频团队', { exact: true }).click();
  await expect(rows).toHaveCount(1);
  await expect(teamMenu.getByRole('menuitem', { name: /短视频团队/ })).toContainText('1');

  // Switch to English and back: the whole UI follows, and the choice survives a reload.
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('heading', { name: 'People & teams' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'My tasks' })).toBeVisible();
  await expect(page.getByTestId('current-user')).toContainText('Admin');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'People & teams' })).toBeVisible();
  await shot(page, SPEC, '05-english');
  await page.getByText('中文', { exact: true }).click();
  await expect(page.getByRole('heading', { name: '人员与团队' })).toBeVisible();
  await shot(page, SPEC, '06-chinese-again');
});

test('a page without the launch token gets nothing', async ({ page, emptyHost }) => {
  const res = await page.goto(emptyHost.origin + '/');
  expect(res?.status()).toBe(403);
  const api = await page.request.post(emptyHost.origin + '/api/call/people.list', { data: {} });
  expect(api.status()).toBe(403);
});

test('demo workspace: all ten teams and their staff; sign in by pinyin; a member cannot add people', async ({ page, demoHost }) => {
  await page.goto(demoHost.url);
  await expect(page.getByText('您是哪位？')).toBeVisible();
  await signInAs(page, '周岚', 'zl');
  await page.getByRole('menuitem', { name: '人员与团队' }).click();
  const teamMenu = page.getByRole('menu', { name: '团队' });
  await expect(teamMenu.getByRole('menuitem')).toHaveCount(11);
  await expect(teamMenu.getByRole('menuitem', { name: /全部团队/ })).toContainText('80');
  await expect(page.locator('.ant-table-tbody tr.ant-table-row')).toHaveCount(50);
  await shot(page, SPEC, '07-demo-people');

  // Switch to a plain member: the staff actions are gone, and the backend refuses anyway.
  await switchUser(page, '王小川', 'wangxiaochuan');
  await page.getByRole('menuitem', { name: '人员与团队' }).click();
  await expect(page.getByRole('button', { name: '新增人员' })).toHaveCount(0);
  const refused = await page.evaluate(async () => {
    const r = await fetch('/api/call/people.create', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: '冒名者', teamId: '01a20f82-0255-70fe-82d5-694ee806f155' }),
    });
    return (await r.json()) as { ok: boolean; error?: { code: string } };
  });
  expect(refused.ok).toBe(false);
  expect(refused.error?.code).toBe('FORBIDDEN');
  await shot(page, SPEC, '08-member-view');
});
