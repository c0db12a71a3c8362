/**
 * A tile can only show its own image: across archive switches (fast ones
 * included), delete and re-create (ids and the name come back), and a reload,
 * every visible gallery tile's pixels equal the stored thumbnail of the id it
 * names. Driven through <curate-app>, as a user of the demo meets it.
 */
import { test, expect, type Page } from '@playwright/test';
import { loadSampleFiles, mount, openComponents, shot } from './helpers.js';

/** In the page: decode every visible tile and the stored thumbnail of its id; return names shown and mismatches. */
async function tiles(page: Page): Promise<{ archive: string; names: string[]; mismatches: string[] }> {
  return page.evaluate(async () => {
    const w = window as any;
    const app = document.querySelector('curate-app') as any;
    const gallery = app.renderRoot.querySelector('curate-gallery');
    await gallery.updateComplete;
    const archive: string = gallery.archive;
    const stored = new Map<number, { name: string; thumbnail: Blob }>((await w.curator.contents(archive)).map((c: any) => [c.id, c]));
    const pixels = async (source: CanvasImageSource, width: number, height: number) => {
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(source, 0, 0);
      return ctx.getImageData(0, 0, width, height).data;
    };
    const names: string[] = [];
    const mismatches: string[] = [];
    for (const tile of gallery.renderRoot.querySelectorAll('[role=option]')) {
      const id = Number(tile.dataset.id);
      const img = tile.querySelector('img') as HTMLImageElement;
      const own = stored.get(id);
      names.push(tile.getAttribute('aria-label'));
      if (!own || own.name !== tile.getAttribute('aria-label')) {
        mismatches.push(`#${id} ${tile.getAttribute('aria-label')}: not in ${archive} under that name`);
        continue;
      }
      await img.decode();
      const bitmap = await createImageBitmap(own.thumbnail);
      const shown = await pixels(img, img.naturalWidth, img.naturalHeight);
      const truth = await pixels(bitmap, bitmap.width, bitmap.height);
      if (shown.length !== truth.length || shown.some((v, i) => v !== truth[i])) mismatches.push(`#${id} ${own.name}: shows other pixels`);
    }
    return { archive, names: names.sort(), mismatches };
  });
}

/** Add the files named by `filter` to `archive` through the app's dropzone; the names it stored. */
async function addTo(page: Page, archive: string, filter: RegExp): Promise<string[]> {
  await loadSampleFiles(page, filter);
  return page.evaluate(async (name) => {
    const app = document.querySelector('curate-app') as any;
    app.openArchive(name);
    await app.updateComplete;
    const dropzone = app.renderRoot.querySelector('curate-dropzone');
    await dropzone.updateComplete;
    await dropzone.addFiles((window as any).sampleFiles);
    // What was stored (exact copies are refused at index time).
    return (await (window as any).curator.contents(name)).map((c: { name: string }) => c.name).sort();
  }, archive);
}

async function open(page: Page, archive: string): Promise<void> {
  await page.evaluate((name) => (document.querySelector('curate-app') as any).openArchive(name), archive);
}

async function expectOwnTiles(page: Page, archive: string, names: string[]): Promise<void> {
  await expect.poll(async () => (await tiles(page)).names, { timeout: 20_000 }).toEqual(names);
  const t = await tiles(page);
  expect(t.archive).toBe(archive);
  expect(t.mismatches).toEqual([]);
}

test('gallery tiles show their own image across archive switch, delete, re-create and reload', async ({ page }) => {
  test.setTimeout(120_000);
  const { errors } = await openComponents(page);
  const dbName = `identity-${Date.now()}`;
  const mountApp = async () => {
    await page.evaluate(async (db) => {
      const w = window as any;
      w.curator = await w.curatekit.createCurator({ dbName: db });
    }, dbName);
    await mount(page, '<curate-app></curate-app>', 'first');
  };
  await mountApp();
  const first = await addTo(page, 'first', /^photo-/);
  const second = await addTo(page, 'second', /^emoji-(pig|fox_face|donkey|elephant|tomato|mango)/);
  await expectOwnTiles(page, 'second', second);
  await open(page, 'first');
  await expectOwnTiles(page, 'first', first);
  // Fast switching: answers for an archive that is no longer open must not land.
  for (const name of ['second', 'first', 'second', 'first', 'second']) await open(page, name);
  await expectOwnTiles(page, 'second', second);

  // Delete "first" and make it again from other images: the same name, the same ids.
  await open(page, 'first');
  await expectOwnTiles(page, 'first', first);
  await page.evaluate(async () => {
    const app = document.querySelector('curate-app') as any;
    await app.deleteArchive();
  });
  await expect.poll(() => page.evaluate(() => (document.querySelector('curate-app') as any).archives)).toEqual(['second']);
  const again = await addTo(page, 'first', /^emoji-(bike|bug|cake|bell_pepper)/);
  expect(again).not.toEqual(first);
  await expectOwnTiles(page, 'first', again);
  await shot(page.locator('curate-app'), 'identity-recreated');

  // Reload: the stored archive, not a cached picture of the old one.
  await page.reload();
  await expect(page.locator('#status')).toHaveText('ready');
  await mountApp();
  await open(page, 'first');
  await expectOwnTiles(page, 'first', again);
  await open(page, 'second');
  await expectOwnTiles(page, 'second', second);
  expect(errors).toEqual([]);
});

test('"Delete archive" is enabled once a cancelled first batch has created the archive', async ({ page }) => {
  test.setTimeout(90_000);
  const { errors } = await openComponents(page);
  await mount(page, '<curate-app></curate-app>', 'cancelled');
  await loadSampleFiles(page);
  const del = page.locator('curate-app').getByRole('button', { name: 'Delete archive' });
  await expect(del).toBeDisabled();
  const report = await page.evaluate(async () => {
    const app = document.querySelector('curate-app') as any;
    const dropzone = app.renderRoot.querySelector('curate-dropzone');
    const files = (window as any).sampleFiles;
    const run = dropzone.addFiles(files);
    // Cancel as soon as the job has created the archive.
    const w = window as any;
    for (let i = 0; i < 400; i++) {
      const list = await w.curator.run('list_content', null);
      if (list.results.archive_to_content_type_states_nr_of_contents.cancelled) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    dropzone.cancel();
    return run;
  });
  expect(report?.cancelled ?? true).toBe(true);
  await expect(del).toBeEnabled();
  expect(errors).toEqual([]);
});
