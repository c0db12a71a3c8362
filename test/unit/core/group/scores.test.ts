import { describe, expect, it } from 'vitest';
import { contentScores } from '../../../../src/core/rank/content-scores.js';
import { rankNormalize, minMaxNormalize } from '../../../../src/core/base/stats.js';
import { blobs, normalise } from './fixtures.js';
import { Rng } from '../../../../src/core/base/random.js';

/** One dense cluster (row 0 at its exact centre), a near-duplicate pair, and isolated rows. */
function scene() {
  const dim = 16, rng = new Rng(4);
  const c = Array.from({ length: dim }, () => rng.normal());
  const rows: number[][] = [c.slice()]; // 0: the centre of the dense cluster
  for (let i = 0; i < 80; i++) rows.push(c.map((x) => x + 0.15 * rng.normal())); // 1..80 cluster members
  for (let i = 0; i < 5; i++) rows.push(Array.from({ length: dim }, () => rng.normal())); // 81..85 isolated
  const base = Array.from({ length: dim }, () => rng.normal());
  rows.push(base, base.map((x) => x + 1e-4)); // 86, 87 near-duplicates far from the rest
  const data = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => data.set(r, i * dim));
  return normalise({ data, n: rows.length, dim });
}

describe('contentScores', () => {
  it('representativeness: high in the middle of a dense cluster, low for isolated rows (direction pinned)', async () => {
    const vs = scene();
    const s = await contentScores(vs);
    const isolated = [81, 82, 83, 84, 85];
    for (const i of isolated) expect(s.representativeness[i]).toBeLessThan(0.1);
    expect(s.representativeness[0]).toBeGreaterThan(0.9); // the centre
    const memberMean = Array.from({ length: 80 }, (_, j) => s.representativeness[j + 1]).reduce((a, b) => a + b) / 80;
    expect(memberMean).toBeGreaterThan(Math.max(...isolated.map((i) => s.representativeness[i])));
    // the centre beats an average member: it is everyone's neighbour
    expect(s.raw.representativeness[0]).toBeGreaterThan(memberMean > 0 ? Array.from({ length: 80 }, (_, j) => s.raw.representativeness[j + 1]).reduce((a, b) => a + b) / 80 : 0);
  });

  it('uniqueness: high for isolated rows, low inside the cluster, both 0..1', async () => {
    const vs = scene();
    for (const mode of ['mean', 'kth'] as const) {
      const s = await contentScores(vs, { uniqueness: mode, k: 5 });
      for (const i of [81, 82, 83, 84, 85]) expect(s.uniqueness[i]).toBeGreaterThan(0.9);
      expect(s.uniqueness[0]).toBeLessThan(0.5);
      for (const v of [...s.uniqueness, ...s.representativeness]) expect(v >= 0 && v <= 1).toBe(true);
    }
    // k = 1: a near-duplicate pair is the least unique thing in the set
    const one = await contentScores(vs, { k: 1, normalize: 'minmax' });
    expect(one.uniqueness[86]).toBe(0);
    expect(one.uniqueness[87]).toBe(0);
    expect(Math.max(...one.uniqueness)).toBe(1);
  });

  it('accepts a precomputed graph and validates', async () => {
    const { vs } = blobs({ sizes: [30], dim: 4, seed: 2, unit: true });
    await expect(contentScores(vs, { k: 0 })).rejects.toThrow(/options.k/);
    await expect(contentScores(vs, { normalize: 'z' as never })).rejects.toThrow(/options.normalize/);
    const one = await contentScores({ data: vs.data.slice(0, 4), n: 1, dim: 4 });
    expect(Array.from(one.uniqueness)).toEqual([0.5]);
  });
});

describe('normalisation', () => {
  it('ranks with averaged ties and min–max', async () => {
    expect(Array.from(rankNormalize([3, 1, 2, 2]))).toEqual([1, 0, 0.5, 0.5]);
    expect(Array.from(minMaxNormalize([2, 4, 3]))).toEqual([0, 1, 0.5]);
    expect(Array.from(minMaxNormalize([7, 7]))).toEqual([0.5, 0.5]);
  });
});
