import { afterEach, describe, expect, it } from 'vitest';
import { CancelledError } from '../../../../src/contract/errors.js';
import { knnAll } from '../../../../src/core/search/knn.js';
import { normalizeRows, type VectorSet } from '../../../../src/core/base/matrix.js';
import { nearDuplicates, similarPairs } from '../../../../src/core/dedupe/neardup.js';
import { neighborsAndPairs } from '../../../../src/core/search/neighbors.js';
import { Rng } from '../../../../src/core/base/random.js';
import { setKernelChoice } from '../../../../src/core/kernels/wasm/arena.js';
import { bruteTopK, clustered, dotRows, randomUnit, sameRanking } from './helpers.js';

afterEach(() => setKernelChoice('auto'));

function brutePairs(vs: VectorSet, t: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < vs.n; i++) for (let j = i + 1; j < vs.n; j++) if (dotRows(vs, i, vs, j) >= t) out.push(`${i}-${j}`);
  return out;
}

describe.each(['wasm', 'js'] as const)('similarPairs (%s kernels)', (kernels) => {
  it.each([
    [0, 8, 0.5],
    [1, 8, 0.5],
    [60, 16, 0.3],
    [400, 48, 0.8],
    [700, 100, 0.7],
  ])('equals brute force: n=%i dim=%i t=%f', async (n, dim, t) => {
    setKernelChoice(kernels);
    const vs = clustered(n, dim, { clusters: 6, spread: 1, dupFrac: 0.15, seed: n + dim });
    const p = await similarPairs(vs, t);
    const got = Array.from(p.a, (a, x) => `${a}-${p.b[x]}`);
    // Exactly the brute-force pairs, in (a, b) order.
    expect(got).toEqual(brutePairs(vs, t));
    for (let x = 0; x < p.a.length; x++) {
      expect(p.a[x]).toBeLessThan(p.b[x]);
      expect(p.sim[x]).toBeCloseTo(dotRows(vs, p.a[x], vs, p.b[x]), 5);
    }
  });
});

describe('neighborsAndPairs', () => {
  it('returns the exact top-k even where the quantized filter cannot prove it (rescans)', async () => {
    // Tight clusters: many neighbours within the quantization error, forcing rescans.
    const vs = clustered(500, 1792, { clusters: 3, spread: 0.05, dupFrac: 0.3, dupNoise: 0.01, seed: 3 });
    const pass = await neighborsAndPairs(vs, 6, 0.999);
    expect(pass.rescanned).toBeGreaterThan(0);
    const ref = await knnAll(vs, 6);
    for (let i = 0; i < vs.n; i += 7) {
      const err = sameRanking(pass.graph.indices.subarray(i * 6, i * 6 + 6), pass.graph.distances.subarray(i * 6, i * 6 + 6), bruteTopK(vs, i, vs, 6, undefined, i), 3e-5);
      expect(err, `row ${i}`).toBeNull();
      expect(Math.abs(ref.distances[i * 6 + 5] - pass.graph.distances[i * 6 + 5])).toBeLessThan(3e-5);
    }
    expect(new Set(Array.from(pass.pairs.a, (a, x) => `${a}-${pass.pairs.b[x]}`))).toEqual(new Set(brutePairs(vs, 0.999)));
  });

  it('handles identical vectors (score ties) and tiny sets', async () => {
    const base = randomUnit(5, 20, 1);
    const data = new Float32Array(8 * 20);
    data.set(base.data);
    data.set(base.data.subarray(0, 20), 100);
    data.set(base.data.subarray(0, 20), 120);
    data.set(base.data.subarray(40, 60), 140);
    const vs = { data, n: 8, dim: 20 };
    const pass = await neighborsAndPairs(vs, 3, 0.9999);
    expect(Array.from(pass.pairs.a, (a, x) => `${a}-${pass.pairs.b[x]}`)).toEqual(['0-5', '0-6', '2-7', '5-6']);
    expect(Array.from(pass.graph.indices.subarray(0, 2))).toEqual([5, 6]);
    expect((await neighborsAndPairs(randomUnit(1, 4, 1), 3, 0.5)).graph.k).toBe(0);
  });
});

/** A crowd of distinct-but-similar items (pairwise cos ≈ 0.85) plus isolated items each with one far copy (cos ≈ 0.75). */
function crowdAndCopies(seed: number) {
  const dim = 256;
  const r = new Rng(seed);
  const rows: number[][] = [];
  const centre = Array.from({ length: dim }, () => r.normal());
  const unit = (v: number[]) => {
    const s = Math.hypot(...v);
    return v.map((x) => x / s);
  };
  const c = unit(centre);
  for (let i = 0; i < 40; i++) rows.push(unit(c.map((x) => x + (r.normal() * 0.42) / Math.sqrt(dim))));
  const copies: [number, number][] = [];
  for (let i = 0; i < 15; i++) {
    const x = unit(Array.from({ length: dim }, () => r.normal()));
    rows.push(x);
    rows.push(unit(x.map((v) => v + (r.normal() * 0.88) / Math.sqrt(dim))));
    copies.push([rows.length - 2, rows.length - 1]);
  }
  const data = new Float32Array(rows.length * dim);
  rows.forEach((row, i) => data.set(row, i * dim));
  return { vs: normalizeRows({ data, n: rows.length, dim }), copies };
}

/**
 * Synthetic sets: random low-dimensional vectors, whose background sits at cosine ≈ 0 — far
 * below any real model's — so the context mechanism is tested with the reference floor off.
 */
const SYNTHETIC = { floor: -1 };

describe('nearDuplicates', () => {
  it('separates far copies from a crowd of similar items where no global threshold can', async () => {
    const { vs, copies } = crowdAndCopies(5);
    const copySims = copies.map(([a, b]) => dotRows(vs, a, vs, b));
    const crowd: number[] = [];
    for (let i = 0; i < 40; i++) for (let j = i + 1; j < 40; j++) crowd.push(dotRows(vs, i, vs, j));
    // The premise: the weakest copy is below the most similar crowd pair.
    expect(Math.min(...copySims)).toBeLessThan(Math.max(...crowd));
    const res = await nearDuplicates(vs, SYNTHETIC);
    expect(res.groups).toEqual(copies.map(([a, b]) => [a, b]));
    expect(res.pairs.a.length).toBe(15);
    // Context matters: with the margin off, the crowd merges into one group.
    const naive = await nearDuplicates(vs, { ...SYNTHETIC, margin: -2, low: Math.min(...copySims) });
    expect(naive.groups.some((g) => g.length > 10)).toBe(true);
  });

  it('accepts everything above `high` regardless of context, and applies the mutual-rank condition', async () => {
    const { vs } = crowdAndCopies(6);
    const all = await nearDuplicates(vs, { ...SYNTHETIC, high: 0.8, low: 0.8 });
    expect(all.groups[0].length).toBeGreaterThan(30);
    const mutual = await nearDuplicates(vs, { ...SYNTHETIC, mutual: 1 });
    expect(mutual.groups.length).toBe(15);
  });

  it('a few items of one kind among many of another: distinct items of the sparse kind are not copies (the reference floor)', async () => {
    // 60 "drawings" around one direction, 10 distinct "photos" around another (cosine ≈ 0.6 to each
    // other, ≈ 0.3 to the drawings), and one real copy of photo 0 — the demo's sample collection in small.
    const rng = new Rng(4);
    const dim = 64;
    const unit = (v: Float32Array) => { const n = Math.hypot(...v); return v.map((x) => x / n); };
    const noise = () => unit(Float32Array.from({ length: dim }, () => rng.normal()));
    const mix = (parts: [Float32Array, number][]) => unit(Float32Array.from({ length: dim }, (_, d) => parts.reduce((acc, [v, w]) => acc + w * v[d], 0)));
    const drawing = noise(), photo = noise(), shared = noise();
    const rows = [
      ...Array.from({ length: 60 }, () => mix([[drawing, 1], [shared, 0.6], [noise(), 0.9]])),
      ...Array.from({ length: 10 }, () => mix([[photo, 1], [shared, 0.6], [noise(), 0.75]])),
    ];
    rows.push(mix([[rows[60], 1], [noise(), 0.15]]));
    const data = new Float32Array(rows.length * dim);
    rows.forEach((r, i) => data.set(r, i * dim));
    const vs = normalizeRows({ data, n: rows.length, dim });
    const photoPairs: number[] = [];
    for (let i = 60; i < 70; i++) for (let j = i + 1; j < 70; j++) photoPairs.push(dotRows(vs, i, vs, j));
    // The premise: distinct photos sit well below `high`, their 20th neighbours among the drawings.
    expect(Math.max(...photoPairs)).toBeLessThan(0.85);
    const withFloor = await nearDuplicates(vs);
    expect(withFloor.groups).toEqual([[60, 70]]);
    expect(withFloor.reference[65]).toBeCloseTo(0.64, 5);
    // Without it, distinct photos "stand out" from a neighbourhood of drawings and pass as copies.
    const without = await nearDuplicates(vs, { floor: -1 });
    expect(without.pairs.a.length).toBeGreaterThan(1);
  });

  it('validates the rule and cancels', async () => {
    const vs = randomUnit(20, 8, 1);
    await expect(nearDuplicates(vs, { low: 0.95, high: 0.9 })).rejects.toThrow(expect.objectContaining({ field: 'rule.low', rule: 'number <= high' }));
    await expect(nearDuplicates(vs, { k: 0 })).rejects.toThrow(expect.objectContaining({ field: 'rule.k' }));
    await expect(nearDuplicates(vs, { floor: 2 })).rejects.toThrow(expect.objectContaining({ field: 'rule.floor' }));
    await expect(similarPairs(vs, 1.5)).rejects.toThrow(expect.objectContaining({ field: 'threshold' }));
    const ac = new AbortController();
    ac.abort();
    await expect(nearDuplicates(randomUnit(300, 8, 2), {}, { signal: ac.signal })).rejects.toThrow(CancelledError);
  });
});
