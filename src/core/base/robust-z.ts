/**
 * Robust per-archive z-scores: each statistic is centred on the archive's
 * median and scaled by its MAD (× 1.4826, the normal-consistent factor), so a
 * group of off-topic items (up to half of the rows) cannot shift the centre
 * or inflate the scale and hide itself, unlike a mean/std or a kNN model where
 * ten similar outliers are each other's neighbours. z-scores are clipped at
 * ±clip so one saturated statistic cannot outvote all the others.
 *
 * The evidence of a row is the sum of its squared clipped z-scores (a
 * diagonal, robust Mahalanobis distance): every statistic and, in
 * `findOutliers` and `relevanceScores`, the embedding's kNN distance add on
 * the same scale, with no fixed blend weight between sources.
 */
import { ValidationError } from '../../contract/errors.js';
import type { VectorSet } from './matrix.js';
import { medianOf, quantileSorted } from './stats.js';
import { checkNumber } from '../../contract/validate.js';
import { checkVectorSet } from './checks.js';

/** Default clip of |z|: 4 robust standard deviations is already far out; beyond that, more distance is not more evidence. */
export const Z_CLIP = 4;

/** Centre and scale of each column (plain JSON, storable). */
export interface RobustScale {
  readonly center: readonly number[];
  readonly scale: readonly number[];
}

/**
 * Median and normal-consistent MAD of each column. A column whose MAD is 0
 * (over half of the rows share one value) falls back to its standard
 * deviation around the median, then to 1 (a constant column: every z is 0).
 * @throws ValidationError('features', ...) for a malformed or empty set
 */
export function fitRobustScale(f: VectorSet): RobustScale {
  checkVectorSet(f, 'features', 1);
  const { n, dim, data } = f;
  const center: number[] = [], scale: number[] = [];
  const col = new Float64Array(n);
  for (let c = 0; c < dim; c++) {
    for (let i = 0; i < n; i++) col[i] = data[i * dim + c];
    const med = medianOf(col);
    let ss = 0;
    for (let i = 0; i < n; i++) {
      ss += (col[i] - med) ** 2;
      col[i] = Math.abs(col[i] - med);
    }
    const mad = 1.4826 * medianOf(col);
    const sd = Math.sqrt(ss / n);
    center.push(med);
    scale.push(mad > 1e-9 ? mad : sd > 1e-9 ? sd : 1);
  }
  return { center, scale };
}

/**
 * Sum over columns of min(clip, |x − center| / scale)² for every row of `f`.
 * @param clip - @defaultValue {@link Z_CLIP}
 * @throws ValidationError for a malformed set, a column count other than fitted, clip ≤ 0
 */
export function robustZEvidence(f: VectorSet, s: RobustScale, clip = Z_CLIP): Float64Array {
  checkVectorSet(f, 'features');
  if (!(clip > 0)) throw new ValidationError('clip', 'number > 0');
  const { n, dim, data } = f;
  if (s.center.length !== dim || s.scale.length !== dim) throw new ValidationError('features.dim', `${s.center.length} columns, as fitted`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let c = 0; c < dim; c++) {
      const z = Math.min(clip, Math.abs(data[i * dim + c] - s.center[c]) / s.scale[c]);
      acc += z * z;
    }
    out[i] = acc;
  }
  return out;
}

/**
 * One-sided clipped z² of a distance-like score (only "farther than usual"
 * is evidence: a row closer to its neighbours than the median row is not
 * less of an outlier for it). Centre and scale are the median and MAD of
 * `reference` (the archive's own scores).
 * @param clip - @defaultValue {@link Z_CLIP}
 * @throws ValidationError for an empty or non-finite reference, clip ≤ 0
 */
export function oneSidedZ2(values: ArrayLike<number>, reference: ArrayLike<number>, clip = Z_CLIP): Float64Array {
  if (!(clip > 0)) throw new ValidationError('clip', 'number > 0');
  if (!reference.length) throw new ValidationError('reference', 'at least 1 value');
  for (let i = 0; i < reference.length; i++) checkNumber(reference[i], `reference[${i}]`);
  const sorted = Float64Array.from(reference).sort();
  const med = quantileSorted(sorted, 0.5);
  const dev = Float64Array.from(sorted, (x) => Math.abs(x - med)).sort();
  const mad = 1.4826 * quantileSorted(dev, 0.5);
  const scale = mad > 1e-12 ? mad : 1e-12;
  return Float64Array.from(values as ArrayLike<number>, (x) => Math.min(clip, Math.max(0, (x - med) / scale)) ** 2);
}
