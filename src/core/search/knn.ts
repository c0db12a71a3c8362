import { ValidationError } from '../../contract/errors.js';
import { type VectorSet } from '../base/index.js';
import { Ticker } from '../base/index.js';
import { selfTiles, residentF32 } from '../kernels/index.js';
import { type RunOptions } from '../base/index.js';
import { TopKRows } from '../base/index.js';
import { checkInt, checkVectorSet } from '../base/index.js';

/** k nearest neighbours of every row: row-major n×k. Distances are cosine distances (1 - dot) of L2-normalised rows, ascending. */
export interface KnnGraph {
  readonly k: number;
  readonly n: number;
  readonly indices: Int32Array;
  readonly distances: Float32Array;
}

/**
 * Exact k-nearest-neighbour graph of every row against every other row (self
 * excluded; ties go to the smaller index). Rows must be L2-normalised; k is
 * clamped to n-1.
 *
 * Representation: exact f32 dot products, computed as blocked matrix-multiply
 * tiles (wasm SIMD, 2×2 register blocks) over the upper triangle only: each
 * pair's score is computed once and offered to both rows' bounded top-k lists.
 *
 * Asynchronous: yields to the event loop every ~40 ms so a worker sees an abort mid-call;
 * `options.onProgress` gets the fraction done (non-decreasing).
 *
 * @throws ValidationError for a malformed set, non-finite values or k not an int >= 0.
 * @throws CancelledError when `options.signal` aborts (rejects at the next time slice).
 */
export async function knnAll(vs: VectorSet, k: number, options: RunOptions = {}): Promise<KnnGraph> {
  checkVectorSet(vs, 'vs');
  checkInt(k, 'k', 0);
  const n = vs.n;
  const kk = Math.min(k, Math.max(0, n - 1));
  if (kk === 0) return { k: 0, n, indices: new Int32Array(0), distances: new Float32Array(0) };
  const top = new TopKRows(n, kk);
  const floor = top.floor;
  const ticker = new Ticker(options.signal, options.onProgress);
  await selfTiles<Float32Array>(residentF32(vs), (i0, ni, j0, nj, s, o, ld) => {
    for (let a = 0; a < ni; a++) {
      const i = i0 + a;
      const row = o + a * ld - j0;
      // Only pairs j > i: the diagonal tile holds both orders.
      for (let j = Math.max(j0, i + 1), end = j0 + nj; j < end; j++) {
        const sc = s[row + j];
        if (sc >= floor[i]) top.push(i, j, sc);
        if (sc >= floor[j]) top.push(j, i, sc);
      }
    }
  }, ticker);
  const distances = new Float32Array(n * kk);
  for (let x = 0; x < distances.length; x++) distances[x] = 1 - top.scores[x];
  return { k: kk, n, indices: top.ids, distances };
}

/** A precomputed kNN graph over the same `n` rows with at least `k` neighbours, or a ValidationError naming `field`. */
export function checkKnn(knn: KnnGraph, n: number, k: number, field: string): void {
  if (!knn || knn.n !== n || !(knn.indices instanceof Int32Array) || !(knn.distances instanceof Float32Array)) {
    throw new ValidationError(field, `KnnGraph over the same ${n} rows`);
  }
  if (knn.k < k || knn.indices.length !== n * knn.k || knn.distances.length !== n * knn.k) {
    throw new ValidationError(field, `KnnGraph with k >= ${k}`);
  }
}
