import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, shot, signInAs, startHost, test } from './fixtures';

const SPEC = 'maintenance';

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

test('Settings: back up now, then restore that backup; the later change is gone and the old database is kept', async ({ page, demoHost }) => {
  await page.goto(demoHost.url);
  await signInAs(page, '周岚');
  await page.getByRole('menuitem', { name: '设置' }).click();
  const card = page.getByTestId('backup-card');
  await expect(card.getByText('备份与恢复')).toBeVisible();
  // A first run has nothing to back up yet (the daily backup skips an empty workspace).
  await expect(card.getByText('还没有备份')).toBeVisible();
  await expect(card.getByText(join(demoHost.dataDir, 'crewdesk.sqlite3'))).toBeVisible();

  await card.getByRole('button', { name: '立即备份' }).click();
  await expect(page.getByText(/已备份：crewdesk-manual-/)).toBeVisible();
  await expect(card.getByText('手动', { exact: true })).toBeVisible();
  await shot(page, SPEC, '01-settings-backups');

  // A change after the backup.
  const teams = (await api(page, 'teams.list', {})).value as { id: string }[];
  expect((await api(page, 'people.create', { name: '备份之后的新人', teamId: teams[0]!.id })).ok).toBe(true);

  const manualRow = card.locator('tr', { hasText: '手动' });
  await manualRow.getByRole('button', { name: '恢复' }).click();
  await expect(page.getByText('用此备份恢复？')).toBeVisible();
  await shot(page, SPEC, '02-restore-confirm');
  // The app says "restored" for a moment and then reloads itself: wait for the restore's answer
  // and that reload (a toast that lives 2 s is not something to race against on a loaded machine).
  const reloaded = page.waitForEvent('load');
  const restored = page.waitForResponse((r) => r.url().endsWith('/api/call/maintenance.restore'));
  await page.getByRole('button', { name: '确定恢复' }).click();
  const answer = (await (await restored).json()) as { ok: boolean; value?: { previousKeptAs: string | null } };
  expect(answer.ok).toBe(true);
  expect(answer.value?.previousKeptAs).toMatch(/pre-restore/);
  await reloaded;
  await expect(page.getByTestId('current-user')).toContainText('周岚');

  const found = (await api(page, 'people.list', { search: '备份之后的新人' })).value as unknown[];
  expect(found).toHaveLength(0);
  await page.getByRole('menuitem', { name: '设置' }).click();
  await expect(page.getByTestId('backup-card').getByText('恢复前', { exact: true })).toBeVisible();
  await expect(page.getByText('从备份恢复数据库')).toBeVisible();
  await shot(page, SPEC, '03-after-restore');
});

test('a damaged database at start: the recovery screen restores the newest good backup', async ({ page }) => {
  // A first run makes the workspace and its daily backup; then the file gets damaged.
  const dataDir = mkdtempSync(join(tmpdir(), 'crewdesk-e2e-recovery-'));
  const first = await startHost({ demo: true, dataDir });
  await first.stop();
  // The next start takes the day's backup (the first run had nothing to back up yet).
  const second = await startHost({ demo: false, dataDir });
  await second.stop();
  const kept = join(dataDir, 'crewdesk.sqlite3');
  const buf = readFileSync(kept);
  // Every page after the first (which still says "SQLite format 3") becomes garbage.
  for (let i = 4096; i < buf.length; i++) buf[i] = (i * 31) & 0xff;
  writeFileSync(kept, buf);

  const host = await startHost({ demo: false, dataDir });
  try {
    await page.goto(host.url);
    const screen = page.getByTestId('recovery-screen');
    await expect(screen.getByText('数据库无法打开')).toBeVisible();
    await expect(screen.getByText(/已损坏/)).toBeVisible();
    await expect(screen.getByText('每日自动').first()).toBeVisible();
    await shot(page, SPEC, '04-recovery-screen');
    // The damaged file is untouched until someone chooses.
    expect(readFileSync(kept).equals(buf)).toBe(true);

    // As above: the short "restored" toast is followed by a reload; wait for the reload.
    const reloaded = page.waitForEvent('load');
    await screen.getByRole('button', { name: '恢复最新的完好备份' }).click();
    await reloaded;
    // The app opens on the restored workspace.
    await signInAs(page, '周岚');
    await shot(page, SPEC, '05-after-recovery');
  } finally {
    await host.stop();
  }
});
