import { describe, expect, it } from 'vitest';
import { kmeans, pointInertia } from '../../../../src/core/cluster/kmeans.js';
import { autoKmeans, silhouette } from '../../../../src/core/cluster/auto-k.js';
import { ValidationError, CancelledError } from '../../../../src/contract/errors.js';
import { blobs, samePartition } from './fixtures.js';
import { Rng } from '../../../../src/core/base/random.js';

/** Plain Lloyd from given centres, the reference the accelerated loop must match. */
function lloyd(data: Float32Array, n: number, dim: number, C0: Float32Array, k: number, iters: number) {
  const C = C0.slice();
  const a = new Int32Array(n);
  let hadEmpty = false;
  const assign = () => {
    for (let i = 0; i < n; i++) {
      let b = -1, bd = Infinity;
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let d = 0; d < dim; d++) s += (data[i * dim + d] - C[j * dim + d]) ** 2;
        if (s < bd) {
          bd = s;
          b = j;
        }
      }
      a[i] = b;
    }
  };
  assign();
  for (let t = 0; t < iters; t++) {
    const s = new Float64Array(k * dim), c = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      c[a[i]]++;
      for (let d = 0; d < dim; d++) s[a[i] * dim + d] += data[i * dim + d];
    }
    for (let j = 0; j < k; j++) if (c[j]) for (let d = 0; d < dim; d++) C[j * dim + d] = s[j * dim + d] / c[j];
    if (c.some((x) => x === 0)) hadEmpty = true; // ours relocates empty clusters; this reference does not
    assign();
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) inertia += (data[i * dim + d] - C[a[i] * dim + d]) ** 2;
  return { a, inertia, hadEmpty };
}

describe('kmeans', () => {
  it('recovers well separated blobs exactly', async () => {
    const { vs, labels } = blobs({ sizes: [40, 60, 50, 30, 70], dim: 16, spread: 10, sigma: 0.5, seed: 3 });
    const r = await kmeans(vs, 5, { seed: 1 });
    expect(samePartition(r.assignments, labels)).toBe(true);
    expect(r.converged).toBe(true);
    expect([...r.sizes].sort((x, y) => x - y)).toEqual([30, 40, 50, 60, 70]);
    const per = pointInertia(vs, r);
    expect(per.reduce((s, x) => s + x, 0)).toBeCloseTo(r.inertia, 6);
  });

  it('is deterministic for a seed and differs across seeds on ambiguous data', async () => {
    const { vs } = blobs({ sizes: [300], dim: 8, sigma: 1, seed: 9 });
    const a = await kmeans(vs, 6, { seed: 42 });
    const b = await kmeans(vs, 6, { seed: 42 });
    expect(Array.from(a.assignments)).toEqual(Array.from(b.assignments));
    expect(Array.from(a.centroids)).toEqual(Array.from(b.centroids));
    const c = await kmeans(vs, 6, { seed: 43 });
    expect(Array.from(c.centroids)).not.toEqual(Array.from(a.centroids));
  });

  it('follows exactly the trajectory of plain Lloyd from the same centres', async () => {
    const { vs } = blobs({ sizes: [120, 80, 100, 90], dim: 12, spread: 2, sigma: 1, seed: 5 });
    const C0 = vs.data.slice(0, 7 * 12); // rows 0..6 as starting centres: 7 centres on 4 blobs, lots of movement
    for (const iters of [1, 3, 8]) {
      const ours = await kmeans(vs, 7, { initialCentroids: C0, maxIterations: iters, tolerance: 0 });
      const ref = lloyd(vs.data, vs.n, vs.dim, C0, 7, iters);
      if (ours.converged && ours.iterations < iters) continue; // converged earlier: same fixed point checked below
      expect(Array.from(ours.assignments)).toEqual(Array.from(ref.a));
      expect(ours.inertia).toBeCloseTo(ref.inertia, 3);
    }
    const full = await kmeans(vs, 7, { initialCentroids: C0, maxIterations: 200, tolerance: 0 });
    const ref = lloyd(vs.data, vs.n, vs.dim, C0, 7, full.iterations);
    expect(Array.from(full.assignments)).toEqual(Array.from(ref.a));
    // 20 centres on 4 blobs: most rows sit between near-equal centres, the bounds' hardest case
    const C20 = new Float32Array(20 * 12);
    for (let j = 0; j < 20; j++) C20.set(vs.data.subarray(j * 19 * 12, (j * 19 + 1) * 12), j * 12);
    const many = await kmeans(vs, 20, { initialCentroids: C20, maxIterations: 12, tolerance: 0 });
    const refMany = lloyd(vs.data, vs.n, vs.dim, C20, 20, many.iterations);
    expect(refMany.hadEmpty).toBe(false);
    expect(Array.from(many.assignments)).toEqual(Array.from(refMany.a));
  });

  it('stops early on the centre-shift tolerance, still consistent', async () => {
    const { vs } = blobs({ sizes: [400], dim: 6, sigma: 1, seed: 12 });
    const exact = await kmeans(vs, 12, { seed: 3, tolerance: 0, maxIterations: 500 });
    const loose = await kmeans(vs, 12, { seed: 3, tolerance: 1e-2, maxIterations: 500 });
    expect(loose.converged).toBe(true);
    expect(loose.iterations).toBeLessThan(exact.iterations);
    expect(loose.inertia).toBeGreaterThanOrEqual(exact.inertia * (1 - 1e-9));
    expect(loose.inertia).toBeLessThan(exact.inertia * 1.05);
    await expect(kmeans(vs, 2, { tolerance: -1 })).rejects.toMatchObject({ field: 'options.tolerance' });
  });

  it('assigns every row to its nearest returned centroid', async () => {
    const { vs } = blobs({ sizes: [200], dim: 5, sigma: 1, seed: 11 });
    const r = await kmeans(vs, 9, { seed: 2, maxIterations: 3 });
    for (let i = 0; i < vs.n; i++) {
      let best = -1, bd = Infinity;
      for (let j = 0; j < r.k; j++) {
        let s = 0;
        for (let d = 0; d < vs.dim; d++) s += (vs.data[i * vs.dim + d] - r.centroids[j * vs.dim + d]) ** 2;
        if (s < bd - 1e-9) {
          bd = s;
          best = j;
        }
      }
      expect(r.assignments[i]).toBe(best);
    }
  });

  it('keeps k non-empty clusters when there are duplicates', async () => {
    const rows = new Float32Array([0, 0, 0, 0, 0, 0, 5, 5, 5, 5, 9, 9]);
    const r = await kmeans({ data: rows, n: 6, dim: 2 }, 3, { seed: 0 });
    expect(Array.from(r.sizes).every((s) => s > 0)).toBe(true);
    expect(r.inertia).toBeCloseTo(0, 9);
  });

  it('handles k = n and k = 1', async () => {
    const { vs } = blobs({ sizes: [7], dim: 3, seed: 2 });
    const all = await kmeans(vs, 7);
    expect(new Set(all.assignments).size).toBe(7);
    expect(all.inertia).toBeCloseTo(0, 6);
    const one = await kmeans(vs, 1);
    expect(Array.from(one.assignments)).toEqual(new Array(7).fill(0));
  });

  it('rejects k > n, k < 1, non-integer k and non-finite vectors with ValidationError', async () => {
    const { vs } = blobs({ sizes: [5], dim: 3 });
    await expect(kmeans(vs, 6)).rejects.toMatchObject({ field: 'k' });
    await expect(kmeans(vs, 0)).rejects.toBeInstanceOf(ValidationError);
    await expect(kmeans(vs, 2.5)).rejects.toBeInstanceOf(ValidationError);
    const bad = { ...vs, data: vs.data.slice() };
    bad.data[4] = NaN;
    await expect(kmeans(bad, 2)).rejects.toMatchObject({ field: 'vectors.data', rule: 'finite numbers' });
    bad.data[4] = Infinity;
    await expect(kmeans(bad, 2)).rejects.toBeInstanceOf(ValidationError);
    await expect(kmeans(vs, 2, { maxIterations: 0 })).rejects.toMatchObject({ field: 'options.maxIterations' });
    await expect(kmeans(vs, 2, { initialCentroids: new Float32Array(5) })).rejects.toMatchObject({ field: 'options.initialCentroids' });
  });

  it('cancels through the signal and reports monotone progress', async () => {
    const { vs } = blobs({ sizes: [3000], dim: 32, seed: 4 });
    const ac = new AbortController();
    ac.abort();
    await expect(kmeans(vs, 10, { signal: ac.signal })).rejects.toBeInstanceOf(CancelledError);
    const seen: number[] = [];
    await kmeans(vs, 10, { onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
  });
});

describe('autoKmeans', () => {
  it('picks the true k on clean blobs and reports the curve', async () => {
    for (const [sizes, seed] of [[[50, 50, 50, 50], 1], [[80, 40, 60, 30, 50, 70], 2], [[100, 100], 3]] as const) {
      const { vs, labels } = blobs({ sizes: [...sizes], dim: 20, spread: 8, sigma: 0.8, seed });
      const r = await autoKmeans(vs, { maxK: 10, seed: 7 });
      expect(r.k).toBe(sizes.length);
      expect(r.scores.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const best = Math.max(...r.scores.map((s) => s.score));
      expect(r.scores.find((s) => s.k === r.k)!.score).toBe(best);
      for (const s of r.scores) expect(s.score).toBeCloseTo(s.silhouette - s.reference, 12);
      expect(samePartition(r.result.assignments, labels)).toBe(true);
    }
  });

  it('searches in PCA space for wide vectors and still picks the true k', async () => {
    const { vs, labels } = blobs({ sizes: [60, 50, 40, 70, 30], dim: 150, spread: 3, sigma: 1, seed: 4 });
    const r = await autoKmeans(vs, { maxK: 8, seed: 1, searchDims: 16 });
    expect(r.searchDims).toBe(16);
    expect(r.k).toBe(5);
    expect(samePartition(r.result.assignments, labels)).toBe(true);
  });

  it('does not split an elongated cloud without clusters in two: plain silhouette does', async () => {
    // One Gaussian, 10× wider along its first axis: silhouette at k = 2 is high with no cluster structure at all.
    const rng = new Rng(5);
    const n = 300, dim = 8;
    const data = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) data[i * dim + d] = rng.normal() * (d === 0 ? 10 : 1);
    const vs = { data, n, dim };
    const plain = await autoKmeans(vs, { references: 0, maxK: 10 });
    expect(plain.k).toBe(2);
    expect(plain.scores[0].silhouette).toBeGreaterThan(0.3);
    const ours = await autoKmeans(vs, { maxK: 10 });
    // Against references with the same spread, k = 2 scores about nothing.
    expect(Math.abs(ours.scores[0].score)).toBeLessThan(0.05);
    expect(ours.scores[0].reference).toBeGreaterThan(0.3);
  });

  it('prefers fewer clusters within the tolerance of the best score', async () => {
    // Three blobs: tolerance 0 takes the best score (3); a tolerance near 1 takes the smallest k with any positive share of it (2).
    const { vs } = blobs({ sizes: [60, 60, 60], dim: 10, spread: 10, sigma: 1, seed: 9 });
    const strict = await autoKmeans(vs, { maxK: 8, tolerance: 0 });
    const loose = await autoKmeans(vs, { maxK: 8, tolerance: 0.99 });
    expect(loose.k).toBe(2);
    expect(strict.k).toBe(3);
    await expect(autoKmeans(vs, { tolerance: 1.5 })).rejects.toMatchObject({ field: 'options.tolerance' });
    await expect(autoKmeans(vs, { references: -1 })).rejects.toMatchObject({ field: 'options.references' });
  });

  it('returns one cluster for fewer than 3 rows', async () => {
    const r = await autoKmeans({ data: new Float32Array([1, 0, 0, 1]), n: 2, dim: 2 });
    expect(r.k).toBe(1);
    expect(r.scores).toEqual([]);
  });

  it('validates its range', async () => {
    const { vs } = blobs({ sizes: [30], dim: 3 });
    await expect(autoKmeans(vs, { minK: 5, maxK: 3 })).rejects.toMatchObject({ field: 'options.maxK' });
    await expect(autoKmeans(vs, { minK: 1 })).rejects.toMatchObject({ field: 'options.minK' });
  });

  it('silhouette is 1 for point clusters far apart and near 0 for one split blob', () => {
    // 4 points: two pairs at distance 0, pairs 10 apart.
    const d = new Float32Array([0, 0, 10, 10, 0, 0, 10, 10, 10, 10, 0, 0, 10, 10, 0, 0]);
    expect(silhouette(d, 4, new Int32Array([0, 0, 1, 1]), 2)).toBeCloseTo(1, 9);
    expect(silhouette(d, 4, new Int32Array([0, 1, 0, 1]), 2)).toBeLessThan(0);
  });
});
