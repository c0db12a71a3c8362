/**
 * The one seeded pseudo-random generator of core/ (k-means++ seeding, IVF
 * training samples, calibration negatives, PCA, UMAP, sampling).
 * xoshiro128** with splitmix32 seeding: fast in plain JS (32-bit integer ops
 * only), 128-bit state (mulberry32, which prng.ts used to offer, has 32 bits
 * and repeats within 2^32 draws), identical streams in Node and in workers.
 */

/** splitmix32 step: spreads a 32-bit seed over the 128-bit state. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seeded generator. Two instances with the same seed produce the same stream. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | null = null;

  /** @param seed any finite number; its low 32 bits (and a hash of the fraction) select the stream. */
  constructor(seed = 0) {
    const st = { s: (Math.floor(seed) ^ Math.floor((seed % 1) * 0x7fffffff)) | 0 };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st);
    if ((this.a | this.b | this.c | this.d) === 0) this.d = 1; // the all-zero state is a fixed point
  }

  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform float in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal deviate (Marsaglia polar method). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u: number, v: number, s: number;
    do {
      u = this.next() * 2 - 1;
      v = this.next() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    return u * m;
  }

  /** Shuffle an array in place (Fisher–Yates) and return it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(arr: T): T {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = arr[i];
      arr[i] = arr[j];
      arr[j] = t;
    }
    return arr;
  }

  /**
   * `m` distinct integers from [0, n), in ascending order (so sampled rows are
   * read in memory order). Returns all of 0..n-1 when m >= n.
   */
  sample(n: number, m: number): Int32Array {
    if (m >= n) return Int32Array.from({ length: n }, (_, i) => i);
    // Floyd's algorithm: O(m) draws, no n-sized scratch.
    const chosen = new Set<number>();
    for (let j = n - m; j < n; j++) {
      const t = this.int(j + 1);
      chosen.add(chosen.has(t) ? j : t);
    }
    return Int32Array.from(chosen).sort();
  }

  /** Index drawn with probability proportional to `weights[i]` (non-negative); -1 when all are 0. */
  weighted(weights: ArrayLike<number>, total?: number): number {
    let sum = total ?? 0;
    if (total === undefined) for (let i = 0; i < weights.length; i++) sum += weights[i];
    if (!(sum > 0)) return -1;
    let r = this.next() * sum;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    // Rounding left r ≥ 0 after the last weight: return the last positive one.
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
    return -1;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
