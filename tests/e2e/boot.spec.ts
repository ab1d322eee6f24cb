import type { Page } from '@playwright/test';
import { expect, shot, signInAs, test } from './fixtures';

/**
 * The boot path (issue 18, renderer/src/shell/boot.ts): a board link opens with one boot call
 * (app.boot) and the board's read sent beside it, not after it; every other screen's code
 * comes later. Signed out, the same link shows the sign-in screen (the early read is dropped,
 * no error shown) and, once signed in, the board.
 */
const SPEC = 'boot';
const CARD = '[data-testid="board"][data-ready="true"] [data-testid="task-card"]';

async function api<T>(page: Page, name: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ([n, i]) => {
      const r = await fetch(`/api/call/${n}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(i) });
      const body = (await r.json()) as { ok: boolean; value?: unknown; error?: { message: { en: string } } };
      if (!body.ok) throw new Error(`${n}: ${body.error?.message.en}`);
      return body.value;
    },
    [name, input] as const,
  ) as Promise<T>;
}

/** The demo project with the most cards. */
async function busiestBoard(page: Page): Promise<{ id: string; name: string }> {
  const projects = await api<{ id: string; name: string }[]>(page, 'projects.list', {});
  let best = { id: '', name: '', n: -1 };
  for (const p of projects) {
    const board = await api<{ tasks: unknown[] }>(page, 'boards.get', { projectId: p.id });
    if (board.tasks.length > best.n) best = { id: p.id, name: p.name, n: board.tasks.length };
  }
  expect(best.n).toBeGreaterThan(0);
  return best;
}

/** Every contract call the page makes, in order: `> name` when sent, `< name` when answered. */
function recordCalls(page: Page): string[] {
  const log: string[] = [];
  const nameOf = (url: string): string | null => /\/api\/call\/([^?]+)/.exec(url)?.[1] ?? null;
  page.on('request', (r) => {
    const n = nameOf(r.url());
    if (n) log.push(`> ${n}`);
  });
  page.on('response', (r) => {
    const n = nameOf(r.url());
    if (n) log.push(`< ${n}`);
  });
  return log;
}

test('a board link opens with one boot call and the board read beside it, in both languages', async ({ page, demoHost }) => {
  await page.goto(demoHost.url);
  await signInAs(page, '周岚');
  const board = await busiestBoard(page);

  const calls = recordCalls(page);
  // What shows before the first card: the boot spinner, then the board — never the screen's
  // skeleton (its code is loaded with the boot call and waited for; shell/lazy.ts).
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __seen: string[] }).__seen = seen;
    const note = (what: string, node: Node, testId: string): void => {
      const hit = node instanceof Element && (node.matches(`[data-testid="${testId}"]`) || node.querySelector(`[data-testid="${testId}"]`));
      if (hit && !seen.includes(what)) seen.push(what);
    };
    // Every node added, even one removed again before this callback runs.
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes) {
          note('skeleton', n, 'screen-loading');
          note('card', n, 'task-card');
        }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto('about:blank');
  await page.goto(`${demoHost.origin}/#/projects/${board.id}/board`);
  await expect(page.locator(CARD).first()).toBeVisible();
  await expect(page.getByRole('heading', { name: board.name })).toBeVisible();
  const beforeCard = [...calls];
  expect(await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen)).toEqual(['card']);

  // One boot call instead of maintenance.status → workspace.status + session.current → sync.status.
  expect(beforeCard.filter((c) => c === '> app.boot')).toHaveLength(1);
  for (const old of ['maintenance.status', 'workspace.status', 'session.current', 'sync.status']) expect(beforeCard).not.toContain(`> ${old}`);
  // The board's read went out before the boot call came back, and only once (the board took the early answer).
  expect(beforeCard.indexOf('> boards.get')).toBeGreaterThanOrEqual(0);
  expect(beforeCard.indexOf('> boards.get')).toBeLessThan(beforeCard.indexOf('< app.boot'));
  expect(beforeCard.filter((c) => c === '> boards.get')).toHaveLength(1);
  // antd runs without run-time styles (renderer/src/theme.ts): its component rules come from the
  // build's stylesheet, in the app's colours; what antd still writes at run time is CSS variables only.
  await expect(page.locator('button.ant-btn-primary', { hasText: '新建任务' })).toHaveCSS('background-color', 'rgb(200, 16, 46)');
  const runtimeRules = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLStyleElement>('style[data-css-hash]')].flatMap((s) =>
      [...(s.sheet?.cssRules ?? [])].flatMap((r) =>
        r instanceof CSSStyleRule ? [...r.style].filter((p) => !p.startsWith('--')).map((p) => `${r.selectorText} { ${p} }`) : [r.cssText.slice(0, 80)],
      ),
    ),
  );
  expect(runtimeRules).toEqual([]);
  // The header's tools load beside the board and work.
  await expect(page.getByTestId('current-user')).toContainText('周岚');
  await expect(page.getByRole('button', { name: /切换用户/ })).toBeVisible();
  await shot(page, SPEC, 'board-link-zh');

  await page.getByText('English', { exact: true }).first().click();
  await page.goto('about:blank');
  await page.goto(`${demoHost.origin}/#/projects/${board.id}/board`);
  await expect(page.locator(CARD).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Switch user' })).toBeVisible();
  await shot(page, SPEC, 'board-link-en');

  // Another screen's code loads when it is first opened.
  await page.getByRole('menuitem', { name: 'People' }).click();
  await expect(page.getByTestId('screen-loading')).toHaveCount(0);
  await expect(page.locator('.ant-table-row').first()).toBeVisible();
});

test('signed out, a board link shows the sign-in screen (no error), then the board once signed in', async ({ page, demoHost }) => {
  await page.goto(demoHost.url);
  await signInAs(page, '周岚');
  const board = await busiestBoard(page);
  await api(page, 'session.signOut', {});

  const calls = recordCalls(page);
  await page.goto('about:blank');
  await page.goto(`${demoHost.origin}/#/projects/${board.id}/board`);
  await expect(page.getByRole('button', { name: /进入/ })).toBeVisible();
  await expect(page.getByTestId('board')).toHaveCount(0);
  await expect(page.locator('.ant-message-error, .ant-notification-notice-error')).toHaveCount(0);
  await shot(page, SPEC, 'board-link-signed-out');

  await signInAs(page, '周岚');
  await expect(page.locator(CARD).first()).toBeVisible();
  await expect(page.getByRole('heading', { name: board.name })).toBeVisible();
  // The early read (refused before sign-in) was not taken for the board: it asked again.
  expect(calls.filter((c) => c === '> boards.get')).toHaveLength(2);
  await expect(page.locator('.ant-message-error, .ant-notification-notice-error')).toHaveCount(0);
});
