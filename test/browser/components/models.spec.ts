/**
 * <curate-models> as a user meets it, on the bundled samples and the real model:
 * fine-tune a vectorizer from the archive's labels (progress, cancel keeps
 * nothing), see what it measured, use it as an archive's default, try to delete
 * it (refused, naming the archive), then delete it once nothing uses it.
 */
import { test, expect } from '@playwright/test';
import { indexLabelledSamples, mount, openComponents, shot } from './helpers.js';

test('fine-tune from labels in the page, see its report, delete it (refused while in use)', async ({ page }) => {
  test.setTimeout(240_000);
  const { errors } = await openComponents(page);
  await mount(page, '<curate-models></curate-models>');
  const groups = await indexLabelledSamples(page);
  await page.evaluate((g) => (window as any).curator.training.importLabels('samples', g), groups);
  const el = page.locator('curate-models');
  await expect(el.getByText('No fine-tuned vectorizer or translator yet.')).toBeVisible();
  await shot(el, 'models-empty');

  const name = el.getByLabel("Fine-tune a vectorizer from this archive's labels, named");
  // Cancel half way: nothing is stored.
  await name.fill('half');
  await el.getByRole('button', { name: 'Fine-tune' }).click();
  await expect(el.locator('[part=progress]')).toBeVisible();
  await el.getByRole('button', { name: 'Cancel' }).click();
  await expect(el.locator('[part=notice]')).toHaveText('Cancelled: nothing was kept.', { timeout: 60_000 });
  expect(await page.evaluate(async () => (await (window as any).curator.training.models()).length)).toBe(0);

  await name.fill('tuned-here');
  await el.getByRole('button', { name: 'Fine-tune' }).click();
  const item = el.locator('[part=model][data-name="tuned-here"]');
  await expect(item).toBeVisible({ timeout: 180_000 });
  await expect(el.locator('[part=notice]')).toHaveText('tuned-here is ready.');
  await expect(item).toContainText(`refines`);
  await expect(item).toContainText(/held back \(\d+\): nearest-label accuracy [\d.]+ % in the base space → [\d.]+ % fine-tuned/);
  await shot(el, 'models-list');

  // In use as an archive's default: deleting is refused with the archive's name, and it stays.
  await page.evaluate(() => (window as any).curator.run('create_archive', { name: 'uses-it', content_type: 'Image', default_vectorizer: 'tuned-here' }));
  await item.getByRole('button', { name: 'Delete tuned-here' }).click();
  await item.getByRole('button', { name: 'Really delete tuned-here?' }).click();
  await expect(el.locator('.error')).toContainText('uses-it');
  await expect(item).toBeVisible();
  await shot(el, 'models-delete-refused');

  await page.evaluate(() => (window as any).curator.run('remove_content', { archive: 'uses-it', delete_archive: true }));
  await item.getByRole('button', { name: 'Delete tuned-here' }).click();
  await item.getByRole('button', { name: 'Really delete tuned-here?' }).click();
  await expect(item).toHaveCount(0);
  expect(await page.evaluate(async () => (await (window as any).curator.training.models()).map((m: any) => m.name))).toEqual([]);
  expect(errors).toEqual([]);
});
