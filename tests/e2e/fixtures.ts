import { test as base, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startHost, type Host } from '../helpers/host';

export { startHost, type Host };

const ROOT = resolve(__dirname, '../..');
export const SCREENS = join(ROOT, 'tests/e2e/.screens');

/** Saves a full-page screenshot under tests/e2e/.screens/<spec>/<name>.png for a person to look at. */
export async function shot(page: Page, spec: string, name: string): Promise<void> {
  const dir = join(SCREENS, spec);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** Clicks an option of the open Ant Design select/dropdown by its visible text. */
export async function pickOption(page: Page, text: string | RegExp): Promise<void> {
  // Only a dropdown that has finished its open animation: a click during the animation can be lost.
  const settled = page.locator('.ant-select-dropdown:visible:not([class*="-appear"]):not([class*="-enter"]):not([class*="-leave"])');
  await settled.locator('.ant-select-item-option').filter({ hasText: text }).first().click();
}

/** Picks who you are on the sign-in screen (or via Switch user in the shell). */
export async function signInAs(page: Page, name: string, search?: string): Promise<void> {
  const box = page.getByRole('combobox').first();
  await box.click();
  await box.fill(search ?? name);
  await pickOption(page, name);
  const enter = page.getByRole('button', { name: /进入|Enter/ });
  if (await enter.isVisible()) await enter.click();
  await expect(page.getByTestId('current-user')).toContainText(name);
}

/** Switches the acting user from inside the app. */
export async function switchUser(page: Page, name: string, search?: string): Promise<void> {
  await page.getByRole('button', { name: /切换用户|Switch user/ }).click();
  const dialog = page.getByRole('dialog');
  const box = dialog.getByRole('combobox');
  await box.click();
  await box.fill(search ?? name);
  await pickOption(page, name);
  await expect(page.getByTestId('current-user')).toContainText(name);
}

type Fixtures = { demoHost: Host; emptyHost: Host };

export const test = base.extend<Fixtures>({
  demoHost: async ({}, use) => {
    const h = await startHost({ demo: true });
    await use(h);
    await h.stop();
  },
  emptyHost: async ({}, use) => {
    const h = await startHost({ demo: false });
    await use(h);
    await h.stop();
  },
});

export { expect };
