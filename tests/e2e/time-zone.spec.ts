import Database from 'better-sqlite3';
import { join } from 'node:path';
import { localDate, localDateTime, localShortDateTime, weekStart } from '../../shared/time';
import { card, column } from './board-helpers';
import { expect, shot, signInAs, test } from './fixtures';

const SPEC = 'time-zone';

// A PC set to New York: every time on screen is still the center's (Asia/Shanghai).
test.use({ timezoneId: 'America/New_York' });

test('under a New York browser zone a task’s time reads the same on its card and in the workload drawer (the center’s)', async ({ page, demoHost }) => {
  const db = new Database(join(demoHost.dataDir, 'crewdesk.sqlite3'), { readonly: true, fileMustExist: true });
  const task = db
    .prepare(
      `SELECT t.id, t.project_id AS projectId, t.due_at AS dueAt, p.id AS personId FROM tasks t
       JOIN task_assignees a ON a.task_id = t.id JOIN people p ON p.id = a.person_id
       WHERE t.title = '分会场航拍素材采集' AND p.name = '马骁'`,
    )
    .get() as { id: string; projectId: string; dueAt: number; personId: string };
  db.close();
  // The browser really is in New York: its own clock reading differs from the center's.
  await page.goto(demoHost.url);
  const browserHour = await page.evaluate((ms) => new Date(ms).getHours(), task.dueAt);
  expect(browserHour).not.toBe(Number(localDateTime(task.dueAt).slice(11, 13)));

  await signInAs(page, '陈思远');
  const week = weekStart(localDate(task.dueAt));
  await page.getByTestId(`cell-${task.personId}-${week}`).click();
  const drawer = page.getByRole('dialog', { name: /马骁 · 第\d+周/ });
  const inDrawer = drawer.locator('.ant-card').filter({ hasText: '分会场航拍素材采集' }).first();
  await expect(inDrawer).toContainText(localDateTime(task.dueAt));
  await shot(page, SPEC, '01-workload-drawer');
  await page.keyboard.press('Escape');

  await page.goto(`${demoHost.origin}/#/projects/${task.projectId}/board`);
  const onCard = card(column(page, '待办'), '分会场航拍素材采集');
  await expect(onCard).toContainText(localShortDateTime(task.dueAt));
  // The drawer's picker shows the same wall-clock time.
  await onCard.click();
  await expect(page.locator('.task-drawer').getByLabel('截止时间')).toHaveValue(localDateTime(task.dueAt));
  await shot(page, SPEC, '02-board-card');
});
