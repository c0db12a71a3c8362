/** Test data and brute-force references for the similarity tests. */
import { normalizeRows, type VectorSet } from '../../../../src/core/base/matrix.js';
import { Rng } from '../../../../src/core/base/random.js';

/** Uniform random unit vectors. */
export function randomUnit(n: number, dim: number, seed: number): VectorSet {
  const r = new Rng(seed);
  const data = new Float32Array(n * dim);
  for (let i = 0; i < data.length; i++) data[i] = r.normal();
  return normalizeRows({ data, n, dim });
}

/**
 * Mixture of Gaussians on the sphere with planted near-duplicates: `dupFrac`
 * of the rows are noisy copies of an earlier row (noise `dupNoise` in norm).
 */
export function clustered(n: number, dim: number, opts: { clusters?: number; spread?: number; dupFrac?: number; dupNoise?: number; seed?: number; centreSeed?: number } = {}): VectorSet {
  const { clusters = 10, spread = 1.2, dupFrac = 0, dupNoise = 0.3, seed = 1 } = opts;
  const r = new Rng(seed);
  const centres = randomUnit(clusters, dim, opts.centreSeed ?? seed + 1).data;
  const data = new Float32Array(n * dim);
  const sd = spread / Math.sqrt(dim);
  const nd = dupNoise / Math.sqrt(dim);
  for (let i = 0; i < n; i++) {
    if (i > 0 && r.next() < dupFrac) {
      const src = r.int(i);
      for (let d = 0; d < dim; d++) data[i * dim + d] = data[src * dim + d] + r.normal() * nd;
    } else {
      const c = r.int(clusters);
      for (let d = 0; d < dim; d++) data[i * dim + d] = centres[c * dim + d] + r.normal() * sd;
    }
  }
  return normalizeRows({ data, n, dim });
}

/** Dot product of rows i and j (float64 accumulation). */
export function dotRows(a: VectorSet, i: number, b: VectorSet, j: number): number {
  let s = 0;
  for (let d = 0; d < a.dim; d++) s += a.data[i * a.dim + d] * b.data[j * b.dim + d];
  return s;
}

/** Brute-force top-k (similarity desc, index asc) of query row qi against rows `cands` of base. */
export function bruteTopK(q: VectorSet, qi: number, base: VectorSet, k: number, cands?: number[], exclude = -1): { ids: number[]; sims: number[] } {
  const all: [number, number][] = [];
  const list = cands ?? Array.from({ length: base.n }, (_, j) => j);
  for (const j of list) if (j !== exclude) all.push([dotRows(q, qi, base, j), j]);
  all.sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  const top = all.slice(0, k);
  return { ids: top.map((t) => t[1]), sims: top.map((t) => t[0]) };
}

/**
 * Compare a result list with the brute force allowing ties: the similarities
 * must match position by position (tolerance), and an index may differ only
 * where its similarity ties (within tolerance) with the expected one.
 */
export function sameRanking(ids: ArrayLike<number>, dists: ArrayLike<number>, ref: { ids: number[]; sims: number[] }, tol = 2e-5): string | null {
  if (ids.length !== ref.ids.length) return `length ${ids.length} vs ${ref.ids.length}`;
  for (let t = 0; t < ids.length; t++) {
    const sim = 1 - dists[t];
    if (Math.abs(sim - ref.sims[t]) > tol) return `pos ${t}: sim ${sim} vs ${ref.sims[t]}`;
    if (ids[t] !== ref.ids[t]) {
      const at = ref.ids.indexOf(ids[t]);
      if (at < 0 || Math.abs(ref.sims[at] - ref.sims[t]) > tol) return `pos ${t}: id ${ids[t]} vs ${ref.ids[t]}`;
    }
  }
  return null;
}
