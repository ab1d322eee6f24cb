import pg from 'pg';
import { createBackend } from '../../main/app';
import { openDatabase } from '../../main/db/connection';
import { seedHub } from '../../main/hub/engine';
import type { RunningHub } from '../../main/hub/server';
import { ensureHubSchema, findPerson, openPool, setPassword } from '../../main/hub/store';
import { cleanupTemp, hubTls, startTestHub } from '../sync/harness';
import { hasPostgres, startPostgres, type TestPostgres } from '../sync/postgres';
import { expect, shot, signInAs, startHost, test, type Host } from './fixtures';
import type { Page } from '@playwright/test';

/**
 * Two desktops (two web hosts, each with its own database) and a hub on a real
 * PostgreSQL. One person works while the hub is unreachable, another edits the
 * same record; both reconnect; both screens show both changes.
 */
const SPEC = 'sync';
const PASSWORD = 'e2e-hub-password';

let pgServer: TestPostgres;
let pgUrl: string;
let hub: RunningHub;
let hubPort: number;

// CI installs PostgreSQL (.ci/run); a developer machine without it skips this spec, saying why.
test.skip(!hasPostgres() && !process.env.CI, 'PostgreSQL is not installed (apt-get install postgresql)');

test.beforeAll(async () => {
  test.setTimeout(120_000);
  pgServer = await startPostgres();
  const admin = new pg.Client({ connectionString: pgServer.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE hub_e2e');
  await admin.end();
  pgUrl = pgServer.url('hub_e2e');
  const pool = openPool(pgUrl);
  await ensureHubSchema(pool);
  const db = openDatabase(':memory:');
  const r = await createBackend(db).call('workspace.setup', { mode: 'demo' }, { actorId: null });
  if (!r.ok) throw new Error(r.error.message.en);
  await seedHub(pool, db);
  db.close();
  for (const name of ['周岚', '陈思远', '林晓峰', '王小川']) {
    const p = await findPerson(pool, { login: LOGINS[name]! });
    await setPassword(pool, p!.id, PASSWORD);
  }
  await pool.end();
  hub = await startTestHub(pgUrl); // HTTPS with a certificate made like `npm run hub -- init`
  hubPort = hub.port;
});

test.afterAll(async () => {
  await hub?.close();
  pgServer?.stop();
  cleanupTemp();
});

/** The fingerprint dialog shows the one the admin printed; the person confirms it (pinned from then on). */
async function confirmFingerprint(page: Page): Promise<void> {
  await expect(page.getByTestId('hub-fingerprint')).toHaveText((await hubTls()).fingerprint, { timeout: 20_000 });
  await page.getByRole('button', { name: '指纹一致，继续' }).click();
}

/** Settings → hub address and sign-in, confirming that the hub's data replaces the local demo. */
/** Hub logins of the demo's people (the pinyin of their names). */
const LOGINS: Record<string, string> = { 周岚: 'zhoulan', 陈思远: 'chensiyuan', 林晓峰: 'linxiaofeng', 王小川: 'wangxiaochuan' };

async function connect(page: Page, host: Host, name: string): Promise<void> {
  await page.goto(host.url);
  await signInAs(page, name);
  await expect(page.getByTestId('sync-status')).toContainText('单机使用');
  await page.goto(`${host.origin}/#/settings`);
  const card = page.getByTestId('sync-settings');
  await card.getByLabel('枢纽地址').fill(hub.url);
  await card.getByLabel('登录名').fill(LOGINS[name] ?? name);
  await card.getByLabel('枢纽密码').fill(PASSWORD);
  await card.getByRole('button', { name: '连接枢纽' }).click();
  await confirmFingerprint(page);
  await page.getByRole('button', { name: '替换并连接' }).click();
  await expect(page.getByTestId('current-user')).toContainText(name, { timeout: 20_000 });
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'online');
}

async function openPerson(page: Page, host: Host, person: string): Promise<void> {
  await page.goto(`${host.origin}/#/people`);
  await page.getByPlaceholder('按姓名、拼音、首字母或技能查找').fill(person);
  await expect(page.getByRole('row', { name: new RegExp(person) })).toBeVisible();
}

async function editPerson(page: Page, host: Host, person: string, field: string, value: string): Promise<void> {
  await openPerson(page, host, person);
  await page.getByRole('row', { name: new RegExp(person) }).getByRole('button', { name: /编\s*辑/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(field).fill(value);
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog).toBeHidden();
}

async function syncNow(page: Page): Promise<void> {
  await page.getByTestId('sync-status').click();
  await page.getByRole('button', { name: /立即同步/ }).click();
  await page.keyboard.press('Escape');
}

test('offline edits on two desktops meet at the hub: both screens show both changes', async ({ browser }) => {
  test.setTimeout(240_000); // two connects, each with the fingerprint check; 168 s measured at load 18
  const hostA = await startHost({ demo: true });
  const hostB = await startHost({ demo: true });
  const contexts = [await browser.newContext(), await browser.newContext()];
  try {
    const manager = await contexts[0]!.newPage();
    const admin = await contexts[1]!.newPage();
    await connect(manager, hostA, '陈思远');
    await connect(admin, hostB, '周岚');
    await expect(manager.getByTestId('sync-settings')).toContainText('陈思远');
    await shot(manager, SPEC, '01-connected-settings');

    // The hub goes away (the venue has no network): both keep working.
    await hub.close();
    await editPerson(manager, hostA, '王小川', '职务', '首席记者');
    await editPerson(admin, hostB, '王小川', '每周可用工时', '30');
    await expect(manager.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });
    await expect(manager.locator('.ant-badge-count')).toContainText('1');
    await shot(manager, SPEC, '02-offline-with-pending');

    // The hub is back (a fresh process: it holds no state of its own).
    hub = await startTestHub(pgUrl, hubPort);
    await syncNow(manager);
    await syncNow(admin);
    await syncNow(manager);
    for (const [page, host] of [[manager, hostA], [admin, hostB]] as const) {
      await page.goto(`${host.origin}/#/settings`);
      await openPerson(page, host, '王小川');
      const row = page.getByRole('row', { name: /王小川/ });
      await expect(row).toContainText('首席记者');
      await expect(row.getByRole('cell', { name: '30', exact: true })).toBeVisible();
      await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'online');
    }
    await shot(manager, SPEC, '03-manager-sees-both');
    await shot(admin, SPEC, '04-admin-sees-both');
  } finally {
    // Close the pages first: a host waits for its open connections when it stops.
    for (const c of contexts) await c.close();
    await hostA.stop();
    await hostB.stop();
  }
});

test('a new desktop joins the center from the first-run screen', async ({ page, emptyHost }) => {
  await page.goto(emptyHost.url);
  const card = page.getByTestId('sync-settings');
  await card.getByLabel('枢纽地址').fill(hub.url);
  await card.getByLabel('登录名').fill(LOGINS['王小川']!);
  await card.getByLabel('枢纽密码').fill(PASSWORD);
  await shot(page, SPEC, '05-join-from-welcome');
  await card.getByRole('button', { name: '连接枢纽' }).click();
  await confirmFingerprint(page);
  await expect(page.getByTestId('current-user')).toContainText('王小川', { timeout: 20_000 });
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'online');
  await page.goto(`${emptyHost.origin}/#/people`);
  await expect(page.getByRole('menuitem', { name: /全部团队\s*80/ })).toBeVisible();
  await shot(page, SPEC, '06-joined');
});

// The board scenario: separate rows (checklist items) and separate fields (the task's due
// date) edited on two desktops while the hub is unreachable both survive.
test('a member ticks checklist items offline while the convener changes the due date; both see both', async ({ browser }) => {
  test.setTimeout(180_000);
  const PROJECT = '区第十届运动会融媒报道';
  const TASK = '开幕式直播方案';
  const hostA = await startHost({ demo: true });
  const hostB = await startHost({ demo: true });
  const contexts = [await browser.newContext(), await browser.newContext()];
  const drawerOf = (page: Page) => page.locator('.task-drawer');
  const openTask = async (page: Page, host: Host): Promise<void> => {
    await page.goto(`${host.origin}/#/projects`);
    await page.getByRole('link', { name: PROJECT }).or(page.getByText(PROJECT, { exact: true })).first().click();
    await page.getByRole('button', { name: '任务看板' }).click();
    await expect(page.getByRole('heading', { name: PROJECT })).toBeVisible();
    await page.locator('[data-testid="task-card"]').filter({ hasText: TASK }).click();
    await expect(drawerOf(page).getByRole('checkbox', { name: '机位' })).toBeVisible();
  };
  try {
    const convener = await contexts[0]!.newPage();
    const member = await contexts[1]!.newPage();
    await connect(convener, hostA, '林晓峰');
    await connect(member, hostB, '王小川');
    await openTask(convener, hostA);
    await openTask(member, hostB);
    await expect(drawerOf(member).getByRole('checkbox', { name: '解说' })).not.toBeChecked();
    const dueInput = drawerOf(convener).getByLabel('截止时间');
    const dueBefore = await dueInput.inputValue();

    // The venue has no network: the hub is unreachable for both.
    await hub.close();
    await drawerOf(member).getByRole('checkbox', { name: '解说' }).click();
    await drawerOf(member).getByRole('checkbox', { name: '推流' }).click();
    await expect(drawerOf(member).getByText('清单 3/3')).toBeVisible();
    await shot(member, SPEC, '07-member-ticks-offline');

    const newDue = '2030-06-18 09:30';
    await dueInput.click();
    await dueInput.fill(newDue);
    await dueInput.press('Enter');
    await drawerOf(convener).getByRole('button', { name: '保存' }).click();
    await expect(convener.getByText('已保存').first()).toBeVisible();
    await expect(dueInput).toHaveValue(newDue);
    expect(newDue).not.toBe(dueBefore);
    await expect(convener.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });
    await shot(convener, SPEC, '08-convener-changes-due-offline');

    // Both reconnect.
    for (const page of [member, convener]) {
      await page.keyboard.press('Escape');
      await expect(drawerOf(page)).toBeHidden();
    }
    hub = await startTestHub(pgUrl, hubPort);
    await syncNow(member);
    await syncNow(convener);
    await syncNow(member);
    for (const [page, host, name] of [[convener, hostA, 'convener'], [member, hostB, 'member']] as const) {
      await openTask(page, host);
      const drawer = drawerOf(page);
      for (const item of ['机位', '解说', '推流']) await expect(drawer.getByRole('checkbox', { name: item })).toBeChecked();
      await expect(drawer.getByText('清单 3/3')).toBeVisible();
      await expect(drawer.getByLabel('截止时间')).toHaveValue(newDue);
      await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'online');
      await shot(page, SPEC, `09-${name}-sees-both`);
    }
  } finally {
    for (const c of contexts) await c.close();
    await hostA.stop();
    await hostB.stop();
  }
});
