import { test, expect } from './fixtures.js';

/**
 * check_for_redundancy_within_batch spans the whole request: the same files
 * give the same decisions whatever the embedding batch size, and in reverse
 * order the same number of files is refused (the other one of each pair).
 * Distinct photographs are never refused.
 */
test('within-batch redundancy: same result for any batch size and any file order', async ({ harness: page }) => {
  test.setTimeout(240_000);
  const out = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    const index = await (await fetch('/samples/index.json')).json();
    const pick = index.entries.filter((e: any) => e.kind !== 'emoji' || /flag-(fr|de|it|jp)|pig|fox_face/.test(e.file));
    const files: File[] = await Promise.all(pick.map(async (e: any) => new File([await (await fetch(`/samples/${e.file}`)).blob()], e.file)));
    // Re-encoded copies (other bytes, same picture), spread through the list so small batches split them from their original.
    const bmp = await createImageBitmap(files.find((f) => f.name === 'photo-acanthus-mollis.jpg')!);
    const copy = async (n: number) => {
      const cv = new OffscreenCanvas(bmp.width, bmp.height);
      cv.getContext('2d')!.drawImage(bmp, 0, 0);
      return new File([await cv.convertToBlob({ type: 'image/jpeg', quality: 0.85 - 0.1 * n })], `acanthus-copy${n}.jpg`);
    };
    const all = [...files];
    all.splice(3, 0, await copy(0));
    all.splice(9, 0, await copy(1));
    all.push(await copy(2));
    const run = async (batchSize: number, order: File[]) => {
      const c = await createCurator({ dbName: `order-${batchSize}-${order[0].name}-${Math.random()}`, batchSize });
      try {
        await c.run('create_archive', { name: 'a', content_type: 'Image' });
        const r = (await c.run('index', { archive: 'a', files: order, check_for_redundancy_within_batch: true })).results;
        return { redundant: [...r.redundant_content_names].sort(), exact: [...r.exact_duplicate_file_names].sort(), stored: Object.keys(r.name_to_indexed_content_id).length, evidence: r.redundancy_evidence };
      } finally {
        await c.close();
      }
    };
    const reversed = [...all].reverse();
    return {
      n: all.length,
      photos: all.filter((f) => /^photo-/.test(f.name) && !/-(crop80|flipped|small-q25|copy)\.jpg$/.test(f.name)).map((f) => f.name),
      small: await run(2, all),
      large: await run(16, all),
      smallReversed: await run(2, reversed),
      largeReversed: await run(16, reversed),
    };
  });
  for (const r of [out.small, out.large, out.smallReversed, out.largeReversed]) {
    expect(r.stored + r.redundant.length + r.exact.length).toBe(out.n);
    // Each refusal names what it matched, and that is a stored file of the same request.
    for (const name of r.redundant) expect(typeof r.evidence[name].matched).toBe('string');
  }
  // The copies are caught whatever the batch size.
  expect(out.small.redundant.filter((n: string) => n.startsWith('acanthus-copy'))).toHaveLength(3);
  expect(out.large.redundant).toEqual(out.small.redundant);
  expect(out.largeReversed.redundant).toEqual(out.smallReversed.redundant);
  // Reversed, the other one of each pair is refused: as many refusals, and the original photo among them.
  expect(out.smallReversed.redundant.length).toBe(out.small.redundant.length);
  expect(out.smallReversed.redundant).toContain('photo-acanthus-mollis.jpg');
  // Distinct photographs are never refused in the forward order (their copies come after them).
  for (const p of out.photos) expect(out.small.redundant).not.toContain(p);
});
