/**
 * Constant tensors known at conversion time (decoded weights) and the few
 * host-side reshuffles the converter needs (HWIO→OIHW, NHWC→NCHW broadcasts).
 */

/** Element types a TF.js graph constant can have here. */
export type ConstDtype = 'float32' | 'int32' | 'bool';

/** A dense row-major constant. */
export interface ConstTensor {
  readonly dtype: ConstDtype;
  readonly shape: readonly number[];
  readonly data: Float32Array | Int32Array | Uint8Array;
}

/** Number of elements of a static shape (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function emptyLike(dtype: ConstDtype, n: number): Float32Array | Int32Array | Uint8Array {
  if (dtype === 'float32') return new Float32Array(n);
  if (dtype === 'int32') return new Int32Array(n);
  return new Uint8Array(n);
}

/**
 * Permute the axes of a constant: output axis i is input axis perm[i]
 * (numpy.transpose semantics).
 */
export function transposeConst(t: ConstTensor, perm: readonly number[]): ConstTensor {
  const rank = t.shape.length;
  if (perm.length !== rank) throw new RangeError(`perm ${perm.join(',')} does not match rank ${rank}`);
  const outShape = perm.map((p) => t.shape[p]);
  const n = sizeOf(t.shape);
  const out = emptyLike(t.dtype, n);
  if (n === 0) return { dtype: t.dtype, shape: outShape, data: out };
  // Strides of the input, read in output-axis order, so one odometer walks the output linearly.
  const inStrides = new Array<number>(rank);
  let s = 1;
  for (let a = rank - 1; a >= 0; a--) {
    inStrides[a] = s;
    s *= t.shape[a];
  }
  const stride = perm.map((p) => inStrides[p]);
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let o = 0; o < n; o++) {
    out[o] = t.data[src];
    for (let a = rank - 1; a >= 0; a--) {
      idx[a]++;
      src += stride[a];
      if (idx[a] < outShape[a]) break;
      src -= stride[a] * outShape[a];
      idx[a] = 0;
    }
  }
  return { dtype: t.dtype, shape: outShape, data: out };
}

/** Same data, another shape with the same element count. */
export function reshapeConst(t: ConstTensor, shape: readonly number[]): ConstTensor {
  if (sizeOf(shape) !== sizeOf(t.shape)) {
    throw new RangeError(`cannot reshape [${t.shape.join(',')}] to [${shape.join(',')}]`);
  }
  return { dtype: t.dtype, shape: [...shape], data: t.data };
}

/** Whether every axis has size 1 (a scalar in disguise: broadcasts the same in any layout). */
export function isScalarLike(t: ConstTensor): boolean {
  return sizeOf(t.shape) === 1;
}
