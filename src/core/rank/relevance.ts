/**
 * Relevance: is new content inside the archive's typical region?
 * (`calibrate_relevance` learns the model; `index` with `check_for_relevance`
 * scores new items with it.)
 *
 * The model is the distribution of "mean cosine distance to the k nearest
 * archive rows" over a seeded sample of archive rows (each measured against
 * the whole archive, itself excluded), stored as a few quantiles, plus a
 * threshold: Tukey's far-out fence Q3 + 3·IQR of that distribution. A new
 * item is measured the same way; its score is 1 − (its position in the
 * calibrated distribution), and it is irrelevant when its distance is beyond
 * the fence. The model is small, plain JSON, stored with the archive.
 *
 * With pixel statistics of the archive rows (`stats`), the model also holds
 * the archive's pixel region (rank/relevance-pixel.ts): items with statistics
 * are then scored and fenced on the joint evidence (robust pixel z-scores plus
 * the distance's z), calibrated on the same sample. Models stored before that
 * (no `pixel`), or items without statistics (vectors given directly), use the
 * distance alone.
 *
 * Uncalibrated archive (model null): the model is calibrated on the fly from
 * the archive rows given (and `archiveStats`), with the defaults; an archive
 * of fewer than 2 rows has no region yet, so everything is relevant.
 */
import { ValidationError } from '../../contract/errors.js';
import { select, type VectorSet } from '../base/index.js';
import { Rng } from '../base/index.js';
import { Ticker, type RunOptions } from '../base/index.js';
import { checkInt, checkNumber, checkRunOptions, checkUnitRows, checkVectorSet } from '../base/index.js';
import { knnQuery } from '../search/index.js';
import { knnMeanDistance } from './knn-scores.js';
import { quantileSorted } from '../base/index.js';
import { evidenceOf, fitPixelRegion, isPixelRegion, type PixelRegion } from './relevance-pixel.js';

/** Quantile probabilities stored in a model. */
const PROBS = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1];

/** Serializable relevance model (store it as JSON with the archive). */
export interface RelevanceModel {
  readonly version: 1;
  readonly metric: 'cosine';
  /** Neighbours averaged per item. */
  readonly k: number;
  /** Archive rows at calibration time, and how many of them were sampled. */
  readonly archiveSize: number;
  readonly sampleSize: number;
  /** Quantiles of the sampled rows' mean kNN distance: probabilities `p`, values `distance`. */
  readonly quantiles: { readonly p: readonly number[]; readonly distance: readonly number[] };
  /** Mean kNN distance beyond which content is irrelevant (Q3 + 3·IQR). */
  readonly threshold: number;
  /** The archive's pixel-statistics region; absent in models calibrated without statistics (or before it existed). */
  readonly pixel?: PixelRegion;
}

/** Options of {@link calibrateRelevance}. */
export interface CalibrateRelevanceOptions extends RunOptions {
  /** Neighbours averaged per item. @defaultValue 10 */
  k?: number;
  /** Archive rows measured (each against the whole archive). @defaultValue 1000 */
  maxSample?: number;
  /** Seed of the sample. @defaultValue 0 */
  seed?: number;
  /** Pixel statistics of the archive rows (one row each; core/image/stats.ts), to learn the pixel region too. @defaultValue null */
  stats?: VectorSet | null;
}

/** Options of {@link relevanceScores}. */
export interface RelevanceScoreOptions extends RunOptions {
  /** Pixel statistics of the items (one row each): scored on the joint evidence when the model has a pixel region. @defaultValue null */
  itemStats?: VectorSet | null;
  /** Pixel statistics of the archive rows, for the on-the-fly calibration of a null model. @defaultValue null */
  archiveStats?: VectorSet | null;
}

/** Per new item: relevance score and flag. */
export interface RelevanceResult {
  /** 1 = as close to the archive as its closest-packed rows, 0 = beyond its farthest; 1 − the item's quantile. */
  score: Float64Array;
  /** 1 when the item's distance is beyond the model's threshold. */
  irrelevant: Uint8Array;
  /** Mean cosine distance of each item to its k nearest archive rows. */
  distance: Float64Array;
  /** Joint pixel + distance evidence of each item (higher = less relevant); null when scored on distance alone. */
  evidence: Float64Array | null;
  /** The model used (the given one, or the one calibrated on the fly; null when the archive has < 2 rows). */
  model: RelevanceModel | null;
}

/**
 * Learn the archive's typical region.
 * @throws ValidationError for fewer than 2 rows, non-unit rows, bad options
 */
export async function calibrateRelevance(archive: VectorSet, options: CalibrateRelevanceOptions = {}): Promise<RelevanceModel> {
  checkVectorSet(archive, 'archive', 2);
  checkUnitRows(archive, 'archive');
  checkRunOptions(options);
  const k = Math.min(checkInt(options.k ?? 10, 'options.k', 1), archive.n - 1);
  const maxSample = checkInt(options.maxSample ?? 1000, 'options.maxSample', 1);
  const seed = checkNumber(options.seed ?? 0, 'options.seed');
  const stats = options.stats ?? null;
  if (stats) checkStats(stats, archive.n, 'options.stats');
  const ticker = new Ticker(options.signal, options.onProgress);
  const rows = new Rng(seed).sample(archive.n, maxSample);
  const knn = await knnQuery(archive, select(archive, rows), k, 'cosine', ticker, rows);
  const sampleDistance = knnMeanDistance(knn, k);
  const sorted = sampleDistance.slice().sort();
  const distance = PROBS.map((p) => quantileSorted(sorted, p));
  const q1 = quantileSorted(sorted, 0.25), q3 = quantileSorted(sorted, 0.75);
  ticker.progress(1);
  return {
    version: 1,
    metric: 'cosine',
    k,
    archiveSize: archive.n,
    sampleSize: rows.length,
    quantiles: { p: [...PROBS], distance },
    threshold: Math.min(2, q3 + 3 * (q3 - q1)),
    ...(stats ? { pixel: fitPixelRegion(stats, rows, sampleDistance, PROBS) } : {}),
  };
}

/**
 * Score new items against the archive with a calibrated model (or null: see the module header).
 * @throws ValidationError for a malformed model, non-unit rows, dimension mismatch
 */
export async function relevanceScores(model: RelevanceModel | null, archive: VectorSet, items: VectorSet, options: RelevanceScoreOptions = {}): Promise<RelevanceResult> {
  checkVectorSet(archive, 'archive');
  checkVectorSet(items, 'items');
  checkUnitRows(archive, 'archive');
  checkUnitRows(items, 'items');
  checkRunOptions(options);
  if (archive.n > 0 && items.n > 0 && archive.dim !== items.dim) throw new ValidationError('items.dim', 'same dim as archive');
  const itemStats = options.itemStats ?? null, archiveStats = options.archiveStats ?? null;
  if (itemStats) checkStats(itemStats, items.n, 'options.itemStats');
  const ticker = new Ticker(options.signal, options.onProgress);
  if (model !== null) assertModel(model);
  else if (archive.n >= 2) model = await calibrateRelevance(archive, { stats: archiveStats, signal: options.signal, onProgress: (f) => ticker.progress(0.5 * f) });
  const n = items.n;
  if (model === null) {
    ticker.progress(1);
    return { score: new Float64Array(n).fill(1), irrelevant: new Uint8Array(n), distance: new Float64Array(n), evidence: null, model: null };
  }
  const k = Math.min(model.k, archive.n);
  const knn = await knnQuery(archive, items, k, 'cosine', ticker.sub(0.5, 1));
  const distance = knnMeanDistance(knn, k);
  const score = new Float64Array(n), irrelevant = new Uint8Array(n);
  const px = model.pixel && itemStats && itemStats.dim >= model.pixel.dim ? model.pixel : null;
  const evidence = px ? evidenceOf(px, itemStats!, distance) : null;
  for (let i = 0; i < n; i++) {
    if (px) {
      score[i] = 1 - cdf(px.quantiles.p, px.quantiles.evidence, evidence![i]);
      irrelevant[i] = evidence![i] > px.threshold ? 1 : 0;
    } else {
      score[i] = 1 - cdf(model.quantiles.p, model.quantiles.distance, distance[i]);
      irrelevant[i] = distance[i] > model.threshold ? 1 : 0;
    }
  }
  ticker.progress(1);
  return { score, irrelevant, distance, evidence, model };
}

function checkStats(stats: VectorSet, n: number, field: string): void {
  checkVectorSet(stats, field);
  if (stats.n !== n) throw new ValidationError(field, 'one statistics row per vector', `${field}: ${stats.n} rows for ${n} vectors`);
}

/** Piecewise-linear CDF through (distance[i], p[i]); 0 below the first point, 1 above the last. */
function cdf(p: readonly number[], q: readonly number[], x: number): number {
  if (x <= q[0]) return 0;
  const last = q.length - 1;
  if (x >= q[last]) return 1;
  let i = 1;
  while (q[i] < x) i++;
  const span = q[i] - q[i - 1];
  return span > 0 ? p[i - 1] + ((p[i] - p[i - 1]) * (x - q[i - 1])) / span : p[i];
}

function assertModel(m: RelevanceModel): void {
  const ok =
    m &&
    m.version === 1 &&
    m.metric === 'cosine' &&
    Number.isInteger(m.k) &&
    m.k >= 1 &&
    Array.isArray(m.quantiles?.p) &&
    Array.isArray(m.quantiles?.distance) &&
    m.quantiles.p.length === m.quantiles.distance.length &&
    m.quantiles.p.length >= 2 &&
    m.quantiles.distance.every((v, i, a) => Number.isFinite(v) && (i === 0 || v >= a[i - 1])) &&
    Number.isFinite(m.threshold) &&
    (m.pixel === undefined || isPixelRegion(m.pixel));
  if (!ok) throw new ValidationError('model', 'RelevanceModel version 1 (from calibrateRelevance)');
}
