/**
 * The pixel-statistics side of a relevance model: the archive's typical
 * region in pixel statistics (image/stats.ts) as per-statistic median
 * and MAD, joined with the embedding's kNN distance into one evidence score
 * (core/base/robust-z.ts: clipped robust z², summed; the distance one-sided and
 * counted `embeddingWeight` times), calibrated on the archive's own sample
 * like the distance (quantiles and a Q3 + 3·IQR fence).
 *
 * Why: with the default model an off-domain kind can sit as close to an
 * archive in embedding space as the archive's own items (flags beside emoji:
 * relevance AUROC 0.73 on distance alone in bench:quality) while its pixel
 * layout is plainly different.
 */
import { ValidationError } from '../../contract/errors.js';
import { select, type VectorSet } from '../base/index.js';
import { fitRobustScale, robustZEvidence, Z_CLIP } from '../base/index.js';
import { quantileSorted } from '../base/index.js';
import { checkInt, checkVectorSet } from '../base/index.js';

/** Serializable pixel region (JSON), stored in `RelevanceModel.pixel`. */
export interface PixelRegion {
  /** Statistics used (a prefix of PIXEL_STAT_NAMES: 11 for archives indexed before the layout statistics, 19 after). */
  readonly dim: number;
  readonly center: readonly number[];
  readonly scale: readonly number[];
  /** Clip of |z| (core/base/robust-z.ts Z_CLIP). */
  readonly clip: number;
  /** How many statistics the embedding distance counts as. */
  readonly embeddingWeight: number;
  /** Median and MAD-scale of the sampled rows' mean kNN distance (the distance's z). */
  readonly distanceCenter: number;
  readonly distanceScale: number;
  /** Quantiles of the sampled rows' evidence: probabilities `p`, values `evidence`. */
  readonly quantiles: { readonly p: readonly number[]; readonly evidence: readonly number[] };
  /** Evidence beyond which content is irrelevant (Q3 + 3·IQR of the sample's evidence). */
  readonly threshold: number;
}

/** Default weight of the embedding distance in the evidence (as many statistics). */
export const RELEVANCE_EMBEDDING_WEIGHT = 2;

/**
 * Fit the region from the archive's statistics (`stats`, one row per archive
 * row), the sampled rows and their mean kNN distances (same order as `rows`).
 * @throws ValidationError for a malformed set, rows out of range, a distance per row missing
 */
export function fitPixelRegion(stats: VectorSet, rows: ArrayLike<number>, sampleDistance: Float64Array, probs: readonly number[]): PixelRegion {
  checkVectorSet(stats, 'stats', 1);
  if (rows.length < 1 || rows.length !== sampleDistance.length) throw new ValidationError('sampleDistance', 'one distance per sampled row (≥ 1)');
  for (let i = 0; i < rows.length; i++) checkInt(rows[i], `rows[${i}]`, 0, stats.n - 1);
  const { center, scale } = fitRobustScale(stats);
  const sorted = Float64Array.from(sampleDistance).sort();
  const distanceCenter = quantileSorted(sorted, 0.5);
  const dev = Float64Array.from(sorted, (x) => Math.abs(x - distanceCenter)).sort();
  const distanceScale = Math.max(1e-12, 1.4826 * quantileSorted(dev, 0.5));
  const base = { dim: stats.dim, center, scale, clip: Z_CLIP, embeddingWeight: RELEVANCE_EMBEDDING_WEIGHT, distanceCenter, distanceScale };
  const ev = evidenceOf({ ...base, quantiles: { p: [], evidence: [] }, threshold: 0 }, select(stats, rows), sampleDistance).sort();
  const q1 = quantileSorted(ev, 0.25), q3 = quantileSorted(ev, 0.75);
  return { ...base, quantiles: { p: [...probs], evidence: probs.map((p) => quantileSorted(ev, p)) }, threshold: q3 + 3 * (q3 - q1) };
}

/**
 * Evidence of items (their statistics and mean kNN distances); statistics beyond `region.dim` are ignored.
 * @throws ValidationError('itemStats.dim' | 'distance') for fewer statistics than calibrated or a distance count other than the rows
 */
export function evidenceOf(region: PixelRegion, stats: VectorSet, distance: ArrayLike<number>): Float64Array {
  checkVectorSet(stats, 'itemStats');
  if (distance.length !== stats.n) throw new ValidationError('distance', 'one distance per item');
  if (stats.dim < region.dim) throw new ValidationError('itemStats.dim', `at least ${region.dim} statistics, as calibrated`);
  const cut = stats.dim === region.dim ? stats : prefix(stats, region.dim);
  const ev = robustZEvidence(cut, region, region.clip);
  const z = Float64Array.from(distance, (d) => Math.min(region.clip, Math.max(0, (d - region.distanceCenter) / region.distanceScale)) ** 2);
  for (let i = 0; i < ev.length; i++) ev[i] += region.embeddingWeight * z[i];
  return ev;
}

/** True when a stored region is well formed (older models have none: they score on distance only). */
export function isPixelRegion(r: unknown): r is PixelRegion {
  const m = r as PixelRegion;
  const finite = (a: unknown, len?: number) => Array.isArray(a) && (len === undefined || a.length === len) && a.every(Number.isFinite);
  return (
    !!m && Number.isInteger(m.dim) && m.dim >= 1 && finite(m.center, m.dim) && finite(m.scale, m.dim) && m.scale.every((s) => s > 0) &&
    m.clip > 0 && m.embeddingWeight >= 0 && Number.isFinite(m.distanceCenter) && m.distanceScale > 0 &&
    finite(m.quantiles?.p) && finite(m.quantiles?.evidence, m.quantiles.p.length) && m.quantiles.p.length >= 2 && Number.isFinite(m.threshold)
  );
}

function prefix(vs: VectorSet, dim: number): VectorSet {
  const out = new Float32Array(vs.n * dim);
  for (let i = 0; i < vs.n; i++) out.set(vs.data.subarray(i * vs.dim, i * vs.dim + dim), i * dim);
  return { data: out, n: vs.n, dim };
}
