/**
 * How unusual each row is, on a scale that means the same in every archive:
 * a robust z-score of log(kNN distance). The log makes it scale-free (an
 * archive of close look-alikes and one of varied photos both centre at 0);
 * median and MAD make a handful of outliers unable to hide themselves.
 *
 *   z = (log(d + ε) − median) / max(1.4826 · MAD, MIN_SPREAD)
 *
 * A row is *unusual* when z ≥ UNUSUAL_CUT. MIN_SPREAD stops an archive of
 * near-identical images (tiny MAD) from calling small differences unusual:
 * with it, an unusual row's neighbours are at least e^(3 · 0.15) ≈ 1.57× as
 * far as the archive's typical row's.
 */
import { medianOf } from '../base/index.js';

/** z at and above which a row is reported as unusual. @defaultValue 3 */
export const UNUSUAL_CUT = 3;
/** Smallest spread (log units) the z-score divides by. */
export const MIN_SPREAD = 0.15;
/** Below this many rows nothing is called unusual: there is no "typical" to compare with. */
export const MIN_ROWS = 8;
const EPS = 1e-4;

export interface Unusualness {
  /** One-sided robust z per row (0 for rows nearer than typical). */
  z: Float64Array;
  /** The archive's typical kNN distance (median). */
  typical: number;
  /** The spread used (log units). */
  spread: number;
  /** Rows with z ≥ cut, most unusual first (empty below MIN_ROWS rows). */
  flagged: number[];
  cut: number;
}

/** Unusualness of rows from their mean kNN distances. */
export function unusualness(knnDistance: ArrayLike<number>, cut = UNUSUAL_CUT): Unusualness {
  const n = knnDistance.length;
  const logs = Float64Array.from({ length: n }, (_, i) => Math.log(Math.max(0, knnDistance[i]) + EPS));
  const med = n ? medianOf(logs) : 0;
  const mad = n ? medianOf(logs.map((l) => Math.abs(l - med))) : 0;
  const spread = Math.max(1.4826 * mad, MIN_SPREAD);
  const z = logs.map((l) => Math.max(0, (l - med) / spread));
  const flagged = n < MIN_ROWS ? [] : Array.from({ length: n }, (_, i) => i).filter((i) => z[i] >= cut).sort((a, b) => z[b] - z[a] || a - b);
  return { z, typical: n ? Math.exp(med) - EPS : 0, spread, flagged, cut };
}
