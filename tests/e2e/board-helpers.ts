import { expect, type Locator, type Page } from '@playwright/test';
import { pickOption } from './fixtures';

/** Board helpers shared by the board stories (boards.spec.ts, live.spec.ts). */
export const column = (page: Page, name: string): Locator => page.locator(`[data-testid="board-column"][data-column-name="${name}"]`);
export const card = (scope: Page | Locator, title: string): Locator => scope.locator('[data-testid="task-card"]').filter({ hasText: title });

export async function dragWithMouse(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + Math.min(b.height / 2, 60), { steps: 12 });
  await page.mouse.move(b.x + b.width / 2, b.y + Math.min(b.height / 2, 60) + 2, { steps: 2 });
  await page.mouse.up();
}

/**
 * Moves a card one column to the right by keyboard (Space, ArrowRight, Space), each key only once
 * the board has taken the previous one: the screen-reader announcements say so.
 */
export async function moveRightByKeyboard(page: Page, which: Locator, title: string, from: string, to: string): Promise<void> {
  // The drag's live region holds the latest announcement only.
  const said = (text: string): Locator => page.locator('[id^="DndLiveRegion"]', { hasText: text });
  await which.focus();
  await page.keyboard.press('Space');
  // Picked up: it is announced, and at once over its own column (which replaces the first line).
  await expect(said(`“${title}”移到“${from}”`)).toHaveCount(1);
  await page.keyboard.press('ArrowRight');
  await expect(said(`“${title}”移到“${to}”`)).toHaveCount(1);
  await page.keyboard.press('Space');
  await expect(said(`“${title}”已放到“${to}”`)).toHaveCount(1);
}

/**
 * Clicks an item of the dropdown menu that is open now: one that has finished its open animation
 * (a click during it can be lost), never the closing menu of the column before (a leftover
 * "删除" of another column).
 */
export async function pickMenuItem(page: Page, name: string): Promise<void> {
  const open = page.locator('.ant-dropdown:visible:not(.ant-dropdown-hidden):not([class*="-appear"]):not([class*="-enter"]):not([class*="-leave"])');
  await expect(open).toHaveCount(1);
  await open.getByRole('menuitem', { name }).click();
}

/** From anywhere in the app: a project's board, and one of its cards opened in the drawer (returned). */
export async function openBoardTask(page: Page, project: string, columnName: string, title: string): Promise<Locator> {
  await page.getByRole('menuitem', { name: '项目' }).click();
  await page.getByRole('link', { name: project }).first().click();
  await page.getByRole('button', { name: /任务看板/ }).click();
  await card(column(page, columnName), title).click();
  return page.locator('.task-drawer');
}

/** Adds a group member to the open task's assignees, found by `search` (pinyin initials). */
export async function addAssignee(page: Page, drawer: Locator, name: string, search: string): Promise<void> {
  const assignees = drawer.getByLabel('负责人');
  await assignees.click();
  await assignees.fill(search);
  await pickOption(page, name);
}
