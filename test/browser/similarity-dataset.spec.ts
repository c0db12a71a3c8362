import { test, expect } from './fixtures.js';

/**
 * extract_similarity_dataset through the client: pairs mined from an image
 * archive come back as fetchable URLs named by the pair-prefix convention,
 * which jobs taking file_urls read back.
 */
test('extract_similarity_dataset hands out named pair files the calibration job can read', async ({ harness: page }) => {
  test.setTimeout(180_000);
  const out = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    const index = await (await fetch('/samples/index.json')).json();
    const entries = index.entries.filter((e: any) => e.kind !== 'exact-duplicate' && (e.kind !== 'emoji' || e.file.includes('flag')));
    const files = await Promise.all(entries.map(async (e: any) => new File([await (await fetch(`/samples/${e.file}`)).blob()], e.file)));
    const c = await createCurator({ dbName: 'similarity-dataset' });
    await c.run('create_archive', { name: 's', content_type: 'Image' });
    await c.run('index', { archive: 's', files });
    const job = await c.run('extract_similarity_dataset', { archive: 's', max_nr_of_pairs: 2, source_content_type: null, content_type: 'Image' });
    const urls: string[] = job.results.similarity_calibration_pairs_download_urls;
    const fetched = await Promise.all(urls.map(async (u) => {
      const b = await (await fetch(u)).blob();
      return { name: decodeURIComponent(new URL(u).hash.slice(1)), size: b.size, type: b.type };
    }));
    // Jobs that take file_urls read the names back from the URLs.
    await c.run('create_archive', { name: 't', content_type: 'Image' });
    const reindexed = Object.keys((await c.run('index', { archive: 't', file_urls: urls })).results.name_to_indexed_content_id);
    let calibrate: any = null;
    try { await c.run('calibrate_similarity', { archive: 's', file_urls: urls }); } catch (e: any) { calibrate = { name: e.name, field: e.field, rule: e.rule, message: e.message }; }
    const attempt = async (inputs: object) => {
      try { await c.run('extract_similarity_dataset', { max_nr_of_pairs: 2, ...inputs }); return null; } catch (e: any) { return { name: e.name, field: e.field }; }
    };
    const errors = {
      video: await attempt({ archive: 's', source_content_type: 'Video' }),
      urls: await attempt({ archive: 's', file_urls: ['https://example.com/a.mp4'] }),
      noArchive: await attempt({}),
      zero: await attempt({ archive: 's', max_nr_of_pairs: 0 }),
      text: await attempt({ archive: 's', content_type: 'Text' }),
    };
    await c.close();
    return { fetched, reindexed, calibrate, errors, near: entries.filter((e: any) => e.kind === 'near-duplicate').map((e: any) => [e.file, e.of]) };
  });
  // Two pairs, four files, named 1_,1_,2_,2_ and fetchable.
  expect(out.fetched.map((f: any) => f.name.split('_')[0])).toEqual(['1', '1', '2', '2']);
  for (const f of out.fetched) expect(f.size).toBeGreaterThan(100);
  // The mined pairs are planted near-duplicates (original + edit).
  const planted = new Set(out.near.map(([a, b]: string[]) => [a, b].sort().join('|')));
  for (let p = 0; p < 2; p++) {
    const pair = [out.fetched[2 * p].name, out.fetched[2 * p + 1].name].map((n: string) => n.replace(/^\d+_/, '')).sort().join('|');
    expect(planted.has(pair)).toBe(true);
  }
  expect(out.reindexed).toEqual(out.fetched.map((f: any) => f.name));
  // calibrate_similarity takes them, and refuses only because 2 pairs are too few.
  expect(out.calibrate).toMatchObject({ name: 'ValidationError' });
  expect(out.calibrate.message).toMatch(/200/);
  expect(out.errors.video).toMatchObject({ name: 'ValidationError', field: 'inputs.source_content_type' });
  expect(out.errors.urls).toMatchObject({ field: 'inputs.file_urls' });
  expect(out.errors.noArchive).toMatchObject({ field: 'inputs.archive' });
  expect(out.errors.zero).toMatchObject({ field: 'inputs.max_nr_of_pairs' });
  expect(out.errors.text).toMatchObject({ field: 'inputs.content_type' });
});
