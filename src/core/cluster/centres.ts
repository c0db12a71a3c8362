/**
 * Centre-to-centre geometry for the bounded k-means iterations: distances,
 * Hamerly's s(j) = ½·(distance to the nearest other centre), and for every
 * centre the other centres sorted by distance. The sorted lists let a row
 * whose bounds failed check only the centres that can possibly be closer
 * than its own (those within twice its distance, by the triangle inequality)
 * instead of all k.
 */
import { dotRows, rowSqNorms } from '../kernels/index.js';

export interface CentreGeometry {
  /** ½ · distance from centre j to its nearest other centre (shaved by 1e-9 relative against rounding). */
  half: Float64Array;
  /** Row a (length k − 1): the other centres by ascending distance from a. */
  order: Int32Array;
  /** Distances aligned with `order`. */
  orderDist: Float64Array;
}

/** Compute the geometry of k centres (k × dim). */
export function centreGeometry(C: Float32Array, k: number, dim: number): CentreGeometry {
  const norms = rowSqNorms(C, k, dim);
  const dist = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    for (let l = j + 1; l < k; l++) {
      const d2 = norms[j] + norms[l] - 2 * dotRows(C, j, C, l, dim);
      // Shaved by 1e-9 relative: bounds built on these must never claim too much.
      const d = d2 > 0 ? Math.sqrt(d2) * (1 - 1e-9) : 0;
      dist[j * k + l] = d;
      dist[l * k + j] = d;
    }
  }
  const m = k - 1;
  const half = new Float64Array(k);
  const order = new Int32Array(k * m);
  const orderDist = new Float64Array(k * m);
  const idx: number[] = [];
  for (let a = 0; a < k; a++) {
    idx.length = 0;
    for (let c = 0; c < k; c++) if (c !== a) idx.push(c);
    idx.sort((x, y) => dist[a * k + x] - dist[a * k + y] || x - y);
    for (let t = 0; t < m; t++) {
      order[a * m + t] = idx[t];
      orderDist[a * m + t] = dist[a * k + idx[t]];
    }
    half[a] = m > 0 ? orderDist[a * m] * 0.5 : Infinity;
  }
  return { half, order, orderDist };
}

/** Number of centres (other than a) closer to a than `radius`: binary search in a's sorted list. */
export function countWithin(g: CentreGeometry, a: number, k: number, radius: number): number {
  const m = k - 1, o = a * m;
  let lo = 0, hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (g.orderDist[o + mid] < radius) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
