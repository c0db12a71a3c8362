/**
 * The threshold preview of <curate-duplicates> as a user meets it, on the
 * bundled photos (originals and their edited copies) and the real model: the
 * nearest-neighbour similarities are drawn with the threshold on them, moving
 * the slider (keyboard) says how many groups and removals that threshold
 * gives, and "Find duplicates" then finds exactly that many groups.
 */
import { test, expect } from '@playwright/test';
import { indexThroughDropzone, loadSampleFiles, mount, openComponents, shot } from './helpers.js';

test('threshold preview: distribution, slider, and a count that Find duplicates then matches', async ({ page }) => {
  test.setTimeout(180_000);
  const { errors } = await openComponents(page);
  await mount(page, '<curate-dropzone></curate-dropzone><curate-duplicates></curate-duplicates>');
  await loadSampleFiles(page, /^photo-/);
  await indexThroughDropzone(page);
  // Exact copies among the files are not stored twice: the chart counts what the archive holds.
  const n = await page.evaluate(async () => (await (window as any).curator.contents('samples')).length);
  const dup = page.locator('curate-duplicates');
  const preview = dup.locator('[part=preview]');
  await expect(preview).toBeVisible({ timeout: 60_000 });
  await expect(preview.locator('svg')).toHaveAttribute('aria-label', new RegExp(`^Nearest-neighbour similarities of ${n} items, threshold 0\\.\\d\\d$`));
  const caption = preview.locator('figcaption');
  await expect(caption).toContainText('(the calibrated threshold)');
  const read = async () => {
    const m = /At ≥ (0\.\d\d|1\.00): (\d+) groups?, (\d+) to remove/.exec((await caption.textContent()) ?? '');
    expect(m, 'caption').not.toBeNull();
    return { t: Number(m![1]), groups: Number(m![2]), remove: Number(m![3]) };
  };
  const atDefault = await read();
  expect(atDefault.groups).toBeGreaterThan(0);
  await shot(dup, 'duplicates-preview');

  // Lower with the keyboard: never fewer groups; the bars at or above it turn to the accent.
  const slider = preview.getByRole('slider', { name: 'Threshold' });
  await slider.focus();
  for (let k = 0; k < 10; k++) await page.keyboard.press('ArrowLeft');
  const lower = await read();
  expect(lower.t).toBeCloseTo(atDefault.t - 0.1, 5);
  expect(lower.groups + lower.remove).toBeGreaterThanOrEqual(atDefault.groups + atDefault.remove);
  await expect(caption).toContainText(`(calibrated: ${atDefault.t.toFixed(2)})`);
  await shot(dup, 'duplicates-preview-lowered');
  // Up to 1.00: only byte- and pixel-identical copies can be that close.
  for (let k = 0; k < 60; k++) await page.keyboard.press('ArrowRight');
  const top = await read();
  expect(top.t).toBe(1);
  expect(top.remove).toBeLessThanOrEqual(atDefault.remove);

  // Back at the default, Find duplicates finds what the preview promised.
  await dup.getByPlaceholder('auto').fill(atDefault.t.toFixed(2));
  await dup.getByPlaceholder('auto').dispatchEvent('change');
  await dup.getByRole('button', { name: 'Find duplicates' }).click();
  await expect(dup.locator('[part=group]').first()).toBeVisible({ timeout: 60_000 });
  await expect(dup.locator('[part=group]')).toHaveCount(atDefault.groups);
  await dup.getByRole('button', { name: 'Keep the best of each group' }).click();
  await expect(dup.getByRole('button', { name: /^Remove marked/ })).toHaveText(`Remove marked (${atDefault.remove})`);
  expect(errors).toEqual([]);
});
