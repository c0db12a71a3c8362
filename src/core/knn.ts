import { type VectorSet } from './matrix.js';

/** k nearest neighbours of every row: row-major n×k. Distances are cosine distances (1 - dot) of L2-normalised rows, ascending. */
export interface KnnGraph {
  readonly k: number;
  readonly n: number;
  readonly indices: Int32Array;
  readonly distances: Float32Array;
}

/**
 * Exact k-nearest-neighbour graph of every row against every other row (self excluded).
 * Rows must be L2-normalised. Seed implementation: straightforward; the optimised
 * blocked version keeps this signature.
 */
export function knnAll(vs: VectorSet, k: number): KnnGraph {
  const { n, dim, data } = vs;
  const kk = Math.min(k, Math.max(0, n - 1));
  const indices = new Int32Array(n * kk).fill(-1);
  const distances = new Float32Array(n * kk).fill(Infinity);
  for (let i = 0; i < n; i++) {
    const base = i * kk;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      const oi = i * dim, oj = j * dim;
      for (let d = 0; d < dim; d++) s += data[oi + d] * data[oj + d];
      const dist = 1 - s;
      if (kk === 0 || dist >= distances[base + kk - 1]) continue;
      let p = kk - 1;
      while (p > 0 && distances[base + p - 1] > dist) {
        distances[base + p] = distances[base + p - 1];
        indices[base + p] = indices[base + p - 1];
        p--;
      }
      distances[base + p] = dist;
      indices[base + p] = j;
    }
  }
  return { k: kk, n, indices, distances };
}
