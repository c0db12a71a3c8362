/** A removal made in one element can be taken back from any element sharing the model: the items return under their ids. */
import { test, expect } from '@playwright/test';
import { indexThroughDropzone, loadSampleFiles, mount, openComponents, shot, SMALL_SUBSET } from './helpers.js';

test('remove selected in the gallery → "moved to the trash" → Restore → the same items are back', async ({ page }) => {
  const { errors } = await openComponents(page);
  await mount(page, '<curate-dropzone></curate-dropzone><curate-gallery></curate-gallery><curate-outliers></curate-outliers>');
  await loadSampleFiles(page, SMALL_SUBSET);
  await indexThroughDropzone(page);
  const gallery = page.locator('curate-gallery');
  await expect(gallery.locator('[role=option]').first()).toBeVisible();
  const idsOf = () => page.evaluate(async () => ((await (window as any).curator.contents('samples')) as { id: number }[]).map((c) => c.id).sort((a, b) => a - b));
  const before = await idsOf();
  const victims = before.slice(0, 2);
  await page.evaluate((ids) => (window as any).model.select(ids), victims);
  await gallery.getByRole('button', { name: 'Remove selected' }).click();
  await expect.poll(idsOf).toEqual(before.filter((id) => !victims.includes(id)));
  // Every element on that archive offers the restore; the outliers element takes it back.
  await expect(gallery.locator('[part=restore]')).toContainText('Moved 2 items to the trash.');
  const outliers = page.locator('curate-outliers');
  await expect(outliers.locator('[part=restore]')).toBeVisible();
  await shot(gallery, 'gallery-restore');
  const restored = page.evaluate(() => new Promise<number[]>((ok) => document.addEventListener('curate-restore', (e) => ok((e as CustomEvent<{ ids: number[] }>).detail.ids), { once: true })));
  await outliers.getByRole('button', { name: 'Restore all 2' }).click();
  expect((await restored).sort((a, b) => a - b)).toEqual(victims);
  await expect.poll(idsOf).toEqual(before);
  await expect(gallery.locator('[part=restore]')).toHaveCount(0);
  for (const id of victims) await expect(gallery.locator(`[role=option][data-id="${id}"]`)).toHaveCount(1);
  expect(await page.evaluate(async () => (await (window as any).curator.trash('samples')).length)).toBe(0);
  expect(errors).toEqual([]);
});
