import type { Page } from '@playwright/test';
import { addDays, localDate, weekStart } from '../../shared/time';
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

  // In English.
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('button', { name: 'Fill by rotation' })).toBeVisible();
  await expect(row).toContainText('Approved');
  await shot(page, SPEC, '05-rota-en');
});
