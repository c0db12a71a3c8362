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
  await expect(preview.locator('svg')).toHaveAttribute('aria-label', new RegExp(`^Nearest-neighbour similarities of ${n} items, calibrated threshold 0\\.\\d\\d$`));
  const caption = preview.locator('figcaption');
  const count = async (re: RegExp) => {
    const m = re.exec((await caption.textContent()) ?? '');
    expect(m, 'caption').not.toBeNull();
    return { groups: Number(m![m!.length - 2]), remove: Number(m![m!.length - 1]) };
  };
  // Auto: the calibrated rule, as Find duplicates applies it with no threshold set.
  const auto = await count(/Auto: (\d+) groups?, (\d+) to remove/);
  expect(auto.groups).toBeGreaterThan(0);
  await shot(dup, 'duplicates-preview');
  const found = async () => {
    await dup.getByRole('button', { name: 'Find duplicates' }).click();
    await expect(dup.getByRole('status').filter({ hasText: 'working' })).toHaveCount(0, { timeout: 60_000 });
    return dup.locator('[part=group]').count();
  };
  expect(await found()).toBe(auto.groups);
  await dup.getByRole('button', { name: 'Keep the best of each group' }).click();
  await expect(dup.getByRole('button', { name: /^Remove marked/ })).toHaveText(`Remove marked (${auto.remove})`);

  // Move the slider with the keyboard: a threshold is set and nothing below it counts.
  const slider = preview.getByRole('slider', { name: 'Threshold' });
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  const read = async () => {
    const m = /At ≥ (0\.\d\d|1\.00): (\d+) groups?, (\d+) to remove/.exec((await caption.textContent()) ?? '');
    expect(m, 'caption').not.toBeNull();
    return { t: Number(m![1]), groups: Number(m![2]), remove: Number(m![3]) };
  };
  const set = await read();
  await expect(dup.getByPlaceholder('auto')).toHaveValue(set.t.toFixed(2));
  for (let k = 0; k < 10; k++) await page.keyboard.press('ArrowLeft');
  const lower = await read();
  expect(lower.t).toBeCloseTo(set.t - 0.1, 5);
  // Lowering a threshold never removes a pair (monotone).
  expect(lower.groups + lower.remove).toBeGreaterThanOrEqual(set.groups + set.remove);
  await shot(dup, 'duplicates-preview-lowered');
  for (let k = 0; k < 60; k++) await page.keyboard.press('ArrowRight');
  const top = await read();
  expect(top.t).toBe(1);
  expect(top.remove).toBeLessThanOrEqual(set.remove);
  // Find at a set threshold finds what the preview said for it.
  await page.keyboard.press('ArrowLeft');
  for (let k = 0; k < 6; k++) await page.keyboard.press('ArrowLeft');
  const mid = await read();
  expect(await found()).toBe(mid.groups);
  expect(errors).toEqual([]);
});
