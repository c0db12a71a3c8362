import { test, expect } from '@playwright/test';
import { loadSampleFiles, mount, openComponents } from './helpers.js';

/** <curate-jobs> cancels a job it did not start (run directly on the client) by its id; the worker stays usable. */
test('curate-jobs cancels a job started elsewhere through the client, by id', async ({ page }) => {
  test.setTimeout(180_000);
  const { errors } = await openComponents(page);
  await mount(page, '<curate-jobs></curate-jobs>');
  await loadSampleFiles(page);
  // Started outside any element: only the client knows it.
  await page.evaluate(async () => {
    const w = window as any;
    await w.curator.run('create_archive', { name: 'samples', content_type: 'Image' });
    w.outcome = w.curator.run('index', { archive: 'samples', files: w.sampleFiles }).then(
      () => 'completed',
      (e: Error) => e.name,
    );
  });
  const row = page.locator('curate-jobs [part=job][data-status=running]');
  await expect(row).toHaveCount(1);
  await expect(row.locator('.type')).toHaveText('index');
  const ids = await page.evaluate(() => (window as any).curator.runningJobIds());
  expect(ids).toHaveLength(1);
  // Wait for real progress, then cancel with the keyboard.
  await expect.poll(() => row.locator('progress').evaluate((p: HTMLProgressElement) => p.value), { timeout: 60_000 }).toBeGreaterThan(0);
  const cancel = row.getByRole('button', { name: 'Cancel' });
  await expect(cancel).toBeEnabled();
  await cancel.focus();
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => (window as any).outcome)).toBe('CancelledError');
  await expect(page.locator('curate-jobs [part=job]').first()).toHaveAttribute('data-status', 'cancelled');
  const after = await page.evaluate(async () => {
    const w = window as any;
    return { running: w.curator.runningJobIds(), again: w.curator.cancel(w.curator.runningJobIds()[0] ?? 'none'), n: (await w.curator.contents('samples')).length, list: (await w.curator.run('list_content', null)).status };
  });
  expect(after.running).toEqual([]);
  expect(after.again).toBe(false);
  // Whole batches only, and the worker still answers.
  expect(after.n).toBeLessThan(69);
  expect(after.list).toBe('completed');
  expect(errors).toEqual([]);
});
