/** Quality flags a user can act on: a chip per flag with its count filters the gallery; each badge says why on hover. */
import { test, expect } from '@playwright/test';
import { indexThroughDropzone, loadSampleFiles, mount, openComponents, shot, SMALL_SUBSET } from './helpers.js';

test('flag chips filter the gallery to that flag, counts agree, badges give the measured reason', async ({ page }) => {
  const { errors } = await openComponents(page);
  await mount(page, '<curate-dropzone></curate-dropzone><curate-gallery></curate-gallery>');
  await loadSampleFiles(page, SMALL_SUBSET);
  await indexThroughDropzone(page);
  const gallery = page.locator('curate-gallery');
  await expect(gallery.locator('[role=option]').first()).toBeVisible();
  const counts = await page.evaluate(async () => {
    const n: Record<string, number> = {};
    for (const c of await (window as any).curator.contents('samples')) for (const f of c.quality.flags) n[f] = (n[f] ?? 0) + 1;
    return n;
  });
  // Emoji on a white page are not "bright" (the page is left out), but some carry little tonal information.
  expect(counts.bright ?? 0).toBe(0);
  expect(counts.lowInformation).toBeGreaterThan(0);
  const chip = gallery.locator('[part=flag-chips] button', { hasText: 'low information' });
  await expect(chip).toHaveText(`low information ${counts.lowInformation}`);
  await chip.click();
  await expect(chip).toHaveAttribute('aria-pressed', 'true');
  const tiles = gallery.locator('[role=option]');
  await expect(tiles).toHaveCount(counts.lowInformation);
  await expect(tiles.locator('.badge.flag', { hasText: 'low information' })).toHaveCount(counts.lowInformation);
  await expect(tiles.first().locator('.badge.flag', { hasText: 'low information' })).toHaveAttribute('title', /^\d\.\d bits of tonal information \(low below 3\)$/);
  await shot(gallery, 'gallery-flag-chip');
  // Pressed again: everything is shown.
  await chip.click();
  await expect(chip).toHaveAttribute('aria-pressed', 'false');
  expect(await tiles.count()).toBeGreaterThan(counts.lowInformation);
  expect(errors).toEqual([]);
});
