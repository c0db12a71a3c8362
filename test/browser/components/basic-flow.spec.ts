import { test, expect } from '@playwright/test';
import { indexThroughDropzone, loadSampleFiles, mount, openComponents, shot } from './helpers.js';

test('drop the sample folder → progress → gallery fills → open one → nearest neighbours', async ({ page }) => {
  const { errors } = await openComponents(page);
  await mount(page, '<curate-dropzone></curate-dropzone><curate-gallery></curate-gallery><curate-search></curate-search><curate-jobs></curate-jobs>');
  const n = await loadSampleFiles(page);
  expect(n).toBeGreaterThan(60);
  const done = indexThroughDropzone(page);
  await expect(page.locator('curate-dropzone progress')).toBeVisible();
  await shot(page.locator('curate-dropzone'), 'dropzone-progress');
  await done;
  await expect(page.locator('curate-dropzone [part=report]')).toContainText('Added');
  const tiles = page.locator('curate-gallery [role=option]');
  await expect(tiles.first()).toBeVisible();
  await shot(page.locator('curate-dropzone'), 'dropzone-report');
  await shot(page.locator('curate-gallery'), 'gallery');
  await tiles.first().dblclick();
  await expect(page.locator('curate-search [part=result]')).toHaveCount(12);
  await shot(page.locator('curate-search'), 'search');
  await shot(page.locator('curate-jobs'), 'jobs');
  expect(errors).toEqual([]);
});
