/**
 * The two clustering jobs in their documented result shape
 * (`cluster_by_number_of_clusters`, `cluster_by_calibrated_similarity`): rows
 * in, `{ clustered_content_ids, average_distance_between_cluster_elements_and_cluster_center }`
 * out, with the content ids the engine passes for the rows.
 */
import { ValidationError } from '../../contract/errors.js';
import type { ClusterByNumberInputs, ClusterBySimilarityInputs, ClusterResults } from '../../contract/jobs.js';
import type { VectorSet } from '../../core/base/index.js';
import type { KnnGraph } from '../../core/search/index.js';
import type { RunOptions } from '../../core/base/index.js';
import { kmeans } from '../../core/cluster/index.js';
import { autoKmeans, type KScore } from '../../core/cluster/index.js';
import { clusterBySimilarity } from '../../core/cluster/index.js';
import { clusterLists } from '../../core/cluster/index.js';
import { checkInt } from '../../contract/validate.js';

/** Options shared by the cluster jobs. */
export interface ClusterJobOptions extends RunOptions {
  /** Content id of each row; rows are reported as their index when absent. */
  ids?: ArrayLike<number>;
  /** Seed of every random choice. @defaultValue 0 */
  seed?: number;
  /** Precomputed cosine kNN graph of the rows (similarity clustering only). */
  knn?: KnnGraph;
}

/** A cluster job's output: `results` is the job's documented JSON; the rest is for a UI. */
export interface ClusterJobOutput {
  results: ClusterResults;
  /** Cluster of each row (label order, not the sorted order of `results`). */
  labels: Int32Array;
  /** Number of clusters. */
  k: number;
  /** Per cluster of `results.clustered_content_ids`: mean distance of members to the centre. */
  innerDiversity: number[];
  /** Auto-k only: silhouette and score per candidate k (null when k was given). */
  kScores: KScore[] | null;
}

type SortInputs = Pick<ClusterByNumberInputs, 'sort_content_ids_by_distance_to_cluster_center' | 'sort_clusters_by_descending_inner_diversity'>;

/**
 * k-means with `nr_of_clusters` clusters; None or 1 chooses k by silhouette against null references (autoKmeans).
 * @throws ValidationError('inputs.nr_of_clusters', ...) for a non-integer, < 1, or more clusters than rows
 */
export async function clusterByNumberOfClusters(
  vs: VectorSet,
  inputs: Pick<ClusterByNumberInputs, 'nr_of_clusters'> & SortInputs,
  options: ClusterJobOptions = {},
): Promise<ClusterJobOutput> {
  const nr = inputs.nr_of_clusters ?? null;
  if (nr !== null) checkInt(nr, 'inputs.nr_of_clusters', 1, Infinity, 'int >= 1 or None');
  if (nr !== null && nr > vs.n) throw new ValidationError('inputs.nr_of_clusters', `int <= number of contents (${vs.n})`);
  if (vs.n === 0) return empty();
  const run = { seed: options.seed, signal: options.signal, onProgress: options.onProgress };
  let labels: Int32Array, k: number, kScores: KScore[] | null = null;
  if (nr === null || nr === 1) {
    const auto = await autoKmeans(vs, run);
    labels = auto.result.assignments;
    k = auto.k;
    kScores = auto.scores;
  } else {
    const r = await kmeans(vs, nr, run);
    labels = r.assignments;
    k = nr;
  }
  return shape(vs, labels, k, kScores, inputs, options);
}

/**
 * Average-linkage clusters within the calibrated distance (see cluster-similarity.ts).
 * @throws ValidationError for a bad threshold or non-unit rows
 */
export async function clusterByCalibratedSimilarity(
  vs: VectorSet,
  inputs: Pick<ClusterBySimilarityInputs, 'sort_content_ids_by_distance_to_cluster_center' | 'sort_clusters_by_descending_inner_diversity'>,
  maxDistance: number,
  options: ClusterJobOptions = {},
): Promise<ClusterJobOutput> {
  if (vs.n === 0) return empty();
  const r = await clusterBySimilarity(vs, { maxDistance, knn: options.knn, signal: options.signal, onProgress: options.onProgress });
  return shape(vs, r.labels, r.nClusters, null, inputs, options);
}

function shape(vs: VectorSet, labels: Int32Array, k: number, kScores: KScore[] | null, inputs: SortInputs, options: ClusterJobOptions): ClusterJobOutput {
  const lists = clusterLists(vs, labels, {
    ids: options.ids,
    sortByDistanceToCenter: inputs.sort_content_ids_by_distance_to_cluster_center === true,
    sortByDescendingInnerDiversity: inputs.sort_clusters_by_descending_inner_diversity === true,
  });
  return {
    results: {
      clustered_content_ids: lists.clusters,
      average_distance_between_cluster_elements_and_cluster_center: lists.averageDistance,
    },
    labels,
    k,
    innerDiversity: lists.innerDiversity,
    kScores,
  };
}

function empty(): ClusterJobOutput {
  return {
    results: { clustered_content_ids: [], average_distance_between_cluster_elements_and_cluster_center: null },
    labels: new Int32Array(0),
    k: 0,
    innerDiversity: [],
    kScores: null,
  };
}
