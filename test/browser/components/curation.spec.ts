import { test, expect } from '@playwright/test';
import { indexThroughDropzone, loadSampleFiles, mount, openComponents, shot, SMALL_SUBSET } from './helpers.js';

test('review a duplicate group and remove one', async ({ page }) => {
  const { errors } = await openComponents(page);
  await mount(page, '<curate-dropzone></curate-dropzone><curate-duplicates></curate-duplicates><curate-gallery></curate-gallery>');
  await loadSampleFiles(page, /^photo-/);
  await indexThroughDropzone(page);
  const before = await page.evaluate(async () => (await (window as any).curator.contents('samples')).length);
  const dup = page.locator('curate-duplicates');
  await dup.locator('button', { hasText: 'Find duplicates' }).click();
  const group = dup.locator('[part=group]').first();
  await expect(group).toBeVisible();
  await expect(group.locator('[part=evidence]').first()).toHaveText(/(bytes|pixels|phash|embedding) · \d\.\d{3}/);
  await shot(dup, 'duplicates');
  // Mark the second member of the first group for removal, by hand.
  const victim = Number(await group.locator('[part=member]').nth(1).getAttribute('data-id'));
  await group.locator('[part=member]').nth(1).getByRole('button', { name: 'Remove' }).click();
  await expect(dup.getByRole('button', { name: 'Remove marked (1)' })).toBeEnabled();
  await dup.getByRole('button', { name: 'Remove marked (1)' }).click();
  await expect.poll(() => page.evaluate(async () => (await (window as any).curator.contents('samples')).length)).toBe(before - 1);
  const ids = await page.evaluate(async () => (await (window as any).curator.contents('samples')).map((c: { id: number }) => c.id));
  expect(ids).not.toContain(victim);
  await expect(page.locator(`curate-gallery [role=option][data-id="${victim}"]`)).toHaveCount(0);
  await expect(dup.locator(`[part=member][data-id="${victim}"]`)).toHaveCount(0);
  // Keep-the-best marks every non-best member of each remaining group.
  const groups = await dup.locator('[part=group]').count();
  // Every group says why its keeper is kept.
  await expect(dup.locator('[part=reason]')).toHaveCount(groups);
  // The photo samples hold several edited copies, so groups remain after one removal.
  expect(groups).toBeGreaterThan(0);
  await dup.getByRole('button', { name: 'Keep the best of each group' }).click();
  const members = await dup.locator('[part=member]').count();
  await expect(dup.getByRole('button', { name: `Remove marked (${members - groups})` })).toBeVisible();
  // Calibration: answer the pairs near the threshold and refit.
  await dup.getByRole('button', { name: 'Calibrate…' }).click();
  const pairs = dup.locator('[part=pair]');
  await expect(pairs.first()).toBeVisible();
  await pairs.first().getByRole('button', { name: 'Same', exact: true }).click();
  if ((await pairs.count()) > 1) await pairs.nth(1).getByRole('button', { name: 'Not same' }).click();
  await shot(dup, 'duplicates-calibration');
  await dup.getByRole('button', { name: /Refit threshold/ }).click();
  // The answers are stored and the refit used them all; the summary says what changed.
  await expect(dup.locator('[part=refit]')).toHaveText(/^threshold \d\.\d{3} → \d\.\d{3} from [12] answers?; \d+ groups/);
  expect(errors).toEqual([]);
});

test('run clustering and see cluster tiles; rename, merge and label', async ({ page }) => {
  const { errors } = await openComponents(page);
  await mount(page, '<curate-dropzone></curate-dropzone><curate-clusters></curate-clusters><curate-gallery></curate-gallery><curate-balance></curate-balance>');
  await loadSampleFiles(page, SMALL_SUBSET);
  await indexThroughDropzone(page);
  const el = page.locator('curate-clusters');
  await el.getByRole('button', { name: 'Run clustering' }).click();
  const tiles = el.locator('[part=cluster]');
  await expect(tiles.first()).toBeVisible();
  const k = await tiles.count();
  expect(k).toBeGreaterThan(1);
  await expect(el.locator('[part=explanation]')).toContainText(/chosen automatically: \d+ \(the fewest clusters that stand out nearly as well as the best against structure-free data; next best: \d+/);
  await expect(tiles.first().locator('img').first()).toBeVisible();
  await expect(tiles.first()).toContainText(/\d+ images · diversity \d\.\d{3}/);
  const sizes = await tiles.evaluateAll((ts) => ts.map((t) => Number(/(\d+) images/.exec(t.textContent ?? '')![1])));
  expect(sizes.reduce((a, b) => a + b, 0)).toBe(await page.evaluate(async () => (await (window as any).curator.contents('samples')).length));
  await shot(el, 'clusters');
  // Rename the first cluster and use it as a label: the gallery shows it as a badge.
  const name = tiles.first().getByRole('textbox', { name: 'Cluster name' });
  await name.fill('Flags <b>bold</b>');
  await name.press('Enter');
  await tiles.first().getByRole('button', { name: 'Label with name' }).click();
  await expect(page.locator('curate-gallery .badge', { hasText: 'Flags <b>bold</b>' }).first()).toBeVisible();
  // Merge the first two clusters.
  await tiles.nth(0).getByRole('checkbox').check();
  await tiles.nth(1).getByRole('checkbox').check();
  await el.getByRole('button', { name: 'Merge marked (2)' }).click();
  await expect(tiles).toHaveCount(k - 1);
  expect(sizes[0] + sizes[1]).toBe(Number(/(\d+) images/.exec((await tiles.first().textContent()) ?? '')![1]));
  // Balance on these clusters.
  const bal = page.locator('curate-balance');
  await bal.getByRole('button', { name: 'Analyse balance' }).click();
  await expect(bal.locator('[part=remove]')).toBeVisible();
  await expect(bal.locator('[part=source]')).toBeVisible();
  await shot(bal, 'balance');
  expect(errors).toEqual([]);
});

test('lasso on the map selects the same items in the gallery; outliers rank', async ({ page }) => {
  const { errors } = await openComponents(page);
  await page.setViewportSize({ width: 1200, height: 1400 });
  await mount(page, '<curate-dropzone></curate-dropzone><curate-map></curate-map><curate-gallery></curate-gallery><curate-outliers></curate-outliers>');
  await loadSampleFiles(page, SMALL_SUBSET);
  await indexThroughDropzone(page);
  const map = page.locator('curate-map');
  await map.getByRole('button', { name: 'Compute map' }).click();
  await expect(map.getByRole('button', { name: 'Recompute' })).toBeVisible({ timeout: 60_000 });
  await expect(map.getByText(/0 of [1-9]\d* selected/)).toBeVisible();
  const canvas = map.locator('canvas');
  const box = (await canvas.boundingBox())!;
  const points = await page.evaluate(() => {
    const m = document.querySelector('curate-map') as any;
    return m.ids.length;
  });
  expect(points).toBeGreaterThan(10);
  // Lasso the left half of the map.
  await page.mouse.move(box.x + 2, box.y + 2);
  await page.mouse.down();
  for (const [fx, fy] of [[0.5, 0.01], [0.5, 0.99], [0.01, 0.99], [0.01, 0.02]]) await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy, { steps: 6 });
  await page.mouse.up();
  const selected: number[] = await page.evaluate(() => [...(window as any).model.selected].sort((a: number, b: number) => a - b));
  expect(selected.length).toBeGreaterThan(0);
  expect(selected.length).toBeLessThan(points);
  await shot(map, 'map-lasso');
  // The gallery shows exactly those as selected.
  const gallery = page.locator('curate-gallery');
  await gallery.getByRole('combobox', { name: 'Filter' }).selectOption('selected');
  const shownIds = await gallery.locator('[role=option]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-id'))).sort((a, b) => a - b));
  expect(shownIds).toEqual(selected);
  await expect(gallery.locator('[role=option][aria-selected=false]')).toHaveCount(0);
  await expect(gallery.getByText(`${selected.length} selected`)).toBeVisible();
  // Outliers: the element lists exactly the items the scores put above the cut (three kinds of
  // image, none a lone item here), then the most typical; any listed item can be marked junk.
  const out = page.locator('curate-outliers');
  await out.getByRole('button', { name: 'Rank outliers' }).click();
  await expect(out.locator('[part=summary]')).toBeVisible({ timeout: 60_000 });
  const expected = await page.evaluate(async () => {
    const s = await (window as any).curator.scores('samples');
    return s.unusual.filter((z: number) => z >= s.unusualCut).length;
  });
  await expect(out.getByRole('heading', { name: `Unusual (${expected})` })).toBeVisible();
  await expect(out.locator('[part=item][data-unusual=yes]')).toHaveCount(expected);
  const first = out.locator('[part=item]').first();
  await first.getByRole('button', { name: 'Junk' }).click();
  await out.getByRole('button', { name: 'Remove junk (1)' }).click();
  await expect.poll(() => page.evaluate(async () => (await (window as any).curator.contents('samples')).length)).toBe(points - 1);
  await shot(out, 'outliers');
  expect(errors).toEqual([]);
});
