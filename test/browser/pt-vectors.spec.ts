import { test, expect } from './fixtures.js';

/**
 * ".pt" vectors in and out, as the Vector Curator docs describe them ("torch
 * safetensors .pt, one-dimensional, any length"): index takes .pt files and
 * .pt URLs as the vectors they hold (bad ones fail by name, repeats are exact
 * duplicates), search takes a .pt query, and get_vectors gives URLs of .pt
 * files that parse back, here with a parser written in the test, to what was
 * indexed. The fixtures are written by Python's struct (test/fixtures/pt/make.py).
 */
test('.pt vectors: index files and URLs, search with one, get_vectors downloads', async ({ harness: page }) => {
  test.setTimeout(120_000);
  const out = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    const c = await createCurator({ dbName: 'pt-vectors' });
    const D = 1792;
    const base = `${location.origin}/test/fixtures/pt`;
    const file = async (name: string, as = name) => new File([await (await fetch(`${base}/${name}`)).blob()], as);
    const expected = (k: number) => Float32Array.from({ length: D }, (_, d) => Math.sin(1.3 * k + 0.01 * (k + 1) * d));
    const cos = (a: ArrayLike<number>, b: ArrayLike<number>) => {
      let ab = 0, aa = 0, bb = 0;
      for (let i = 0; i < a.length; i++) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
      return ab / Math.sqrt(aa * bb);
    };
    // An independent reader: header length, JSON header, one F32 tensor.
    const parse = (buf: ArrayBuffer) => {
      const view = new DataView(buf);
      const n = Number(view.getBigUint64(0, true));
      const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 8, n)));
      const [name] = Object.keys(header).filter((k) => k !== '__metadata__');
      const [start, end] = header[name].data_offsets;
      return { header, vector: new Float32Array(buf.slice(8 + n + start, 8 + n + end)) };
    };
    await c.run('create_archive', { name: 'pt', content_type: 'Image' });
    const files = [await file('v0.pt'), await file('v1.pt'), await file('v2.pt'), await file('v3.pt'), await file('two-tensors.pt'), await file('short.pt'), await file('v0.pt', 'v0-copy.pt')];
    const indexed = (await c.run('index', { archive: 'pt', files, file_urls: [`${base}/v4.pt`, `${base}/missing.pt`] })).results;
    const ids = indexed.name_to_indexed_content_id;
    const got = (await c.run('get_vectors', { archive: 'pt' })).results.id_to_vector_url;
    const back: Record<string, { cos: number; header: any; length: number }> = {};
    for (const [name, id] of Object.entries(ids) as [string, number][]) {
      const { header, vector } = parse(await (await fetch(got[id])).arrayBuffer());
      back[name] = { cos: cos(vector, expected(Number(name[1]))), header, length: vector.length };
    }
    const query = (await c.run('search', { archive: 'pt', files: [await file('v2.pt', 'query.pt')], nr_results: 2 })).results;
    const wrongLength = await c.run('search', { archive: 'pt', files: [await file('short.pt')] }).then(() => null, (e: any) => ({ name: e.name, field: e.field, message: e.message }));
    const listed = (await c.run('list_content', null)).results.archive_to_content_type_states_nr_of_contents.pt.nr_of_contents;
    await c.close?.();
    return { ids, indexed, back, top: query.sorted_indexed_ids_with_distances, wrongLength, listed };
  });
  expect(Object.keys(out.ids).sort()).toEqual(['v0.pt', 'v1.pt', 'v2.pt', 'v3.pt', 'v4.pt']);
  expect(out.indexed.exact_duplicate_file_names).toEqual(['v0-copy.pt']);
  expect(out.indexed.failed_vectorization_names.sort()).toEqual(['missing.pt', 'short.pt', 'two-tensors.pt']);
  expect(out.indexed.failure_reasons['two-tensors.pt']).toMatch(/holds 2 tensors/);
  expect(out.indexed.failure_reasons['short.pt']).toMatch(/length 100/);
  expect(out.indexed.failure_reasons['missing.pt']).toMatch(/download failed: HTTP 404/);
  expect(out.listed).toBe(5);
  // Stored as float16 rows: the round trip keeps the direction.
  for (const [name, r] of Object.entries(out.back)) {
    expect(r.length, name).toBe(1792);
    expect(r.cos, name).toBeGreaterThan(0.9999);
    expect(r.header.__metadata__).toMatchObject({ archive: 'pt', content_id: String(out.ids[name]) });
  }
  expect(out.top[0]).toEqual([out.ids['v2.pt'], expect.closeTo(0, 3)]);
  expect(out.wrongLength).toMatchObject({ name: 'ValidationError', field: 'inputs.files' });
  expect(out.wrongLength!.message).toMatch(/length 100/);
});
