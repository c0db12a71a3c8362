/**
 * The Vector Curator conformance server's analytics on planted geometry, over
 * plain HTTP: k-means recovers planted clusters (k given and chosen by
 * silhouette), the sort options and the average distance are what the test
 * computes itself, PCA finds the dominant direction, inliers_outliers and
 * data_balance follow their stated rules, and similarity calibration sets the
 * threshold that cluster_by_calibrated_similarity and index's redundancy
 * checks use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asF32, cos, pt, rng, startVc, unit, type Vc } from './vc-http.js';

let vc: Vc;
const r = rng(11);
const DIM = 12;
const axis = (j: number) => Array.from({ length: DIM }, (_, d) => (d === j ? 1 : 0));
/** Planted clusters around three axes: sizes 12, 10, 8 with growing spread. */
const planted = (noise: number[], sizes = [12, 10, 8]) => sizes.map((n, j) => Array.from({ length: n }, () => asF32(r.near(axis(j), noise[j]))));
const loose = planted([0.02, 0.05, 0.1]);
const tight = planted([0.005, 0.005, 0.005]);
const idsOf = (groups: number[][][]) => {
  let next = 1;
  return groups.map((g) => g.map(() => next++));
};

async function archive(name: string, vectors: number[][], extra: object = {}): Promise<void> {
  await vc.ok('create_archive', { name, content_type: 'Image', ...extra });
  await vc.ok('index', { archive: name, file_urls: vectors.map((v, i) => vc.host(`${name}-${i + 1}.pt`, pt(v))) });
}

const meanDir = (vs: number[][]) => vs.map(unit).reduce((a, v) => a.map((x, d) => x + v[d]));
const dist = (v: number[], c: number[]) => 1 - cos(v, c);

beforeAll(async () => {
  vc = await startVc();
  await archive('loose', loose.flat());
  await archive('tight', tight.flat());
});
afterAll(async () => {
  expect(vc.server.state.schemaViolations).toEqual([]);
  await vc.server.close();
});

type Clusters = { clustered_content_ids: number[][]; average_distance_between_cluster_elements_and_cluster_center: number | null };
const cluster = (inputs: object) => vc.ok<Clusters>('cluster_by_number_of_clusters', { archive: 'loose', ...inputs });

describe('cluster_by_number_of_clusters', () => {
  const ids = idsOf(loose);

  it('k-means recovers the planted clusters with k given, and picks k = 3 by silhouette when None or 1', async () => {
    expect((await cluster({ nr_of_clusters: 3 })).clustered_content_ids).toEqual(ids);
    expect((await cluster({ nr_of_clusters: null })).clustered_content_ids).toEqual(ids);
    expect((await cluster({ nr_of_clusters: 1 })).clustered_content_ids).toEqual(ids);
    expect((await cluster({})).clustered_content_ids).toEqual(ids);
  });

  it('sorts by distance to the center and by inner diversity, and averages the real distances', async () => {
    const got = await cluster({ nr_of_clusters: 3, sort_content_ids_by_distance_to_cluster_center: true, sort_clusters_by_descending_inner_diversity: true });
    const want = loose
      .map((g, j) => {
        const c = meanDir(g);
        const members = g.map((v, i) => ({ id: ids[j][i], d: dist(v, c) })).sort((a, b) => a.d - b.d);
        return { ids: members.map((m) => m.id), spread: members.reduce((s, m) => s + m.d, 0) / members.length, total: members.reduce((s, m) => s + m.d, 0) };
      })
      .sort((a, b) => b.spread - a.spread);
    expect(got.clustered_content_ids).toEqual(want.map((w) => w.ids));
    // The widest planted cluster is the smallest: diversity order is not size order.
    expect(got.clustered_content_ids.map((c) => c.length)).toEqual([8, 10, 12]);
    expect(got.average_distance_between_cluster_elements_and_cluster_center).toBeCloseTo(want.reduce((s, w) => s + w.total, 0) / 30, 9);
  });

  it('clusters a subset, fails for k above the number of contents, and answers null for none', async () => {
    const ab = [...ids[0], ...ids[1]];
    expect((await cluster({ archive_content_ids_subset: ab })).clustered_content_ids).toEqual([ids[0], ids[1]]);
    expect(await vc.failure('cluster_by_number_of_clusters', { archive: 'loose', nr_of_clusters: 31 })).toBe('nr_of_clusters 31 is more than the 30 contents to cluster');
    await vc.ok('create_archive', { name: 'empty', content_type: 'Image' });
    expect(await vc.ok('cluster_by_number_of_clusters', { archive: 'empty' })).toEqual({ clustered_content_ids: [], average_distance_between_cluster_elements_and_cluster_center: null });
  });
});

describe('pca_vector_dim_reduction', () => {
  it('recovers the dominant direction of planted data, from an archive or from file_urls', async () => {
    const u = r.direction(6);
    const offset = r.direction(6).map((x) => 3 * x);
    const t = Array.from({ length: 20 }, () => 4 * (r.next() - 0.5));
    const rows = t.map((ti) => asF32(offset.map((o, d) => o + ti * u[d] + 0.01 * r.gauss())));
    await archive('line', rows);
    const corr = (a: number[], b: number[]) => {
      const m = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
      const [ma, mb] = [m(a), m(b)];
      const cov = a.reduce((s, v, i) => s + (v - ma) * (b[i] - mb), 0);
      return cov / Math.sqrt(a.reduce((s, v) => s + (v - ma) ** 2, 0) * b.reduce((s, v) => s + (v - mb) ** 2, 0));
    };
    const got = await vc.ok<{ identifier_to_pca_vector: Record<string, number[]> }>('pca_vector_dim_reduction', { archive: 'line', nr_of_dimensions: 2 });
    expect(Object.keys(got.identifier_to_pca_vector)).toEqual(t.map((_, i) => String(i + 1)));
    const first = t.map((_, i) => got.identifier_to_pca_vector[String(i + 1)][0]);
    const second = t.map((_, i) => got.identifier_to_pca_vector[String(i + 1)][1]);
    expect(Math.abs(corr(first, t))).toBeGreaterThan(0.999);
    // Centred: the components average 0; the second one is only the noise.
    expect(Math.abs(first.reduce((s, x) => s + x, 0))).toBeLessThan(1e-6);
    expect(Math.max(...second.map(Math.abs))).toBeLessThan(0.1);
    const files = await vc.ok<{ identifier_to_pca_vector: Record<string, number[]> }>('pca_vector_dim_reduction', { nr_of_dimensions: 1, file_urls: rows.slice(0, 5).map((v, i) => vc.host(`row${i}.pt`, pt(v))) });
    expect(Object.keys(files.identifier_to_pca_vector)).toEqual(['row0.pt', 'row1.pt', 'row2.pt', 'row3.pt', 'row4.pt']);
    expect(await vc.failure('pca_vector_dim_reduction', { archive: 'line', nr_of_dimensions: 7 })).toMatch(/between 1 and min\(vector length 6, number of vectors 20\) = 6, got 7/);
    expect(await vc.failure('pca_vector_dim_reduction', { archive: 'line', archive_content_ids_subset: [1, 2, 3], nr_of_dimensions: 4 })).toMatch(/= 3, got 4/);
  });
});

describe('inliers_outliers and data_balance', () => {
  it('ranks by distance to the (weighted) mean direction, with the real mean distance', async () => {
    const items = [...loose[0].slice(0, 5), loose[2][0]];
    await archive('io', items);
    for (const weights of [null, { 6: -2, 1: 3 }]) {
      const w = items.map((_, i) => (weights as Record<number, number> | null)?.[i + 1] ?? 1);
      const c = items.map(unit).reduce((a, v, i) => a.map((x, d) => x + w[i] * v[d]), new Array<number>(DIM).fill(0));
      const want = items.map((v, i) => ({ id: i + 1, d: dist(v, c) })).sort((a, b) => a.d - b.d);
      const got = await vc.ok<{ content_ids_sorted_by_inliers: number[]; content_ids_sorted_by_outliers: number[]; mean_distance: number }>('inliers_outliers', { archive: 'io', id_to_preference_weight: weights });
      expect(got.content_ids_sorted_by_inliers).toEqual(want.map((x) => x.id));
      expect(got.content_ids_sorted_by_outliers).toEqual(want.map((x) => x.id).reverse());
      expect(got.mean_distance).toBeCloseTo(want.reduce((s, x) => s + x.d, 0) / want.length, 9);
    }
    expect(await vc.failure('inliers_outliers', { archive: 'io', id_to_preference_weight: { 77: 1 } })).toMatch(/content id 77, which is not among/);
  });

  it('data_balance: forbidden first, surplus from the ends of large clusters (outliers first, essentials kept), central ids of small ones to source', async () => {
    const res = await vc.ok('data_balance', {
      clustered_content_ids_sorted_by_decreasing_diversity_with_contents_sorted_by_distance_to_centroid: [[1, 2, 3, 4, 5, 6], [7, 8, 9], [10], [11, 12, 13]],
      ids_sorted_from_inliers_to_outliers: [1, 2, 7, 10, 4, 6, 3],
      ids_sorted_by_essential_examples: [5],
      ids_sorted_by_forbidden_examples: [12],
    });
    // Sizes without the forbidden 12: 6, 3, 1, 2 → median 2.5; the first cluster keeps 3 and gives 6, 4, 3 (5 is essential).
    expect(res).toEqual({ prioritized_over_represented_ids_to_remove: [12, 3, 6, 4], prioritized_under_represented_ids_to_source: [10, 11] });
    const c = [[1, 2], [3]];
    expect(await vc.failure('data_balance', { clustered_content_ids_sorted_by_decreasing_diversity_with_contents_sorted_by_distance_to_centroid: [[1, 2], [2]] })).toBe('Content id 2 is in more than one cluster');
    expect(await vc.failure('data_balance', { clustered_content_ids_sorted_by_decreasing_diversity_with_contents_sorted_by_distance_to_centroid: c, ids_sorted_by_essential_examples: [3], ids_sorted_by_forbidden_examples: [3] })).toBe('Content id 3 is both essential and forbidden');
  });
});

describe('similarity calibration', () => {
  it('calibrate_similarity from .pt pairs in the batch folder sets the 95th-percentile threshold; calibrated clustering and redundancy use it', async () => {
    const acc = vc.server.state.accounts.get('alice')!;
    const distances: number[] = [];
    for (let j = 1; j <= 200; j++) {
      const a = asF32(r.direction(DIM));
      const b = asF32(unit(r.near(a, 0.05 + 0.05 * r.next())));
      distances.push(dist(a, b));
      acc.batchFolder.push(`${j}_a.pt`, `${j}_b.pt`);
      acc.batchContents.set(`${j}_a.pt`, pt(a)).set(`${j}_b.pt`, pt(b));
    }
    expect(await vc.failure('cluster_by_calibrated_similarity', { archive: 'tight' })).toBe('Archive "tight" is not calibrated for similarity');
    await vc.ok('calibrate_similarity', { archive: 'tight', download_from_batch_cloud_folder: true });
    await vc.ok('clear_batch_folder', null);
    const threshold = [...distances].sort((x, y) => x - y)[Math.ceil(0.95 * 200) - 1];
    expect(acc.archives.get('tight')!.similarityThreshold).toBeCloseTo(threshold, 12);
    const listed = await vc.ok<{ archive_to_content_type_states_nr_of_contents: Record<string, { calibrated_for_similarity: boolean }> }>('list_content', null);
    expect(listed.archive_to_content_type_states_nr_of_contents.tight.calibrated_for_similarity).toBe(true);
    const got = await vc.ok<Clusters>('cluster_by_calibrated_similarity', { archive: 'tight' });
    expect(got.clustered_content_ids).toEqual(idsOf(tight));

    // Redundancy: a near copy of an archived content, and a near copy of a file earlier in the request.
    const copy = asF32(r.near(tight[0][0], 0.001));
    const fresh = asF32(r.direction(DIM));
    const res = await vc.ok('index', {
      archive: 'tight',
      check_for_redundancy_against_archived: true,
      check_for_redundancy_within_batch: true,
      file_urls: [vc.host('copy.pt', pt(copy)), vc.host('fresh.pt', pt(fresh)), vc.host('fresh-again.pt', pt(asF32(r.near(fresh, 0.001))))],
    });
    expect(res).toMatchObject({ name_to_indexed_content_id: { 'fresh.pt': 31 }, redundant_content_names: ['copy.pt', 'fresh-again.pt'] });
  });

  it('the pair zips of extract_similarity_dataset calibrate an archive; use_default_similarity_calibration sets the default threshold', async () => {
    const sources = Array.from({ length: 20 }, (_, i) => `https://files.example.com/clip${i}.mp4`);
    const pairs = await vc.ok<{ similarity_calibration_pairs_download_urls: string[] }>('extract_similarity_dataset', { source_content_type: 'Video', content_type: 'Image', max_nr_of_pairs: 500, file_urls: sources });
    // At most 10 pairs per source file.
    expect(pairs.similarity_calibration_pairs_download_urls).toHaveLength(200);
    await vc.ok('create_archive', { name: 'photos', content_type: 'Image' });
    await vc.ok('index', { archive: 'photos', file_urls: ['https://files.example.com/p.jpg'] });
    await vc.ok('calibrate_similarity', { archive: 'photos', file_urls: pairs.similarity_calibration_pairs_download_urls });
    expect(vc.server.state.accounts.get('alice')!.archives.get('photos')!.similarityThreshold).toBeLessThan(0.01);

    const base = r.direction(DIM);
    await archive('dflt', [asF32(base), asF32(unit(r.near(base, 0.02))), asF32(axis(5))], { use_default_similarity_calibration: true });
    expect(vc.server.state.accounts.get('alice')!.archives.get('dflt')!.similarityThreshold).toBe(0.1);
    expect((await vc.ok<Clusters>('cluster_by_calibrated_similarity', { archive: 'dflt' })).clustered_content_ids).toEqual([[1, 2], [3]]);
  });

  it('calibrate_relevance: contents far from the relevant ones are irrelevant', async () => {
    await vc.ok('calibrate_relevance', { archive: 'loose', archive_content_ids_subset: idsOf(loose)[0] });
    const res = await vc.ok('index', { archive: 'loose', check_for_relevance: true, file_urls: [vc.host('near-a.pt', pt(asF32(r.near(axis(0), 0.01)))), vc.host('near-c.pt', pt(asF32(r.near(axis(2), 0.01))))] });
    expect(res).toMatchObject({ name_to_indexed_content_id: { 'near-a.pt': 31 }, irrelevant_content_names: ['near-c.pt'] });
    expect(await vc.failure('index', { archive: 'tight', check_for_relevance: true, file_urls: [vc.host('x.pt', pt(axis(0)))] })).toMatch(/not calibrated for relevance/);
  });
});
