import { test, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const SHOTS = 'test-results/screenshots';

function watch(page: Page): { errors: string[]; dialogs: string[] } {
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
  return { errors, dialogs };
}

test('demo: load the samples and see duplicates, clusters, outliers and the map', async ({ page }) => {
  test.setTimeout(150_000);
  const { errors } = watch(page);
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto('/demo/index.html');
  const app = page.locator('curate-app');
  await expect(page.locator('#demo-status')).toHaveText('', { timeout: 60_000 });
  await page.click('#load-samples');
  await expect(page.locator('#demo-status')).toHaveText(/done|failed/, { timeout: 120_000 });
  await expect(page.locator('#demo-status')).toHaveText(/done/);
  mkdirSync(SHOTS, { recursive: true });
  for (const tab of ['gallery', 'duplicates', 'clusters', 'outliers', 'map', 'balance', 'export']) {
    await app.locator(`#tab-${tab}`).click();
    if (tab === 'balance') {
      await app.locator('curate-balance button.primary').click();
      await expect(app.locator('curate-balance [part=remove]')).toBeVisible();
    }
    await page.screenshot({ path: `${SHOTS}/demo-${tab}.png`, fullPage: true });
  }
  await app.locator('#tab-duplicates').click();
  await expect(app.locator('curate-duplicates [part=group]').first()).toBeVisible();
  await app.locator('#tab-clusters').click();
  await expect(app.locator('curate-clusters [part=cluster]').first()).toBeVisible();
  expect(errors).toEqual([]);
});
