/** Helpers for the element tests: the test page, sample files, screenshots. */
import { expect, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

export const SHOTS = 'test-results/screenshots';

/** Open the components test page; fails the test on any page error or dialog. */
export async function openComponents(page: Page): Promise<{ errors: string[]; dialogs: string[] }> {
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => (errors.push(e.message), console.error('[pageerror]', e.stack)));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto('/test/browser/components/pages/components.html');
  await expect(page.locator('#status')).toHaveText('ready');
  await warmUpDevServer(page);
  return { errors, dialogs };
}

let warmedUp = false;

/**
 * The Vite dev server pre-bundles a bare dependency the first time a page or
 * worker imports it, then reloads every open page. The engine imports some
 * lazily (umap-js for the map, the runtimes), so the first test to reach them
 * would be reloaded mid-way. Touch every such path once per test worker, and
 * wait out the reload it causes.
 */
async function warmUpDevServer(page: Page): Promise<void> {
  for (let attempt = 0; attempt < 3 && !warmedUp; attempt++) {
    let navigated = false;
    const onNav = () => (navigated = true);
    page.on('framenavigated', onNav);
    try {
      await page.evaluate(async () => {
        const w = window as any;
        const curator = await w.curatekit.createCurator({ dbName: `warmup-${Math.random().toString(36).slice(2)}` });
        try {
          await curator.run('create_archive', { name: 'warmup', content_type: 'Image' });
          const index = await (await fetch('/samples/index.json')).json();
          const files = await Promise.all(index.entries.slice(0, 6).map(async (e: { file: string }) => new File([await (await fetch(`/samples/${e.file}`)).blob()], e.file)));
          await curator.run('index', { archive: 'warmup', files });
          await curator.map('warmup', { method: 'umap' });
          await curator.duplicates('warmup');
          await curator.scores('warmup');
          await curator.run('cluster_by_number_of_clusters', { archive: 'warmup', nr_of_clusters: 2 });
        } finally {
          await curator.close();
        }
      });
      await page.waitForTimeout(1500);
    } catch (e) {
      if (!navigated) throw e;
    } finally {
      page.off('framenavigated', onNav);
    }
    if (navigated) await expect(page.locator('#status')).toHaveText('ready');
    else warmedUp = true;
  }
}

/**
 * In the page: create a curator (window.curator), and elements given as HTML
 * inside #root, each wired to the curator, the archive and one shared model.
 */
export async function mount(page: Page, markup: string, archive = 'samples'): Promise<void> {
  // Two evaluations: with Chromium 150, one that awaits createCurator and then
  // mounts <curate-app> ends in "Resulting promise was garbage collected" although
  // it ran to its end (each half alone is fine).
  await page.evaluate(async () => {
    const w = window as any;
    w.curator ??= await w.curatekit.createCurator({ dbName: `components-${Math.random().toString(36).slice(2)}` });
  });
  await page.evaluate(
    ({ markup, archive }) => {
      const w = window as any;
      w.model ??= new w.components.CurationModel();
      const root = document.getElementById('root')!;
      root.innerHTML = markup;
      for (const el of root.querySelectorAll('*')) {
        if (el.localName.startsWith('curate-')) Object.assign(el, { curator: w.curator, archive, model: w.model });
      }
    },
    { markup, archive },
  );
}

/** A small subset that still has near-duplicates and two kinds of images (indexes in a few seconds). */
export const SMALL_SUBSET = /^(photo-|emoji-flag-|emoji-(pig|fox_face|donkey|elephant|beaver|kangaroo|tomato|mango|grapes|popcorn))/;

/** Fetch the bundled samples as File objects in the page (window.sampleFiles) and return their count. */
export async function loadSampleFiles(page: Page, filter?: RegExp): Promise<number> {
  return page.evaluate(async (source) => {
    const re = source ? new RegExp(source) : null;
    const index = await (await fetch('/samples/index.json')).json();
    const entries = index.entries.filter((e: { file: string }) => !re || re.test(e.file));
    const files = await Promise.all(
      entries.map(async (e: { file: string }) => new File([await (await fetch(`/samples/${e.file}`)).blob()], e.file, { type: e.file.endsWith('.png') ? 'image/png' : 'image/jpeg' })),
    );
    (window as any).sampleFiles = files;
    return files.length;
  }, filter?.source);
}

/** Index window.sampleFiles through the dropzone (what a drop does) and wait for the report. */
export async function indexThroughDropzone(page: Page): Promise<void> {
  await page.evaluate(() => (document.querySelector('curate-dropzone') as any).addFiles((window as any).sampleFiles));
}

export async function shot(target: Locator | Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await target.screenshot({ path: `${SHOTS}/${name}.png` });
}

/** Index the emoji and photos (not the edited copies); returns name → group of what was indexed. */
export async function indexLabelledSamples(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const w = window as any;
    const index = await (await fetch('/samples/index.json')).json();
    const entries = index.entries.filter((e: any) => e.kind === 'emoji' || e.kind === 'photo');
    const files = await Promise.all(entries.map(async (e: any) => new File([await (await fetch(`/samples/${e.file}`)).blob()], e.file)));
    await w.curator.run('create_archive', { name: 'samples', content_type: 'Image' });
    await w.curator.run('index', { archive: 'samples', files, check_for_redundancy_within_batch: false });
    return Object.fromEntries(entries.map((e: any) => [e.file, e.group]));
  });
}

/**
 * Open the test page with <curate-dropzone> and <curate-duplicates>, index the sample photos
 * and their copies through the dropzone, press "Find duplicates" and wait for a group.
 */
export async function photoDuplicates(page: Page): Promise<{ errors: string[]; dup: Locator }> {
  const { errors } = await openComponents(page);
  await mount(page, '<curate-dropzone></curate-dropzone><curate-duplicates></curate-duplicates>');
  await loadSampleFiles(page, /^photo-/);
  await indexThroughDropzone(page);
  const dup = page.locator('curate-duplicates');
  await dup.getByRole('button', { name: 'Find duplicates' }).click();
  await expect(dup.locator('[part=group]').first()).toBeVisible();
  return { errors, dup };
}
