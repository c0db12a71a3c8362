/**
 * Blocked brute-force kNN of query rows against base rows, for the cases the
 * all-pairs `knnAll` (search/knn.ts) does not cover: new items against an
 * archive (relevance), and Euclidean kNN on small extra feature vectors
 * (pixel statistics beside the embedding).
 */
import type { VectorSet } from '../base/index.js';
import type { KnnGraph } from './knn.js';
import type { Ticker } from '../base/index.js';
import { dotBlock, rowSqNorms } from '../kernels/index.js';

const Q_BLOCK = 32;
const B_BLOCK = 256;

/** Distance used by {@link knnQuery}: cosine = 1 − dot (rows L2-normalised), euclidean = ‖x − y‖. */
export type KnnMetric = 'cosine' | 'euclidean';

/**
 * k nearest base rows of every query row, ascending distance.
 * `exclude[q]` (optional) is a base row that query q must not match (itself,
 * when queries are base rows); -1 for none.
 */
export async function knnQuery(
  base: VectorSet,
  queries: VectorSet,
  k: number,
  metric: KnnMetric,
  ticker: Ticker,
  exclude?: Int32Array,
): Promise<KnnGraph> {
  const { dim } = base;
  const nq = queries.n, nb = base.n;
  const kk = Math.min(k, Math.max(0, nb - (exclude ? 1 : 0)));
  const indices = new Int32Array(nq * kk).fill(-1);
  const distances = new Float32Array(nq * kk).fill(Infinity);
  if (kk === 0) return { k: 0, n: nq, indices, distances };
  const bNorms = metric === 'euclidean' ? rowSqNorms(base.data, nb, dim) : null;
  const qNorms = metric === 'euclidean' ? rowSqNorms(queries.data, nq, dim) : null;
  // Float64 top-k scratch so ties and insertion are exact before the float32 store.
  const topD = new Float64Array(nq * kk).fill(Infinity);
  const scratch = new Float64Array(Q_BLOCK * B_BLOCK);
  const totalBlocks = Math.ceil(nb / B_BLOCK) * Math.ceil(nq / Q_BLOCK);
  let done = 0;
  for (let b0 = 0; b0 < nb; b0 += B_BLOCK) {
    const bc = Math.min(B_BLOCK, nb - b0);
    const C = base.data.subarray(b0 * dim, (b0 + bc) * dim);
    for (let q0 = 0; q0 < nq; q0 += Q_BLOCK) {
      const p = ticker.tick();
      if (p) await p;
      const qc = Math.min(Q_BLOCK, nq - q0);
      dotBlock(queries.data, dim, null, q0, qc, C, bc, scratch);
      for (let r = 0; r < qc; r++) {
        const q = q0 + r;
        const ex = exclude ? exclude[q] : -1;
        const o = q * kk;
        let worst = topD[o + kk - 1];
        for (let j = 0; j < bc; j++) {
          const bi = b0 + j;
          if (bi === ex) continue;
          const dot = scratch[r * bc + j];
          let dist: number;
          if (bNorms) {
            const s = qNorms![q] + bNorms[bi] - 2 * dot;
            dist = s > 0 ? Math.sqrt(s) : 0;
          } else dist = 1 - dot;
          if (dist >= worst) continue;
          let pos = kk - 1;
          while (pos > 0 && topD[o + pos - 1] > dist) {
            topD[o + pos] = topD[o + pos - 1];
            indices[o + pos] = indices[o + pos - 1];
            pos--;
          }
          topD[o + pos] = dist;
          indices[o + pos] = bi;
          worst = topD[o + kk - 1];
        }
      }
      ticker.progress(++done / totalBlocks);
    }
  }
  for (let i = 0; i < topD.length; i++) distances[i] = topD[i];
  return { k: kk, n: nq, indices, distances };
}

/** kNN of every row against the other rows of the same set (self excluded), any metric. */
export function knnSelf(vs: VectorSet, k: number, metric: KnnMetric, ticker: Ticker): Promise<KnnGraph> {
  const self = new Int32Array(vs.n);
  for (let i = 0; i < vs.n; i++) self[i] = i;
  return knnQuery(vs, vs, k, metric, ticker, self);
}
