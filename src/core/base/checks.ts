/** Input checks shared by the similarity functions; each throws ValidationError naming the field and rule. */
import { ValidationError } from '../../contract/errors.js';
import type { VectorSet } from './matrix.js';

/** A VectorSet with consistent shape and only finite numbers. */
export function checkVectorSet(vs: VectorSet, field: string): void {
  if (!vs || !(vs.data instanceof Float32Array)) throw new ValidationError(field, 'VectorSet with a Float32Array data');
  if (!Number.isInteger(vs.dim) || vs.dim <= 0) throw new ValidationError(`${field}.dim`, 'int > 0');
  if (!Number.isInteger(vs.n) || vs.n < 0 || vs.data.length < vs.n * vs.dim) {
    throw new ValidationError(`${field}.n`, 'int >= 0 with data.length >= n*dim');
  }
  const { data } = vs;
  const len = vs.n * vs.dim;
  for (let i = 0; i < len; i++) {
    // x - x is NaN exactly for NaN and ±Infinity: one test per element.
    if (data[i] - data[i] !== 0) {
      throw new ValidationError(`${field}.data`, 'finite numbers', `${field}.data: finite numbers (row ${Math.floor(i / vs.dim)} has ${data[i]})`);
    }
  }
}

/** An integer within [min, max]. */
export function checkInt(value: number, field: string, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(field, max === Number.MAX_SAFE_INTEGER ? `int >= ${min}` : `int in [${min}, ${max}]`);
  }
}

/** A finite number within [min, max]. */
export function checkNumber(value: number, field: string, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new ValidationError(field, `number in [${min}, ${max}]`);
  }
}

/** Row indices: integers in [0, n), as an Int32Array (no duplicates check: duplicates are allowed and kept). */
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
