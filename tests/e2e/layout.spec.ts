import { expect, shot, signInAs, test } from './fixtures';

const SPEC = 'layout';

test.describe('at 1024 × 700', () => {
  test.use({ viewport: { width: 1024, height: 700 } });

  test('the sidebar folds to icons, still navigates, and each screen starts at its top', async ({ page, demoHost }) => {
    await page.goto(demoHost.url);
    await signInAs(page, '周岚', 'zl');
    const sidebar = page.getByTestId('sidebar');
    await expect(sidebar).toHaveAttribute('data-collapsed', 'true');
    expect((await sidebar.boundingBox())!.width).toBeLessThan(100);

    // A long screen scrolled down, then another screen: it opens at its top.
    await page.getByRole('menuitem', { name: '人员与团队' }).click();
    await expect(page.getByRole('heading', { name: '人员与团队' })).toBeVisible();
    // The window is what scrolls (the content grows with the page).
    const scrolled = (): Promise<number> => page.evaluate(() => window.scrollY + (document.querySelector('main.ant-layout-content')?.scrollTop ?? 0));
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await expect.poll(scrolled).toBeGreaterThan(100);
    await page.getByRole('menuitem', { name: '项目' }).click();
    await expect(page.getByRole('heading', { name: '项目' }).first()).toBeVisible();
    await expect.poll(scrolled).toBe(0);
    await shot(page, SPEC, '01-folded-sidebar');
  });
});

test('at 1440 the sidebar shows its labels', async ({ page, demoHost }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(demoHost.url);
  await signInAs(page, '周岚', 'zl');
  await expect(page.getByTestId('sidebar')).toHaveAttribute('data-collapsed', 'false');
});
