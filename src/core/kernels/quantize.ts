/**
 * i16 quantization with a proven error bound, for filter-then-refine passes.
 *
 * x̃ = round(x·s)/s with one global scale s = Q / max|x|, where Q is the
 * largest integer with dim·Q² < 2³¹, so an i32 accumulator of dim products can
 * never overflow (i32x4.dot_i16x8_s is then exact integer arithmetic). For any
 * pair, |x·y − x̃·ỹ| = |x·(y−ỹ) + (x−x̃)·ỹ| ≤ (‖x‖₁ + ‖ỹ‖₁) / (2s), so a filter
 * that keeps every pair with x̃·ỹ ≥ t − bound provably keeps every pair with
 * x·y ≥ t. On 1792-d unit vectors the bound is typically 0.003–0.01.
 */
import type { VectorSet } from '../base/index.js';

export interface QuantizedRows {
  /** n × dim row-major quantized values, |v| ≤ q. */
  readonly data: Int16Array;
  readonly n: number;
  readonly dim: number;
  /** Integer units per unit of the original values (s). */
  readonly scale: number;
  /** ‖x_i‖₁ of the original rows. */
  readonly l1: Float32Array;
  /** max_i ‖x̃_i‖₁ of the quantized rows (in original units). */
  readonly maxL1q: number;
}

/** Largest quantized magnitude for `dim` dimensions (dim·Q² < 2³¹, Q ≤ 32767). */
export function maxQuantLevel(dim: number): number {
  return Math.min(32767, Math.floor(Math.sqrt((2 ** 31 - 1) / Math.max(dim, 1))));
}

/** Quantize all rows of a (finite) VectorSet. */
export function quantizeRows(vs: VectorSet): QuantizedRows {
  const { n, dim, data } = vs;
  const len = n * dim;
  // Branch-free loops (Math.abs/max, magic-number rounding): sign tests on
  // embedding values are unpredictable branches and cost ~10× more.
  let maxAbs = 0;
  for (let i = 0; i < len; i++) maxAbs = Math.max(maxAbs, Math.abs(data[i]));
  const scale = maxAbs > 0 ? maxQuantLevel(dim) / maxAbs : 1;
  const q = new Int16Array(len);
  const l1 = new Float32Array(n);
  let maxL1q = 0;
  // Adding and subtracting 1.5·2^52 rounds a double to the nearest integer (ties to even).
  const ROUND = 6755399441055744;
  for (let r = 0; r < n; r++) {
    let s1 = 0, s1q = 0;
    const o = r * dim;
    for (let d = 0; d < dim; d++) {
      const x = data[o + d];
      const v = x * scale + ROUND - ROUND;
      q[o + d] = v;
      s1 += Math.abs(x);
      s1q += Math.abs(v);
    }
    l1[r] = s1;
    maxL1q = Math.max(maxL1q, s1q / scale);
  }
  return { data: q, n, dim, scale, l1, maxL1q };
}

/**
 * Per-row bound on |x_i·y − x̃_i·ỹ| against any row y of the set, plus a
 * margin for the f32 rounding of exact scores (the refine step compares f32
 * dot products, which differ from real arithmetic by ~1e-6 at dim 1792).
 */
export function rowErrorBounds(q: QuantizedRows): Float32Array {
  const out = new Float32Array(q.n);
  for (let i = 0; i < q.n; i++) out[i] = (q.l1[i] + q.maxL1q) / (2 * q.scale) + 1e-5;
  return out;
}
