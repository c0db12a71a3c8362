/**
 * Checks of the vector sets core works on; each throws a ValidationError
 * naming the field and the rule. Scalars are checked with the shared
 * validators of src/contract/validate.ts.
 */
import { ValidationError } from '../../contract/errors.js';
import type { VectorSet } from './matrix.js';

/** A VectorSet of finite numbers with consistent shape (data.length = n × dim) and at least `minN` rows. */
export function checkVectorSet(vs: VectorSet, field: string, minN = 0): void {
  if (!vs || !(vs.data instanceof Float32Array)) throw new ValidationError(field, 'VectorSet with Float32Array data');
  const { n, dim, data } = vs;
  if (!Number.isInteger(dim) || dim <= 0) throw new ValidationError(`${field}.dim`, 'int > 0');
  if (!Number.isInteger(n) || n < 0 || data.length !== n * dim) throw new ValidationError(`${field}.n`, 'int >= 0 with data.length = n * dim');
  if (n < minN) throw new ValidationError(`${field}.n`, `int >= ${minN}`, `${field}.n: at least ${minN} vectors needed, got ${n}`);
  for (let i = 0; i < data.length; i++) {
    // v - v is NaN exactly for NaN and ±Infinity: one comparison per element.
    if (data[i] - data[i] !== 0) {
      throw new ValidationError(`${field}.data`, 'finite numbers', `${field}.data: row ${Math.floor(i / dim)} has a non-finite value (${data[i]})`);
    }
  }
}

/**
 * Every row L2-normalised (|‖x‖ − 1| ≤ 1e-3): the cosine-based functions
 * compute distances as 1 − dot and would be silently wrong otherwise.
 */
export function checkUnitRows(vs: VectorSet, field: string): void {
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

/** Row indices: integers in [0, n), as an Int32Array (repeats are allowed and kept). */
export function checkSubset(subset: ArrayLike<number>, n: number, field: string): Int32Array {
  const out = new Int32Array(subset.length);
  for (let i = 0; i < subset.length; i++) {
    const v = subset[i];
    if (!Number.isInteger(v) || v < 0 || v >= n) throw new ValidationError(field, `row indices in [0, ${n})`);
    out[i] = v;
  }
  return out;
}

/** Same dimension on both sides. */
export function checkSameDim(a: VectorSet, b: VectorSet, field: string): void {
  if (a.dim !== b.dim) throw new ValidationError(field, `dim equal to ${b.dim}`, `${field}: dim ${a.dim} differs from ${b.dim}`);
}
