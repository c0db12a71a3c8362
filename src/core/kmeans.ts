/**
 * k-means (Lloyd) with greedy k-means++ seeding and Hamerly's bounds
 * (Hamerly 2010, "Making k-means even faster"): each row keeps an upper bound
 * on the distance to its centre and a lower bound on the distance to any other
 * centre; rows whose bounds prove the assignment cannot change are skipped, so
 * after the first few iterations most rows cost O(1). The assignments are
 * exactly Lloyd's (same trajectory from the same seeds), only cheaper.
 */
import { ValidationError } from '../errors.js';
import type { VectorSet } from './matrix.js';
import { Rng } from './random.js';
import { Ticker, type RunOptions } from './cluster-runtime.js';
import { assertInt, assertNumber, assertRunOptions, assertVectorSet } from './cluster-validate.js';
import { BLOCK_ROWS, dotRows, nearestTwo, rowSqNorms } from './kmeans-kernels.js';
import { centreGeometry, countWithin } from './kmeans-centres.js';
import { defaultInitSampleSize, kmeansPlusPlus } from './kmeans-init.js';

/** Options of {@link kmeans}. */
export interface KmeansOptions extends RunOptions {
  /** Seed of the k-means++ draws: same seed, same data → same result. @defaultValue 0 */
  seed?: number;
  /** Most Lloyd iterations (centre update + reassignment) after the initial assignment. @defaultValue 100 */
  maxIterations?: number;
  /** Rows sampled for k-means++ seeding. @defaultValue min(n, max(4096, 64·k)) */
  initSampleSize?: number;
  /** Start from these k × dim centres instead of seeding (e.g. to compare implementations). */
  initialCentroids?: Float32Array;
  /**
   * Stop once the centres move less than this in total: Σ‖Δc‖² ≤ tolerance ×
   * (mean per-dimension variance of the rows), scikit-learn's rule. 0 = run
   * until no assignment changes (or maxIterations). @defaultValue 1e-4
   */
  tolerance?: number;
}

/** Result of {@link kmeans}. Every row is assigned to its nearest returned centroid. */
export interface KmeansResult {
  readonly k: number;
  readonly dim: number;
  /** Cluster of each row, 0..k-1. */
  readonly assignments: Int32Array;
  /** k × dim, row-major. */
  readonly centroids: Float32Array;
  /** Rows per cluster. */
  readonly sizes: Int32Array;
  /** Sum of squared Euclidean distances of rows to their centroid. */
  readonly inertia: number;
  /** Lloyd iterations run. */
  readonly iterations: number;
  /** True when the last iteration changed no assignment (a fixed point) or the centres moved less than the tolerance. */
  readonly converged: boolean;
}

/**
 * Cluster the rows of `vs` into k groups (squared Euclidean objective; on
 * L2-normalised embeddings this orders pairs like cosine distance).
 * @throws ValidationError for non-finite vectors, k outside [1, n], bad options
 * @throws CancelledError when `options.signal` aborts
 */
export async function kmeans(vs: VectorSet, k: number, options: KmeansOptions = {}): Promise<KmeansResult> {
  assertVectorSet(vs, 'vectors', 1);
  assertInt(k, 'k', 1, vs.n);
  assertRunOptions(options);
  const seed = assertNumber(options.seed ?? 0, 'options.seed');
  const maxIterations = assertInt(options.maxIterations ?? 100, 'options.maxIterations', 1);
  const sampleSize = assertInt(options.initSampleSize ?? defaultInitSampleSize(vs.n, k), 'options.initSampleSize', 1);
  const tolerance = assertNumber(options.tolerance ?? 1e-4, 'options.tolerance', 0);
  const { data: X, n, dim } = vs;
  if (options.initialCentroids !== undefined) {
    const c = options.initialCentroids;
    if (!(c instanceof Float32Array) || c.length !== k * dim) throw new ValidationError('options.initialCentroids', 'Float32Array of length k * dim');
    assertVectorSet({ data: c, n: k, dim }, 'options.initialCentroids');
  }
  const ticker = new Ticker(options.signal, options.onProgress);
  const C = options.initialCentroids
    ? options.initialCentroids.slice()
    : await kmeansPlusPlus(X, n, dim, k, new Rng(seed), sampleSize, ticker.sub(0, 0.2));
  const lloyd = ticker.sub(options.initialCentroids ? 0 : 0.2, 1);
  return hamerly(X, n, dim, k, C, maxIterations, tolerance * meanVariance(X, n, dim), lloyd);
}

async function hamerly(X: Float32Array, n: number, dim: number, k: number, C: Float32Array, maxIterations: number, shiftTol: number, ticker: Ticker): Promise<KmeansResult> {
  const xNorms = rowSqNorms(X, n, dim);
  let cNorms = rowSqNorms(C, k, dim);
  const a = new Int32Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const d1 = new Float64Array(n);
  const d2 = new Float64Array(n);
  const best = new Int32Array(n);
  const scratch = new Float64Array(BLOCK_ROWS * k);
  const sums = new Float64Array(k * dim);
  const counts = new Int32Array(k);

  // Initial assignment: every row against every centre.
  for (let s = 0; s < n; s += BLOCK_ROWS) {
    const p = ticker.tick();
    if (p) await p;
    nearestTwo(X, dim, xNorms, null, s, Math.min(BLOCK_ROWS, n - s), C, cNorms, k, a, d1, d2, scratch);
  }
  for (let i = 0; i < n; i++) {
    upper[i] = Math.sqrt(d1[i]);
    lower[i] = Math.sqrt(d2[i]);
    addRow(sums, X, i, a[i], dim, 1);
    counts[a[i]]++;
  }

  const moved = new Float64Array(k);
  const list = new Int32Array(n);
  const move = (i: number, from: number, to: number) => {
    addRow(sums, X, i, from, dim, -1);
    addRow(sums, X, i, to, dim, 1);
    counts[from]--;
    counts[to]++;
    a[i] = to;
  };
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    ticker.progress(iterations / maxIterations);
    relocateEmpty(X, dim, k, a, upper, lower, sums, counts);
    const old = C.slice();
    for (let j = 0; j < k; j++) {
      if (counts[j] === 0) {
        moved[j] = 0; // no row to move it: keep the centre where it is
        continue;
      }
      const inv = 1 / counts[j];
      const o = j * dim;
      let m = 0;
      for (let d = 0; d < dim; d++) {
        const v = Math.fround(sums[o + d] * inv);
        const diff = v - old[o + d];
        m += diff * diff;
        C[o + d] = v;
      }
      moved[j] = Math.sqrt(m);
    }
    cNorms = rowSqNorms(C, k, dim);
    iterations++;
    let shift = 0;
    for (let j = 0; j < k; j++) shift += moved[j] * moved[j];
    const geo = centreGeometry(C, k, dim);
    let top = -1, m1 = 0, m2 = 0;
    for (let j = 0; j < k; j++) {
      if (moved[j] > m1) {
        m2 = m1;
        m1 = moved[j];
        top = j;
      } else if (moved[j] > m2) m2 = moved[j];
    }
    // Bound updates; rows whose bounds no longer prove their assignment are
    // checked against the centres within twice their distance (the only ones
    // that can be closer), or queued for the blocked all-centre pass when
    // those are many.
    let count = 0, changes = 0;
    const m = k - 1;
    for (let i = 0; i < n; i++) {
      const ai = a[i];
      upper[i] += moved[ai];
      lower[i] -= ai === top ? m2 : m1;
      const bound = geo.half[ai] > lower[i] ? geo.half[ai] : lower[i];
      if (upper[i] <= bound) continue;
      const u = Math.sqrt(sqDist(X, i * dim, C, ai * dim, dim));
      upper[i] = u;
      if (u <= bound) continue;
      const near = countWithin(geo, ai, k, 2 * u);
      if (near * 4 > k) {
        list[count++] = i;
        continue;
      }
      let best = ai, bd = u;
      // Centres beyond the first `near` are at least orderDist − u away (triangle inequality).
      let second = near < m ? geo.orderDist[ai * m + near] - u : Infinity;
      for (let t = 0; t < near; t++) {
        const c = geo.order[ai * m + t];
        const d2 = xNorms[i] + cNorms[c] - 2 * dotRows(X, i, C, c, dim);
        const dc = d2 > 0 ? Math.sqrt(d2) : 0;
        if (dc < bd) {
          if (bd < second) second = bd;
          bd = dc;
          best = c;
        } else if (dc < second) second = dc;
      }
      upper[i] = bd;
      lower[i] = second;
      if (best !== ai) {
        move(i, ai, best);
        changes++;
      }
    }
    for (let s = 0; s < count; s += BLOCK_ROWS) {
      const p = ticker.tick();
      if (p) await p;
      const cnt = Math.min(BLOCK_ROWS, count - s);
      nearestTwo(X, dim, xNorms, list, s, cnt, C, cNorms, k, best, d1, d2, scratch);
      for (let r = 0; r < cnt; r++) {
        const i = list[s + r];
        const b = best[i];
        upper[i] = Math.sqrt(d1[i]);
        lower[i] = Math.sqrt(d2[i]);
        if (b !== a[i]) {
          move(i, a[i], b);
          changes++;
        }
      }
    }
    if (changes === 0 || shift <= shiftTol) {
      converged = true;
      break;
    }
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += sqDist(X, i * dim, C, a[i] * dim, dim);
  ticker.progress(1);
  return { k, dim, assignments: a, centroids: C, sizes: counts, inertia, iterations, converged };
}

/** Mean over dimensions of the per-dimension variance of the rows. */
function meanVariance(X: Float32Array, n: number, dim: number): number {
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += X[i * dim + d];
  for (let d = 0; d < dim; d++) mean[d] /= n;
  let v = 0;
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) v += (X[i * dim + d] - mean[d]) ** 2;
  return v / (n * dim);
}

/** sums[c] += sign · row i. */
function addRow(sums: Float64Array, X: Float32Array, i: number, c: number, dim: number, sign: number): void {
  const o = c * dim, x = i * dim;
  for (let d = 0; d < dim; d++) sums[o + d] += sign * X[x + d];
}

function sqDist(X: Float32Array, xo: number, C: Float32Array, co: number, dim: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) {
    const t = X[xo + d] - C[co + d];
    s += t * t;
  }
  return s;
}

/**
 * An empty cluster takes the row farthest from its centre (by upper bound)
 * among clusters that keep at least one row, so k clusters stay k.
 */
function relocateEmpty(X: Float32Array, dim: number, k: number, a: Int32Array, upper: Float64Array, lower: Float64Array, sums: Float64Array, counts: Int32Array): void {
  for (let j = 0; j < k; j++) {
    if (counts[j] > 0) continue;
    let far = -1, farD = -1;
    for (let i = 0; i < a.length; i++) {
      if (counts[a[i]] > 1 && upper[i] > farD) {
        farD = upper[i];
        far = i;
      }
    }
    if (far < 0) return; // fewer distinct rows than clusters: nothing to move
    addRow(sums, X, far, a[far], dim, -1);
    counts[a[far]]--;
    addRow(sums, X, far, j, dim, 1);
    counts[j] = 1;
    a[far] = j;
    upper[far] = 0;
    lower[far] = 0; // unknown: forces a full check next iteration
  }
}

/** Exact squared distance of every row to its assigned centroid (used by reporting helpers). */
export function pointInertia(vs: VectorSet, result: Pick<KmeansResult, 'assignments' | 'centroids'>): Float64Array {
  const out = new Float64Array(vs.n);
  for (let i = 0; i < vs.n; i++) out[i] = sqDist(vs.data, i * vs.dim, result.centroids, result.assignments[i] * vs.dim, vs.dim);
  return out;
}
