/**
 * Per-content scores for the UI, both 0..1 and both "high = more of it":
 *
 * - uniqueness: how far a row is from its nearest neighbours — mean cosine
 *   distance to the k nearest (or the distance to the k-th). A near-duplicate
 *   scores low, a one-of-a-kind image high.
 * - representativeness: how much a row stands for its surroundings — a
 *   kNN-kernel density that counts both directions of the neighbour relation:
 *   (Σ similarity to its own k neighbours + Σ similarity from rows that have
 *   it among their k neighbours) / 2k, similarity = max(0, 1 − distance).
 *   A row in the middle of a dense cluster is close to its neighbours AND
 *   chosen as a neighbour by many rows: high. An isolated row is far from its
 *   neighbours and nobody's neighbour: low. (Pinned by tests: the direction
 *   is easy to invert by accident.)
 *
 * Normalisation 'rank' (default): the fraction of rows scoring lower, ties
 * averaged; 'minmax': (x − min) / (max − min), which keeps relative gaps.
 */
import { ValidationError } from '../../contract/errors.js';
import type { VectorSet } from '../base/index.js';
import { knnAll, type KnnGraph } from '../search/index.js';
import type { RunOptions } from '../base/index.js';
import { checkInt, checkUnitRows, checkVectorSet } from '../base/index.js';
import { checkKnn } from '../search/index.js';
import { knnMeanDistance } from './knn-scores.js';
import { minMaxNormalize, rankNormalize } from '../base/index.js';

/** Options of {@link contentScores}. */
export interface ContentScoreOptions extends RunOptions {
  /** Neighbours considered. @defaultValue 10 */
  k?: number;
  /** Uniqueness from the mean distance to the k nearest, or the distance to the k-th. @defaultValue 'mean' */
  uniqueness?: 'mean' | 'kth';
  /** How raw values map to 0..1. @defaultValue 'rank' */
  normalize?: 'rank' | 'minmax';
  /** Precomputed kNN graph of the same rows (cosine) with at least k neighbours. */
  knn?: KnnGraph;
}

/** Per-row scores, aligned with the rows. */
export interface ContentScores {
  /** 0..1, high = unlike anything else in the set. */
  uniqueness: Float64Array;
  /** 0..1, high = in the middle of a dense group. */
  representativeness: Float64Array;
  /** The raw values before normalisation: uniqueness as a cosine distance, representativeness as a kNN-kernel density (≥ 0; above 1 only for hubs chosen by more than k rows). */
  raw: { uniqueness: Float64Array; representativeness: Float64Array };
  k: number;
}

/**
 * Uniqueness and representativeness of every row (L2-normalised rows).
 * With one row (no neighbours) both scores are 0.5.
 * Asynchronous: the kNN pass (the costly part) is time-sliced and cancellable through
 * `options.signal`; `options.onProgress` gets its fraction done.
 * @throws ValidationError for non-unit rows or bad options
 * @throws CancelledError when `options.signal` aborts
 */
export async function contentScores(vs: VectorSet, options: ContentScoreOptions = {}): Promise<ContentScores> {
  checkVectorSet(vs, 'vectors');
  checkUnitRows(vs, 'vectors');
  const n = vs.n;
  const k = Math.min(checkInt(options.k ?? 10, 'options.k', 1), Math.max(0, n - 1));
  const mode = options.uniqueness ?? 'mean';
  if (mode !== 'mean' && mode !== 'kth') throw new ValidationError('options.uniqueness', "'mean' or 'kth'");
  const norm = options.normalize ?? 'rank';
  if (norm !== 'rank' && norm !== 'minmax') throw new ValidationError('options.normalize', "'rank' or 'minmax'");
  if (options.knn) checkKnn(options.knn, n, k, 'options.knn');
  const knn = options.knn ?? (await knnAll(vs, k, { signal: options.signal, onProgress: options.onProgress }));
  const K = knn.k;
  const rawU = mode === 'mean' ? knnMeanDistance(knn, k) : Float64Array.from({ length: n }, (_, i) => (k > 0 ? knn.distances[i * K + k - 1] : 0));
  const rawR = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const sim = Math.max(0, 1 - knn.distances[i * K + j]);
      rawR[i] += sim; // i's own neighbourhood
      rawR[knn.indices[i * K + j]] += sim; // i chose this row as a neighbour
    }
  }
  if (k > 0) for (let i = 0; i < n; i++) rawR[i] /= 2 * k;
  const f = norm === 'rank' ? rankNormalize : minMaxNormalize;
  return { uniqueness: f(rawU), representativeness: f(rawR), raw: { uniqueness: rawU, representativeness: rawR }, k };
}
