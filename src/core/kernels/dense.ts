/**
 * Blocked distance kernels for k-means and friends. Squared Euclidean
 * distances are computed as ‖x‖² + ‖c‖² − 2·x·c so the hot loop is a dot
 * product; 2 rows × 4 centres per pass keeps 8 accumulators in registers and
 * reuses each loaded value several times (the fastest of the 1×1, 1×4, 2×4,
 * 3×4 and 4×4 shapes tried in V8).
 */

/** Squared L2 norm of every row (float64 accumulation). */
export function rowSqNorms(data: Float32Array, n: number, dim: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    let s0 = 0, s1 = 0;
    let d = 0;
    for (; d + 1 < dim; d += 2) {
      const a = data[o + d], b = data[o + d + 1];
      s0 += a * a;
      s1 += b * b;
    }
    if (d < dim) s0 += data[o + d] * data[o + d];
    out[i] = s0 + s1;
  }
  return out;
}

/**
 * Dot products of `count` rows of X (row indices `rows[start..start+count)`, or
 * the consecutive rows start..start+count when `rows` is null) with all `kc`
 * rows of C. Writes out[r * kc + j] for r in [0, count).
 */
export function dotBlock(
  X: Float32Array,
  dim: number,
  rows: Int32Array | null,
  start: number,
  count: number,
  C: Float32Array,
  kc: number,
  out: Float64Array,
): void {
  let r = 0;
  for (; r + 1 < count; r += 2) {
    const i0 = rows ? rows[start + r] : start + r;
    const i1 = rows ? rows[start + r + 1] : start + r + 1;
    const x0 = i0 * dim, x1 = i1 * dim;
    const o0 = r * kc, o1 = o0 + kc;
    let j = 0;
    for (; j + 3 < kc; j += 4) {
      const a = j * dim, b = a + dim, c = b + dim, e = c + dim;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
      for (let d = 0; d < dim; d++) {
        const u = X[x0 + d], v = X[x1 + d];
        let w = C[a + d];
        s0 += u * w;
        t0 += v * w;
        w = C[b + d];
        s1 += u * w;
        t1 += v * w;
        w = C[c + d];
        s2 += u * w;
        t2 += v * w;
        w = C[e + d];
        s3 += u * w;
        t3 += v * w;
      }
      out[o0 + j] = s0;
      out[o0 + j + 1] = s1;
      out[o0 + j + 2] = s2;
      out[o0 + j + 3] = s3;
      out[o1 + j] = t0;
      out[o1 + j + 1] = t1;
      out[o1 + j + 2] = t2;
      out[o1 + j + 3] = t3;
    }
    for (; j < kc; j++) {
      const a = j * dim;
      let s = 0, t = 0;
      for (let d = 0; d < dim; d++) {
        const w = C[a + d];
        s += X[x0 + d] * w;
        t += X[x1 + d] * w;
      }
      out[o0 + j] = s;
      out[o1 + j] = t;
    }
  }
  if (r < count) {
    const i0 = rows ? rows[start + r] : start + r;
    const x0 = i0 * dim, o0 = r * kc;
    let j = 0;
    for (; j + 3 < kc; j += 4) {
      const a = j * dim, b = a + dim, c = b + dim, e = c + dim;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let d = 0; d < dim; d++) {
        const u = X[x0 + d];
        s0 += u * C[a + d];
        s1 += u * C[b + d];
        s2 += u * C[c + d];
        s3 += u * C[e + d];
      }
      out[o0 + j] = s0;
      out[o0 + j + 1] = s1;
      out[o0 + j + 2] = s2;
      out[o0 + j + 3] = s3;
    }
    for (; j < kc; j++) {
      const a = j * dim;
      let s = 0;
      for (let d = 0; d < dim; d++) s += X[x0 + d] * C[a + d];
      out[o0 + j] = s;
    }
  }
}

/** Dot product of row i of X with row j of C. */
export function dotRows(X: Float32Array, i: number, C: Float32Array, j: number, dim: number): number {
  const a = i * dim, b = j * dim;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let d = 0;
  for (; d + 3 < dim; d += 4) {
    s0 += X[a + d] * C[b + d];
    s1 += X[a + d + 1] * C[b + d + 1];
    s2 += X[a + d + 2] * C[b + d + 2];
    s3 += X[a + d + 3] * C[b + d + 3];
  }
  for (; d < dim; d++) s0 += X[a + d] * C[b + d];
  return s0 + s1 + s2 + s3;
}

/** Rows per block: the block's dot scratch stays small and abort checks stay frequent. */
export const BLOCK_ROWS = 64;

/**
 * Nearest and second-nearest centre of each listed row (squared distances).
 * `rows` null = consecutive rows start..start+count. Results are written at the
 * row's own index: best[i], d1[i] (nearest), d2[i] (second nearest; Infinity when kc = 1).
 */
export function nearestTwo(
  X: Float32Array,
  dim: number,
  xNorms: Float64Array,
  rows: Int32Array | null,
  start: number,
  count: number,
  C: Float32Array,
  cNorms: Float64Array,
  kc: number,
  best: Int32Array,
  d1: Float64Array,
  d2: Float64Array,
  scratch: Float64Array,
): void {
  dotBlock(X, dim, rows, start, count, C, kc, scratch);
  for (let r = 0; r < count; r++) {
    const i = rows ? rows[start + r] : start + r;
    const xn = xNorms[i];
    const o = r * kc;
    let b = -1, m1 = Infinity, m2 = Infinity;
    for (let j = 0; j < kc; j++) {
      let dd = xn + cNorms[j] - 2 * scratch[o + j];
      if (dd < 0) dd = 0; // rounding in the expansion
      if (dd < m1) {
        m2 = m1;
        m1 = dd;
        b = j;
      } else if (dd < m2) m2 = dd;
    }
    best[i] = b;
    d1[i] = m1;
    d2[i] = m2;
  }
}
