/** Synthetic data for the grouping tests: seeded, small, with known structure. */
import { Rng } from '../../../../src/core/base/random.js';
import type { VectorSet } from '../../../../src/core/base/matrix.js';

/** Gaussian blobs: `sizes[c]` rows around centre c (centres ~ N(0, spread²)), noise σ per cluster. */
export function blobs(opts: { sizes: number[]; dim: number; spread?: number; sigma?: number | number[]; seed?: number; unit?: boolean }): {
  vs: VectorSet;
  labels: Int32Array;
  centres: Float32Array;
} {
  const { sizes, dim } = opts;
  const rng = new Rng(opts.seed ?? 1);
  const spread = opts.spread ?? 10;
  const k = sizes.length;
  const centres = new Float32Array(k * dim);
  for (let i = 0; i < centres.length; i++) centres[i] = rng.normal() * spread;
  const n = sizes.reduce((a, b) => a + b, 0);
  const data = new Float32Array(n * dim);
  const labels = new Int32Array(n);
  let r = 0;
  sizes.forEach((size, c) => {
    const sigma = Array.isArray(opts.sigma) ? opts.sigma[c] : opts.sigma ?? 1;
    for (let t = 0; t < size; t++, r++) {
      labels[r] = c;
      for (let d = 0; d < dim; d++) data[r * dim + d] = centres[c * dim + d] + rng.normal() * sigma;
    }
  });
  const vs = { data, n, dim };
  if (opts.unit) normalise(vs);
  return { vs, labels, centres };
}

/** L2-normalise rows in place. */
export function normalise(vs: VectorSet): VectorSet {
  for (let i = 0; i < vs.n; i++) {
    let s = 0;
    for (let d = 0; d < vs.dim; d++) s += vs.data[i * vs.dim + d] ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let d = 0; d < vs.dim; d++) vs.data[i * vs.dim + d] *= inv;
  }
  return vs;
}

/** Area under the ROC curve of `score` for positives `isPos` (ties count half). */
export function auroc(score: ArrayLike<number>, isPos: (i: number) => boolean): number {
  let wins = 0;
  const P: number[] = [], N: number[] = [];
  for (let i = 0; i < score.length; i++) (isPos(i) ? P : N).push(score[i]);
  for (const p of P) {
    for (const q of N) wins += p > q ? 1 : p === q ? 0.5 : 0;
  }
  return wins / (P.length * N.length);
}

/** True when two labelings define the same partition (up to renaming). */
export function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const ab = new Map<number, number>(), ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    if ((ab.get(a[i]) ?? b[i]) !== b[i] || (ba.get(b[i]) ?? a[i]) !== a[i]) return false;
    ab.set(a[i], b[i]);
    ba.set(b[i], a[i]);
  }
  return true;
}
