/**
 * Look closer, as a user of the app meets it: double-click a gallery tile →
 * the full-size viewer (the stored original, its figures); → steps through
 * the gallery's order, zoom keys, Delete moves the item to the trash
 * (restorable), Esc closes. Compare on a duplicate group member → both side
 * by side with one zoom, synced scrolling and what differs marked.
 */
import { test, expect } from '@playwright/test';
import { loadSampleFiles, mount, openComponents, shot } from './helpers.js';

test('viewer: open, step, zoom, trash and restore, close; compare a duplicate with its keeper', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  const { errors } = await openComponents(page);
  await mount(page, '<curate-app></curate-app>', 'look');
  await loadSampleFiles(page, /^photo-/);
  await page.evaluate(async () => {
    const app = document.querySelector('curate-app') as any;
    app.openArchive('look');
    await app.updateComplete;
    await app.renderRoot.querySelector('curate-dropzone').addFiles((window as any).sampleFiles);
  });
  const app = page.locator('curate-app');
  const tiles = app.locator('curate-gallery [role=option]');
  await expect(tiles.first()).toBeVisible({ timeout: 60_000 });
  const order = await tiles.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  await tiles.first().dblclick();
  const dialog = app.locator('curate-viewer dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('.title')).toContainText(order[0]!);
  await expect(dialog.locator('.title')).toContainText(`1 of ${order.length}`);
  const img = dialog.locator('[part=image]');
  await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBeGreaterThan(160); // the original, not the thumbnail
  const stored = await page.evaluate(async (name) => (await (window as any).curator.contents('look')).find((c: any) => c.name === name), order[0]);
  expect(await img.evaluate((i: HTMLImageElement) => [i.naturalWidth, i.naturalHeight])).toEqual([stored.width, stored.height]);
  await expect(dialog.locator('[part=facts]')).toContainText(`${stored.width} × ${stored.height}`);
  await expect(dialog.locator('[part=facts]')).toContainText('JPEG');
  await shot(page, 'viewer');

  await page.keyboard.press('ArrowRight');
  await expect(dialog.locator('.title')).toContainText(order[1]!);
  await page.keyboard.press('ArrowLeft');
  await expect(dialog.locator('.title')).toContainText(order[0]!);
  await page.keyboard.press('1');
  await expect(dialog.getByRole('status', { name: 'Zoom' })).toHaveText('100 %');
  await expect.poll(() => img.evaluate((i) => i.getBoundingClientRect().width)).toBeCloseTo(stored.width, -1);
  await page.keyboard.press('+');
  await expect(dialog.getByRole('status', { name: 'Zoom' })).toHaveText('200 %');
  await page.keyboard.press('0');
  await expect(dialog.getByRole('status', { name: 'Zoom' })).toHaveText('fit');

  // Delete: to the trash, the next one is shown; the app offers to restore it.
  await page.keyboard.press('Delete');
  await expect(dialog.locator('.title')).toContainText(order[1]!);
  await expect(dialog.locator('.title')).toContainText(`1 of ${order.length - 1}`);
  expect(await page.evaluate(async () => (await (window as any).curator.trash('look')).map((c: any) => c.name))).toEqual([order[0]]);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await app.locator('curate-gallery').getByRole('button', { name: /^Restore/ }).click();
  await expect(tiles).toHaveCount(order.length);

  // Compare from a duplicate group.
  await app.locator('#tab-duplicates').click();
  const dup = app.locator('curate-duplicates');
  await dup.getByRole('button', { name: 'Find duplicates' }).click();
  const member = dup.locator('[part=group]').first().getByRole('button', { name: 'Compare' }).first();
  await expect(member).toBeVisible({ timeout: 60_000 });
  await member.click();
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('[part~=pane]')).toHaveCount(2);
  await expect(dialog.locator('.title')).toContainText(/Compare similarity 0\.\d{3}|Compare similarity 1\.000/);
  await expect(dialog.locator('[part=facts]').first().locator('dd.differs').first()).toBeVisible();
  // 400 %: both overflow their panes (the copy may be smaller than the original).
  for (const key of ['1', '+', '+']) await page.keyboard.press(key);
  await expect(dialog.getByRole('status', { name: 'Zoom' })).toHaveText('400 %');
  // One zoom for both; scrolling the left pane scrolls the right one to the same place.
  const panes = dialog.locator('[part~=pane]');
  await panes.first().evaluate((p) => p.scrollTo({ left: (p.scrollWidth - p.clientWidth) / 2, top: (p.scrollHeight - p.clientHeight) / 2 }));
  await expect.poll(() => panes.nth(1).evaluate((p) => Math.round((100 * p.scrollLeft) / Math.max(1, p.scrollWidth - p.clientWidth)))).toBeGreaterThan(40);
  await shot(page, 'viewer-compare');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  expect(errors).toEqual([]);
});
