import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const OUT = resolve(ROOT, process.env.CREWDESK_OUT ?? 'dist');
export const SCREENS = join(ROOT, 'tests/e2e/.screens');

export interface Host {
  url: string;
  origin: string;
  dataDir: string;
  /** Opens the app in a fresh browser context (its own session), as a second user would. */
  stop(): Promise<void>;
}

/** Starts the built web host on a free port with a fresh data folder. */
export async function startHost(opts: { demo: boolean; dataDir?: string }): Promise<Host> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'crewdesk-e2e-'));
  const args = [join(OUT, 'main', 'web.cjs'), '--port', '0', '--data', dataDir];
  if (opts.demo) args.push('--demo');
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`web host did not start: ${stderr}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(d.toString());
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    });
    child.on('exit', (code) => fail(new Error(`web host exited (${code}): ${stderr}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        // A host that does not stop within 10 s is a bug worth seeing, not a hung test run.
        const timer = setTimeout(() => {
          console.error('web host did not stop within 10 s of SIGTERM; killing it');
          child.kill('SIGKILL');
        }, 10_000);
        await exited;
        clearTimeout(timer);
      }
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

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
