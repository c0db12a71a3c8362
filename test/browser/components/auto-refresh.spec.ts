import { test, expect } from '@playwright/test';
import { loadSampleFiles, openComponents, SMALL_SUBSET } from './helpers.js';

// Elements given only `.curator` and `archive` (each its own model, no manual refresh)
// follow what the client does from code: index adds tiles, remove_content takes them away.
test('elements refresh themselves after index and remove_content run through their client', async ({ page }) => {
  const { errors } = await openComponents(page);
  const n = await loadSampleFiles(page, SMALL_SUBSET);
  await page.evaluate(async () => {
    const w = window as any;
    w.curator = await w.curatekit.createCurator({ dbName: `refresh-${Math.random().toString(36).slice(2)}` });
    await w.curator.run('create_archive', { name: 'mine', content_type: 'Image' });
    const root = document.getElementById('root')!;
    root.innerHTML = '<curate-gallery archive="mine"></curate-gallery>';
    (root.firstElementChild as any).curator = w.curator;
  });
  const tiles = page.locator('curate-gallery [role=option]');
  await expect(tiles).toHaveCount(0);
  const ids: number[] = await page.evaluate(async () => {
    const w = window as any;
    const job = await w.curator.run('index', { archive: 'mine', files: w.sampleFiles.slice(0, 6), check_for_redundancy_within_batch: false });
    return Object.values(job.results.name_to_indexed_content_id) as number[];
  });
  expect(ids.length).toBeGreaterThanOrEqual(5);
  expect(n).toBeGreaterThan(6);
  await expect(tiles).toHaveCount(ids.length);
  await page.evaluate(async (id) => (window as any).curator.run('remove_content', { archive: 'mine', archive_content_ids_subset: [id] }), ids[0]);
  await expect(tiles).toHaveCount(ids.length - 1);
  // A failed job changes nothing and refreshes nothing visible.
  const failed = await page.evaluate(async () => (window as any).curator.run('remove_content', { archive: 'no-such-archive', archive_content_ids_subset: [1] }).then(() => 'completed', (e: Error) => e.name));
  expect(failed).not.toBe('completed');
  await expect(tiles).toHaveCount(ids.length - 1);
  expect(errors).toEqual([]);
});
