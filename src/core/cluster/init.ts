/**
 * Greedy k-means++ seeding (Arthur & Vassilvitskii 2007; the greedy variant
 * with 2 + ⌊ln k⌋ candidates per step is scikit-learn's and ml-kmeans'
 * default). Runs on a seeded sample of the rows: the seeding only needs the
 * shape of the data, and on 100k rows a full pass per centre would cost more
 * than the whole Lloyd phase.
 */
import type { Rng } from '../base/index.js';
import { type Ticker } from '../base/index.js';
import { BLOCK_ROWS, dotBlock } from '../kernels/index.js';

/** Default sample size for seeding: enough rows per centre to see every dense region. */
export function defaultInitSampleSize(n: number, k: number): number {
  return Math.min(n, Math.max(4096, 64 * k));
}

/**
 * Pick k initial centres among rows of X (n × dim), returned as a k × dim Float32Array.
 * Duplicate rows are allowed in X; once every sampled row coincides with a
 * centre, the remaining centres are copies drawn uniformly (Lloyd relocates them).
 */
export async function kmeansPlusPlus(
  X: Float32Array,
  n: number,
  dim: number,
  k: number,
  rng: Rng,
  sampleSize: number,
  ticker: Ticker,
  localTrials = 2 + Math.floor(Math.log(k)),
): Promise<Float32Array> {
  const rows = rng.sample(n, Math.min(n, Math.max(sampleSize, k)));
  const m = rows.length;
  const norms = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    const o = rows[r] * dim;
    let s = 0;
    for (let d = 0; d < dim; d++) s += X[o + d] * X[o + d];
    norms[r] = s;
  }
  const centers = new Float32Array(k * dim);
  const first = rows[rng.int(m)];
  centers.set(X.subarray(first * dim, (first + 1) * dim), 0);
  const closest = new Float64Array(m);
  const cand = new Float32Array(localTrials * dim);
  const candNorm = new Float64Array(localTrials);
  const scratch = new Float64Array(BLOCK_ROWS * localTrials);
  const candDist = new Float64Array(localTrials * m);

  // Distances to the first centre.
  distancesTo(X, dim, rows, norms, centers.subarray(0, dim), new Float64Array([sq(centers, 0, dim)]), 1, scratch, closest, m);
  let potential = sum(closest);

  for (let c = 1; c < k; c++) {
    const p = ticker.tick();
    if (p) await p;
    ticker.progress(c / k);
    if (!(potential > 0)) {
      // Every sampled row sits on a centre: no more distinct rows to prefer.
      const r = rows[rng.int(m)];
      centers.set(X.subarray(r * dim, (r + 1) * dim), c * dim);
      continue;
    }
    const picked: number[] = [];
    for (let t = 0; t < localTrials; t++) {
      const r = rng.weighted(closest, potential);
      picked.push(r);
      cand.set(X.subarray(rows[r] * dim, (rows[r] + 1) * dim), t * dim);
      candNorm[t] = norms[r];
    }
    distancesTo(X, dim, rows, norms, cand, candNorm, localTrials, scratch, candDist, m);
    let bestT = 0, bestPot = Infinity;
    for (let t = 0; t < localTrials; t++) {
      let pot = 0;
      const o = t * m;
      for (let r = 0; r < m; r++) pot += Math.min(closest[r], candDist[o + r]);
      if (pot < bestPot) {
        bestPot = pot;
        bestT = t;
      }
    }
    const o = bestT * m;
    for (let r = 0; r < m; r++) if (candDist[o + r] < closest[r]) closest[r] = candDist[o + r];
    potential = sum(closest);
    const chosen = rows[picked[bestT]];
    centers.set(X.subarray(chosen * dim, (chosen + 1) * dim), c * dim);
  }
  return centers;
}

/** out[t * m + r] = squared distance from sampled row r to candidate t (t-major so a candidate's column is contiguous). */
function distancesTo(
  X: Float32Array,
  dim: number,
  rows: Int32Array,
  norms: Float64Array,
  C: Float32Array,
  cNorms: Float64Array,
  kc: number,
  scratch: Float64Array,
  out: Float64Array,
  m: number,
): void {
  for (let s = 0; s < m; s += BLOCK_ROWS) {
    const cnt = Math.min(BLOCK_ROWS, m - s);
    dotBlock(X, dim, rows, s, cnt, C, kc, scratch);
    for (let r = 0; r < cnt; r++) {
      for (let t = 0; t < kc; t++) {
        const v = norms[s + r] + cNorms[t] - 2 * scratch[r * kc + t];
        out[t * m + s + r] = v > 0 ? v : 0;
      }
    }
  }
}

function sq(a: Float32Array, o: number, dim: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) s += a[o + d] * a[o + d];
  return s;
}

function sum(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}
