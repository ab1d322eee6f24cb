import { test as base, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startHost, type Host } from '../helpers/host';

export { startHost, type Host };

const ROOT = resolve(__dirname, '../..');
export const SCREENS = join(ROOT, 'tests/e2e/.screens');

/**
 * Saves a full-page screenshot under tests/e2e/.screens/<spec>/<name>.png for a person to look at.
 * Taken in every run, CI included (a screen nobody looked at is not done); E2E_SHOTS=0 skips them
 * for a quick local loop.
 */
const SHOTS = process.env.E2E_SHOTS !== '0';

export async function shot(page: Page, spec: string, name: string): Promise<void> {
  if (!SHOTS) return;
  const dir = join(SCREENS, spec);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/**
 * A named part of a test (a Playwright step). With E2E_TIMING=1 it also prints how long it took,
 * which is how the time of a slow test is broken down (`E2E_TIMING=1 npx playwright test …`).
 */
export async function phase<T>(name: string, body: () => Promise<T>): Promise<T> {
  return test.step(name, async () => {
    const t0 = Date.now();
    try {
      return await body();
    } finally {
      if (process.env.E2E_TIMING) console.log(`[timing] ${test.info().title.slice(0, 40)} › ${name}: ${Date.now() - t0} ms`);
    }
  });
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
  // The button is enabled once the pick has landed (clicking it before would do nothing).
  const enter = page.getByRole('button', { name: /进入|Enter/ });
  await expect(enter).toBeEnabled();
  await enter.click();
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
