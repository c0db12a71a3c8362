/**
 * Shared runner for browser benchmarks: a Vite server with COOP/COEP and one
 * headless Chromium (found like the tests find it), closed in `finally`.
 */
import { chromium, type Page } from '@playwright/test';
import { createServer } from 'vite';
import { CHROMIUM_ARGS, ensureChromium } from '../scripts/chromium.mjs';

/**
 * `profileDir`: keep the browser profile (IndexedDB included) there between runs, so a
 * benchmark that builds a large archive through the product builds it once.
 */
export async function withBenchPage<T>(fn: (page: Page) => Promise<T>, opts: { profileDir?: string } = {}): Promise<T> {
  // No HMR and no file watching: an edit elsewhere must not reload the page mid-benchmark.
  const server = await createServer({ logLevel: 'error', server: { port: 5399, strictPort: false, hmr: false, watch: { ignored: ['**/*'] } } });
  await server.listen();
  const launch = { executablePath: await ensureChromium(), args: CHROMIUM_ARGS, headless: true };
  const browser = opts.profileDir ? await chromium.launchPersistentContext(opts.profileDir, launch) : await chromium.launch(launch);
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('[page]', e.message));
    await page.goto(`http://localhost:${server.config.server.port}/bench/pages/bench.html`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    return await fn(page);
  } finally {
    await browser.close();
    await server.close();
  }
}
