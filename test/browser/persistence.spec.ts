import { chromium, type BrowserContext } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from '../../scripts/chromium.mjs';
import { PHOTOS, openHarness, test, expect } from './fixtures.js';

async function launch(dir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(dir, { executablePath: process.env.CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

test('archives survive a reload and a browser restart (persistent profile)', async ({ baseURL }) => {
  const dir = mkdtempSync(join(tmpdir(), 'curatekit-profile-'));
  let ctx = await launch(dir);
  try {
    let page = await ctx.newPage();
    await page.goto(`${baseURL}/test/browser/pages/harness.html`);
    await openHarness(page);
    const first = await page.evaluate(async (photos) => {
      const { createCurator } = (window as any).curatekit;
      const c = await createCurator();
      await c.run('create_archive', { name: 'kept', content_type: 'Image', description: 'survives' });
      const files = await Promise.all(photos.slice(0, 3).map(async (u: string, i: number) => new File([await (await fetch(u)).blob()], `p${i}.jpg`)));
      const r = await c.run('index', { archive: 'kept', files });
      await c.close();
      return r.results.name_to_indexed_content_id;
    }, PHOTOS);
    expect(Object.keys(first)).toHaveLength(3);

    const check = async () =>
      page.evaluate(async () => {
        const { createCurator } = (window as any).curatekit;
        const c = await createCurator();
        const list = await c.run('list_content', null);
        const contents = await c.contents('kept');
        const s = await c.run('search', { archive: 'kept', indexed_ids_references: [contents[0].id], nr_results: 2 });
        const file = await c.file('kept', contents[0].id);
        await c.close();
        return { list: list.results.archive_to_content_type_states_nr_of_contents, names: contents.map((x: any) => x.name), thumbs: contents.map((x: any) => x.thumbnail.size > 0), hits: s.results.sorted_indexed_ids_with_distances.length, fileSize: file?.size ?? 0 };
      });

    await page.reload();
    await openHarness(page);
    const afterReload = await check();
    expect(afterReload.list.kept).toMatchObject({ nr_of_contents: 3, description: 'survives' });
    expect(afterReload.names.sort()).toEqual(['p0.jpg', 'p1.jpg', 'p2.jpg']);
    expect(afterReload.thumbs).toEqual([true, true, true]);
    expect(afterReload.hits).toBe(2);
    expect(afterReload.fileSize).toBeGreaterThan(10_000);

    await ctx.close();
    ctx = await launch(dir);
    page = await ctx.newPage();
    await page.goto(`${baseURL}/test/browser/pages/harness.html`);
    await openHarness(page);
    const afterRestart = await check();
    expect(afterRestart).toEqual(afterReload);
  } finally {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a worker killed mid-index leaves no half-written batch', async ({ harness: page }) => {
  const out = await page.evaluate(async (photos) => {
    const { createCurator } = (window as any).curatekit;
    const c = await createCurator({ dbName: 'killed', batchSize: 3 });
    await c.run('create_archive', { name: 'k', content_type: 'Image' });
    const files: File[] = [];
    for (let copy = 0; copy < 3; copy++) {
      for (const [k, u] of photos.entries()) files.push(new File([new Uint8Array(await (await fetch(u)).arrayBuffer()), new Uint8Array([copy])], `p${k}-${copy}.jpg`));
    }
    let killed = false;
    const job = c.run('index', { archive: 'k', files }, { onProgress: (p: any) => { if (p.progress > 0.3 && !killed) { killed = true; c.terminate(); } } });
    const error = await job.then(() => null, (e: any) => ({ name: e.name, code: e.code }));
    const d = await createCurator({ dbName: 'killed' });
    const contents = await d.contents('k');
    const vecs = await d.vectors('k');
    const more = await d.run('index', { archive: 'k', files: files.slice(0, 2).map((f) => new File([f, new Uint8Array([9])], 'again-' + f.name)) });
    await d.close();
    return { error, n: contents.length, nv: vecs.ids.length, ok: contents.every((x: any) => [...vecs.ids].includes(x.id)), more: Object.keys(more.results.name_to_indexed_content_id).length };
  }, PHOTOS);
  expect(out.error).toEqual({ name: 'WorkerError', code: 'worker' });
  expect(out.n % 3).toBe(0);
  expect(out.nv).toBe(out.n);
  expect(out.ok).toBe(true);
  expect(out.more).toBe(2);
});
