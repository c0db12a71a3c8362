/**
 * Shared state of the bounded Lloyd iterations: assignments, the upper bound
 * on each row's distance to its centre, per-cluster sums (so a centre update
 * costs O(k·dim), not O(n·dim)), and the centre update with empty-cluster
 * relocation. The bound scheme (kmeans-hamerly.ts) keeps the lower bounds.
 */
import { rowSqNorms } from '../kernels/index.js';

export class LloydState {
  readonly a: Int32Array;
  /** Upper bound on the Euclidean distance of each row to its centre. */
  readonly upper: Float64Array;
  readonly sums: Float64Array;
  readonly counts: Int32Array;
  /** How far each centre moved in the last update. */
  readonly moved: Float64Array;
  readonly xNorms: Float64Array;
  cNorms: Float64Array;

  constructor(
    readonly X: Float32Array,
    readonly n: number,
    readonly dim: number,
    readonly k: number,
    /** k × dim, updated in place. */
    readonly C: Float32Array,
  ) {
    this.a = new Int32Array(n);
    this.upper = new Float64Array(n);
    this.sums = new Float64Array(k * dim);
    this.counts = new Int32Array(k);
    this.moved = new Float64Array(k);
    this.xNorms = rowSqNorms(X, n, dim);
    this.cNorms = rowSqNorms(C, k, dim);
  }

  /** Rebuild sums and counts from the assignments (after the initial pass). */
  recount(): void {
    this.sums.fill(0);
    this.counts.fill(0);
    for (let i = 0; i < this.n; i++) {
      this.addRow(i, this.a[i], 1);
      this.counts[this.a[i]]++;
    }
  }

  /** Reassign row i. */
  move(i: number, from: number, to: number): void {
    this.addRow(i, from, -1);
    this.addRow(i, to, 1);
    this.counts[from]--;
    this.counts[to]++;
    this.a[i] = to;
  }

  /**
   * Move every centre to the mean of its rows (an empty cluster first takes
   * the row farthest from its centre; `invalidate(i)` lets the bound scheme
   * forget that row's lower bounds). Returns Σ‖Δc‖².
   */
  update(invalidate: (i: number) => void): number {
    const { k, dim, C, sums, counts, moved } = this;
    this.relocateEmpty(invalidate);
    let shift = 0;
    for (let j = 0; j < k; j++) {
      if (counts[j] === 0) {
        moved[j] = 0; // no row to move it: keep the centre where it is
        continue;
      }
      const inv = 1 / counts[j];
      const o = j * dim;
      let m = 0;
      for (let d = 0; d < dim; d++) {
        const v = Math.fround(sums[o + d] * inv);
        const diff = v - C[o + d];
        m += diff * diff;
        C[o + d] = v;
      }
      moved[j] = Math.sqrt(m);
      shift += m;
    }
    this.cNorms = rowSqNorms(C, k, dim);
    return shift;
  }

  /** Exact distance of row i to centre c. */
  dist(i: number, c: number): number {
    return Math.sqrt(sqDist(this.X, i * this.dim, this.C, c * this.dim, this.dim));
  }

  private addRow(i: number, c: number, sign: number): void {
    const { sums, X, dim } = this;
    const o = c * dim, x = i * dim;
    for (let d = 0; d < dim; d++) sums[o + d] += sign * X[x + d];
  }

  private relocateEmpty(invalidate: (i: number) => void): void {
    const { k, a, upper, counts } = this;
    for (let j = 0; j < k; j++) {
      if (counts[j] > 0) continue;
      let far = -1, farD = -1;
      for (let i = 0; i < this.n; i++) {
        if (counts[a[i]] > 1 && upper[i] > farD) {
          farD = upper[i];
          far = i;
        }
      }
      if (far < 0) return; // fewer distinct rows than clusters: nothing to move
      this.move(far, a[far], j);
      upper[far] = 0; // it will sit exactly on the new centre
      invalidate(far);
    }
  }
}

/** Squared Euclidean distance between row xo.. of X and row co.. of C. */
export function sqDist(X: Float32Array, xo: number, C: Float32Array, co: number, dim: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) {
    const t = X[xo + d] - C[co + d];
    s += t * t;
  }
  return s;
}

/** Mean over dimensions of the per-dimension variance of the rows. */
export function meanVariance(X: Float32Array, n: number, dim: number): number {
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += X[i * dim + d];
  for (let d = 0; d < dim; d++) mean[d] /= n;
  let v = 0;
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) v += (X[i * dim + d] - mean[d]) ** 2;
  return v / (n * dim);
}
