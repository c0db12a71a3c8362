/**
 * axe-core (WCAG 2.1 A/AA rules) over every element, in every state a user
 * reaches through <curate-app> — each tab with its result shown, the viewer and
 * compare, the calibration panel, the batch folder — and over the standalone
 * elements, in both themes. Serious and critical violations fail the test;
 * the rest are printed.
 */
import { test, expect, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mount, openComponents, shot, SMALL_SUBSET } from './helpers.js';

type Found = { state: string; id: string; impact: string | null | undefined; help: string; targets: string[] };

async function audit(page: Page, state: string, found: Found[]): Promise<void> {
  const t = Date.now();
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  if (process.env.CURATEKIT_AXE_LOG) console.log(`axe ${state}: ${violations.length} rules violated, ${Date.now() - t} ms`);
  for (const v of violations) {
    found.push({ state, id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 4).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`) });
  }
}

/** Wait for `result` inside `el` (the tab may compute it on its own); press `button` when it does not come. */
async function shown(el: Locator, result: string, button: string): Promise<void> {
  const first = el.locator(result).first();
  if (!(await first.waitFor({ timeout: 3000 }).then(() => true, () => false))) await el.getByRole('button', { name: button, exact: true }).click();
  await expect(first).toBeVisible({ timeout: 60_000 });
}

function serious(found: Found[]): Found[] {
  const bad = found.filter((f) => f.impact === 'serious' || f.impact === 'critical');
  for (const f of found.filter((x) => !bad.includes(x))) console.log(`[axe ${f.impact}] ${f.state}: ${f.id} — ${f.help} ${f.targets.join(' ')}`);
  return bad;
}

test('axe: every tab of <curate-app> with its results, the viewer, compare and calibration — both themes', async ({ page }) => {
  test.setTimeout(240_000);
  const { errors } = await openComponents(page);
  await page.setViewportSize({ width: 1300, height: 900 });
  await page.evaluate(async (source) => {
    const w = window as any;
    w.curator = await w.curatekit.createCurator({ dbName: `a11y-${Math.random().toString(36).slice(2)}` });
    const re = new RegExp(source);
    const index = await (await fetch('/samples/index.json')).json();
    const files = await Promise.all(index.entries.filter((e: any) => re.test(e.file)).map(async (e: any) => new File([await (await fetch(`/samples/${e.file}`)).blob()], e.file)));
    await w.curator.run('create_archive', { name: 'samples', content_type: 'Image' });
    await w.curator.run('index', { archive: 'samples', files, check_for_redundancy_within_batch: false });
  }, SMALL_SUBSET.source);
  await mount(page, '<curate-app></curate-app>');
  const app = page.locator('curate-app');
  await expect(app.locator('curate-gallery [role=option]').first()).toBeVisible();
  const found: Found[] = [];
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    const at = (s: string) => `${theme} ${s}`;
    await app.locator('#tab-gallery').click();
    await app.locator('curate-gallery [role=option]').first().click();
    await audit(page, at('gallery with a selection'), found);
    // The batch folder's panel, folded away by default.
    if (theme === 'light') await app.locator('[part=batch-folder] > summary').click();
    await app.locator('#tab-duplicates').click();
    if ((await app.locator('curate-duplicates [part=group]').count()) === 0) await app.locator('curate-duplicates').getByRole('button', { name: 'Find duplicates' }).click();
    await expect(app.locator('curate-duplicates [part=group]').first()).toBeVisible();
    await app.locator('curate-duplicates').getByRole('button', { name: 'Keep the best of each group' }).click();
    await audit(page, at('duplicates with groups and decisions'), found);
    await shot(app.locator('curate-duplicates [part=group]').first(), `a11y-${theme}-duplicate-group`);
    await app.locator('curate-duplicates').getByRole('button', { name: 'Calibrate…' }).click();
    await expect(app.locator('curate-duplicates [part=calibration]')).toBeVisible();
    await audit(page, at('duplicates calibration'), found);
    await app.locator('curate-duplicates [part=calibration]').getByRole('button', { name: 'Close' }).click();
    const cmp = app.locator('curate-duplicates').getByRole('button', { name: 'Compare', exact: true });
    await cmp.first().click();
    await expect(app.locator('curate-viewer dialog')).toBeVisible();
    await audit(page, at('compare'), found);
    await page.keyboard.press('Escape');
    await app.locator('#tab-clusters').click();
    await shown(app.locator('curate-clusters'), '[part=cluster]', 'Run clustering');
    await audit(page, at('clusters'), found);
    await app.locator('#tab-outliers').click();
    await shown(app.locator('curate-outliers'), '[part=item]', 'Rank outliers');
    await audit(page, at('outliers'), found);
    await app.locator('#tab-map').click();
    await shown(app.locator('curate-map'), 'button:text("Recompute")', 'Compute map');
    await audit(page, at('map'), found);
    await app.locator('#tab-balance').click();
    await app.locator('curate-balance').getByRole('button', { name: 'Analyse balance' }).click();
    await expect(app.locator('curate-balance [part=remove]')).toBeVisible({ timeout: 60_000 });
    await audit(page, at('balance'), found);
    for (const tab of ['train', 'classify', 'export']) {
      await app.locator(`#tab-${tab}`).click();
      await audit(page, at(tab), found);
    }
    await app.locator('#tab-gallery').click();
    await app.locator('curate-gallery [role=option]').first().dblclick();
    await expect(app.locator('curate-viewer dialog')).toBeVisible();
    await audit(page, at('viewer'), found);
    await page.keyboard.press('Escape');
  }
  expect(serious(found)).toEqual([]);
  expect(errors).toEqual([]);
});

test('axe: the standalone elements page and the demo page, both themes; a violation inside a shadow root is caught', async ({ page }) => {
  await page.setViewportSize({ width: 1200, height: 900 });
  const found: Found[] = [];
  for (const url of ['/demo/elements.html', '/demo/index.html']) {
    await page.goto(url);
    await expect(page.locator('#load-samples')).toBeVisible();
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await audit(page, `${theme} ${url}`, found);
    }
  }
  expect(serious(found)).toEqual([]);
  // The audit reaches into shadow roots (where every element renders): an image without alt text there is reported.
  await page.evaluate(() => {
    const host = document.createElement('div');
    host.id = 'axe-probe';
    host.attachShadow({ mode: 'open' }).innerHTML = '<img src="/favicon.svg">';
    document.body.append(host);
  });
  const probe: Found[] = [];
  await audit(page, 'probe', probe);
  expect(probe.map((f) => [f.id, f.targets[0].split(' ')[0]])).toContainEqual(['image-alt', JSON.stringify([['#axe-probe', 'img']])]);
});
