/**
 * Input checks shared by the grouping algorithms (k-means, clustering,
 * outliers, relevance, PCA, UMAP, scores). Each throws a ValidationError that
 * names the field and the rule, so a job can report exactly what was wrong.
 */
import { ValidationError } from '../../contract/errors.js';
import type { VectorSet } from './matrix.js';
import type { KnnGraph } from '../search/knn.js';

/** Check that `vs` is a well-formed VectorSet of finite numbers with at least `minN` rows. */
export function assertVectorSet(vs: VectorSet, field: string, minN = 0): void {
  if (!vs || !(vs.data instanceof Float32Array)) throw new ValidationError(field, 'VectorSet with Float32Array data');
  const { n, dim, data } = vs;
  if (!Number.isInteger(dim) || dim <= 0) throw new ValidationError(`${field}.dim`, 'int > 0');
  if (!Number.isInteger(n) || n < 0 || data.length !== n * dim) throw new ValidationError(`${field}.n`, 'int >= 0 with data.length = n * dim');
  if (n < minN) throw new ValidationError(`${field}.n`, `int >= ${minN}`, `${field}.n: at least ${minN} vectors needed, got ${n}`);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    // v - v is NaN for NaN and ±Infinity: one comparison per element.
    if (v - v !== 0) {
      throw new ValidationError(field, 'finite numbers', `${field}: row ${Math.floor(i / dim)} has a non-finite value (${v})`);
    }
  }
}

/** Check an integer in [min, max]. */
export function assertInt(value: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const rule = max === Number.MAX_SAFE_INTEGER ? `int >= ${min}` : `int in [${min}, ${max}]`;
    throw new ValidationError(field, rule, `${field}: ${rule}, got ${String(value)}`);
  }
  return value;
}

/** Check a finite number in [min, max] (inclusive). */
export function assertNumber(value: unknown, field: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const rule = `finite number in [${min}, ${max}]`;
    throw new ValidationError(field, rule, `${field}: ${rule}, got ${String(value)}`);
  }
  return value;
}

/** Check that a precomputed kNN graph matches the n rows it claims to describe and has at least `k` neighbours. */
export function assertKnn(knn: KnnGraph, n: number, k: number, field: string): void {
  if (!knn || knn.n !== n || !(knn.indices instanceof Int32Array) || !(knn.distances instanceof Float32Array)) {
    throw new ValidationError(field, `KnnGraph over the same ${n} rows`);
  }
  if (knn.k < k || knn.indices.length !== n * knn.k || knn.distances.length !== n * knn.k) {
    throw new ValidationError(field, `KnnGraph with k >= ${k}`);
  }
}

/** Check the optional `signal` / `onProgress` pair every long operation accepts. */
export function assertRunOptions(options: { signal?: unknown; onProgress?: unknown }, field = 'options'): void {
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new ValidationError(`${field}.onProgress`, 'function or undefined');
  }
  const s = options.signal as { aborted?: unknown } | undefined;
  if (s !== undefined && (s === null || typeof s !== 'object' || typeof s.aborted !== 'boolean')) {
    throw new ValidationError(`${field}.signal`, 'AbortSignal or undefined');
  }
}

/**
 * Check that every row is L2-normalised (|‖x‖ − 1| ≤ 1e-3): the cosine-based
 * functions compute distances as 1 − dot and would be silently wrong otherwise.
 */
export function assertUnitRows(vs: VectorSet, field: string): void {
  const { n, dim, data } = vs;
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * dim;
    for (let d = 0; d < dim; d++) s += data[o + d] * data[o + d];
    if (Math.abs(Math.sqrt(s) - 1) > 1e-3) {
      throw new ValidationError(field, 'L2-normalised rows', `${field}: row ${i} has norm ${Math.sqrt(s).toFixed(4)}; normalise rows (normalizeRows) first`);
    }
  }
}
