import { describe, expect, it } from 'vitest';
import { clusterByCalibratedSimilarity, clusterByNumberOfClusters } from '../../../src/jobs/adapters/clusters.js';
import { inliersOutliers } from '../../../src/jobs/adapters/outliers.js';
import { pcaVectorDimReduction } from '../../../src/jobs/adapters/pca.js';
import { blobs } from '../core/group/fixtures.js';

const { vs, labels } = blobs({ sizes: [25, 15, 10], dim: 10, spread: 4, sigma: 0.2, seed: 5, unit: true });
const ids = Array.from({ length: vs.n }, (_, i) => 500 + 3 * i);
const sorts = { sort_content_ids_by_distance_to_cluster_center: true, sort_clusters_by_descending_inner_diversity: false };

describe('cluster jobs', () => {
  it('cluster_by_number_of_clusters: given k, ids out, every id once', async () => {
    const out = await clusterByNumberOfClusters(vs, { nr_of_clusters: 3, ...sorts }, { ids });
    expect(out.k).toBe(3);
    expect(out.kScores).toBeNull();
    expect(out.results.clustered_content_ids.map((c) => c.length)).toEqual([25, 15, 10]);
    expect(out.results.clustered_content_ids.flat().sort((a, b) => a - b)).toEqual(ids);
    for (const c of out.results.clustered_content_ids) expect(new Set(c.map((id) => labels[(id - 500) / 3])).size).toBe(1);
    expect(out.results.average_distance_between_cluster_elements_and_cluster_center).toBeGreaterThan(0);
  });

  it('cluster_by_number_of_clusters: None and 1 choose k automatically', async () => {
    for (const nr of [null, 1]) {
      const out = await clusterByNumberOfClusters(vs, { nr_of_clusters: nr, ...sorts }, { ids });
      expect(out.k).toBe(3);
      expect(out.kScores!.length).toBeGreaterThan(1);
    }
  });

  it('cluster_by_number_of_clusters validates nr_of_clusters', async () => {
    await expect(clusterByNumberOfClusters(vs, { nr_of_clusters: 0 })).rejects.toMatchObject({ field: 'inputs.nr_of_clusters' });
    await expect(clusterByNumberOfClusters(vs, { nr_of_clusters: 2.5 })).rejects.toMatchObject({ field: 'inputs.nr_of_clusters' });
    await expect(clusterByNumberOfClusters(vs, { nr_of_clusters: 51 })).rejects.toMatchObject({ field: 'inputs.nr_of_clusters' });
    const none = await clusterByNumberOfClusters({ data: new Float32Array(0), n: 0, dim: 10 }, { nr_of_clusters: null });
    expect(none.results).toEqual({ clustered_content_ids: [], average_distance_between_cluster_elements_and_cluster_center: null });
  });

  it('cluster_by_calibrated_similarity returns the same shape', async () => {
    const out = await clusterByCalibratedSimilarity(vs, { sort_clusters_by_descending_inner_diversity: true }, 0.3, { ids });
    expect(out.k).toBe(3);
    expect(out.results.clustered_content_ids.flat().sort((a, b) => a - b)).toEqual(ids);
    const d = out.innerDiversity;
    for (let j = 1; j < d.length; j++) expect(d[j]).toBeLessThanOrEqual(d[j - 1]);
  });
});

describe('inliers_outliers job', () => {
  it('maps ids both ways and validates weights', async () => {
    const out = await inliersOutliers(vs, ids, { [ids[3]]: 2 });
    expect(out.results.content_ids_sorted_by_inliers.slice().sort((a, b) => a - b)).toEqual(ids);
    expect(out.results.content_ids_sorted_by_outliers).toEqual(out.results.content_ids_sorted_by_inliers.slice().reverse());
    const plain = await inliersOutliers(vs, ids, null);
    const pos = (list: number[]) => list.indexOf(ids[3]);
    expect(pos(out.results.content_ids_sorted_by_inliers)).toBeLessThan(pos(plain.results.content_ids_sorted_by_inliers));
    // the preferred row's cluster fills the inlier end
    for (const id of out.results.content_ids_sorted_by_inliers.slice(0, 10)) expect(labels[(id - 500) / 3]).toBe(labels[3]);
    expect(out.results.mean_distance).toBeCloseTo(out.detail.meanDistance, 12);
    await expect(inliersOutliers(vs, ids, { 1: 1 })).rejects.toMatchObject({ field: 'inputs.id_to_preference_weight.1' });
    await expect(inliersOutliers(vs, ids.slice(1), null)).rejects.toMatchObject({ field: 'ids' });
  });
});

describe('pca job', () => {
  it('returns identifier_to_pca_vector with the asked dimension and validates it', async () => {
    const out = await pcaVectorDimReduction(vs, ids, 4);
    expect(Object.keys(out.results.identifier_to_pca_vector)).toHaveLength(vs.n);
    expect(out.results.identifier_to_pca_vector[String(ids[0])]).toHaveLength(4);
    await expect(pcaVectorDimReduction(vs, ids, 0)).rejects.toMatchObject({ field: 'inputs.nr_of_dimensions', rule: 'int in [1, 10]' });
    await expect(pcaVectorDimReduction(vs, ids, 11)).rejects.toMatchObject({ field: 'inputs.nr_of_dimensions' });
    const dup = ids.slice();
    dup[1] = dup[0];
    await expect(pcaVectorDimReduction(vs, dup, 2)).rejects.toMatchObject({ field: 'identifiers' });
  });
});
