import type { Locator, Page } from '@playwright/test';
import { card, column, dragWithMouse, moveRightByKeyboard, pickMenuItem } from './board-helpers';
import { expect, shot, signInAs, test } from './fixtures';

const SPEC = 'boards';
const CONF = '全国县级融媒体发展大会报道';

test('a member works the board: mouse and keyboard moves, checklist, publishing moves progress; all of it persists', async ({ page, demoHost }) => {
  await page.goto(demoHost.url);
  await signInAs(page, '王小川', 'wxc');

  // The member lands on My tasks: overdue first.
  await expect(page.getByRole('heading', { name: '王小川 的任务' })).toBeVisible();
  const buckets = page.locator('[data-testid^="bucket-"]');
  await expect(buckets.first()).toHaveAttribute('data-testid', 'bucket-overdue');
  await expect(buckets.first()).toContainText('正片精剪');
  await expect(page.getByText('我负责的交付物')).toBeVisible();
  await shot(page, SPEC, '01-my-tasks');

  // From My tasks into the conference board, with the task open.
  await page.getByRole('link', { name: '专家讲座短视频金句' }).click();
  await expect(page.getByRole('heading', { name: CONF })).toBeVisible();
  const drawer = page.locator('.task-drawer');
  await expect(drawer.getByText('清单 0/3')).toBeVisible();
  await drawer.getByRole('checkbox', { name: '素材挑选' }).click();
  await expect(drawer.getByText('清单 1/3')).toBeVisible();
  await drawer.getByRole('checkbox', { name: '剪辑' }).click();
  await expect(drawer.getByText('清单 2/3')).toBeVisible();
  await expect(drawer.getByText('勾选清单项“剪辑”')).toBeVisible();
  await shot(page, SPEC, '02-task-drawer');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(card(column(page, '待办'), '专家讲座短视频金句')).toContainText('2/3');

  // Progress before: 1 of 4 deliverables published, behind plan.
  const progress = page.getByTestId('project-progress');
  await expect(progress).toContainText('1/ 4');
  await expect(page.getByTestId('plan-flag')).toHaveText('进度落后');
  await shot(page, SPEC, '03-board');

  // Mouse: drag 每日综述稿 from 待办 onto 进行中.
  await dragWithMouse(page, card(column(page, '待办'), '每日综述稿'), column(page, '进行中').getByTestId('column-body'));
  await expect(card(column(page, '进行中'), '每日综述稿')).toBeVisible();
  await expect(card(column(page, '待办'), '每日综述稿')).toHaveCount(0);

  // Keyboard: pick up 圆桌论坛视频直播, move it one column right, drop.
  await moveRightByKeyboard(page, card(column(page, '待办'), '圆桌论坛视频直播'), '圆桌论坛视频直播', '待办', '进行中');
  await expect(card(column(page, '进行中'), '圆桌论坛视频直播')).toBeVisible();
  await expect(card(column(page, '待办'), '圆桌论坛视频直播')).toHaveCount(0);
  await shot(page, SPEC, '04-after-moves');

  // Undo the last change (the keyboard move), then redo it by keyboard again.
  await page.getByRole('button', { name: '撤销' }).click();
  await expect(page.getByText(/已撤销：将“圆桌论坛视频直播”/)).toBeVisible();
  await expect(card(column(page, '待办'), '圆桌论坛视频直播')).toBeVisible();
  await moveRightByKeyboard(page, card(column(page, '待办'), '圆桌论坛视频直播'), '圆桌论坛视频直播', '待办', '进行中');
  await expect(card(column(page, '进行中'), '圆桌论坛视频直播')).toBeVisible();

  // Deliverables: mark 大会金句短视频 published with its URL; progress moves to 2 of 4, on plan.
  await page.getByRole('tab', { name: /交付清单/ }).click();
  const row = page.locator('.ant-table-row').filter({ hasText: '大会金句短视频' });
  await row.getByRole('button', { name: '标记已发布' }).click();
  const dialog = page.getByRole('dialog', { name: /标记“大会金句短视频”已发布/ });
  await dialog.getByLabel('发布链接').fill('https://example.com/qingxi/jinju');
  await dialog.getByRole('button', { name: '标记已发布' }).click();
  await expect(page.getByText('“大会金句短视频”已发布', { exact: true })).toBeVisible();
  await expect(progress).toContainText('2/ 4');
  await expect(page.getByTestId('plan-flag')).toHaveText('进度正常');
  await expect(row).toContainText('https://example.com/qingxi/jinju');
  await shot(page, SPEC, '05-published');

  // Reload: everything is still there.
  await page.reload();
  await expect(page.getByRole('heading', { name: CONF })).toBeVisible();
  await expect(progress).toContainText('2/ 4');
  await expect(page.getByTestId('plan-flag')).toHaveText('进度正常');
  await expect(card(column(page, '进行中'), '每日综述稿')).toBeVisible();
  await expect(card(column(page, '进行中'), '圆桌论坛视频直播')).toBeVisible();
  await expect(card(column(page, '待办'), '专家讲座短视频金句')).toContainText('2/3');
  await card(column(page, '待办'), '专家讲座短视频金句').click();
  await expect(drawer.getByRole('checkbox', { name: '素材挑选' })).toBeChecked();
  await expect(drawer.getByRole('checkbox', { name: '剪辑' })).toBeChecked();
  await expect(drawer.getByRole('checkbox', { name: '字幕' })).not.toBeChecked();
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: /交付清单/ }).click();
  await expect(page.locator('.ant-table-row').filter({ hasText: '大会金句短视频' })).toContainText('https://example.com/qingxi/jinju');
  await shot(page, SPEC, '06-after-reload');

  // Back on My tasks: overdue still first; quick complete takes a task off the list.
  await page.getByRole('menuitem', { name: '我的任务' }).click();
  await expect(buckets.first()).toHaveAttribute('data-testid', 'bucket-overdue');
  // A task's checklist is opened from its count (read then, not with the list).
  const cut = page.getByTestId('my-task').filter({ hasText: '正片精剪' });
  await expect(cut.getByRole('checkbox', { name: '配乐' })).toHaveCount(0);
  const toggle = cut.getByRole('button', { name: '清单 2/4' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const items = cut.getByRole('group', { name: '“正片精剪”的清单' });
  await expect(items.getByRole('checkbox')).toHaveCount(4);
  await expect(items.getByRole('checkbox', { name: '配乐' })).not.toBeChecked();
  await items.getByRole('checkbox', { name: '配乐' }).click();
  await expect(items.getByRole('checkbox', { name: '配乐' })).toBeChecked();
  await expect(cut.getByRole('button', { name: '清单 3/4' })).toBeVisible();
  await shot(page, SPEC, '07a-my-tasks-checklist');
  await page.getByRole('checkbox', { name: '完成“正片精剪”' }).click();
  await expect(page.getByRole('link', { name: '正片精剪' })).toHaveCount(0);
  await shot(page, SPEC, '07-my-tasks-after');
});

test('a board with 1,000 cards stays smooth: only the cards in view are rendered', async ({ page, demoHost }) => {
  await page.goto(demoHost.url);
  await signInAs(page, '林晓峰', 'lxf');
  // The sports-meet project, found through the convener's own tasks.
  const sportsId = await page.evaluate(async () => {
    const r = await fetch('/api/call/myTasks.get', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const body = (await r.json()) as { value: { tasks: { projectId: string; projectName: string }[] } };
    return body.value.tasks.find((t) => t.projectName === '区第十届运动会融媒报道')!.projectId;
  });
  const t0 = Date.now();
  await page.evaluate(async (pid) => {
    // Four requests in flight: the host still commits them one by one, but no request waits for
    // the previous one's round trip. Each worker creates every fourth card, in order.
    const create = async (first: number): Promise<void> => {
      for (let i = first; i < 1000; i += 4) {
        const r = await fetch('/api/call/tasks.create', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ projectId: pid, title: `赛事快讯 ${String(i).padStart(4, '0')}`, labels: i % 10 === 0 ? ['快讯'] : [] }),
        });
        if (!r.ok) throw new Error(await r.text());
      }
    };
    await Promise.all([0, 1, 2, 3].map(create));
  }, sportsId);
  console.log(`created 1,000 cards in ${Date.now() - t0} ms`);

  const t1 = Date.now();
  await page.goto(`${demoHost.origin}/#/projects/${sportsId}/board`);
  await expect(page.getByText(/显示 1003 \/ 1003 张卡片/)).toBeVisible();
  const todo = column(page, '待办');
  await expect(card(todo, '赛事快讯 0000')).toBeVisible();
  console.log(`board with 1,003 cards shown in ${Date.now() - t1} ms`);
  const rendered = await todo.getByTestId('task-card').count();
  expect(rendered).toBeLessThan(60);
  await shot(page, SPEC, '08-thousand-cards');

  // A card of the long, virtualised column still moves by keyboard.
  await moveRightByKeyboard(page, card(todo, '赛事快讯 0001'), '赛事快讯 0001', '待办', '进行中');
  await expect(card(column(page, '进行中'), '赛事快讯 0001')).toBeVisible();
  await expect(column(page, '进行中')).toContainText('2/6');

  // Scroll to the end of the long column: the last card is rendered on demand.
  const body = todo.getByTestId('column-body');
  await body.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  // Four creators in flight: the last of 0996–0999 to commit is at the end of the column.
  await expect(todo.getByTestId('task-card').filter({ hasText: /赛事快讯 099[6-9]/ }).last()).toBeVisible();

  // Filtering is quick and narrows the board.
  const t2 = Date.now();
  await page.getByLabel('搜索任务或标签').fill('快讯 099');
  await expect(page.getByText(/显示 10 \/ 1003 张卡片/)).toBeVisible();
  console.log(`search over 1,003 cards in ${Date.now() - t2} ms`);
  await expect(todo.getByTestId('task-card')).toHaveCount(10);
});

test('the convener shapes the columns; swimlanes, filters and undo of a delete', async ({ page, demoHost }) => {
  await page.goto(demoHost.url);
  await signInAs(page, '唐若溪', 'trx');
  const pid = await page.evaluate(async () => {
    const r = await fetch('/api/call/myTasks.get', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const body = (await r.json()) as { value: { tasks: { projectId: string; projectName: string }[] } };
    return body.value.tasks.find((t) => t.projectName === '全国县级融媒体发展大会报道')!.projectId;
  });
  await page.goto(`${demoHost.origin}/#/projects/${pid}/board`);
  await expect(page.getByRole('heading', { name: CONF })).toBeVisible();

  // Add a column with a WIP limit; the count shows against it.
  await page.getByRole('button', { name: '新增列' }).click();
  await page.getByLabel('列名称').fill('待发布');
  await page.getByRole('dialog').getByRole('button', { name: '新建' }).click();
  await expect(column(page, '待发布')).toBeVisible();
  await page.getByRole('button', { name: '“待发布”列的操作' }).click();
  await pickMenuItem(page, '在制品上限');
  await page.getByRole('dialog').getByLabel('在制品上限').fill('2');
  await page.getByRole('dialog').getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(column(page, '待发布')).toContainText('0/2');

  // Rename it, then delete 待审核 (its cards would move to 进行中).
  await page.getByRole('button', { name: '“待发布”列的操作' }).click();
  await pickMenuItem(page, '改名');
  await page.getByRole('dialog').getByLabel('列名称').fill('待推送');
  await page.getByRole('dialog').getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(column(page, '待推送')).toBeVisible();
  await page.getByRole('button', { name: '“待办”列的操作' }).click();
  await pickMenuItem(page, '删除');
  await page.getByRole('dialog').getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(column(page, '待办')).toHaveCount(0);
  await expect(card(column(page, '进行中'), '开幕式图文直播')).toBeVisible();
  await shot(page, SPEC, '09-columns-changed');

  // Undo brings the column back with its cards.
  await page.getByRole('button', { name: '撤销' }).click();
  await expect(card(column(page, '待办'), '开幕式图文直播')).toBeVisible();
  await expect(column(page, '待办').getByTestId('column-title')).toHaveText('待办');

  // Swimlanes by assignee; filter overdue.
  await page.getByLabel('泳道').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '按负责人分泳道' }).click();
  await expect(page.getByTestId('swimlane').getByRole('heading', { name: '宋可欣', exact: true })).toBeVisible();
  await expect(page.getByTestId('swimlane').getByRole('heading', { name: '王小川', exact: true })).toBeVisible();
  await shot(page, SPEC, '10-swimlanes');
  await page.getByLabel('截止时间').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '已逾期' }).click();
  await expect(page.getByText(/显示 1 \/ 6 张卡片/)).toBeVisible();
  await expect(page.getByTestId('task-card').first()).toContainText('大会采访提纲');
  await shot(page, SPEC, '11-filtered');

  // The convener is told the columns are theirs to change.
  await expect(page.getByText('您可以调整看板列')).toBeVisible();

  // The board in English.
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('tab', { name: 'Task board' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Undo' })).toBeVisible();
  await expect(page.getByTestId('project-progress')).toContainText('Published / planned');
  await shot(page, SPEC, '12-english');
  await page.getByText('中文', { exact: true }).click();
});
