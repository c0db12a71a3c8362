import { afterEach, describe, expect, it } from 'vitest';
import { CancelledError, ValidationError } from '../../../../src/contract/errors.js';
import { ExactIndex, combineQueries, searchExact } from '../../../../src/core/search/exact.js';
import { setKernelChoice } from '../../../../src/core/kernels/wasm/arena.js';
import { bruteTopK, clustered, dotRows, randomUnit, sameRanking } from './helpers.js';

afterEach(() => setKernelChoice('auto'));

function check(res: { nq: number; k: number; indices: Int32Array; distances: Float32Array }, qs: ReturnType<typeof randomUnit>, base: ReturnType<typeof randomUnit>, k: number, subset?: number[]) {
  expect(res.nq).toBe(qs.n);
  expect(res.k).toBe(k);
  for (let i = 0; i < qs.n; i++) {
    const err = sameRanking(res.indices.subarray(i * k, (i + 1) * k), res.distances.subarray(i * k, (i + 1) * k), bruteTopK(qs, i, base, k, subset));
    expect(err, `query ${i}`).toBeNull();
  }
}

describe.each(['wasm', 'js'] as const)('searchExact / ExactIndex (%s kernels)', (kernels) => {
  it.each([
    [1, 10, 8, 3],
    [3, 50, 13, 5],
    [7, 5000, 40, 10],
    [300, 700, 33, 4],
    [2, 9, 16, null],
  ])('matches brute force: nq=%i n=%i dim=%i k=%s', async (nq, n, dim, k) => {
    setKernelChoice(kernels);
    const base = randomUnit(n, dim, n + dim);
    const qs = randomUnit(nq, dim, nq * 7);
    const kk = Math.min(k ?? n, n);
    check(await searchExact(base, qs, k), qs, base, kk);
    const idx = new ExactIndex(base);
    check(idx.search(qs, k), qs, base, kk);
    if (nq === 1) check(idx.search(qs.data, k), qs, base, kk);
  });

  it('single queries through the i16 filter return exactly the f32 scan (ties, duplicates, crowded neighbourhoods)', () => {
    setKernelChoice(kernels);
    const base = clustered(3000, 64, { clusters: 4, spread: 0.3, dupFrac: 0.2, dupNoise: 0.001, seed: 5 });
    // Exact copies: score ties that only the index order breaks.
    base.data.copyWithin(10 * 64, 20 * 64, 21 * 64);
    const filtered = new ExactIndex(base, { quantizedFilter: true });
    const plain = new ExactIndex(base, { quantizedFilter: false });
    for (const row of [0, 10, 20, 999, 2999]) {
      const q = base.data.slice(row * 64, (row + 1) * 64);
      for (const k of [1, 10, 50]) {
        const a = filtered.search(q, k), b = plain.search(q, k);
        expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
        for (let t = 0; t < k; t++) expect(a.distances[t]).toBeCloseTo(b.distances[t], 5);
        check(a, { data: q, n: 1, dim: 64 }, base, k);
      }
    }
    expect(filtered.search(new Float32Array(64), 3).k).toBe(3); // all-zero query: the f32 path
    expect(() => new ExactIndex(base, { quantizedFilter: 'yes' as never })).toThrow(expect.objectContaining({ field: 'options.quantizedFilter' }));
  });

  it('restricts to a subset and reports base row numbers', async () => {
    setKernelChoice(kernels);
    const base = randomUnit(400, 24, 5);
    const qs = randomUnit(3, 24, 6);
    const subset = [399, 3, 17, 250, 251, 100, 0, 42];
    check(await searchExact(base, qs, 4, { subset }), qs, base, 4, subset);
    const idx = new ExactIndex(base);
    check(idx.search(qs, 4, { subset }), qs, base, 4, subset);
    const one = { data: qs.data.subarray(0, 24), n: 1, dim: 24 };
    check(idx.search(one, 8, { subset }), one, base, 8, subset);
  });
});

describe('searchExact', () => {
  it('streams a base larger than one chunk', async () => {
    const base = randomUnit(9000, 8, 11);
    const qs = randomUnit(5, 8, 12);
    check(await searchExact(base, qs, 6), qs, base, 6);
  });

  it('handles empty inputs and clamps k', async () => {
    const base = randomUnit(3, 4, 1);
    const res = await searchExact(base, randomUnit(2, 4, 2), 10);
    expect(res.k).toBe(3);
    expect((await searchExact(randomUnit(0, 4, 1), randomUnit(2, 4, 2), 5)).k).toBe(0);
    expect((await searchExact(base, randomUnit(0, 4, 2), 5)).nq).toBe(0);
    expect((await searchExact(base, randomUnit(1, 4, 2), 2, { subset: [] })).k).toBe(0);
  });

  it('validates input with typed errors', async () => {
    const base = randomUnit(10, 4, 1);
    await expect(searchExact(base, randomUnit(1, 5, 1), 2)).rejects.toThrow(expect.objectContaining({ field: 'queries' }));
    await expect(searchExact(base, new Float32Array(3), 2)).rejects.toThrow(expect.objectContaining({ field: 'queries' }));
    await expect(searchExact(base, randomUnit(1, 4, 1), 0)).rejects.toThrow(expect.objectContaining({ field: 'k', rule: 'int >= 1' }));
    await expect(searchExact(base, randomUnit(1, 4, 1), 2, { subset: [0, 10] })).rejects.toThrow(expect.objectContaining({ field: 'subset' }));
    const bad = randomUnit(1, 4, 1);
    bad.data[2] = Infinity;
    await expect(searchExact(base, bad, 2)).rejects.toThrow(ValidationError);
    expect(() => new ExactIndex({ data: new Float32Array([NaN]), n: 1, dim: 1 })).toThrow(expect.objectContaining({ field: 'vectors.data' }));
  });

  it('cancels between chunks', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(searchExact(randomUnit(50, 4, 1), randomUnit(2, 4, 2), 3, { signal: ac.signal })).rejects.toThrow(CancelledError);
  });
});

describe('combineQueries', () => {
  it('ranks by the weighted mean similarity to the references', async () => {
    const base = randomUnit(200, 16, 3);
    const refs = randomUnit(3, 16, 4);
    const w = [1, 3, 0.5];
    const q = combineQueries(refs, w);
    const res = await searchExact(base, q, 200);
    const mean = (j: number) => (w[0] * dotRows(refs, 0, base, j) + w[1] * dotRows(refs, 1, base, j) + w[2] * dotRows(refs, 2, base, j)) / 4.5;
    for (let t = 1; t < 200; t++) expect(mean(res.indices[t - 1])).toBeGreaterThanOrEqual(mean(res.indices[t]) - 1e-6);
    expect(1 - res.distances[0]).toBeCloseTo(mean(res.indices[0]), 5);
    expect(() => combineQueries(refs, [1, -1, 0])).toThrow(expect.objectContaining({ field: 'weights', rule: 'non-zero sum' }));
    expect(() => combineQueries(refs, [1])).toThrow(expect.objectContaining({ field: 'weights' }));
  });
});
