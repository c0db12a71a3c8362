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
  expect(counts.bright).toBeGreaterThan(0);
  const chip = gallery.locator('[part=flag-chips] button', { hasText: 'bright' });
  await expect(chip).toHaveText(`bright ${counts.bright}`);
  await chip.click();
  await expect(chip).toHaveAttribute('aria-pressed', 'true');
  const tiles = gallery.locator('[role=option]');
  await expect(tiles).toHaveCount(counts.bright);
  await expect(tiles.locator('.badge.flag', { hasText: 'bright' })).toHaveCount(counts.bright);
  await expect(tiles.first().locator('.badge.flag', { hasText: 'bright' })).toHaveAttribute('title', /^mean brightness \d+ of 255 \(bright above 220\)$/);
  await shot(gallery, 'gallery-flag-chip');
  // Pressed again: everything is shown.
  await chip.click();
  await expect(chip).toHaveAttribute('aria-pressed', 'false');
  expect(await tiles.count()).toBeGreaterThan(counts.bright);
  expect(errors).toEqual([]);
});
