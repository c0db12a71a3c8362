/**
 * Results that survive a reload: duplicates and outliers found once show at once after a
 * reload (no recompute), saying when they were computed; after the archive changes they
 * show marked stale with a one-click refresh, and items removed since are not shown.
 */
import { test, expect, type Page } from '@playwright/test';
import { indexThroughDropzone, loadSampleFiles, mount, openComponents, shot } from './helpers.js';

async function open(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const w = window as any;
    w.curator = await w.curatekit.createCurator({ dbName: 'stored-views' });
    w.model = new w.components.CurationModel();
  });
  await mount(page, '<curate-dropzone></curate-dropzone><curate-duplicates></curate-duplicates><curate-outliers></curate-outliers>');
}

test('duplicates and outliers come back after a reload, and are marked stale once the archive changed', async ({ page }) => {
  const { errors } = await openComponents(page);
  await open(page);
  await loadSampleFiles(page, /^(photo-|emoji-(pig|fox_face|donkey|elephant|beaver|kangaroo|tomato|mango|grapes|popcorn))/);
  await indexThroughDropzone(page);
  const dup = page.locator('curate-duplicates'), out = page.locator('curate-outliers');
  await dup.getByRole('button', { name: 'Find duplicates' }).click();
  await expect(dup.locator('[part=group]').first()).toBeVisible();
  const groups = await dup.locator('[part=group]').count();
  await out.getByRole('button', { name: 'Rank outliers' }).click();
  await expect(out.locator('[part=summary]')).toBeVisible();
  const summary = await out.locator('[part=summary]').textContent();

  // Reload: shown at once from the archive, without pressing anything, not stale.
  await page.reload();
  await expect(page.locator('#status')).toHaveText('ready');
  await open(page);
  await expect(dup.locator('[part=group]')).toHaveCount(groups);
  await expect(dup.locator('[part=stored]')).toContainText('Computed');
  await expect(out.locator('[part=summary]')).toHaveText(summary!);
  await expect(out.locator('[part=stale]')).toHaveCount(0);

  // The archive changes while no element shows it (elements that do would refresh themselves):
  // one duplicate member removed through the client. Then: stale, and the removed item is not shown.
  const victim = Number(await dup.locator('[part=group]').first().locator('[part=member]').nth(1).getAttribute('data-id'));
  await page.evaluate(async (id) => {
    document.getElementById('root')!.innerHTML = '';
    await (window as any).curator.run('remove_content', { archive: 'samples', archive_content_ids_subset: [id] });
  }, victim);
  await page.reload();
  await expect(page.locator('#status')).toHaveText('ready');
  await open(page);
  await expect(dup.locator('[part=stale]')).toContainText('the archive changed since');
  await expect(dup.locator(`[part=member][data-id="${victim}"]`)).toHaveCount(0);
  await expect(out.locator('[part=stale]')).toBeVisible();
  await shot(page.locator('#root'), 'stored-views-stale');
  // One click refreshes: the note goes away.
  await dup.locator('[part=stale]').getByRole('button', { name: 'Find again' }).click();
  await expect(dup.locator('[part=stale]')).toHaveCount(0);
  await expect(dup.locator('[part=stored]')).toHaveCount(0);
  expect(errors).toEqual([]);
});
