import { test, expect } from './fixtures.js';

/**
 * update_parameters' nr_similar_allowed through the client: the archive may
 * hold that many similar items before `index` calls a new one redundant.
 */
test('nr_similar_allowed lets that many similar items in, then flags the next', async ({ harness: page }) => {
  test.setTimeout(180_000);
  const out = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    const index = await (await fetch('/samples/index.json')).json();
    const photos = index.entries.filter((e: any) => e.kind === 'photo').slice(0, 3);
    const blobOf = async (e: any) => (await fetch(`/samples/${e.file}`)).blob();
    const c = await createCurator({ dbName: 'allowance' });
    await c.run('create_archive', { name: 'a', content_type: 'Image' });
    await c.run('index', { archive: 'a', files: await Promise.all(photos.map(async (e: any) => new File([await blobOf(e)], e.file))) });
    // Re-encoded copies (different bytes, same picture): byte-equal files never get this far, they are exact duplicates.
    const bmp = await createImageBitmap(await blobOf(photos[0]));
    const copy = async (n: number) => {
      const cv = new OffscreenCanvas(bmp.width, bmp.height);
      cv.getContext('2d')!.drawImage(bmp, 0, 0);
      return new File([await cv.convertToBlob({ type: 'image/jpeg', quality: 0.9 - 0.05 * n })], `copy${n}.jpg`);
    };
    const checks = { check_for_redundancy_against_archived: true, check_for_redundancy_within_batch: true };
    const byDefault = await c.run('index', { archive: 'a', files: [await copy(0)], ...checks });
    await c.run('update_parameters', { archive: 'a', nr_similar_allowed: 2 });
    const second = await c.run('index', { archive: 'a', files: [await copy(1)], ...checks });
    const third = await c.run('index', { archive: 'a', files: [await copy(2)], ...checks });
    // Within one batch: with 3 allowed, the archive holds 2 similar ones, so one more gets in and the next does not.
    await c.run('update_parameters', { archive: 'a', nr_similar_allowed: 3 });
    const batch = await c.run('index', { archive: 'a', files: [await copy(3), await copy(4)], ...checks });
    const n = (await c.contents('a')).length;
    await c.close();
    return { byDefault: byDefault.results, second: second.results, third: third.results, batch: batch.results, n };
  });
  expect(out.byDefault.redundant_content_names).toEqual(['copy0.jpg']);
  expect(out.second.redundant_content_names).toEqual([]);
  expect(out.third.redundant_content_names).toEqual(['copy2.jpg']);
  expect(out.third.redundancy_evidence['copy2.jpg'].stage).toMatch(/pixels|phash|embedding/);
  expect(out.batch.redundant_content_names).toEqual(['copy4.jpg']);
  expect(out.n).toBe(3 + 2);
});
