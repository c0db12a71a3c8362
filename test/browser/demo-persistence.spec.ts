/**
 * The demo keeps its state across a reload and a browser restart: archives and
 * contents in IndexedDB (engine), the open archive, clusters, labels and the
 * selection in localStorage (the elements' model). Needs a persistent profile:
 * the default test context is off-the-record.
 */
import { chromium, test, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from '../../scripts/chromium.mjs';
import { openComponents } from './components/helpers.js';

async function openDemo(page: Page): Promise<void> {
  await page.goto('/demo/index.html');
  await expect(page.locator('#demo-status')).toHaveText('', { timeout: 60_000 });
}

async function state(page: Page) {
  const app = page.locator('curate-app');
  await app.locator('#tab-gallery').click();
  const gallery = app.locator('curate-gallery');
  await expect(gallery.locator('[role=option]').first()).toBeVisible();
  const fromGallery = {
    archive: await app.getByRole('combobox', { name: 'Archive' }).inputValue(),
    shown: await gallery.getByRole('combobox', { name: 'Filter' }).locator('option').first().textContent(),
    selected: await gallery.getByText(/^\d+ selected$/).textContent(),
    labelBadges: await gallery.locator('.badge', { hasText: 'Keepers' }).count(),
  };
  await app.locator('#tab-clusters').click();
  await expect(app.locator('curate-clusters [part=cluster]').first()).toBeVisible();
  return {
    ...fromGallery,
    clusters: await app.locator('curate-clusters [part=cluster]').count(),
    firstCluster: await app.locator('curate-clusters [part=cluster]').first().getByRole('textbox', { name: 'Cluster name' }).inputValue(),
  };
}

test('reload and restart: the archive, clusters, labels and selection are intact', async ({ baseURL, page: warmup }) => {
  test.setTimeout(150_000);
  // A fresh dev server reloads pages once it has pre-bundled the engine's lazy dependencies: get that over with first.
  await openComponents(warmup);
  const dir = mkdtempSync(join(tmpdir(), 'curatekit-demo-profile-'));
  const launch = () => chromium.launchPersistentContext(dir, { executablePath: process.env.CHROMIUM_PATH, args: CHROMIUM_ARGS, baseURL, viewport: { width: 1300, height: 1000 } });
  let ctx = await launch();
  try {
    let page = ctx.pages()[0] ?? (await ctx.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await openDemo(page);
    const app = page.locator('curate-app');
    await app.getByRole('textbox', { name: 'New archive name' }).fill('kept');
    await app.getByRole('textbox', { name: 'New archive name' }).press('Enter');
    await page.evaluate(async () => {
      const index = await (await fetch('/samples/index.json')).json();
      const entries = index.entries.filter((e: { file: string }) => /^(photo-(a|b|d)|emoji-flag-)/.test(e.file));
      const files = await Promise.all(entries.map(async (e: { file: string }) => new File([await (await fetch(`/samples/${e.file}`)).blob()], e.file)));
      await (document.querySelector('curate-app') as any).shadowRoot.querySelector('curate-dropzone').addFiles(files);
    });
    await app.locator('#tab-clusters').click();
    await app.locator('curate-clusters').getByRole('button', { name: 'Run clustering' }).click();
    const first = app.locator('curate-clusters [part=cluster]').first();
    await expect(first).toBeVisible();
    await first.getByRole('textbox').fill('Keepers');
    await first.getByRole('textbox').press('Enter');
    await first.getByRole('button', { name: 'Label with name' }).click();
    await first.getByRole('button', { name: 'Select' }).click();
    const before = await state(page);
    expect(before.archive).toBe('kept');
    expect(before.firstCluster).toBe('Keepers');
    expect(before.selected).not.toBe('0 selected');
    expect(before.labelBadges).toBeGreaterThan(0);

    await page.reload();
    await openDemo(page);
    expect(await state(page)).toEqual(before);
    expect(errors).toEqual([]);

    await ctx.close();
    ctx = await launch();
    page = ctx.pages()[0] ?? (await ctx.newPage());
    await openDemo(page);
    expect(await state(page)).toEqual(before);
  } finally {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
