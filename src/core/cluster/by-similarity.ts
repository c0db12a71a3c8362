/**
 * Clustering by a calibrated similarity threshold
 * (`cluster_by_calibrated_similarity`).
 *
 * Average-linkage agglomerative clustering under a kNN connectivity graph:
 * two groups merge only if some row of one is among the k nearest neighbours
 * of a row of the other, and only while the AVERAGE cosine distance over all
 * their cross pairs is at most `maxDistance`. Average linkage does not chain:
 * a thin bridge of points between two blobs cannot pull the blobs together,
 * because the average over all cross pairs stays large (single linkage, or
 * connected components of a thresholded graph, would join them through the
 * bridge). For unit rows the average is exact and cheap:
 * mean(1 − a·b) = 1 − (Σa)·(Σb) / (|A|·|B|), so each group keeps only its sum
 * vector and no n × n matrix is ever built.
 */
import type { VectorSet } from '../base/index.js';
import { knnAll, type KnnGraph } from '../search/index.js';
import { Ticker, type RunOptions } from '../base/index.js';
import { checkInt, checkNumber, checkRunOptions, checkUnitRows, checkVectorSet } from '../base/index.js';
import { checkKnn } from '../search/index.js';
import { MergeHeap } from './merge-heap.js';

/**
 * Cosine similarity within which groups count as "the same kind" when an
 * archive has no calibration of its own (average linkage). Close to the
 * typical similarity of an item to its 20th neighbour on real sets (0.64 –
 * 0.69 with the default model): items more alike than the crowd group
 * together. On labelled real embeddings it gives 11 clusters for 9 emoji
 * categories, 8 for 6 and for 4, 7 for 9 photos × 7 versions; the
 * near-duplicate threshold (0.92) used before gave about one per image
 * (209 for 225 emoji).
 */
export const DEFAULT_SAME_KIND_SIMILARITY = 0.65;

/** Options of {@link clusterBySimilarity}. */
export interface SimilarityClusterOptions extends RunOptions {
  /**
   * Largest average cosine distance (1 − cosine similarity) between two groups
   * that still merge: the archive's calibrated "similar" threshold.
   */
  maxDistance: number;
  /** Neighbours per row in the connectivity graph. @defaultValue 15 */
  k?: number;
  /** A precomputed kNN graph of the same rows (cosine) with at least k neighbours; computed with knnAll otherwise. */
  knn?: KnnGraph;
}

/** Result of {@link clusterBySimilarity}. */
export interface SimilarityClusterResult {
  /** Cluster of each row, 0..nClusters−1 (a row similar to nothing is its own cluster). */
  labels: Int32Array;
  nClusters: number;
  /** Merges performed (n − nClusters). */
  merges: number;
}

/**
 * Group L2-normalised rows whose groups stay within `maxDistance` on average.
 * @throws ValidationError for non-unit rows, maxDistance outside [0, 2], bad k
 * @throws CancelledError when `options.signal` aborts
 */
export async function clusterBySimilarity(vs: VectorSet, options: SimilarityClusterOptions): Promise<SimilarityClusterResult> {
  checkVectorSet(vs, 'vectors');
  checkUnitRows(vs, 'vectors');
  checkRunOptions(options);
  const maxDistance = checkNumber(options?.maxDistance, 'options.maxDistance', 0, 2);
  const { n, dim, data } = vs;
  const k = Math.min(checkInt(options.k ?? 15, 'options.k', 1), Math.max(0, n - 1));
  if (options.knn) checkKnn(options.knn, n, k, 'options.knn');
  const ticker = new Ticker(options.signal, options.onProgress);
  const knn = options.knn ?? (await knnAll(vs, k, { signal: options.signal }));
  await ticker.pause();

  const size = new Int32Array(n).fill(1);
  const version = new Int32Array(n);
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const sums: (Float64Array | null)[] = new Array(n).fill(null);
  const neigh: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  const heap = new MergeHeap(Math.max(16, n * k));
  const K = knn.k;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const o = knn.indices[i * K + j];
      if (o < 0 || o === i) continue;
      neigh[i].add(o);
      neigh[o].add(i);
      const d = knn.distances[i * K + j];
      if (d <= maxDistance) heap.push(d, Math.min(i, o), Math.max(i, o), 0, 0);
    }
  }

  const sumOf = (c: number): ArrayLike<number> => sums[c] ?? data.subarray(c * dim, (c + 1) * dim);
  const avgDistance = (a: number, b: number): number => {
    const sa = sumOf(a), sb = sumOf(b);
    let s = 0;
    for (let d = 0; d < dim; d++) s += sa[d] * sb[d];
    return 1 - s / (size[a] * size[b]);
  };

  const top = [0, 0, 0, 0, 0];
  let merges = 0;
  while (heap.pop(top)) {
    const [dist, a0, b0, va, vb] = top;
    if (parent[a0] !== a0 || parent[b0] !== b0 || version[a0] !== va || version[b0] !== vb) continue; // stale
    if (dist > maxDistance) break;
    // The larger group absorbs the smaller (its sum buffer and neighbour set are reused).
    const [a, b] = size[a0] >= size[b0] ? [a0, b0] : [b0, a0];
    let sa = sums[a];
    if (!sa) {
      sa = Float64Array.from(data.subarray(a * dim, (a + 1) * dim));
      sums[a] = sa;
    }
    const sb = sumOf(b);
    for (let d = 0; d < dim; d++) sa[d] += sb[d];
    sums[b] = null;
    size[a] += size[b];
    parent[b] = a;
    version[a]++;
    merges++;
    neigh[a].delete(b);
    for (const c of neigh[b]) {
      if (c === a) continue;
      neigh[c].delete(b);
      neigh[c].add(a);
      neigh[a].add(c);
    }
    neigh[b].clear();
    for (const c of neigh[a]) {
      const d = avgDistance(a, c);
      if (d <= maxDistance) heap.push(d, Math.min(a, c), Math.max(a, c), version[Math.min(a, c)], version[Math.max(a, c)]);
    }
    if ((merges & 63) === 0) {
      ticker.progress(merges / Math.max(1, n - 1));
      const p = ticker.tick();
      if (p) await p;
    }
  }

  const root = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const labels = new Int32Array(n);
  const compact = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = root(i);
    let l = compact.get(r);
    if (l === undefined) compact.set(r, (l = compact.size));
    labels[i] = l;
  }
  ticker.progress(1);
  return { labels, nClusters: compact.size, merges };
}
