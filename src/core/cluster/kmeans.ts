/**
 * k-means (Lloyd) with greedy k-means++ seeding and Hamerly's
 * triangle-inequality bounds (Hamerly 2010; kmeans-hamerly.ts): each row keeps
 * an upper bound on the distance to its centre and a lower bound on the
 * distance to the others; rows whose bounds prove the assignment cannot
 * change are skipped, so after the first iterations most rows cost O(1). The
 * assignments are exactly Lloyd's (same trajectory from the same centres),
 * only cheaper. (Elkan's n·k bounds were tried and dropped: in V8 its
 * one-row-at-a-time distance checks cannot use the blocked kernel and it
 * came out slower on both 256-d and 1792-d data.)
 */
import { ValidationError } from '../../contract/errors.js';
import type { VectorSet } from '../base/index.js';
import { Rng } from '../base/index.js';
import { Ticker, type RunOptions } from '../base/index.js';
import { checkInt, checkNumber, checkRunOptions, checkVectorSet } from '../base/index.js';
import { centreGeometry } from './centres.js';
import { LloydState, meanVariance, sqDist } from './lloyd.js';
import { HamerlyBounds } from './hamerly.js';
import { defaultInitSampleSize, kmeansPlusPlus } from './init.js';

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
  checkVectorSet(vs, 'vectors', 1);
  checkInt(k, 'k', 1, vs.n);
  checkRunOptions(options);
  const seed = checkNumber(options.seed ?? 0, 'options.seed');
  const maxIterations = checkInt(options.maxIterations ?? 100, 'options.maxIterations', 1);
  const sampleSize = checkInt(options.initSampleSize ?? defaultInitSampleSize(vs.n, k), 'options.initSampleSize', 1);
  const tolerance = checkNumber(options.tolerance ?? 1e-4, 'options.tolerance', 0);
  const { data: X, n, dim } = vs;
  if (options.initialCentroids !== undefined) {
    const c = options.initialCentroids;
    if (!(c instanceof Float32Array) || c.length !== k * dim) throw new ValidationError('options.initialCentroids', 'Float32Array of length k * dim');
    checkVectorSet({ data: c, n: k, dim }, 'options.initialCentroids');
  }
  const ticker = new Ticker(options.signal, options.onProgress);
  const C = options.initialCentroids
    ? options.initialCentroids.slice()
    : await kmeansPlusPlus(X, n, dim, k, new Rng(seed), sampleSize, ticker.sub(0, 0.2));
  const rest = ticker.sub(options.initialCentroids ? 0 : 0.2, 1);
  return lloyd(X, n, dim, k, C, maxIterations, tolerance * meanVariance(X, n, dim), rest);
}

/** Lloyd iterations with Hamerly's bounds, from centres C. */
async function lloyd(
  X: Float32Array,
  n: number,
  dim: number,
  k: number,
  C: Float32Array,
  maxIterations: number,
  shiftTol: number,
  ticker: Ticker,
): Promise<KmeansResult> {
  const state = new LloydState(X, n, dim, k, C);
  const scheme = new HamerlyBounds(state);
  await scheme.init(ticker);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    ticker.progress(iterations / maxIterations);
    const shift = state.update(scheme.invalidate);
    iterations++;
    const changes = await scheme.pass(centreGeometry(C, k, dim), ticker);
    if (changes === 0 || shift <= shiftTol) {
      converged = true;
      break;
    }
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += sqDist(X, i * dim, C, state.a[i] * dim, dim);
  ticker.progress(1);
  return { k, dim, assignments: state.a, centroids: C, sizes: state.counts, inertia, iterations, converged };
}

/** Exact squared distance of every row to its assigned centroid (used by reporting helpers). */
export function pointInertia(vs: VectorSet, result: Pick<KmeansResult, 'assignments' | 'centroids'>): Float64Array {
  const out = new Float64Array(vs.n);
  for (let i = 0; i < vs.n; i++) out[i] = sqDist(vs.data, i * vs.dim, result.centroids, result.assignments[i] * vs.dim, vs.dim);
  return out;
}
