/**
 * Top-r principal subspace of centred data by randomized subspace iteration
 * (Halko, Martinsson & Tropp 2011, Alg. 4.4): r + oversample Gaussian probes,
 * a few power iterations with re-orthonormalisation, then an exact small
 * eigenproblem. Costs O(n·d·l) per pass instead of O(n·d²) for the covariance.
 * The centring is applied implicitly (X·Ω − 1·(μ·Ω)) so X is never copied.
 */
import type { Rng } from '../base/index.js';
import type { Ticker } from '../base/index.js';
import { BLOCK_ROWS, dotBlock } from '../kernels/index.js';
import { symmetricEigen } from './eigen.js';

/** Components (r × d rows, orthonormal) and the eigenvalues of Xcᵀ·Xc they belong to. */
export interface Subspace {
  components: Float64Array;
  eigenvalues: Float64Array;
}

/**
 * @param X n × d rows; `mean` their column means
 * @param r components wanted; l = min(r + oversample, n, d) probes
 */
export async function randomizedSubspace(
  X: Float32Array,
  n: number,
  d: number,
  mean: Float64Array,
  r: number,
  oversample: number,
  powerIterations: number,
  rng: Rng,
  ticker: Ticker,
): Promise<Subspace> {
  const l = Math.min(r + oversample, n, d);
  // Omega stored as l rows of length d.
  let omega: Float64Array = new Float64Array(l * d);
  for (let i = 0; i < omega.length; i++) omega[i] = rng.normal();
  const passes = 2 * powerIterations + 2;
  let pass = 0;
  const step = () => ticker.progress(++pass / passes);
  let Q = await timesCentred(X, n, d, mean, omega, l, ticker); // n × l, column-major (l columns of length n)
  step();
  orthonormalise(Q, n, l);
  for (let it = 0; it < powerIterations; it++) {
    omega = await transposeTimesCentred(X, n, d, mean, Q, l, ticker); // l × d
    step();
    orthonormalise(omega, d, l);
    Q = await timesCentred(X, n, d, mean, omega, l, ticker);
    step();
    orthonormalise(Q, n, l);
  }
  const B = await transposeTimesCentred(X, n, d, mean, Q, l, ticker); // B = Qᵀ·Xc, l × d
  step();
  // Small problem: B·Bᵀ (l × l) = U Σ² Uᵀ; components = Uᵀ·B / σ.
  const BBt = new Float64Array(l * l);
  for (let a = 0; a < l; a++) {
    for (let b = a; b < l; b++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += B[a * d + k] * B[b * d + k];
      BBt[a * l + b] = s;
      BBt[b * l + a] = s;
    }
  }
  const { values, vectors } = symmetricEigen(BBt, l);
  const m = Math.min(r, l);
  const components = new Float64Array(m * d);
  const eigenvalues = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    eigenvalues[j] = Math.max(0, values[j]);
    const row = components.subarray(j * d, (j + 1) * d);
    for (let a = 0; a < l; a++) {
      const u = vectors[j * l + a];
      if (u === 0) continue;
      for (let k = 0; k < d; k++) row[k] += u * B[a * d + k];
    }
    normalise(row);
  }
  step();
  return { components, eigenvalues };
}

/** Xc · Ωᵀ where Ω is l × d: returns n × l stored column-major (column t contiguous). */
async function timesCentred(X: Float32Array, n: number, d: number, mean: Float64Array, omega: Float64Array, l: number, ticker: Ticker): Promise<Float64Array> {
  const om32 = Float32Array.from(omega);
  const shift = new Float64Array(l);
  for (let t = 0; t < l; t++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += mean[k] * omega[t * d + k];
    shift[t] = s;
  }
  const out = new Float64Array(n * l);
  const scratch = new Float64Array(BLOCK_ROWS * l);
  for (let s = 0; s < n; s += BLOCK_ROWS) {
    const p = ticker.tick();
    if (p) await p;
    const cnt = Math.min(BLOCK_ROWS, n - s);
    dotBlock(X, d, null, s, cnt, om32, l, scratch);
    for (let r = 0; r < cnt; r++) for (let t = 0; t < l; t++) out[t * n + s + r] = scratch[r * l + t] - shift[t];
  }
  return out;
}

/** Qᵀ · Xc where Q is n × l column-major: returns l × d (row t = Σ_i Q[i, t] · (x_i − μ)). */
async function transposeTimesCentred(X: Float32Array, n: number, d: number, mean: Float64Array, Q: Float64Array, l: number, ticker: Ticker): Promise<Float64Array> {
  const out = new Float64Array(l * d);
  for (let i = 0; i < n; i++) {
    if ((i & 255) === 0) {
      const p = ticker.tick();
      if (p) await p;
    }
    const xo = i * d;
    for (let t = 0; t < l; t++) {
      const q = Q[t * n + i];
      if (q === 0) continue;
      const o = t * d;
      for (let k = 0; k < d; k++) out[o + k] += q * X[xo + k];
    }
  }
  for (let t = 0; t < l; t++) {
    let qs = 0;
    for (let i = 0; i < n; i++) qs += Q[t * n + i];
    for (let k = 0; k < d; k++) out[t * d + k] -= qs * mean[k];
  }
  return out;
}

/** Modified Gram–Schmidt, twice (re-orthogonalisation keeps it accurate in floating point), on `cols` vectors of length len stored back to back. A vector that vanishes is replaced by zeros. */
export function orthonormalise(M: Float64Array, len: number, cols: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < cols; j++) {
      const v = M.subarray(j * len, (j + 1) * len);
      for (let p = 0; p < j; p++) {
        const u = M.subarray(p * len, (p + 1) * len);
        let s = 0;
        for (let k = 0; k < len; k++) s += u[k] * v[k];
        for (let k = 0; k < len; k++) v[k] -= s * u[k];
      }
      normalise(v);
    }
  }
}

function normalise(v: Float64Array): void {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k] * v[k];
  if (s < 1e-300) {
    v.fill(0);
    return;
  }
  const inv = 1 / Math.sqrt(s);
  for (let k = 0; k < v.length; k++) v[k] *= inv;
}
