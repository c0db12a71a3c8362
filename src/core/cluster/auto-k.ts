/**
 * Choose the number of clusters when the job gets `nr_of_clusters` None or 1.
 *
 * Criterion: mean silhouette (Rousseeuw 1987) on a seeded sample. For each
 * candidate k, k-means runs on the sample and the sample's silhouette is
 * computed from one precomputed pairwise distance matrix; the k with the
 * highest silhouette wins (ties: the smaller k), then k-means runs on all rows
 * with that k. The whole curve is returned so a UI can show why.
 *
 * For wide vectors the search runs on the sample projected to `searchDims`
 * PCA dimensions (fitted on the sample): the 24 candidate fits then cost
 * ~1792/64 = 28× less on embeddings, and the final k-means still uses the
 * full vectors. Known bias: silhouette favours few clusters; on real
 * embeddings the curve is flat and low (≈0.05–0.1), so k = 2 often wins by a
 * small margin — the returned curve lets a UI offer the runner-up peaks.
 */
import { ValidationError } from '../../contract/errors.js';
import { select, type VectorSet } from '../base/index.js';
import { Rng } from '../base/index.js';
import { Ticker, type RunOptions } from '../base/index.js';
import { checkInt, checkNumber, checkRunOptions, checkVectorSet } from '../base/index.js';
import { dotBlock, rowSqNorms, BLOCK_ROWS } from '../kernels/index.js';
import { kmeans, type KmeansResult } from './kmeans.js';
import { fitPca, pcaTransform } from '../linalg/index.js';

/** Options of {@link autoKmeans}. */
export interface AutoKOptions extends RunOptions {
  /** Smallest k tried. @defaultValue 2 */
  minK?: number;
  /** Largest k tried (capped at sample size − 1). @defaultValue min(25, max(2, ⌊√n⌋)) */
  maxK?: number;
  /** Rows sampled to choose k. @defaultValue 1000 */
  sampleSize?: number;
  /** Seed for the sample and every k-means run. @defaultValue 0 */
  seed?: number;
  /** Iteration cap of each k-means run. @defaultValue 100 */
  maxIterations?: number;
  /** Project the sample to this many PCA dimensions for the search when the vectors are wider. @defaultValue 64 */
  searchDims?: number;
}

/** One point of the quality curve. */
export interface KScore {
  k: number;
  /** Mean silhouette of the sample, −1..1 (higher = tighter, better separated clusters). */
  silhouette: number;
}

/** Result of {@link autoKmeans}. */
export interface AutoKResult {
  /** The chosen k. */
  k: number;
  /** Silhouette per candidate k, ascending k. */
  scores: KScore[];
  /** Rows the curve was computed on. */
  sampleSize: number;
  /** Dimensions the curve was computed in (searchDims when the vectors were reduced, else dim). */
  searchDims: number;
  /** k-means on all rows with the chosen k. */
  result: KmeansResult;
}

/**
 * k-means with k chosen by sample silhouette. With fewer than 3 rows (no two
 * non-trivial clusters possible) it returns k = 1 with an empty curve.
 * @throws ValidationError for non-finite vectors or bad options
 * @throws CancelledError when `options.signal` aborts
 */
export async function autoKmeans(vs: VectorSet, options: AutoKOptions = {}): Promise<AutoKResult> {
  checkVectorSet(vs, 'vectors', 1);
  checkRunOptions(options);
  const { n } = vs;
  const seed = checkNumber(options.seed ?? 0, 'options.seed');
  const maxIterations = checkInt(options.maxIterations ?? 100, 'options.maxIterations', 1);
  const sampleSize = checkInt(options.sampleSize ?? 1000, 'options.sampleSize', 3);
  const minK = checkInt(options.minK ?? 2, 'options.minK', 2);
  const maxK = checkInt(options.maxK ?? Math.min(25, Math.max(2, Math.floor(Math.sqrt(n)))), 'options.maxK', 2);
  if (maxK < minK) throw new ValidationError('options.maxK', 'int >= options.minK');
  const searchDims = checkInt(options.searchDims ?? 64, 'options.searchDims', 1);
  const ticker = new Ticker(options.signal, options.onProgress);
  const rows = new Rng(seed).sample(n, sampleSize);
  const m = rows.length;
  const hi = Math.min(maxK, m - 1);
  if (n < 3 || hi < minK) {
    const result = await kmeans(vs, 1, { seed, maxIterations, signal: options.signal });
    ticker.progress(1);
    return { k: 1, scores: [], sampleSize: m, searchDims: vs.dim, result };
  }
  let sample = select(vs, rows);
  if (vs.dim > searchDims && m > searchDims) {
    const model = await fitPca(sample, searchDims, { seed, signal: options.signal, onProgress: (f) => ticker.progress(0.1 * f) });
    sample = pcaTransform(model, sample);
  }
  const dist = await pairwiseDistances(sample, ticker.sub(0.1, 0.3));
  const scores: KScore[] = [];
  const span = hi - minK + 1;
  for (let k = minK; k <= hi; k++) {
    const sub = ticker.sub(0.3 + (0.5 * (k - minK)) / span, 0.3 + (0.5 * (k - minK + 1)) / span);
    const fit = await kmeans(sample, k, { seed, maxIterations, signal: options.signal, onProgress: (f) => sub.progress(f) });
    scores.push({ k, silhouette: silhouette(dist, m, fit.assignments, k) });
  }
  let bestK = scores[0].k, best = scores[0].silhouette;
  for (const s of scores) {
    if (s.silhouette > best) {
      best = s.silhouette;
      bestK = s.k;
    }
  }
  const last = ticker.sub(0.8, 1);
  const result = await kmeans(vs, bestK, { seed, maxIterations, signal: options.signal, onProgress: (f) => last.progress(f) });
  return { k: bestK, scores, sampleSize: m, searchDims: sample.dim, result };
}

/** Euclidean distance matrix of the rows (m × m, Float32). */
async function pairwiseDistances(vs: VectorSet, ticker: Ticker): Promise<Float32Array> {
  const { n: m, dim, data } = vs;
  const norms = rowSqNorms(data, m, dim);
  const out = new Float32Array(m * m);
  const scratch = new Float64Array(BLOCK_ROWS * m);
  for (let s = 0; s < m; s += BLOCK_ROWS) {
    const p = ticker.tick();
    if (p) await p;
    const cnt = Math.min(BLOCK_ROWS, m - s);
    dotBlock(data, dim, null, s, cnt, data, m, scratch);
    for (let r = 0; r < cnt; r++) {
      const i = s + r;
      for (let j = 0; j < m; j++) {
        const d2 = norms[i] + norms[j] - 2 * scratch[r * m + j];
        out[i * m + j] = i === j || d2 <= 0 ? 0 : Math.sqrt(d2);
      }
    }
    ticker.progress((s + cnt) / m);
  }
  return out;
}

/**
 * Mean silhouette over the m rows: s(i) = (b − a) / max(a, b) with a the mean
 * distance to the rest of its cluster and b the smallest mean distance to
 * another cluster; s(i) = 0 for a row alone in its cluster.
 */
export function silhouette(dist: Float32Array, m: number, labels: Int32Array, k: number): number {
  const sizes = new Int32Array(k);
  for (let i = 0; i < m; i++) sizes[labels[i]]++;
  const sums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < m; i++) {
    sums.fill(0);
    const o = i * m;
    for (let j = 0; j < m; j++) sums[labels[j]] += dist[o + j];
    const own = labels[i];
    if (sizes[own] <= 1) continue;
    const a = sums[own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c] > 0 && sums[c] / sizes[c] < b) b = sums[c] / sizes[c];
    if (b === Infinity) continue;
    const den = Math.max(a, b);
    total += den > 0 ? (b - a) / den : 0;
  }
  return total / m;
}
