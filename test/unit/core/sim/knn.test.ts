import { afterEach, describe, expect, it } from 'vitest';
import { CancelledError, ValidationError } from '../../../../src/contract/errors.js';
import { knnAll } from '../../../../src/core/search/knn.js';
import { setKernelChoice } from '../../../../src/core/kernels/wasm/arena.js';
import { bruteTopK, clustered, randomUnit, sameRanking } from './helpers.js';

afterEach(() => setKernelChoice('auto'));

describe.each(['wasm', 'js'] as const)('knnAll (%s kernels)', (kernels) => {
  it.each([
    [0, 8, 3],
    [1, 8, 3],
    [2, 3, 1],
    [5, 7, 10],
    [37, 13, 5],
    [300, 64, 10],
    [515, 100, 7],
  ])('matches brute force for n=%i dim=%i k=%i', async (n, dim, k) => {
    setKernelChoice(kernels);
    const vs = randomUnit(n, dim, n * 31 + dim);
    const g = await knnAll(vs, k);
    const kk = Math.min(k, Math.max(0, n - 1));
    expect(g.k).toBe(kk);
    expect(g.n).toBe(n);
    expect(g.indices.length).toBe(n * kk);
    for (let i = 0; i < n; i++) {
      const ref = bruteTopK(vs, i, vs, kk, undefined, i);
      const err = sameRanking(g.indices.subarray(i * kk, (i + 1) * kk), g.distances.subarray(i * kk, (i + 1) * kk), ref);
      expect(err, `row ${i}`).toBeNull();
    }
  });
});

describe('knnAll', () => {
  it('clamps k > n-1 and excludes self', async () => {
    const vs = randomUnit(4, 16, 3);
    const g = await knnAll(vs, 10);
    expect(g.k).toBe(3);
    for (let i = 0; i < 4; i++) expect(Array.from(g.indices.subarray(i * 3, i * 3 + 3)).sort()).toEqual([0, 1, 2, 3].filter((j) => j !== i));
  });

  it('breaks ties between identical vectors by the smaller index', async () => {
    const base = randomUnit(6, 24, 9);
    const data = new Float32Array(9 * 24);
    data.set(base.data);
    data.set(base.data.subarray(0, 24), 6 * 24); // row 6 = row 0
    data.set(base.data.subarray(0, 24), 7 * 24); // row 7 = row 0
    data.set(base.data.subarray(24, 48), 8 * 24); // row 8 = row 1
    const g = await knnAll({ data, n: 9, dim: 24 }, 2);
    expect(Array.from(g.indices.subarray(0, 2))).toEqual([6, 7]);
    expect(Array.from(g.indices.subarray(6 * 2, 6 * 2 + 2))).toEqual([0, 7]);
    expect(g.indices[8 * 2]).toBe(1);
    expect(g.distances[0]).toBeCloseTo(0, 5);
  });

  it('is exact on clustered data with near-duplicates at 1792 dims', async () => {
    const vs = clustered(200, 1792, { clusters: 5, dupFrac: 0.2, seed: 4 });
    const g = await knnAll(vs, 5);
    for (const i of [0, 17, 99, 150, 199]) {
      expect(sameRanking(g.indices.subarray(i * 5, i * 5 + 5), g.distances.subarray(i * 5, i * 5 + 5), bruteTopK(vs, i, vs, 5, undefined, i))).toBeNull();
    }
  });

  it('rejects NaN, bad k and malformed sets with ValidationError naming the field', async () => {
    const vs = randomUnit(5, 4, 1);
    vs.data[7] = NaN;
    await expect(knnAll(vs, 2)).rejects.toThrow(ValidationError);
    try {
      await knnAll(vs, 2);
    } catch (e) {
      expect((e as ValidationError).field).toBe('vs.data');
      expect((e as ValidationError).rule).toBe('finite numbers');
    }
    const ok = randomUnit(5, 4, 1);
    await expect(knnAll(ok, -1)).rejects.toThrow(expect.objectContaining({ field: 'k', rule: 'int >= 0' }));
    await expect(knnAll(ok, 1.5)).rejects.toThrow(ValidationError);
    await expect(knnAll({ data: new Float32Array(7), n: 2, dim: 4 }, 1)).rejects.toThrow(expect.objectContaining({ field: 'vs.n' }));
  });

  it('cancels through the AbortSignal and reports progress', async () => {
    const vs = randomUnit(600, 32, 2);
    const ac = new AbortController();
    const seen: number[] = [];
    await expect(
      knnAll(vs, 3, {
        signal: ac.signal,
        onProgress: (f) => {
          seen.push(f);
          ac.abort();
        },
      }),
    ).rejects.toThrow(CancelledError);
    expect(seen.length).toBe(1);
    const fr: number[] = [];
    await knnAll(vs, 3, { onProgress: (f) => fr.push(f) });
    expect(fr.at(-1)).toBe(1);
    expect(fr.every((f, i) => i === 0 || f >= fr[i - 1])).toBe(true);
  });
});
