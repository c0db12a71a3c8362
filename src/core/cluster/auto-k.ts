/**
 * Choose the number of clusters when the job gets `nr_of_clusters` None or 1.
 *
 * Criterion: mean silhouette (Rousseeuw 1987) on a seeded sample, measured
 * against a null reference, in the spirit of the gap statistic (Tibshirani,
 * Walther & Hastie 2001). Plain silhouette favours k = 2 on any elongated
 * cloud: splitting along the first principal direction scores well even
 * where there are no clusters, and on real embeddings (flat curves, ≈0.05–0.1)
 * k = 2 won almost always. So each k is scored as silhouette(data) minus the
 * mean silhouette of `references` copies of the sample whose columns were
 * permuted independently (same per-dimension spread, no cluster structure);
 * the smallest k whose score is within `tolerance` (10 %) of the best wins.
 * Measured in `npm run bench:autok` on labelled sets of real embeddings,
 * where the tolerance and the √(2n) cap on k were also chosen (4 of 5 sets
 * within ±30 % of the true k, against 1 of 5 for plain silhouette).
 *
 * For each candidate k, k-means runs on the sample (and on each reference)
 * and the silhouette comes from one precomputed pairwise distance matrix per
 * set; then k-means runs on all rows with the chosen k. The whole curve is
 * returned so a UI can show why.
 *
 * For wide vectors the search runs on the sample projected to `searchDims`
 * PCA dimensions (fitted on the sample): the candidate fits then cost
 * ~1792/64 = 28× less on embeddings, and the final k-means still uses the
 * full vectors. The references are permuted in that space.
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
  /** Largest k tried (capped at sample size − 1). @defaultValue min(25, max(2, ⌊√(2n)⌋)) */
  maxK?: number;
  /** Rows sampled to choose k. @defaultValue 1000 */
  sampleSize?: number;
  /** Seed for the sample and every k-means run. @defaultValue 0 */
  seed?: number;
  /** Iteration cap of each k-means run. @defaultValue 100 */
  maxIterations?: number;
  /** Project the sample to this many PCA dimensions for the search when the vectors are wider. @defaultValue 64 */
  searchDims?: number;
  /** Column-permuted null references each k is measured against; 0 = plain silhouette. @defaultValue 2 */
  references?: number;
  /**
   * Parsimony: the smallest k whose score is within this fraction of the best
   * score wins (0 = the best score's k). @defaultValue 0.1
   */
  tolerance?: number;
}

/** One point of the quality curve. */
export interface KScore {
  k: number;
  /** Mean silhouette of the sample, −1..1 (higher = tighter, better separated clusters). */
  silhouette: number;
  /** Mean silhouette of the null references at this k (0 when none were used). */
  reference: number;
  /** silhouette − reference: what k is chosen by. */
  score: number;
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
  const maxK = checkInt(options.maxK ?? Math.min(25, Math.max(2, Math.floor(Math.sqrt(2 * n)))), 'options.maxK', 2);
  if (maxK < minK) throw new ValidationError('options.maxK', 'int >= options.minK');
  const searchDims = checkInt(options.searchDims ?? 64, 'options.searchDims', 1);
  const references = checkInt(options.references ?? 2, 'options.references', 0);
  const tolerance = checkNumber(options.tolerance ?? 0.1, 'options.tolerance', 0, 1);
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
  const sets = [sample, ...Array.from({ length: references }, (_, r) => permuteColumns(sample, new Rng(seed + 1 + r)))];
  const dists: Float32Array[] = [];
  for (const [i, set] of sets.entries()) dists.push(await pairwiseDistances(set, ticker.sub(0.1 + (0.2 * i) / sets.length, 0.1 + (0.2 * (i + 1)) / sets.length)));
  const scores: KScore[] = [];
  const span = hi - minK + 1;
  for (let k = minK; k <= hi; k++) {
    const sub = ticker.sub(0.3 + (0.5 * (k - minK)) / span, 0.3 + (0.5 * (k - minK + 1)) / span);
    const sil: number[] = [];
    for (const [i, set] of sets.entries()) {
      const part = sub.sub(i / sets.length, (i + 1) / sets.length);
      const fit = await kmeans(set, k, { seed, maxIterations, signal: options.signal, onProgress: (f) => part.progress(f) });
      sil.push(silhouette(dists[i], m, fit.assignments, k));
    }
    const reference = references ? sil.slice(1).reduce((a, b) => a + b, 0) / references : 0;
    scores.push({ k, silhouette: sil[0], reference, score: sil[0] - reference });
  }
  const best = Math.max(...scores.map((s) => s.score));
  // Within tolerance of a positive best, fewer clusters win; otherwise (no k beats the references) the best one.
  const bestK = (best > 0 ? scores.find((s) => s.score >= (1 - tolerance) * best) : scores.find((s) => s.score === best))!.k;
  const last = ticker.sub(0.8, 1);
  const result = await kmeans(vs, bestK, { seed, maxIterations, signal: options.signal, onProgress: (f) => last.progress(f) });
  return { k: bestK, scores, sampleSize: m, searchDims: sample.dim, result };
}

/** A copy of the rows with each column shuffled on its own: the spread of every dimension kept, any cluster structure gone. */
function permuteColumns(vs: VectorSet, rng: Rng): VectorSet {
  const { n, dim, data } = vs;
  const out = new Float32Array(n * dim);
  const order = new Int32Array(n);
  for (let d = 0; d < dim; d++) {
    for (let i = 0; i < n; i++) order[i] = i;
    rng.shuffle(order);
    for (let i = 0; i < n; i++) out[i * dim + d] = data[order[i] * dim + d];
  }
  return { n, dim, data: out };
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
