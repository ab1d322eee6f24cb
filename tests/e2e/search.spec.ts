import { expect, shot, signInAs, test } from './fixtures';

const SPEC = 'search';

test('Ctrl+K finds a task by a two-character word and opens it on its board; ↑↓ and Enter, grouped by kind', async ({ page, demoHost }) => {
  await page.goto(demoHost.url);
  await signInAs(page, '王小川', 'wxc');
  await expect(page.getByRole('heading', { name: '王小川 的任务' })).toBeVisible();

  await page.keyboard.press('Control+K');
  const dialog = page.getByRole('dialog', { name: '全局搜索' });
  const box = dialog.getByRole('textbox', { name: '全局搜索' });
  await expect(box).toBeFocused();
  await box.fill('金句');
  const hits = dialog.getByTestId('search-hit');
  await expect(hits.filter({ hasText: '专家讲座短视频金句' })).toHaveCount(1);
  await expect(dialog.getByTestId('search-group').first()).toHaveText('任务');
  await shot(page, SPEC, '01-found-task');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: '全国县级融媒体发展大会报道' })).toBeVisible();
  const drawer = page.locator('.task-drawer');
  await expect(drawer).toContainText('专家讲座短视频金句');
  await expect(page).toHaveURL(/task=/);
  await page.keyboard.press('Escape');

  // One character, several kinds: the header box opens it too; ↓ moves to the next line.
  await page.getByTestId('global-search-open').click();
  await box.fill('会');
  await expect(dialog.getByTestId('search-group').filter({ hasText: '项目' })).toHaveCount(1);
  await expect(dialog.getByTestId('search-group').filter({ hasText: '任务' })).toHaveCount(1);
  const first = hits.first();
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(hits.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(first).toHaveAttribute('aria-selected', 'false');
  await shot(page, SPEC, '02-grouped');

  // A person by pinyin initials opens the people screen on them.
  await box.fill('zl');
  const person = hits.filter({ hasText: '周岚' });
  await expect(person).toHaveCount(1);
  await person.click();
  await expect(page.getByRole('heading', { name: '人员与团队' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: '周岚' })).toHaveCount(1);

  // Nothing found says so.
  await page.keyboard.press('Control+K');
  await box.fill('不存在的词语');
  await expect(dialog.getByText('没有找到“不存在的词语”')).toBeVisible();
});
