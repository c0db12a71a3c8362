/**
 * The one vector representation of core/: n row-major vectors of length dim
 * in one Float32Array (no array-of-arrays, so blocks stream through caches
 * and transfer between threads without copies).
 */
export interface VectorSet {
  readonly data: Float32Array;
  readonly n: number;
  readonly dim: number;
}

/** Wrap a flat buffer as a VectorSet, checking its length. */
export function vectorSet(data: Float32Array, dim: number): VectorSet {
  if (!Number.isInteger(dim) || dim <= 0) throw new RangeError(`dim must be a positive integer, got ${dim}`);
  if (data.length % dim !== 0) throw new RangeError(`data length ${data.length} is not a multiple of dim ${dim}`);
  return { data, n: data.length / dim, dim };
}

/** Build a VectorSet from rows (copies). */
export function fromRows(rows: ArrayLike<number>[], dim = rows[0]?.length ?? 0): VectorSet {
  const data = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => {
    if (r.length !== dim) throw new RangeError(`row ${i} has length ${r.length}, expected ${dim}`);
    data.set(r, i * dim);
  });
  return { data, n: rows.length, dim };
}

/** A view (no copy) of row i. */
export function row(vs: VectorSet, i: number): Float32Array {
  return vs.data.subarray(i * vs.dim, (i + 1) * vs.dim);
}

/** Copy the rows at `indices` into a new VectorSet. */
export function select(vs: VectorSet, indices: ArrayLike<number>): VectorSet {
  const out = new Float32Array(indices.length * vs.dim);
  for (let j = 0; j < indices.length; j++) out.set(row(vs, indices[j]), j * vs.dim);
  return { data: out, n: indices.length, dim: vs.dim };
}

/** L2-normalise every row in place; zero rows stay zero. Returns the same set. */
export function normalizeRows(vs: VectorSet): VectorSet {
  const { data, dim, n } = vs;
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    let s = 0;
    for (let d = 0; d < dim; d++) s += data[o + d] * data[o + d];
    if (s > 0) {
      const inv = 1 / Math.sqrt(s);
      for (let d = 0; d < dim; d++) data[o + d] *= inv;
    }
  }
  return vs;
}

/** Dot product of two equal-length vectors. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
