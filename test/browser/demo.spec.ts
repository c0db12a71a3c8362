/**
 * The demo page end to end, under a strict Content-Security-Policy (no
 * 'unsafe-eval' beyond 'wasm-unsafe-eval', no inline scripts or styles), set as
 * a response header on every document and worker script the dev server sends.
 */
import { test, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { openComponents } from './components/helpers.js';

const SHOTS = 'test-results/screenshots';
/** `npm run screenshots` sets this: the README walkthrough's pictures (docs/screenshots) are taken on the way. */
const WALKTHROUGH = process.env.CURATEKIT_WALKTHROUGH === '1' ? 'docs/screenshots' : null;

/** A full-page PNG for the test report, and with WALKTHROUGH a viewport JPEG for the README. */
async function snap(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/demo-${name}.png`, fullPage });
  if (WALKTHROUGH) {
    mkdirSync(WALKTHROUGH, { recursive: true });
    // The view under its tab, from the top of the tab list.
    if (fullPage) await page.locator('curate-app [role=tablist]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: `${WALKTHROUGH}/${name}.jpg`, type: 'jpeg', quality: 72 });
  }
}
export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self' ws: blob: data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

// A fresh dev server reloads pages once it has pre-bundled the engine's lazy dependencies: get that over with first.
test.beforeEach(async ({ page }) => {
  await openComponents(page);
});

async function withStrictCsp(page: Page): Promise<{ violations: string[]; guarded: string[] }> {
  const violations: string[] = [];
  const guarded: string[] = [];
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const type = response.headers()['content-type'] ?? '';
    const headers = { ...response.headers() };
    if (/text\/html|javascript/.test(type)) {
      headers['content-security-policy'] = STRICT_CSP;
      guarded.push(route.request().url());
    }
    await route.fulfill({ response, headers });
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  page.on('worker', (w) => w.on('console', (m) => /Content Security Policy|Refused to/i.test(m.text()) && violations.push(`[worker] ${m.text()}`)));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to run (CSP ${e.violatedDirective}): ${e.blockedURI}`));
  });
  return { violations, guarded };
}

test('demo under a strict CSP: load the samples and see duplicates, clusters, outliers, the map and the balance', async ({ page }) => {
  test.setTimeout(170_000);
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
  // Nothing the demo asks for may be missing (a 404 favicon, model or sample included).
  const missing: string[] = [];
  page.on('response', (r) => r.status() >= 400 && missing.push(`${r.status()} ${r.url()}`));
  const { violations, guarded } = await withStrictCsp(page);
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto('/demo/index.html');
  const app = page.locator('curate-app');
  await expect(page.locator('#demo-status')).toHaveText('', { timeout: 60_000 });
  await page.click('#load-samples');
  await expect(page.locator('#demo-status')).toHaveText(/done|failed/, { timeout: 150_000 });
  await expect(page.locator('#demo-status')).toHaveText('done: look through the tabs');
  // The worker script itself was served with the policy too.
  expect(guarded.some((u) => u.includes('curator.worker'))).toBe(true);
  mkdirSync(SHOTS, { recursive: true });
  // Duplicates: the planted near-duplicates are found.
  await app.locator('#tab-duplicates').click();
  await expect(app.locator('curate-duplicates [part=group]').first()).toBeVisible();
  await snap(page, 'duplicates');
  await app.locator('#tab-clusters').click();
  await expect(app.locator('curate-clusters [part=cluster]').nth(1)).toBeVisible();
  await snap(page, 'clusters');
  await app.locator('#tab-outliers').click();
  await expect(app.locator('curate-outliers [part=item]').first()).toContainText('photo-');
  await snap(page, 'outliers');
  await app.locator('#tab-map').click();
  await expect(app.locator('curate-map').getByText(/0 of 72 selected/)).toBeVisible();
  await snap(page, 'map');
  await app.locator('#tab-balance').click();
  await app.locator('curate-balance').getByRole('button', { name: 'Analyse balance' }).click();
  await expect(app.locator('curate-balance [part=remove]')).toBeVisible();
  await snap(page, 'balance');
  await app.locator('#tab-gallery').click();
  // Basic flow: click one thumbnail, see its nearest neighbours.
  await app.locator('curate-gallery [role=option]').first().dblclick();
  await expect(app.locator('curate-search [part=result]')).toHaveCount(12);
  // …and the item opens full size; Esc closes the viewer.
  const viewer = app.locator('curate-viewer dialog');
  await expect(viewer).toBeVisible();
  await expect.poll(() => viewer.locator('[part=image]').evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBeGreaterThan(0);
  await snap(page, 'viewer', false);
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await snap(page, 'gallery');
  await app.locator('#tab-export').click();
  await snap(page, 'export');
  expect(violations).toEqual([]);
  expect(errors).toEqual([]);
  expect(dialogs).toEqual([]);
  expect(missing).toEqual([]);
  expect(await page.evaluate(() => fetch('/favicon.svg').then((r) => r.headers.get('content-type')))).toContain('svg');
});

test('the page of standalone elements renders each element on its own', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.goto('/demo/elements.html');
  for (const tag of ['dropzone', 'gallery', 'search', 'duplicates', 'clusters', 'outliers', 'map', 'balance', 'export', 'jobs']) {
    await expect(page.locator(`curate-${tag}`)).toBeVisible();
    await expect.poll(() => page.evaluate((t) => !!document.querySelector(`curate-${t}`)?.shadowRoot?.childElementCount, tag)).toBe(true);
  }
  await page.emulateMedia({ colorScheme: 'dark' });
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/elements-dark.png`, fullPage: true });
  expect(errors).toEqual([]);
});
