/**
 * Map raw scores to 0..1 so scores from different sources (embedding kNN,
 * pixel features, LOF) can be combined and shown on one scale.
 */

/**
 * Rank normalisation: 0 for the smallest value, 1 for the largest, ties share
 * their average rank. Scale-free and robust to a few extreme values.
 * A single value maps to 0.5 (no ordering information).
 */
export function rankNormalize(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  if (n === 1) {
    out[0] = 0.5;
    return out;
  }
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const r = (i + j) / 2 / (n - 1);
    for (let t = i; t <= j; t++) out[order[t]] = r;
    i = j + 1;
  }
  return out;
}

/** Min–max normalisation to 0..1; all-equal values map to 0.5. Keeps relative gaps (unlike ranks). */
export function minMaxNormalize(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (values[i] < lo) lo = values[i];
    if (values[i] > hi) hi = values[i];
  }
  const span = hi - lo;
  for (let i = 0; i < n; i++) out[i] = span > 0 ? (values[i] - lo) / span : 0.5;
  return out;
}

/** Median of a numeric array (NaN for an empty one). Copies; does not reorder the input. */
export function medianOf(values: ArrayLike<number>): number {
  const s = Float64Array.from(values as ArrayLike<number>).sort();
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Linear-interpolated quantile q ∈ [0, 1] of a sorted Float64Array. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
