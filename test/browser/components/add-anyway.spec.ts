/**
 * Index-time redundancy as a user meets it in <curate-dropzone redundancy>:
 * each file skipped as a near-duplicate is listed with what it matched and
 * the score, and "Add anyway" indexes it after all (exact copies stay refused).
 */
import { test, expect } from '@playwright/test';
import { loadSampleFiles, mount, openComponents, shot } from './helpers.js';

test('near-duplicates skipped at index time are listed with their match and can be added anyway', async ({ page }) => {
  test.setTimeout(180_000);
  const { errors } = await openComponents(page);
  await mount(page, '<curate-dropzone redundancy></curate-dropzone>', 'anyway');
  await loadSampleFiles(page, /^photo-/);
  const zone = page.locator('curate-dropzone');
  await page.evaluate(() => (document.querySelector('curate-dropzone') as any).addFiles((window as any).sampleFiles));
  const report = zone.locator('[part=report]');
  await expect(report).toContainText(/Added \d+ images?\./, { timeout: 120_000 });
  const near = report.locator('li').filter({ hasText: /near-duplicate of/ });
  const nNear = await near.count();
  expect(nNear).toBeGreaterThan(0);
  await expect(near.first()).toContainText(/near-duplicate of (item #\d+ of the archive|“.+” of this batch) \((pixels|phash|embedding), similarity [01]\.\d{3}\)/);
  // Exact copies have no "Add anyway".
  const exact = report.locator('li').filter({ hasText: 'exact duplicate (same bytes)' });
  if ((await exact.count()) > 0) await expect(exact.getByRole('button')).toHaveCount(0);
  await shot(zone, 'dropzone-add-anyway');

  const before = await page.evaluate(async () => (await (window as any).curator.contents('anyway')).length);
  const name = (await near.first().locator('span').first().textContent())!;
  await near.first().getByRole('button', { name: `Add ${name} anyway` }).click();
  await expect(report).toContainText('(1 anyway)', { timeout: 60_000 });
  await expect(report.locator('li').filter({ hasText: name })).toHaveCount(0);
  const after = await page.evaluate(async () => (await (window as any).curator.contents('anyway')).map((c: any) => c.name));
  expect(after).toHaveLength(before + 1);
  expect(after).toContain(name);
  if (nNear > 2) {
    await report.getByRole('button', { name: `Add all ${nNear - 1} anyway` }).click();
    await expect(report).toContainText(`(${nNear} anyway)`, { timeout: 60_000 });
  }
  expect(errors).toEqual([]);
});
