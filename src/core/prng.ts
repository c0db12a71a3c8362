/**
 * Seeded pseudo-random numbers (mulberry32: 32-bit state, fast, good enough
 * for sampling and initialisation), so every seeded core result is
 * reproducible across runs, Node and browsers.
 */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  gauss(): number;
}

/** A generator from a 32-bit seed (any number; it is truncated to 32 bits). */
export function prng(seed: number): Prng {
  let a = seed >>> 0;
  let spare: number | null = null;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    gauss: () => {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

/** k distinct integers from [0, n) (partial Fisher–Yates on a sparse map; O(k)). */
export function sampleWithoutReplacement(rng: Prng, n: number, k: number): Int32Array {
  const kk = Math.min(k, n);
  const swapped = new Map<number, number>();
  const out = new Int32Array(kk);
  for (let i = 0; i < kk; i++) {
    const j = i + rng.int(n - i);
    const vj = swapped.get(j) ?? j;
    out[i] = vj;
    swapped.set(j, swapped.get(i) ?? i);
  }
  return out;
}
