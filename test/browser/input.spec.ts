import { PHOTOS, test, expect } from './fixtures.js';
import { encodeBmp, encodeGif, type Pixel } from './images.js';

const stripes: Pixel = (x, y) => [(x * 8) % 256, (y * 4) % 256, x < 32 ? 220 : 30];
const frame1: Pixel = (x, y) => ((x >> 3) + (y >> 3)) % 2 ? [255, 0, 0] : [255, 255, 0];
const frame2: Pixel = (x) => (x < 32 ? [0, 0, 255] : [0, 255, 255]);

test('decodes JPEG, PNG, WebP, GIF (first frame) and BMP in the worker', async ({ harness: page }) => {
  const gif = Array.from(encodeGif(64, 64, [frame1, frame2]));
  const bmp = Array.from(encodeBmp(64, 48, stripes));
  const out = await page.evaluate(async ({ gif, bmp }) => {
    const { createCurator } = (window as any).curatekit;
    const draw = async (type: string, fn: (x: number, y: number) => number[], w = 64, h = 64) => {
      const c = new OffscreenCanvas(w, h);
      const ctx = c.getContext('2d')!;
      const img = ctx.createImageData(w, h);
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img.data.set([...fn(x, y), 255], (y * w + x) * 4);
      ctx.putImageData(img, 0, 0);
      return c.convertToBlob({ type, quality: 0.9 });
    };
    const stripes = (x: number, y: number) => [(x * 8) % 256, (y * 4) % 256, x < 32 ? 220 : 30];
    const f1 = (x: number, y: number) => (((x >> 3) + (y >> 3)) % 2 ? [255, 0, 0] : [255, 255, 0]);
    const f2 = (x: number) => (x < 32 ? [0, 0, 255] : [0, 255, 255]);
    const files = [
      new File([await draw('image/jpeg', stripes)], 'a.jpg'),
      new File([await draw('image/png', (x, y) => stripes(y, x))], 'b.png'),
      new File([await draw('image/webp', (x, y) => stripes(x * 2, y))], 'c.webp'),
      new File([new Uint8Array(gif)], 'd.gif'),
      new File([new Uint8Array(bmp)], 'e.bmp'),
    ];
    const c = await createCurator({ dbName: 'formats' });
    await c.run('create_archive', { name: 'formats', content_type: 'Image' });
    const r = await c.run('index', { archive: 'formats', files });
    const contents = await c.contents('formats');
    const e = await c.embed([files[3], await draw('image/png', f1), await draw('image/png', f2)]);
    const dot = (i: number, j: number) => { let s = 0; for (let d = 0; d < e.dim; d++) s += e.vectors[i * e.dim + d] * e.vectors[j * e.dim + d]; return s; };
    await c.close();
    return { results: r.results, sizes: contents.map((x: any) => [x.name, x.width, x.height, x.thumbnail?.size ?? 0]), gifVsFrame1: dot(0, 1), gifVsFrame2: dot(0, 2) };
  }, { gif, bmp });
  expect(out.results.failed_vectorization_names).toEqual([]);
  expect(Object.keys(out.results.name_to_indexed_content_id).sort()).toEqual(['a.jpg', 'b.png', 'c.webp', 'd.gif', 'e.bmp']);
  expect(out.sizes.find((s: any[]) => s[0] === 'e.bmp').slice(1, 3)).toEqual([64, 48]);
  for (const s of out.sizes) expect(s[3]).toBeGreaterThan(0);
  expect(out.gifVsFrame1).toBeGreaterThan(0.98);
  expect(out.gifVsFrame1).toBeGreaterThan(out.gifVsFrame2 + 0.05);
});

test('bad files become per-file failures with reasons; the worker keeps going', async ({ harness: page }) => {
  const out = await page.evaluate(async (photo) => {
    const { createCurator } = (window as any).curatekit;
    const jpg = new Uint8Array(await (await fetch(photo)).arrayBuffer());
    const big = new OffscreenCanvas(12000, 12000);
    big.getContext('2d')!.fillRect(0, 0, 10, 10);
    const bigPng = await big.convertToBlob({ type: 'image/png' });
    const corrupt = jpg.slice();
    corrupt.fill(7, 600, corrupt.length - 2);
    const files = [
      new File([jpg], 'good.jpg'),
      new File([new Uint8Array(0)], 'zero.jpg'),
      new File([jpg.slice(0, jpg.length >> 1)], 'truncated.jpg'),
      new File(['hello, not an image'], 'text.png'),
      new File([bigPng], 'huge.png'),
      new File([corrupt], 'corrupt.jpg'),
    ];
    const c = await createCurator({ dbName: 'bad-files' });
    await c.run('create_archive', { name: 'bad', content_type: 'Image' });
    const r = await c.run('index', { archive: 'bad', files });
    const after = await c.run('search', { archive: 'bad', files: [files[0]], nr_results: 1 });
    await c.close();
    return { results: r.results, after: after.results, bigSize: bigPng.size };
  }, PHOTOS[1]);
  console.log(out.results.failure_reasons, 'huge.png bytes', out.bigSize);
  expect(Object.keys(out.results.name_to_indexed_content_id)).toContain('good.jpg');
  const reasons = out.results.failure_reasons;
  expect(reasons['zero.jpg']).toMatch(/empty/);
  expect(reasons['truncated.jpg']).toMatch(/truncated/);
  expect(reasons['text.png']).toMatch(/not a supported image/);
  expect(reasons['huge.png']).toMatch(/12000×12000/);
  expect(out.results.failed_vectorization_names).toEqual(expect.arrayContaining(['zero.jpg', 'truncated.jpg', 'text.png', 'huge.png']));
  // A JPEG with valid markers but garbage entropy data may still decode (browsers are lenient): it must then be indexed, never crash.
  expect(out.results.failed_vectorization_names.includes('corrupt.jpg') || 'corrupt.jpg' in out.results.name_to_indexed_content_id).toBe(true);
  expect(out.after.sorted_indexed_ids_with_distances).toHaveLength(1);
});

test('invalid jobs get typed errors naming the field; nothing is written', async ({ harness: page }) => {
  const out = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    const c = await createCurator({ dbName: 'bad-jobs' });
    await c.run('create_archive', { name: 'vecs', content_type: 'Image' });
    const attempt = async (type: string, inputs: unknown) => {
      try {
        await c.run(type, inputs);
        return null;
      } catch (e: any) {
        return { name: e.name, code: e.code, field: e.field ?? e.details?.field, rule: e.rule, message: e.message };
      }
    };
    const v = (n: number, fill = 0.5) => new Float32Array(n).fill(fill);
    const nan = v(1792);
    nan[5] = NaN;
    const errors = {
      dupName: await attempt('create_archive', { name: 'vecs', content_type: 'Image' }),
      longName: await attempt('create_archive', { name: 'x'.repeat(30), content_type: 'Image' }),
      emptyName: await attempt('create_archive', { name: '', content_type: 'Image' }),
      badType: await attempt('create_archive', { name: 'ok', content_type: 'Pictures' }),
      longDescription: await attempt('create_archive', { name: 'ok', content_type: 'Image', description: 'd'.repeat(150) }),
      unknownArchive: await attempt('search', { archive: 'nope', vectors: [{ name: 'q', vector: v(1792) }] }),
      wrongLength: await attempt('index', { archive: 'vecs', vectors: [{ name: 'a', vector: v(1792) }, { name: 'b', vector: v(100) }] }),
      nan: await attempt('index', { archive: 'vecs', vectors: [{ name: 'a', vector: v(1792) }, { name: 'b', vector: nan }] }),
      typo: await attempt('search', { archive: 'vecs', nr_result: 3 }),
      zeroResults: await attempt('search', { archive: 'vecs', vectors: [{ name: 'q', vector: v(1792) }], nr_results: 0 }),
      unknownJob: await attempt('make_coffee', {}),
      batchFolder: await attempt('index', { archive: 'vecs', download_from_batch_cloud_folder: true }),
      unknownId: await attempt('remove_content', { archive: 'vecs', archive_content_ids_subset: [12345] }),
      nrSimilar: await attempt('update_parameters', { archive: 'vecs', nr_similar_allowed: 0 }),
      removeAll: await attempt('remove_content', { archive: 'vecs' }),
      pcaSubset: await attempt('pca_vector_dim_reduction', { nr_of_dimensions: 2, archive_content_ids_subset: [1] }),
    };
    const list = await c.run('list_content', null);
    const ok = await c.run('index', { archive: 'vecs', vectors: [{ name: 'a', vector: v(1792) }] });
    await c.close();
    return { errors, count: list.results.archive_to_content_type_states_nr_of_contents.vecs.nr_of_contents, ok: ok.results.name_to_indexed_content_id };
  });
  const e = out.errors;
  expect(e.dupName).toMatchObject({ name: 'ValidationError', field: 'inputs.name', rule: 'unique in account' });
  expect(e.longName).toMatchObject({ field: 'inputs.name', rule: 'string 0 < len < 30' });
  expect(e.emptyName).toMatchObject({ field: 'inputs.name' });
  expect(e.badType).toMatchObject({ field: 'inputs.content_type' });
  expect(e.longDescription).toMatchObject({ field: 'inputs.description', rule: 'string 0 < len < 150' });
  expect(e.unknownArchive).toMatchObject({ name: 'NotFoundError', code: 'not_found' });
  expect(e.wrongLength).toMatchObject({ field: 'inputs.vectors[1].vector' });
  expect(e.wrongLength!.rule).toMatch(/length 1792/);
  expect(e.nan).toMatchObject({ field: 'inputs.vectors[1].vector' });
  expect(e.nan!.rule).toMatch(/finite/);
  expect(e.typo).toMatchObject({ field: 'inputs.nr_result' });
  expect(e.zeroResults).toMatchObject({ field: 'inputs.nr_results', rule: 'int > 0 or None' });
  expect(e.unknownJob).toMatchObject({ field: 'job_type' });
  expect(e.batchFolder).toMatchObject({ field: 'inputs.download_from_batch_cloud_folder' });
  expect(e.unknownId).toMatchObject({ name: 'NotFoundError' });
  expect(e.nrSimilar).toMatchObject({ field: 'inputs.nr_similar_allowed' });
  // An omitted list never empties the archive; a subset without its archive is not ignored.
  expect(e.removeAll).toMatchObject({ name: 'ValidationError', field: 'inputs.archive_content_ids_subset' });
  expect(e.pcaSubset).toMatchObject({ name: 'ValidationError', field: 'inputs.archive_content_ids_subset' });
  expect(out.count).toBe(0);
  expect(out.ok).toEqual({ a: 1 });
});

test('cancelling an index job keeps whole committed batches only, and the worker stays usable', async ({ harness: page }) => {
  const out = await page.evaluate(async (photos) => {
    const { createCurator } = (window as any).curatekit;
    const c = await createCurator({ dbName: 'abort', batchSize: 4 });
    await c.run('create_archive', { name: 'a', content_type: 'Image' });
    const files: File[] = [];
    for (let copy = 0; copy < 3; copy++) {
      for (const [k, u] of photos.entries()) {
        const bytes = new Uint8Array(await (await fetch(u)).arrayBuffer());
        // A trailing byte after the JPEG end marker: same picture, different file hash.
        files.push(new File([bytes, new Uint8Array([copy])], `p${k}-${copy}.jpg`));
      }
    }
    const ac = new AbortController();
    let error: any = null;
    try {
      await c.run('index', { archive: 'a', files }, { signal: ac.signal, onProgress: (p: any) => { if (p.progress > 0.2) ac.abort(); } });
    } catch (e: any) {
      error = { name: e.name, code: e.code };
    }
    const contents = await c.contents('a');
    const vecs = await c.vectors('a');
    const jobs = await c.listJobs();
    const again = await c.run('search', { archive: 'a', vectors: [{ name: 'q', vector: vecs.data.slice(0, vecs.dim) }], nr_results: 1 });
    await c.close();
    return { error, n: contents.length, nv: vecs.ids.length, total: files.length, sameIds: JSON.stringify([...vecs.ids].sort()) === JSON.stringify(contents.map((x: any) => x.id).sort()), lastStatus: jobs.find((j: any) => j.job_type === 'index')?.status, again: again.results.sorted_indexed_ids_with_distances.length };
  }, PHOTOS);
  expect(out.error).toEqual({ name: 'CancelledError', code: 'cancelled' });
  expect(out.n).toBeGreaterThan(0);
  expect(out.n).toBeLessThan(out.total);
  expect(out.n % 4).toBe(0);
  expect(out.nv).toBe(out.n);
  expect(out.sameIds).toBe(true);
  expect(out.lastStatus).toBe('cancelled');
  expect(out.again).toBe(1);
});

test('every Object.prototype name as a job type is an unknown job type, not a member of the handler table', async ({ harness: page }) => {
  const out = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    const c = await createCurator({ dbName: 'proto-job-types' });
    const rows: [string, string | null][] = [];
    for (const type of Object.getOwnPropertyNames(Object.prototype)) {
      try {
        await c.run(type, {});
        rows.push([type, 'completed']);
      } catch (e: any) {
        rows.push([type, e.name === 'ValidationError' && (e.field ?? e.details?.field) === 'job_type' ? null : `${e.name}: ${e.message}`]);
      }
    }
    // The worker still answers.
    const list = await c.run('list_content', null);
    await c.close();
    return { rows, ok: !!list.results };
  });
  expect(out.rows.length).toBeGreaterThanOrEqual(10);
  expect(out.rows.filter(([, bad]) => bad !== null)).toEqual([]);
  expect(out.ok).toBe(true);
});
