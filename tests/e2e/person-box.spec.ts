import type { Page, Route } from '@playwright/test';
import { expect, pickOption, shot, signInAs, test } from './fixtures';

/**
 * “wxc” + Enter, typed at once: the box acts on the list filtered for what was typed, never on
 * an unfiltered one, however slowly the people list answers.
 */
const SPEC = 'person-box';

/** Holds every people.list answer (or only the searched ones) until released. */
async function holdPeopleList(page: Page, which: 'all' | 'searched'): Promise<() => void> {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  await page.route('**/api/call/people.list', async (route: Route) => {
    const body = route.request().postData() ?? '';
    if (which === 'all' || body.includes('"search"')) await gate;
    await route.continue();
  });
  return release;
}

async function typeAndEnter(page: Page): Promise<void> {
  const box = page.getByRole('combobox').first();
  await box.click();
  await page.keyboard.type('wxc');
  await page.keyboard.press('Enter');
}

for (const which of ['all', 'searched'] as const) {
  test(`sign-in: “wxc” + Enter picks 王小川 when ${which === 'all' ? 'the list has not arrived yet (cold)' : 'a search answer would be slow'}`, async ({ page, demoHost }) => {
    const release = await holdPeopleList(page, which);
    await page.goto(demoHost.url);
    await expect(page.getByRole('combobox').first()).toBeVisible();
    await typeAndEnter(page);
    release();
    const enter = page.getByRole('button', { name: /进\s*入/ });
    await expect(page.locator('.ant-select-content, .ant-select-selection-item').first()).toContainText('王小川');
    await expect(enter).toBeEnabled();
    await shot(page, SPEC, `01-picked-${which}`);
    await enter.click();
    await expect(page.getByTestId('current-user')).toContainText('王小川');
  });
}

test('the weekly decision-owner box finds a group member by pinyin initials (“wxc” + Enter)', async ({ page, demoHost }) => {
  await page.goto(demoHost.url);
  await signInAs(page, '周岚', 'zl');
  await page.getByRole('menuitem', { name: '三会' }).click();
  await page.getByRole('button', { name: '新建会议' }).click();
  const dialog = page.getByRole('dialog', { name: '新建会议' });
  await dialog.getByLabel('会议类型').click();
  await pickOption(page, '每周策划会');
  await dialog.getByLabel('标题').fill('第49周策划会');
  await dialog.getByRole('button', { name: /新\s?建/ }).click();
  await page.getByRole('button', { name: '添加选题' }).click();
  const topic = page.getByTestId('topic-1');
  await topic.getByLabel('落实到项目 1').click();
  await pickOption(page, '区第十届运动会融媒报道');
  await topic.getByRole('button', { name: '添加决定事项' }).click();
  await topic.getByLabel('负责人 1-1').click();
  await page.keyboard.type('wxc');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await expect(topic.locator('.ant-select-selection-item').filter({ hasText: '王小川' }).first()).toBeVisible();
  await shot(page, SPEC, '02-decision-owner-by-initials');
});
