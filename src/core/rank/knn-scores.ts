/**
 * Per-row outlier scores from a kNN graph, and the preference term.
 *
 * - kNN distance: mean distance to the k nearest neighbours (global typicality:
 *   high = far from everything).
 * - LOF (Breunig et al. 2000): the row's local reachability density relative
 *   to its neighbours' (density-normalised: ≈1 inside any cluster whatever its
 *   density, > 1 for a row sparser than its neighbourhood).
 */
import type { KnnGraph } from '../search/index.js';
import type { VectorSet } from '../base/index.js';
import { dotBlock, BLOCK_ROWS } from '../kernels/index.js';

/** Mean distance of each row to its first k neighbours in `knn`. */
export function knnMeanDistance(knn: KnnGraph, k: number): Float64Array {
  const { n, k: K, distances } = knn;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += distances[i * K + j];
    out[i] = k > 0 ? s / k : 0;
  }
  return out;
}

/**
 * Local outlier factor with MinPts = k. Exact duplicates would make a local
 * density infinite; `eps` (added to mean reachability) keeps them finite.
 */
export function localOutlierFactor(knn: KnnGraph, k: number, eps = 1e-6): Float64Array {
  const { n, k: K, distances, indices } = knn;
  const lof = new Float64Array(n);
  if (k === 0) return lof.fill(1);
  const kDist = new Float64Array(n);
  for (let i = 0; i < n; i++) kDist[i] = distances[i * K + k - 1];
  const lrd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) {
      const o = indices[i * K + j];
      const d = distances[i * K + j];
      s += d > kDist[o] ? d : kDist[o];
    }
    lrd[i] = 1 / (s / k + eps);
  }
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += lrd[indices[i * K + j]];
    lof[i] = s / k / lrd[i];
  }
  return lof;
}

/**
 * Preference term in (−1, 1) for every row: tanh(Σ_p w_p · exp(−½ (d(i, p) / h_p)²))
 * on cosine distance. A row near positively weighted rows gets a positive
 * term (more inlier), near negatively weighted ones a negative term; larger
 * and more numerous weights push harder, saturating at ±1. The bandwidth h_p
 * is row p's own k-th neighbour distance (at least `minBandwidth`), so
 * "near" adapts to the density around p: in a loose cluster a preference
 * reaches further than in a tight one.
 */
export function preferenceTerm(vs: VectorSet, weights: ReadonlyMap<number, number>, bandwidth: (row: number) => number, minBandwidth: number): Float64Array {
  const { n, dim, data } = vs;
  const out = new Float64Array(n);
  const rows = [...weights.entries()].filter(([, w]) => w !== 0);
  if (rows.length === 0 || n === 0) return out;
  const P = new Float32Array(rows.length * dim);
  const h = rows.map(([r]) => Math.max(bandwidth(r), minBandwidth, 1e-6));
  rows.forEach(([r], j) => P.set(data.subarray(r * dim, (r + 1) * dim), j * dim));
  const scratch = new Float64Array(BLOCK_ROWS * rows.length);
  for (let s = 0; s < n; s += BLOCK_ROWS) {
    const cnt = Math.min(BLOCK_ROWS, n - s);
    dotBlock(data, dim, null, s, cnt, P, rows.length, scratch);
    for (let r = 0; r < cnt; r++) {
      let acc = 0;
      for (let j = 0; j < rows.length; j++) {
        const d = Math.max(0, 1 - scratch[r * rows.length + j]) / h[j];
        acc += rows[j][1] * Math.exp(-0.5 * d * d);
      }
      out[s + r] = Math.tanh(acc);
    }
  }
  return out;
}

/**
 * Mean cosine distance over all pairs of distinct rows, exact in O(n·dim):
 * Σ_{i≠j} uᵢ·uⱼ = ‖Σ uᵢ‖² − Σ ‖uᵢ‖² for the unit rows uᵢ.
 */
export function meanPairwiseCosineDistance(vs: VectorSet): number {
  const { n, dim, data } = vs;
  if (n < 2) return 0;
  const sum = new Float64Array(dim);
  let self = 0;
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    let s = 0;
    for (let d = 0; d < dim; d++) s += data[o + d] * data[o + d];
    if (s === 0) continue;
    const inv = 1 / Math.sqrt(s);
    for (let d = 0; d < dim; d++) sum[d] += data[o + d] * inv;
    self += 1;
  }
  let ss = 0;
  for (let d = 0; d < dim; d++) ss += sum[d] * sum[d];
  return 1 - (ss - self) / (n * (n - 1));
}
