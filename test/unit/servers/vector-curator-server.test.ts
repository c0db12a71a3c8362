/**
 * The Vector Curator conformance server itself, over plain HTTP (not through
 * our client): ".pt" vectors are read as the doc says, search distances are
 * 1 − cos and honour the documented search inputs, vector and pair downloads
 * are real files, and inputs/results are held to the documented schemas.
 */
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultsError, inputsError } from '../../servers/vector-curator-schema.js';
import { asF32, cos, f32, pt, readPt, rng, safetensors, startVc, unit, type Vc } from './vc-http.js';

let vc: Vc;
const r = rng(7);
const DIM = 16;
/** Six indexed .pt vectors: v1..v6. */
const vs = Array.from({ length: 6 }, () => asF32(r.direction(DIM)));
let ids: Record<string, number>;

beforeAll(async () => {
  vc = await startVc();
  await vc.ok('create_archive', { name: 'vecs', content_type: 'Image' });
  const res = await vc.ok<{ name_to_indexed_content_id: Record<string, number> }>('index', { archive: 'vecs', file_urls: vs.map((v, i) => vc.host(`v${i + 1}.pt`, pt(v))) });
  ids = res.name_to_indexed_content_id;
});
afterAll(async () => {
  expect(vc.server.state.schemaViolations).toEqual([]);
  await vc.server.close();
});

type Hits = { sorted_indexed_ids_with_distances: [number, number][]; mean_distance: number | null };
const search = (inputs: object) => vc.ok<Hits>('search', { archive: 'vecs', ...inputs });

describe('vectors from ".pt" files', () => {
  it('indexes the file vectors and serves them back through get_vectors as .pt files', async () => {
    expect(Object.keys(ids)).toEqual(['v1.pt', 'v2.pt', 'v3.pt', 'v4.pt', 'v5.pt', 'v6.pt']);
    const got = await vc.ok<{ id_to_vector_url: Record<string, string> }>('get_vectors', { archive: 'vecs', archive_content_ids_subset: [ids['v2.pt'], ids['v5.pt']] });
    expect(Object.keys(got.id_to_vector_url).map(Number).sort()).toEqual([ids['v2.pt'], ids['v5.pt']].sort());
    for (const [id, url] of Object.entries(got.id_to_vector_url)) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(readPt(new Uint8Array(await res.arrayBuffer()))).toEqual(vs[Number(id) - 1]);
    }
  });

  it('accepts F64 and F16 tensors and metadata; refuses 2-D, several tensors, unknown dtypes and bad offsets by name', async () => {
    await vc.ok('create_archive', { name: 'dtypes', content_type: 'Image' });
    const f64 = safetensors({ v: { dtype: 'F64', shape: [4], data: new Uint8Array(Float64Array.from([1, 2, 3, 4]).buffer) } }, { format: 'pt' });
    const f16 = safetensors({ v: { dtype: 'F16', shape: [4], data: new Uint8Array(Uint16Array.from([0x3c00, 0x3800, 0xc000, 0x3400]).buffer) } });
    const res = await vc.ok<{ name_to_indexed_content_id: Record<string, number> }>('index', { archive: 'dtypes', file_urls: [vc.host('a.pt', f64), vc.host('b.pt', f16)] });
    expect(Object.keys(res.name_to_indexed_content_id)).toEqual(['a.pt', 'b.pt']);
    const hits = await vc.ok<Hits>('search', { archive: 'dtypes', file_urls: [vc.host('q.pt', pt([1, 0.5, -2, 0.25]))] });
    expect(hits.sorted_indexed_ids_with_distances[0]).toEqual([res.name_to_indexed_content_id['b.pt'], 0]);
    const bad = async (body: Uint8Array) => vc.failure('index', { archive: 'dtypes', file_urls: [vc.host('bad.pt', body)] });
    expect(await bad(safetensors({ m: { dtype: 'F32', shape: [2, 2], data: f32([1, 2, 3, 4]) } }))).toMatch(/"bad.pt".*one-dimensional/);
    expect(await bad(safetensors({ a: { dtype: 'F32', shape: [2], data: f32([1, 2]) }, b: { dtype: 'F32', shape: [2], data: f32([1, 2]) } }))).toMatch(/exactly one tensor, found 2/);
    expect(await bad(safetensors({ a: { dtype: 'I64', shape: [1], data: new Uint8Array(8) } }))).toMatch(/dtype I64/);
    expect(await bad(safetensors({ a: { dtype: 'F32', shape: [3], data: f32([1, 2]) } }))).toMatch(/data_offsets/);
    expect(await bad(new Uint8Array([1, 2, 3]))).toMatch(/shorter than the 8-byte header/);
    expect(await vc.failure('index', { archive: 'dtypes', file_urls: [`${vc.server.url}/downloads/none/x.pt`] })).toMatch(/Could not download .*HTTP 404/);
  });

  it('refuses a vector of another length as failed_vectorization_names; batch-folder files may carry .pt bytes', async () => {
    const acc = vc.server.state.accounts.get('alice')!;
    acc.batchFolder = ['b1.pt', 'photo.jpg'];
    acc.batchContents.set('b1.pt', Buffer.from(pt(r.direction(DIM))));
    const res = await vc.ok<{ name_to_indexed_content_id: Record<string, number>; failed_vectorization_names: string[] }>('index', { archive: 'vecs', file_urls: [vc.host('short.pt', pt([1, 2, 3]))], download_from_batch_cloud_folder: true });
    expect(Object.keys(res.name_to_indexed_content_id)).toEqual(['b1.pt']);
    // The 8-dimensional URL-hash stand-in of a .jpg does not fit a 16-dimensional archive either.
    expect(res.failed_vectorization_names).toEqual(['short.pt', 'photo.jpg']);
    acc.batchContents.delete('b1.pt');
    expect(await vc.failure('index', { archive: 'vecs', download_from_batch_cloud_folder: true })).toMatch(/"b1.pt" holds no bytes/);
    await vc.ok('clear_batch_folder', null);
    await vc.ok('remove_content', { archive: 'vecs', archive_content_ids_subset: [res.name_to_indexed_content_id['b1.pt']] });
  });
});

describe('search: cosine distance and the documented inputs', () => {
  const expected = (q: number[], only?: number[]) =>
    vs
      .map((v, i) => [i + 1, 1 - cos(v, q)] as [number, number])
      .filter(([id]) => !only || only.includes(id))
      .sort((a, b) => a[1] - b[1]);

  it('ranks by 1 − cos to the query file, with nr_results and get_mean_distance over the returned hits', async () => {
    const q = asF32(r.near(vs[2], 0.3));
    const hits = await search({ file_urls: [vc.host('q.pt', pt(q))], nr_results: 4, get_mean_distance: true });
    const want = expected(q).slice(0, 4);
    expect(hits.sorted_indexed_ids_with_distances.map((h) => h[0])).toEqual(want.map((w) => w[0]));
    hits.sorted_indexed_ids_with_distances.forEach(([, d], i) => expect(d).toBeCloseTo(want[i][1], 6));
    expect(hits.mean_distance).toBeCloseTo(want.reduce((s, w) => s + w[1], 0) / 4, 6);
    expect((await search({ indexed_ids_references: [ids['v4.pt']] })).sorted_indexed_ids_with_distances[0]).toEqual([ids['v4.pt'], 0]);
  });

  it('limits to archive_content_ids_subset and names unknown ids and archives', async () => {
    const hits = await search({ indexed_ids_references: [1], archive_content_ids_subset: [5, 2] });
    expect(hits.sorted_indexed_ids_with_distances.map((h) => h[0])).toEqual(expected(vs[0], [2, 5]).map((w) => w[0]));
    expect(await vc.failure('search', { archive: 'vecs', indexed_ids_references: [99] })).toBe('Content id 99 is not in archive "vecs"');
    expect(await vc.failure('search', { archive: 'nope', indexed_ids_references: [1] })).toBe('Archive "nope" does not exist');
  });

  it('name_or_id_to_preference_weight: the query is Σ w·unit(v) by id or file name; 0 drops, negative pushes, stray keys fail', async () => {
    const q = (ws: [number[], number][]) => ws.reduce((acc, [v, w]) => acc.map((x, d) => x + w * unit(v)[d]), new Array<number>(DIM).fill(0));
    const weighted = await search({ indexed_ids_references: [1, 2], file_urls: [vc.host('extra.pt', pt(vs[5]))], name_or_id_to_preference_weight: { 1: 2, 'extra.pt': -1 } });
    const want = expected(q([[vs[0], 2], [vs[1], 1], [vs[5], -1]]));
    expect(weighted.sorted_indexed_ids_with_distances.map((h) => h[0])).toEqual(want.map((w) => w[0]));
    weighted.sorted_indexed_ids_with_distances.forEach(([, d], i) => expect(d).toBeCloseTo(want[i][1], 6));
    const dropped = await search({ indexed_ids_references: [1, 2], name_or_id_to_preference_weight: { 2: 0 } });
    expect(dropped.sorted_indexed_ids_with_distances.map((h) => h[0])).toEqual(expected(vs[0]).map((w) => w[0]));
    expect(await vc.failure('search', { archive: 'vecs', indexed_ids_references: [1], name_or_id_to_preference_weight: { 'q.jpg': 1 } })).toMatch(/names "q.jpg", which is neither/);
    expect(await vc.failure('search', { archive: 'vecs', indexed_ids_references: [1], name_or_id_to_preference_weight: { 1: -1 } })).toMatch(/positive weight/);
  });

  it('speed_up_with_hash_matching puts exact-vector matches first at distance 0', async () => {
    const refs = { indexed_ids_references: [2, 6] };
    const plain = await search(refs);
    expect(plain.sorted_indexed_ids_with_distances.slice(0, 2).every(([, d]) => d > 0)).toBe(true);
    const hashed = await search({ ...refs, speed_up_with_hash_matching: true });
    expect(hashed.sorted_indexed_ids_with_distances.slice(0, 2)).toEqual([
      [2, 0],
      [6, 0],
    ]);
    expect(hashed.sorted_indexed_ids_with_distances.slice(2).map((h) => h[0])).toEqual(plain.sorted_indexed_ids_with_distances.map((h) => h[0]).filter((id) => id !== 2 && id !== 6));
  });

  it('common_assets_archive_name: a query that is a common asset does not return its near-identical copies', async () => {
    await vc.ok('create_archive', { name: 'logos', content_type: 'Image' });
    await vc.ok('index', { archive: 'logos', file_urls: [vc.host('logo.pt', pt(vs[3]))] });
    const query = { file_urls: [vc.host('logo-again.pt', pt(vs[3].map((x) => x * 2)))] };
    expect((await search(query)).sorted_indexed_ids_with_distances[0][0]).toBe(4);
    const without = await search({ ...query, common_assets_archive_name: 'logos' });
    expect(without.sorted_indexed_ids_with_distances.map((h) => h[0])).toEqual(expected(vs[3]).map((w) => w[0]).filter((id) => id !== 4));
    // A query that is no common asset is untouched.
    expect((await search({ indexed_ids_references: [1], common_assets_archive_name: 'logos' })).sorted_indexed_ids_with_distances).toHaveLength(6);
    expect(await vc.failure('search', { archive: 'vecs', indexed_ids_references: [1], common_assets_archive_name: 'nope' })).toBe('Archive "nope" does not exist');
  });
});

describe('extract_similarity_dataset', () => {
  it('serves zips of two .pt samples of one source, named by the pair prefix', async () => {
    const res = await vc.ok<{ similarity_calibration_pairs_download_urls: string[] }>('extract_similarity_dataset', { source_content_type: 'Video', content_type: 'Image', max_nr_of_pairs: 3, file_urls: ['https://files.example.com/a.mp4', 'https://files.example.com/b.mp4'] });
    expect(res.similarity_calibration_pairs_download_urls).toHaveLength(3);
    for (const [k, url] of res.similarity_calibration_pairs_download_urls.entries()) {
      const files = unzipSync(new Uint8Array(await (await fetch(url)).arrayBuffer()));
      expect(Object.keys(files).sort()).toEqual([`${k + 1}_a.pt`, `${k + 1}_b.pt`]);
      const [a, b] = [readPt(files[`${k + 1}_a.pt`]), readPt(files[`${k + 1}_b.pt`])];
      expect(a).not.toEqual(b);
      expect(cos(a, b)).toBeGreaterThan(0.99);
    }
    // calibrate_similarity reads the zips as the pair files they hold, and counts the pairs.
    expect(await vc.failure('calibrate_similarity', { archive: 'vecs', file_urls: res.similarity_calibration_pairs_download_urls })).toMatch(/between 200 and 10000 pairs, got 3/);
  });
});

describe('documented schemas', () => {
  it('fails a job with invalid inputs, naming the field and the rule', async () => {
    expect(await vc.failure('cluster_by_number_of_clusters', { archive: 'vecs', nr_of_clusters: 0 })).toBe('Invalid inputs: /nr_of_clusters must be >= 1');
    expect(await vc.failure('search', { indexed_ids_references: [1] })).toBe('Invalid inputs: /archive is required');
    expect(await vc.failure('index', { archive: 'vecs', file_urls: ['https://x/y.jpg'], bogus: 1 })).toBe('Invalid inputs: /bogus is not a documented field');
    expect(await vc.failure('create_archive', { name: 'x'.repeat(30), content_type: 'Image' })).toBe('Invalid inputs: /name must NOT have more than 29 characters');
    expect(await vc.failure('inliers_outliers', { archive: 'vecs', id_to_preference_weight: { 1: 0.5 } })).toBe('Invalid inputs: /id_to_preference_weight/1 must be integer');
    expect(await vc.failure('list_content', { archive: 'vecs' })).toBe('Invalid inputs: (top level) must be None (this job takes no inputs)');
    expect(await vc.failure('remove_content', { archive: 'vecs' })).toBe('Invalid inputs: /archive_content_ids_subset is required');
  });

  it('the exported validators catch bad results and inputs', () => {
    expect(resultsError('search', { sorted_indexed_ids_with_distances: [[1, 0.5]], mean_distance: null })).toBeNull();
    expect(resultsError('search', { sorted_indexed_ids_with_distances: [[1]], mean_distance: null })).toBe('/sorted_indexed_ids_with_distances/0 must NOT have fewer than 2 items');
    expect(resultsError('inliers_outliers', { content_ids_sorted_by_inliers: [], content_ids_sorted_by_outliers: [], mean_distance: null })).toBe('/mean_distance must be number');
    expect(resultsError('get_vectors', { id_to_vector_url: { abc: 'x' } })).toBe('/id_to_vector_url/abc is not a documented field');
    expect(resultsError('create_archive', {})).toBe('(top level) must be null');
    expect(inputsError('search', { archive: 'a', nr_results: 0 })).toBe('/nr_results must be > 0');
  });

  it('a result that breaks the schema is a server bug: recorded, and the status is answered 500', async () => {
    const archive = vc.server.state.accounts.get('alice')!.archives.get('vecs')!;
    archive.content_type = 'Picture';
    try {
      const res = await fetch(`${vc.server.url}/jobs`, { method: 'POST', headers: { auth_token: [...vc.server.state.tokens.keys()][0], 'content-type': 'application/json' }, body: JSON.stringify({ job_type: 'list_content', inputs: null }) });
      const { status_endpoint } = (await res.json()) as { status_endpoint: string };
      const poll = await fetch(status_endpoint, { headers: { auth_token: [...vc.server.state.tokens.keys()][0] } });
      expect(poll.status).toBe(500);
      expect(await poll.json()).toEqual({ error: 'Internal server error' });
      expect(vc.server.state.schemaViolations).toEqual([expect.stringMatching(/^list_content results: \/archive_to_content_type_states_nr_of_contents\/vecs\/content_type must be equal to one of the allowed values/)]);
    } finally {
      archive.content_type = 'Image';
      vc.server.state.schemaViolations.length = 0;
    }
  });
});
