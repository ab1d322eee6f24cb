import { startHub, type RunningHub } from '../../main/hub/server';
import { hasPostgres, startPostgres, type TestPostgres } from '../sync/postgres';
import { expect, pickOption, shot, test } from './fixtures';
import { seedDemoHub } from './hub-seed';

/**
 * On a desktop joined to a hub, who acts is the hub account: switching to someone else asks
 * for their hub password (checked by the hub); a wrong one changes nothing.
 */
const SPEC = 'identity';
const PASSWORD = 'e2e-identity-password';

let pgServer: TestPostgres;
let hub: RunningHub;

test.skip(!hasPostgres() && !process.env.CI, 'PostgreSQL is not installed (apt-get install postgresql)');

test.beforeAll(async () => {
  test.setTimeout(120_000);
  pgServer = await startPostgres();
  const pgUrl = await seedDemoHub(pgServer, 'hub_identity', ['zhoulan', 'wangxiaochuan'], PASSWORD);
  hub = await startHub({ pg: pgUrl, port: 0, insecureHttp: true });
});

test.afterAll(async () => {
  await hub?.close();
  pgServer?.stop();
});

test('switching user on a synced desktop needs the other person’s hub password', async ({ page, emptyHost }) => {
  await page.goto(emptyHost.url);
  const card = page.getByTestId('sync-settings');
  await card.getByLabel('枢纽地址').fill(hub.url);
  await card.getByLabel('登录名').fill('wangxiaochuan');
  await card.getByLabel('枢纽密码').fill(PASSWORD);
  await card.getByRole('button', { name: '连接枢纽' }).click();
  await expect(page.getByTestId('current-user')).toContainText('王小川', { timeout: 20_000 });

  const openSwitch = async (): Promise<void> => {
    await page.getByRole('button', { name: /切换用户|Switch user/ }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('signin-synced')).toBeVisible();
    const box = dialog.getByRole('combobox');
    await box.click();
    await box.fill('周岚');
    await pickOption(page, '周岚');
  };
  await openSwitch();
  const dialog = page.getByRole('dialog');
  const password = dialog.getByLabel('枢纽密码');
  await expect(password).toBeVisible();
  await password.fill('wrong-password');
  await dialog.getByRole('button', { name: /进\s*入/ }).click();
  await expect(dialog.getByRole('alert')).toBeVisible();
  await shot(page, SPEC, '01-hub-password-asked');
  await expect(page.getByTestId('current-user')).toContainText('王小川');

  await password.fill(PASSWORD);
  await dialog.getByRole('button', { name: /进\s*入/ }).click();
  await expect(page.getByTestId('current-user')).toContainText('周岚', { timeout: 20_000 });
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'online');
  await shot(page, SPEC, '02-switched-to-admin');
});
