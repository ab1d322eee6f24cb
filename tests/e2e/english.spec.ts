import type { Page } from '@playwright/test';
import { expect, shot, test } from './fixtures';

/**
 * The English UI holds no Chinese of its own: every route of a workspace whose data is all in
 * Latin letters is scanned (visible text, placeholders, labels, titles) for CJK characters. What
 * the person typed is Latin here, so any CJK found is the UI's (or a built-in default's).
 */
const SPEC = 'english';
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

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

/** Every CJK string a person could meet on the current screen. */
async function chineseOnScreen(page: Page): Promise<string[]> {
  return page.evaluate((src) => {
    const cjk = new RegExp(src);
    const found = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      // A language's own name in the switch is marked lang="zh-CN" and rightly Chinese.
      if (!el || el.closest('script,style,[hidden],[aria-hidden="true"],[lang^="zh"]')) continue;
      const text = (n.textContent ?? '').trim();
      if (text && cjk.test(text)) found.add(text.slice(0, 80));
    }
    for (const el of Array.from(document.querySelectorAll('[placeholder],[aria-label],[title]'))) {
      if (el.closest('[lang^="zh"]')) continue;
      for (const a of ['placeholder', 'aria-label', 'title']) {
        const v = el.getAttribute(a);
        if (v && cjk.test(v)) found.add(`@${a}: ${v.slice(0, 80)}`);
      }
    }
    return [...found].sort();
  }, CJK.source);
}

test('every route of the English UI is free of Chinese (data typed in Latin letters)', async ({ page, emptyHost }) => {
  test.setTimeout(120_000);
  await page.goto(emptyHost.url);
  await page.getByText('English', { exact: true }).first().click();
  await page.getByLabel(/your name/i).fill('Alex Moore');
  await page.getByRole('button', { name: /create|enter/i }).first().click();
  await expect(page.getByTestId('current-user')).toContainText('Alex Moore');

  const teams = await api<{ id: string }[]>(page, 'teams.list', {});
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const end = new Date(Date.now() + 8 * 3600_000 + 20 * 86_400_000).toISOString().slice(0, 10);
  const me = (await api<{ actor: { id: string } }>(page, 'session.current', {})).actor.id;
  const other = await api<{ id: string }>(page, 'people.create', { name: 'Sam Lee', teamId: teams[1]!.id, role: 'member' });
  const project = await api<{ id: string }>(page, 'projects.create', {
    name: 'Harbor Festival', content: 'Live coverage', platforms: ['app', 'wechat'], formats: ['short_video'], startDate: today, endDate: end,
    keyDates: [{ date: today, label: 'Opening' }],
  });
  await api(page, 'projects.group.add', { projectId: project.id, personId: other.id, role: 'Editor', hoursPerWeek: 12 });
  await api(page, 'tasks.create', { projectId: project.id, title: 'Opening stream', assigneeIds: [me, other.id], labels: ['live'], checklist: [{ text: 'Cameras' }] });
  await api(page, 'deliverables.create', { projectId: project.id, title: 'Highlights video', platform: 'app', productForm: 'short_video', dueAt: Date.now() + 86_400_000 });
  const meeting = await api<{ id: string }>(page, 'meetings.create', { kind: 'weekly', date: today, title: 'Week planning', chairId: me, attendeeIds: [me] });

  const routes = [
    '#/projects',
    `#/projects/${project.id}`,
    `#/projects/${project.id}/board`,
    `#/projects/${project.id}/board?tab=deliverables`,
    '#/my-tasks',
    '#/meetings',
    '#/meetings/calendar',
    '#/meetings/dashboard',
    '#/meetings/series',
    `#/meetings/${meeting.id}`,
    '#/rota',
    '#/workload',
    '#/people',
    '#/settings',
  ];
  const report: string[] = [];
  for (const r of routes) {
    await page.goto(`${emptyHost.origin}/${r}`);
    await page.waitForLoadState('networkidle');
    await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
    for (const s of await chineseOnScreen(page)) report.push(`${r}  ${s}`);
    await shot(page, SPEC, r.replace(/^#\//, '').replace(/[^a-z]+/gi, '-').replace(/-[0-9a-f-]{20,}/, '-id').replace(/-$/, '') || 'home');
    // Every tab of the screen too (calendar, effect dashboard, series, teams, time off, reports…).
    const tabs = page.getByRole('tab');
    const n = await tabs.count();
    for (let i = 1; i < n; i++) {
      const name = (await tabs.nth(i).innerText()).trim();
      await tabs.nth(i).click();
      await page.waitForLoadState('networkidle');
      await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
      for (const s of await chineseOnScreen(page)) report.push(`${r} [${name}]  ${s}`);
    }
  }
  // Dialogs opened from a screen: the roster import (an admin's).
  await page.goto(`${emptyHost.origin}/#/people`);
  await page.getByRole('button', { name: 'Import roster' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  for (const s of await chineseOnScreen(page)) report.push(`#/people [import roster]  ${s}`);
  await shot(page, SPEC, 'people-import-roster');
  console.log(report.join('\n'));
  expect(report).toEqual([]);
});
