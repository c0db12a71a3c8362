/**
 * PCA (`pca_vector_dim_reduction`, and the 2-D map / UMAP pre-reduction).
 *
 * Own implementation, two paths:
 * - randomized subspace iteration (pca-randomized.ts) when the wanted
 *   components are few compared with min(n, dim) — the usual case (2-D map,
 *   50 dims before UMAP): O(n·dim·(r + 10)) per pass;
 * - exact otherwise: eigen-decomposition of the smaller of the Gram matrix
 *   Xc·Xcᵀ (n × n) and the covariance Xcᵀ·Xc (dim × dim).
 * Components beyond the data's rank are completed to an orthonormal basis
 * (variance 0), so any nr_of_dimensions in 1..dim works.
 */
import { ValidationError } from '../../contract/errors.js';
import { select, type VectorSet } from '../base/index.js';
import { Rng } from '../base/index.js';
import { Ticker, type RunOptions } from '../base/index.js';
import { checkInt, checkNumber, checkRunOptions, checkVectorSet } from '../base/index.js';
import { BLOCK_ROWS, dotBlock } from '../kernels/index.js';
import { symmetricEigen } from './eigen.js';
import { orthonormalise, randomizedSubspace } from './randomized.js';

/** A fitted PCA: project with {@link pcaTransform}. Plain data, structured-clone friendly. */
export interface PcaModel {
  readonly dim: number;
  readonly nComponents: number;
  /** Column means (dim). */
  readonly mean: Float32Array;
  /** nComponents × dim, row-major; orthonormal rows, decreasing variance; largest-magnitude entry of each row positive. */
  readonly components: Float32Array;
  /** Sample variance (÷ (n − 1)) along each component. */
  readonly explainedVariance: Float64Array;
  /** explainedVariance / total variance (0 when the data has no variance). */
  readonly explainedVarianceRatio: Float64Array;
  readonly totalVariance: number;
  /** Which path computed it. */
  readonly method: 'exact' | 'randomized';
}

/** Options of {@link fitPca}. */
export interface PcaOptions extends RunOptions {
  /** 'auto' picks randomized when nComponents + 10 ≤ min(n, dim) / 4. @defaultValue 'auto' */
  method?: 'auto' | 'exact' | 'randomized';
  /** Seed of the random probes (randomized path) and of the row sample. @defaultValue 0 */
  seed?: number;
  /** Power iterations of the randomized path. @defaultValue 4 */
  powerIterations?: number;
  /** Extra probes of the randomized path. @defaultValue 10 */
  oversample?: number;
  /** Fit on at most this many seeded-sampled rows (transform still takes all). @defaultValue all rows */
  maxFitRows?: number;
}

/**
 * Fit PCA with `nComponents` in 1..dim.
 * @throws ValidationError for non-finite vectors, no rows, nComponents outside 1..dim
 * @throws CancelledError when `options.signal` aborts
 */
export async function fitPca(vs: VectorSet, nComponents: number, options: PcaOptions = {}): Promise<PcaModel> {
  checkVectorSet(vs, 'vectors', 1);
  checkRunOptions(options);
  const r = checkInt(nComponents, 'nComponents', 1, vs.dim);
  const method = options.method ?? 'auto';
  if (!['auto', 'exact', 'randomized'].includes(method)) throw new ValidationError('options.method', "'auto', 'exact' or 'randomized'");
  const seed = checkNumber(options.seed ?? 0, 'options.seed');
  const powerIterations = checkInt(options.powerIterations ?? 4, 'options.powerIterations', 0, 50);
  const oversample = checkInt(options.oversample ?? 10, 'options.oversample', 0, 1000);
  const maxFitRows = checkInt(options.maxFitRows ?? vs.n, 'options.maxFitRows', 1);
  const rng = new Rng(seed);
  const fitSet = maxFitRows < vs.n ? select(vs, rng.sample(vs.n, maxFitRows)) : vs;
  const { data: X, n, dim: d } = fitSet;
  const ticker = new Ticker(options.signal, options.onProgress);

  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mean[k] += X[i * d + k];
  for (let k = 0; k < d; k++) mean[k] /= n;
  let total = 0;
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) total += (X[i * d + k] - mean[k]) ** 2;

  const useRandom = method === 'randomized' || (method === 'auto' && r + oversample <= Math.min(n, d) / 4);
  const sub = useRandom
    ? await randomizedSubspace(X, n, d, mean, r, oversample, powerIterations, rng, ticker.sub(0, 0.95))
    : await exactSubspace(X, n, d, mean, r, ticker.sub(0, 0.95));
  const { rows: comps, kept } = completeBasis(sub.components, sub.eigenvalues, d, r);
  const denom = Math.max(1, n - 1);
  const explainedVariance = new Float64Array(r);
  // Completed directions lie outside the data's span: variance 0 by construction.
  for (let j = 0; j < kept; j++) explainedVariance[j] = sub.eigenvalues[j] / denom;
  const totalVariance = total / denom;
  ticker.progress(1);
  return {
    dim: d,
    nComponents: r,
    mean: Float32Array.from(mean),
    components: Float32Array.from(comps),
    explainedVariance,
    explainedVarianceRatio: explainedVariance.map((v) => (totalVariance > 0 ? v / totalVariance : 0)),
    totalVariance,
    method: useRandom ? 'randomized' : 'exact',
  };
}

/**
 * Project rows onto a fitted model: (x − mean) · componentsᵀ, n × nComponents.
 * @throws ValidationError when the dimension differs from the model's
 */
export function pcaTransform(model: PcaModel, vs: VectorSet): VectorSet {
  checkVectorSet(vs, 'vectors');
  if (vs.dim !== model.dim) throw new ValidationError('vectors.dim', `= model dim ${model.dim}`);
  const { n, dim } = vs;
  const r = model.nComponents;
  const shift = new Float64Array(r);
  for (let j = 0; j < r; j++) {
    let s = 0;
    for (let k = 0; k < dim; k++) s += model.mean[k] * model.components[j * dim + k];
    shift[j] = s;
  }
  const out = new Float32Array(n * r);
  const scratch = new Float64Array(BLOCK_ROWS * r);
  for (let s = 0; s < n; s += BLOCK_ROWS) {
    const cnt = Math.min(BLOCK_ROWS, n - s);
    dotBlock(vs.data, dim, null, s, cnt, model.components, r, scratch);
    for (let i = 0; i < cnt; i++) for (let j = 0; j < r; j++) out[(s + i) * r + j] = scratch[i * r + j] - shift[j];
  }
  return { data: out, n, dim: r };
}

/** Fit and project in one call (the job's shape). */
export async function pca(vs: VectorSet, nComponents: number, options: PcaOptions = {}): Promise<{ model: PcaModel; projected: VectorSet }> {
  const model = await fitPca(vs, nComponents, options);
  return { model, projected: pcaTransform(model, vs) };
}

/** Exact top-r subspace from the smaller Gram/covariance matrix. */
async function exactSubspace(X: Float32Array, n: number, d: number, mean: Float64Array, r: number, ticker: Ticker) {
  const Xc = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) Xc[i * d + k] = X[i * d + k] - mean[k];
  const gram = n < d;
  // Gram: rows of Xc against rows of Xc. Covariance: rows of Xcᵀ against rows of Xcᵀ.
  const M = gram ? Xc : transpose(Xc, n, d);
  const m = gram ? n : d, len = gram ? d : n;
  const S = new Float64Array(m * m);
  const scratch = new Float64Array(BLOCK_ROWS * m);
  for (let s = 0; s < m; s += BLOCK_ROWS) {
    const p = ticker.tick();
    if (p) await p;
    const cnt = Math.min(BLOCK_ROWS, m - s);
    dotBlock(M, len, null, s, cnt, M, m, scratch);
    S.set(scratch.subarray(0, cnt * m), s * m);
    ticker.progress((0.6 * (s + cnt)) / m);
  }
  const { values, vectors } = symmetricEigen(S, m);
  await ticker.pause();
  const k = Math.min(r, m);
  const components = new Float64Array(k * d);
  const eigenvalues = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    eigenvalues[j] = Math.max(0, values[j]);
    const row = components.subarray(j * d, (j + 1) * d);
    if (!gram) {
      row.set(vectors.subarray(j * m, (j + 1) * m));
      continue;
    }
    // Gram eigenvector u ↦ component Xcᵀ·u (normalised; zero when the eigenvalue is 0).
    if (eigenvalues[j] <= 1e-12 * Math.max(1, values[0])) continue;
    for (let i = 0; i < n; i++) {
      const u = vectors[j * m + i];
      for (let t = 0; t < d; t++) row[t] += u * Xc[i * d + t];
    }
    const inv = 1 / Math.sqrt(row.reduce((a, b) => a + b * b, 0));
    for (let t = 0; t < d; t++) row[t] *= inv;
  }
  return { components, eigenvalues };
}

function transpose(A: Float32Array, n: number, d: number): Float32Array {
  const T = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) T[k * n + i] = A[i * d + k];
  return T;
}

/**
 * r orthonormal rows: the given components where they are non-zero (variance
 * > 0), then standard basis vectors orthogonalised against them. Signs: the
 * largest-magnitude entry of each row is made positive (deterministic output).
 */
function completeBasis(comps: Float64Array, eig: Float64Array, d: number, r: number): { rows: Float64Array; kept: number } {
  const out = new Float64Array(r * d);
  let have = 0;
  for (let j = 0; j < eig.length && have < r; j++) {
    const row = comps.subarray(j * d, (j + 1) * d);
    if (row.every((v) => v === 0)) break;
    out.set(row, have * d);
    have++;
  }
  const kept = have;
  for (let e = 0; have < r && e < d; e++) {
    const cand = out.subarray(have * d, (have + 1) * d);
    cand.fill(0);
    cand[e] = 1;
    orthonormalise(out.subarray(0, (have + 1) * d), d, have + 1);
    if (cand.some((v) => v !== 0)) have++;
  }
  for (let j = 0; j < r; j++) {
    const row = out.subarray(j * d, (j + 1) * d);
    let big = 0;
    for (let k = 0; k < d; k++) if (Math.abs(row[k]) > Math.abs(big)) big = row[k];
    if (big < 0) for (let k = 0; k < d; k++) row[k] = -row[k];
  }
  return { rows: out, kept };
}
