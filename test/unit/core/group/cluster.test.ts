import { describe, expect, it } from 'vitest';
import { clusterBySimilarity } from '../../../../src/core/cluster/by-similarity.js';
import { clusterLists } from '../../../../src/core/cluster/lists.js';
import { kmeans } from '../../../../src/core/cluster/kmeans.js';
import { ValidationError } from '../../../../src/contract/errors.js';
import { Rng } from '../../../../src/core/base/random.js';
import { blobs, normalise, samePartition } from './fixtures.js';
import type { VectorSet } from '../../../../src/core/base/matrix.js';

/**
 * Two tight blobs on the unit sphere around directions u and v (90° apart), and
 * a thin bridge of single points along the arc from u to v, each within a few
 * degrees of the next: single linkage at the bridge spacing would chain them.
 */
function bridged(seed = 1): { vs: VectorSet; blobA: number[]; blobB: number[]; bridge: number[] } {
  const dim = 16, rng = new Rng(seed);
  const rows: number[][] = [];
  const u = Array.from({ length: dim }, (_, d) => (d === 0 ? 1 : 0));
  const v = Array.from({ length: dim }, (_, d) => (d === 1 ? 1 : 0));
  const jitter = (base: number[], s: number) => base.map((x) => x + rng.normal() * s);
  const blobA: number[] = [], blobB: number[] = [], bridge: number[] = [];
  for (let i = 0; i < 60; i++) blobA.push(rows.push(jitter(u, 0.03)) - 1);
  for (let i = 0; i < 60; i++) blobB.push(rows.push(jitter(v, 0.03)) - 1);
  for (let t = 1; t < 30; t++) {
    const a = (t / 30) * (Math.PI / 2);
    bridge.push(rows.push(jitter(u.map((x, d) => Math.cos(a) * x + Math.sin(a) * v[d]), 0.003)) - 1);
  }
  const data = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => data.set(r, i * dim));
  return { vs: normalise({ data, n: rows.length, dim }), blobA, blobB, bridge };
}

describe('clusterBySimilarity', () => {
  it('does not chain two blobs through a thin bridge', async () => {
    const { vs, blobA, blobB, bridge } = bridged();
    // consecutive bridge points are ~3° apart (cosine distance ≈ 0.0014); allow far more than that
    const r = await clusterBySimilarity(vs, { maxDistance: 0.05, k: 10 });
    const la = new Set(blobA.map((i) => r.labels[i]));
    const lb = new Set(blobB.map((i) => r.labels[i]));
    expect(la.size).toBe(1);
    expect(lb.size).toBe(1);
    expect([...la][0]).not.toBe([...lb][0]);
    // the middle of the bridge belongs to neither blob
    const mid = bridge[14];
    expect(r.labels[mid]).not.toBe([...la][0]);
    expect(r.labels[mid]).not.toBe([...lb][0]);
    // single linkage at the same threshold would have joined everything: check the bridge really is connected
    for (let t = 1; t < bridge.length; t++) {
      let dot = 0;
      for (let d = 0; d < vs.dim; d++) dot += vs.data[bridge[t] * vs.dim + d] * vs.data[bridge[t - 1] * vs.dim + d];
      expect(1 - dot).toBeLessThan(0.05);
    }
  });

  it('recovers separated groups and keeps far rows alone', async () => {
    const { vs, labels } = blobs({ sizes: [30, 40, 25], dim: 24, spread: 5, sigma: 0.3, seed: 8, unit: true });
    const r = await clusterBySimilarity(vs, { maxDistance: 0.3 });
    expect(samePartition(r.labels, labels)).toBe(true);
    expect(r.nClusters).toBe(3);
    expect(r.merges).toBe(vs.n - 3);
    const none = await clusterBySimilarity(vs, { maxDistance: 0 });
    expect(none.nClusters).toBe(vs.n);
  });

  it('never merges two groups whose average distance exceeds the threshold', async () => {
    const { vs } = blobs({ sizes: [200], dim: 8, sigma: 1, seed: 4, unit: true });
    const t = 0.15;
    const r = await clusterBySimilarity(vs, { maxDistance: t, k: 8 });
    // every cluster's mean pairwise distance is within t (average linkage merges are monotone)
    const groups = new Map<number, number[]>();
    r.labels.forEach((l, i) => groups.set(l, [...(groups.get(l) ?? []), i]));
    for (const g of groups.values()) {
      if (g.length < 2) continue;
      let s = 0, c = 0;
      for (let a = 0; a < g.length; a++)
        for (let b = a + 1; b < g.length; b++) {
          let dot = 0;
          for (let d = 0; d < vs.dim; d++) dot += vs.data[g[a] * vs.dim + d] * vs.data[g[b] * vs.dim + d];
          s += 1 - dot;
          c++;
        }
      expect(s / c).toBeLessThanOrEqual(t + 1e-6);
    }
  });

  it('validates threshold and unit rows', async () => {
    const { vs } = blobs({ sizes: [10], dim: 4, unit: true });
    await expect(clusterBySimilarity(vs, { maxDistance: -0.1 })).rejects.toMatchObject({ field: 'options.maxDistance' });
    await expect(clusterBySimilarity(vs, { maxDistance: NaN })).rejects.toBeInstanceOf(ValidationError);
    const raw = blobs({ sizes: [10], dim: 4 }).vs;
    await expect(clusterBySimilarity(raw, { maxDistance: 0.1 })).rejects.toMatchObject({ field: 'vectors', rule: 'L2-normalised rows' });
  });
});

describe('clusterLists', () => {
  it('sorts members by distance to the centre and clusters by inner diversity', async () => {
    // tight cluster (σ 0.05) of 20 and loose cluster (σ 0.4) of 10
    const { vs } = blobs({ sizes: [20, 10], dim: 12, spread: 3, sigma: [0.05, 0.4], seed: 2, unit: true });
    const km = await kmeans(vs, 2, { seed: 0 });
    const ids = Array.from({ length: vs.n }, (_, i) => 1000 + i);
    const plain = clusterLists(vs, km.assignments, { ids });
    expect(plain.clusters.map((c) => c.length)).toEqual([20, 10]); // default: by size
    expect(plain.clusters[0]).toEqual([...plain.clusters[0]].sort((a, b) => a - b));
    const sorted = clusterLists(vs, km.assignments, { ids, sortByDistanceToCenter: true, sortByDescendingInnerDiversity: true });
    expect(sorted.clusters.map((c) => c.length)).toEqual([10, 20]); // loose cluster is more diverse
    expect(sorted.innerDiversity[0]).toBeGreaterThan(sorted.innerDiversity[1]);
    for (const d of sorted.distances) for (let j = 1; j < d.length; j++) expect(d[j]).toBeGreaterThanOrEqual(d[j - 1]);
    // average = mean over all rows of their distance to their centre
    const all = sorted.distances.flat();
    expect(sorted.averageDistance).toBeCloseTo(all.reduce((a, b) => a + b, 0) / all.length, 12);
    expect(sorted.clusters.flat().sort()).toEqual(ids.sort());
  });

  it('leaves out label −1, reports null average when nothing is clustered, and validates', () => {
    const vs = normalise({ data: new Float32Array([1, 0, 0, 1, 1, 1]), n: 3, dim: 2 });
    const r = clusterLists(vs, new Int32Array([0, -1, 0]));
    expect(r.clusters).toEqual([[0, 2]]);
    expect(clusterLists(vs, new Int32Array([-1, -1, -1])).averageDistance).toBeNull();
    expect(() => clusterLists(vs, new Int32Array(2))).toThrow(ValidationError);
    expect(() => clusterLists(vs, new Int32Array(3), { ids: [1] })).toThrow(ValidationError);
  });
});
