import type { Page } from '@playwright/test';
import { expect, phase, pickOption, shot, signInAs, switchUser, test } from './fixtures';

const SPEC = 'review';
const POST = '开幕式图文快讯';

/** The review drawer of the open deliverable. */
const drawer = (page: Page) => page.getByTestId('review-drawer');

/** Opens the first review waiting for the acting person from the header count, checking the count first. */
async function openFromQueue(page: Page, count: number): Promise<void> {
  const badge = page.getByTestId('review-queue-badge');
  await expect(badge).toHaveAttribute('data-count', String(count));
  await badge.click();
  const item = page.getByTestId('review-queue-item').filter({ hasText: POST });
  await expect(item).toBeVisible();
  await item.getByRole('link').click();
  await expect(drawer(page)).toContainText(`审核：${POST}`);
}

/** Closes the review drawer (it covers the header). */
async function closeDrawer(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await expect(drawer(page)).toBeHidden();
}

async function approve(page: Page, step: string): Promise<void> {
  await expect(drawer(page)).toContainText(`请您审核：${step}`);
  await drawer(page).getByRole('button', { name: '通过', exact: true }).click();
  await expect(drawer(page)).not.toContainText(`请您审核：${step}`);
}

/** One desktop, people taking turns at it (切换用户), as a duty desk does; the review drawer is closed first (it covers the header). */
function turns(page: Page, people: Record<string, string>) {
  return async (name: string) => {
    await phase(`switch to ${name}`, async () => {
      if (await drawer(page).isVisible()) await closeDrawer(page);
      await switchUser(page, name, people[name]);
    });
  };
}

test('三审: an editor submits a WeChat post, 初审 approves, 复审 sends it back with a comment, the owner reads it and resubmits', async ({ page, demoHost }) => {
  const as = turns(page, { 宋可欣: 'skx', 唐若溪: 'trx', 陈思远: 'csy' });
  await page.goto(demoHost.url);
  await signInAs(page, '宋可欣', 'skx');

  // The owner finds the post among their deliverables: not submitted yet.
  const mine = page.getByRole('listitem').filter({ hasText: POST });
  await expect(mine.getByTestId('review-tag')).toHaveText('未送审');
  await mine.getByTestId('review-tag').click();
  await expect(drawer(page)).toContainText('默认审核流程（初审 → 复审 → 终审）');
  await expect(drawer(page)).toContainText('唐若溪'); // 初审: the project's convener
  await shot(page, SPEC, '01-not-submitted');

  // 送审 with the preview link.
  await drawer(page).getByRole('button', { name: '送审' }).click();
  const submit = page.getByRole('dialog', { name: `送审“${POST}”` });
  await submit.getByLabel('送审内容').fill('https://example.com/preview/opening-v1');
  await submit.getByRole('button', { name: '送审' }).click();
  await expect(submit).toBeHidden();
  await expect(drawer(page).getByTestId('current-round')).toContainText('第 1 版');
  await expect(drawer(page).getByTestId('round-step-0')).toContainText('等待 唐若溪');
  await expect(drawer(page).getByTestId('review-deliverable-status')).toHaveText('审核中');
  await expect(drawer(page).getByRole('button', { name: '发布' })).toHaveCount(0); // nothing to publish yet
  await shot(page, SPEC, '02-submitted');

  // 初审: the convener's header counts one review waiting.
  await as('唐若溪');
  await openFromQueue(page, 1);
  await shot(page, SPEC, '03-queue-and-first-review');
  await approve(page, '初审');
  await expect(drawer(page).getByTestId('round-step-0')).toContainText('唐若溪 · 通过');
  await expect(page.getByTestId('review-queue-badge')).toHaveAttribute('data-count', '0');

  // 复审: a manager sends it back; the comment is required. (The demo's 会客厅第三期 waits for 复审 too.)
  await as('陈思远');
  await openFromQueue(page, 2);
  const sendBack = drawer(page).getByRole('button', { name: '退回' });
  await expect(sendBack).toBeDisabled();
  await drawer(page).getByLabel('审核意见').fill('导语过长，请把核心数据放在第一段');
  await sendBack.click();
  await expect(drawer(page).getByTestId('sent-back-notice')).toContainText('复审退回了第 1 版：导语过长，请把核心数据放在第一段');

  // The owner sees it on their list and in the record, and resubmits: version 2 starts again at 初审.
  await as('宋可欣');
  await page.getByRole('menuitem', { name: '我的任务' }).click();
  await expect(mine.getByTestId('review-tag')).toHaveText('复审退回 · 第 1 版');
  await mine.getByTestId('review-tag').click();
  await expect(drawer(page).getByTestId('sent-back-notice')).toContainText('导语过长，请把核心数据放在第一段');
  await expect(drawer(page).getByTestId('review-deliverable-status')).toHaveText('制作中');
  await shot(page, SPEC, '04-sent-back');
  await drawer(page).getByRole('button', { name: '修改后重新送审' }).click();
  await submit.getByLabel('送审内容').fill('https://example.com/preview/opening-v2');
  await submit.getByRole('button', { name: '送审' }).click();
  await expect(drawer(page).getByTestId('current-round')).toContainText('第 2 版');
  await expect(drawer(page).getByTestId('current-round')).toContainText('opening-v2');
  await expect(drawer(page).getByTestId('round-step-0')).toContainText('等待 唐若溪');
  await drawer(page).getByText('审核记录').click();
  await expect(drawer(page).getByTestId('old-round')).toContainText('陈思远 · 退回');

  // Reload: the record is all there.
  await page.reload();
  await expect(drawer(page).getByTestId('current-round')).toContainText('第 2 版');
});

/**
 * A call to the local service from the page, as the page's own session (the window is one
 * desktop): used to replay the first test's clicks quickly, so the second can go on with the
 * same post inside the time budget. What a person sees is still asserted through the screens.
 */
async function api<T>(page: Page, name: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ([n, i]) => {
      const res = await fetch(`/api/call/${encodeURIComponent(n)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(i),
        credentials: 'same-origin',
      });
      const body = (await res.json()) as { ok: boolean; value?: unknown; error?: unknown };
      if (!body.ok) throw new Error(`${n}: ${JSON.stringify(body.error)}`);
      return body.value;
    },
    [name, input] as const,
  ) as Promise<T>;
}

async function actAs(page: Page, name: string): Promise<void> {
  const people = await api<{ id: string; name: string }[]>(page, 'people.list', { search: name });
  await api(page, 'session.signIn', { personId: people.find((p) => p.name === name)!.id });
}

test('三审: the resubmitted WeChat post passes 复审 and 终审 and only then can be published; the 审签单 prints every signature', async ({ page, demoHost }) => {
  await page.addInitScript(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed++;
    };
  });
  const as = turns(page, { 宋可欣: 'skx', 陈思远: 'csy', 周岚: 'zl' });
  await page.goto(demoHost.url);
  await signInAs(page, '宋可欣', 'skx');

  // The first test's story, replayed through the calls: v1 submitted, 初审 passed, 复审 sent back, v2 submitted, 初审 passed.
  await phase('replay v1 and the resubmission', async () => {
    const hit = (await api<{ deliverables: { id: string; title: string }[] }>(page, 'myTasks.get', {})).deliverables.find((d) => d.title === POST)!;
    type Round = { id: string };
    const v1 = await api<Round>(page, 'reviews.submit', { deliverableId: hit.id, content: 'https://example.com/preview/opening-v1' });
    await actAs(page, '唐若溪');
    await api(page, 'reviews.decide', { roundId: v1.id, decision: 'approve' });
    await actAs(page, '陈思远');
    await api(page, 'reviews.decide', { roundId: v1.id, decision: 'send_back', comment: '导语过长，请把核心数据放在第一段' });
    await actAs(page, '宋可欣');
    const v2 = await api<Round>(page, 'reviews.submit', { deliverableId: hit.id, content: 'https://example.com/preview/opening-v2' });
    await actAs(page, '唐若溪');
    await api(page, 'reviews.decide', { roundId: v2.id, decision: 'approve' });
    await actAs(page, '宋可欣');
    await page.reload();
    await expect(page.getByTestId('current-user')).toContainText('宋可欣');
  });
  const mine = page.getByRole('listitem').filter({ hasText: POST });
  await expect(mine.getByTestId('review-tag')).toHaveText('复审中 · 第 2 版');

  // Before the last signature nobody can publish: the deliverable list offers no publish button, the record no publish.
  await mine.getByRole('link', { name: POST }).click();
  await page.getByRole('tab', { name: /交付清单/ }).click();
  const row = page.locator('.ant-table-row').filter({ hasText: POST });
  await expect(row.getByTestId('review-tag')).toHaveText('复审中 · 第 2 版');
  await expect(row.getByRole('button', { name: '标记已发布' })).toHaveCount(0);

  // 复审 approves version 2 from the queue.
  await as('陈思远');
  await page.getByRole('menuitem', { name: '我的任务' }).click();
  await page.getByTestId('review-queue-item').filter({ hasText: POST }).getByRole('link').click();
  await approve(page, '复审');
  await expect(drawer(page).getByTestId('round-step-2')).toContainText('等待 周岚');

  // Still not publishable at 终审: the owner sees it waiting there.
  await as('宋可欣');
  await mine.getByRole('link', { name: POST }).click();
  await page.getByRole('tab', { name: /交付清单/ }).click();
  await expect(row.getByTestId('review-tag')).toHaveText('终审中 · 第 2 版');
  await expect(row.getByRole('button', { name: '标记已发布' })).toHaveCount(0);
  await row.getByTestId('review-tag').click();
  await expect(drawer(page).getByTestId('round-step-2')).toContainText('等待 周岚');
  await expect(drawer(page).getByRole('button', { name: '发布' })).toHaveCount(0);
  await shot(page, SPEC, '05-at-final');

  // 终审, with a comment.
  await as('周岚');
  await page.getByRole('menuitem', { name: '我的任务' }).click();
  const item = page.getByTestId('review-queue-item').filter({ hasText: POST });
  await item.getByRole('link').click();
  await drawer(page).getByLabel('审核意见').fill('同意发布');
  await approve(page, '终审');
  await expect(drawer(page).getByTestId('current-round')).toContainText('已通过');

  // Only now: the owner's list shows the approval and publishing is offered.
  await as('宋可欣');
  await expect(mine.getByTestId('review-tag')).toHaveText('已通过终审 · 第 2 版');
  await mine.getByRole('link', { name: POST }).click();
  await page.getByRole('tab', { name: /交付清单/ }).click();
  await expect(row.getByTestId('review-tag')).toHaveText('已通过终审 · 第 2 版');
  await expect(row.getByRole('button', { name: '标记已发布' })).toBeVisible();
  await row.getByTestId('review-tag').click();
  await expect(drawer(page)).toContainText('已通过终审，可以发布');
  await drawer(page).getByLabel('发布链接').fill('https://example.com/wechat/opening');
  await drawer(page).getByRole('button', { name: '发布' }).click();
  await expect(drawer(page).getByTestId('review-deliverable-status')).toHaveText('已发布');
  await shot(page, SPEC, '06-published');

  // The 审签单: both versions, every signature with the reviewer's name; printed through the browser.
  await drawer(page).getByRole('button', { name: '打印审签单' }).click();
  const sheet = page.getByTestId('signoff-sheet');
  await expect(sheet).toContainText('融媒体中心稿件审签单');
  await expect(sheet).toContainText(POST);
  await expect(sheet).toContainText('https://example.com/wechat/opening');
  const signatures = sheet.getByTestId('sheet-signature');
  await expect(signatures).toHaveCount(5); // v2: 初审, 复审, 终审; v1: 初审, 复审 (sent back)
  await expect(signatures.nth(0)).toContainText('初审唐若溪通过');
  await expect(signatures.nth(1)).toContainText('复审陈思远通过');
  await expect(signatures.nth(2)).toContainText('终审周岚通过：同意发布');
  await expect(signatures.nth(3)).toContainText('初审唐若溪通过');
  await expect(signatures.nth(4)).toContainText('复审陈思远退回：导语过长，请把核心数据放在第一段');
  await expect(sheet.getByTestId('sheet-unsigned')).toContainText('未进行'); // v1 never reached 终审
  await expect(sheet).toContainText(/SHA-256 [0-9a-f]{64}/);
  await sheet.getByRole('button', { name: '打印' }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('review-drawer')).toBeHidden(); // on paper: the sheet alone
  await expect(sheet.getByRole('button', { name: '打印' })).toBeHidden();
  await shot(page, SPEC, '07-signoff-sheet-print');
  await page.emulateMedia({ media: 'screen' });
});

test('a manager sets the center chain in Settings; a submission follows it', async ({ page, demoHost }) => {
  await page.goto(demoHost.url);
  await signInAs(page, '何静怡', 'hjy');
  await page.getByRole('menuitem', { name: '设置' }).click();
  const card = page.getByTestId('chains-card');
  await shot(page, SPEC, '08-settings');
  await expect(card.getByTestId('chain-all')).toContainText('未设置：使用默认流程');
  await card.getByTestId('chain-all').getByRole('button', { name: '编辑' }).click();
  const editor = page.getByRole('dialog', { name: /编辑审核流程/ });
  await expect(editor.getByTestId('chain-step')).toHaveCount(3);
  // Two steps: drop 复审, make 终审 会签 of the admin and 陈思远.
  await editor.getByTestId('chain-step').nth(1).getByRole('button', { name: '删除环节' }).click();
  await expect(editor.getByTestId('chain-step')).toHaveCount(2);
  const last = editor.getByTestId('chain-step').nth(1);
  // Options are picked only from a dropdown that has finished opening (a click during its animation is lost).
  await last.getByRole('combobox', { name: '签核方式' }).click();
  await pickOption(page, '会签');
  await expect(last.locator('.ant-select').nth(0)).toContainText('会签');
  const reviewers = last.getByRole('combobox', { name: '审核人' });
  await reviewers.click();
  await reviewers.fill('csy');
  await pickOption(page, '陈思远');
  await expect(last).toContainText('陈思远');
  await page.keyboard.press('Escape');
  await shot(page, SPEC, '08-chain-editor');
  await editor.getByRole('button', { name: '保存流程' }).click();
  await expect(editor).toBeHidden();
  await expect(card.getByTestId('chain-all')).toContainText('终审（会签：全部管理员、陈思远）');
  await shot(page, SPEC, '09-chains-settings');

  // The owner's submission follows the new chain.
  await switchUser(page, '宋可欣', 'skx');
  await page.getByRole('menuitem', { name: '我的任务' }).click();
  const mine = page.getByRole('listitem').filter({ hasText: POST });
  await mine.getByTestId('review-tag').click();
  await expect(drawer(page)).toContainText('中心的审核流程');
  await drawer(page).getByRole('button', { name: '送审' }).click();
  const submit = page.getByRole('dialog', { name: `送审“${POST}”` });
  await submit.getByLabel('送审内容').fill('正文：开幕式今日上午举行……');
  await submit.getByRole('button', { name: '送审' }).click();
  await expect(drawer(page).getByTestId('current-round')).toContainText('会签');
  await expect(drawer(page).getByTestId('round-step-1')).toContainText('等待 周岚、陈思远');
});
