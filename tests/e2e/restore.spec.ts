import { spawn } from 'node:child_process';
import type { Page } from '@playwright/test';
import { hostCommand } from '../helpers/host';
import { expect, pickOption, shot, signInAs, test } from './fixtures';

const SPEC = 'restore';

/** A call from inside the page (its session cookie), as the renderer makes it. */
async function api(page: Page, name: string, input: unknown): Promise<{ ok: boolean; value?: unknown }> {
  return page.evaluate(
    async ([n, i]) => {
      const res = await fetch(`/api/call/${n}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(i) });
      return (await res.json()) as { ok: boolean; value?: unknown };
    },
    [name, input] as const,
  );
}

test('Settings: restore a backup, then add a person through the UI: reported saved, still there after a reload', async ({ page, emptyHost }) => {
  // A small workspace (an admin and the standard teams) keeps every page light on a loaded machine.
  await page.goto(emptyHost.url);
  expect((await api(page, 'workspace.setup', { mode: 'empty', admin: { name: '周岚', title: '主任' } })).ok).toBe(true);
  await page.reload();
  await signInAs(page, '周岚');
  await page.getByRole('menuitem', { name: '设置' }).click();
  const card = page.getByTestId('backup-card');
  await card.getByRole('button', { name: '立即备份' }).click();
  await expect(page.getByText(/已备份：crewdesk-manual-/)).toBeVisible();

  const reloaded = page.waitForEvent('load');
  const restored = page.waitForResponse((r) => r.url().includes('/api/call/maintenance.restore'));
  await card.locator('tr', { hasText: '手动' }).getByRole('button', { name: '恢复' }).click();
  await page.getByRole('button', { name: '确定恢复' }).click();
  // The success toast shows for 2 s before the page reloads; the answer itself is the state to wait on.
  expect(((await (await restored).json()) as { ok: boolean }).ok).toBe(true);
  await reloaded;
  await expect(page.getByTestId('current-user')).toContainText('周岚', { timeout: 15_000 });

  await page.getByRole('menuitem', { name: '人员与团队' }).click();
  await page.getByRole('button', { name: '新增人员' }).click();
  const dialog = page.getByRole('dialog', { name: '新增人员' });
  await dialog.getByLabel('姓名').fill('恢复后新增');
  await dialog.getByLabel('团队').click();
  await pickOption(page, '短视频团队');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('已新增 恢复后新增')).toBeVisible();
  // Reported saved, and no failure shown (the bug this guards against: "内部错误，未保存任何改动" yet written).
  await expect(page.getByText(/内部错误|操作失败/)).toHaveCount(0);

  await page.reload(); // stays on 人员与团队 (the route is in the address)
  await expect(page.getByTestId('current-user')).toContainText('周岚', { timeout: 15_000 });
  await page.getByPlaceholder('按姓名、拼音、首字母或技能查找').fill('恢复后新增');
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('短视频团队');
  await shot(page, SPEC, '01-saved-after-restore-and-reload');
  // Written exactly once.
  const found = (await api(page, 'people.list', { search: '恢复后新增' })).value as unknown[];
  expect(found).toHaveLength(1);
});

test('a second web host on the same data folder exits with a clear message; the first keeps working', async ({ page, demoHost }) => {
  const { args, env } = hostCommand(demoHost.dataDir);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  const code = await new Promise<number | null>((ok) => child.on('exit', (c) => ok(c)));
  expect(code).toBe(3);
  expect(stdout).not.toMatch(/http:\/\//);
  expect(stderr).toMatch(/正被另一个融媒项目台程序使用/);
  expect(stderr).toMatch(/is in use by another Crewdesk program/);

  await page.goto(demoHost.url);
  await signInAs(page, '周岚');
  const teams = (await api(page, 'teams.list', {})).value as { id: string }[];
  expect((await api(page, 'teams.update', { id: teams[0]!.id, description: '第二个程序未影响' })).ok).toBe(true);
});
