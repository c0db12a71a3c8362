/**
 * Outliers with meaning, on real images and the real model: an archive of edits of one
 * photo reports no unusual item; a photo dropped among emoji is reported unusual,
 * with its nearest neighbours and distances shown as the reason.
 */
import { test, expect } from '@playwright/test';
import { loadSampleFiles, mount, openComponents, shot } from './helpers.js';

/** In the page: `n` re-encodings of one photo (scale, crop, JPEG quality vary) as Files. */
async function editsOfOnePhoto(page: import('@playwright/test').Page, n: number): Promise<void> {
  await page.evaluate(async (n) => {
    const src = await createImageBitmap(await (await fetch('/samples/photo-french-alpine-landscape.jpg')).blob());
    const files: File[] = [];
    for (let i = 0; i < n; i++) {
      const scale = 0.5 + 0.5 * ((i * 37) % 11) / 10;
      const crop = 0.04 * (i % 4);
      const sw = src.width * (1 - crop), sh = src.height * (1 - crop);
      const c = new OffscreenCanvas(Math.round(sw * scale), Math.round(sh * scale));
      c.getContext('2d')!.drawImage(src, src.width * crop / 2, src.height * crop / 2, sw, sh, 0, 0, c.width, c.height);
      files.push(new File([await c.convertToBlob({ type: 'image/jpeg', quality: 0.3 + 0.06 * (i % 10) })], `alps-${i}.jpg`, { type: 'image/jpeg' }));
    }
    (window as any).sampleFiles = files;
  }, n);
}

async function rankIn(page: import('@playwright/test').Page, archive: string) {
  await mount(page, '<curate-outliers></curate-outliers>', archive);
  await page.evaluate(async (archive) => {
    const w = window as any;
    await w.curator.run('create_archive', { name: archive, content_type: 'Image' });
    await w.curator.run('index', { archive, files: w.sampleFiles, check_for_redundancy_within_batch: false });
  }, archive);
  await page.locator('curate-outliers').getByRole('button', { name: 'Rank outliers' }).click();
  await expect(page.locator('curate-outliers [part=summary]')).toBeVisible({ timeout: 60_000 });
}

test('an archive of edits of one photo reports no unusual item', async ({ page }) => {
  const { errors } = await openComponents(page);
  await editsOfOnePhoto(page, 16);
  await rankIn(page, 'alps');
  await expect(page.locator('curate-outliers [part=summary]')).toContainText('No item is unusual');
  await expect(page.locator('curate-outliers li[data-unusual=yes]')).toHaveCount(0);
  await shot(page.locator('curate-outliers'), 'outliers-none');
  expect(errors).toEqual([]);
});

test('a photo among emoji is unusual, and the reason names its neighbours and distances', async ({ page }) => {
  const { errors } = await openComponents(page);
  await loadSampleFiles(page, /^(emoji-|photo-french-alpine-landscape\.jpg$)/);
  await rankIn(page, 'emoji-and-a-photo');
  const unusual = page.locator('curate-outliers li[data-unusual=yes]');
  await expect(unusual.first()).toBeVisible();
  const names = await unusual.locator('.name').allTextContents();
  expect(names).toContain('photo-french-alpine-landscape.jpg');
  // Few flags: the rest of a 60-emoji archive is typical.
  expect(names.length).toBeLessThanOrEqual(6);
  const photo = unusual.filter({ hasText: 'photo-french-alpine-landscape.jpg' });
  await expect(photo.locator('[part=why]')).toContainText(/× the archive's typical/);
  await expect(photo.locator('[part=nearest] figure')).toHaveCount(3);
  await shot(page.locator('curate-outliers'), 'outliers-why');
  expect(errors).toEqual([]);
});
