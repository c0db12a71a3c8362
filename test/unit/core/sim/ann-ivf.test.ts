import { afterEach, describe, expect, it } from 'vitest';
import { CancelledError } from '../../../../src/contract/errors.js';
import { IvfIndex } from '../../../../src/core/ann/ivf.js';
import { searchExact } from '../../../../src/core/search/exact.js';
import { setKernelChoice } from '../../../../src/core/kernels/wasm/arena.js';
import { clustered, randomUnit } from './helpers.js';

afterEach(() => setKernelChoice('auto'));

function recallAt(res: { indices: Int32Array; k: number }, truth: { indices: Int32Array; k: number }): number {
  let hit = 0;
  for (let q = 0; q < truth.indices.length / truth.k; q++) {
    const t = new Set(truth.indices.subarray(q * truth.k, (q + 1) * truth.k));
    for (let x = 0; x < res.k; x++) if (t.has(res.indices[q * res.k + x])) hit++;
  }
  return hit / truth.indices.length;
}

// Overlapping clusters (noise twice the centre norm); queries from the same mixture, not in the set.
const data = clustered(3000, 64, { clusters: 30, spread: 2, seed: 2 });
const qs = clustered(100, 64, { clusters: 30, spread: 2, seed: 77, centreSeed: 3 });

describe.each(['wasm', 'js'] as const)('IvfIndex (%s kernels)', (kernels) => {
  it('reaches a recall floor that grows with nprobe, and is exact when probing every cell', async () => {
    setKernelChoice(kernels);
    const idx = IvfIndex.build(data, { nlist: 40, seed: 3 });
    const truth = await searchExact(data, qs, 10);
    const r4 = recallAt(idx.search(qs, 10, { nprobe: 4 }), truth);
    const r20 = recallAt(idx.search(qs, 10, { nprobe: 20 }), truth);
    expect(r4).toBeGreaterThan(0.65);
    expect(r20).toBeGreaterThan(r4);
    expect(r20).toBeGreaterThan(0.93);
    const all = idx.search(qs, 10, { nprobe: 40, rerank: 200 });
    expect(recallAt(all, truth)).toBe(1);
    for (let x = 0; x < all.distances.length; x++) expect(all.distances[x]).toBeCloseTo(truth.distances[x], 5);
  });
});

describe('IvfIndex', () => {
  it('is reproducible for a seed', async () => {
    const a = IvfIndex.build(data, { nlist: 20, seed: 9 }).serialize();
    const b = IvfIndex.build(data, { nlist: 20, seed: 9 }).serialize();
    expect(b.centroids).toEqual(a.centroids);
    expect(b.ids).toEqual(a.ids);
    expect(b.codes).toEqual(a.codes);
    const c = IvfIndex.build(data, { nlist: 20, seed: 10 }).serialize();
    expect(c.centroids).not.toEqual(a.centroids);
  });

  it('round-trips through typed arrays, with and without f32 vectors', async () => {
    const idx = IvfIndex.build(data, { nlist: 25 });
    const snap = idx.serialize();
    expect(snap.vectors?.length).toBe(3000 * 64);
    expect(snap.vectors?.subarray(64 * 7, 64 * 8)).toEqual(data.data.subarray(64 * 7, 64 * 8));
    const back = IvfIndex.deserialize(structuredClone(snap));
    expect(back.search(qs, 5)).toEqual(idx.search(qs, 5));
    const lean = IvfIndex.build(data, { nlist: 25, keepVectors: false });
    expect(lean.serialize().vectors).toBeNull();
    const approx = lean.search(qs, 5, { nprobe: 25 });
    expect(recallAt(approx, await searchExact(data, qs, 5))).toBeGreaterThan(0.9);
    const broken = { ...snap, ids: snap.ids.slice(1) };
    expect(() => IvfIndex.deserialize(broken)).toThrow(expect.objectContaining({ field: 'snapshot.ids' }));
    expect(() => IvfIndex.deserialize({ ...snap, codes: new Uint8Array(3) })).toThrow(expect.objectContaining({ field: 'snapshot.codes' }));
  });

  it('adds rows with continuing ids and finds them', async () => {
    const first = { data: data.data.subarray(0, 2000 * 64), n: 2000, dim: 64 };
    const rest = { data: data.data.subarray(2000 * 64), n: 1000, dim: 64 };
    const idx = IvfIndex.build(first, { nlist: 20 });
    idx.add(rest);
    expect(idx.size).toBe(3000);
    const probe = { data: data.data.subarray(2500 * 64, 2501 * 64), n: 1, dim: 64 };
    const r = idx.search(probe, 1, { nprobe: 20 });
    expect(r.indices[0]).toBe(2500);
    expect(r.distances[0]).toBeCloseTo(0, 5);
    expect(() => idx.add(randomUnit(2, 8, 1))).toThrow(expect.objectContaining({ field: 'vectors' }));
  });

  it('handles tiny sets and k > n', async () => {
    const tiny = randomUnit(3, 8, 4);
    const idx = IvfIndex.build(tiny);
    const r = idx.search(tiny.data.subarray(0, 8), 10);
    expect(r.k).toBe(3);
    expect(r.indices[0]).toBe(0);
  });

  it('validates and cancels', async () => {
    expect(() => IvfIndex.build(randomUnit(0, 8, 1))).toThrow(expect.objectContaining({ field: 'vectors', rule: 'at least one row' }));
    expect(() => IvfIndex.build(data, { nlist: 5000 })).toThrow(expect.objectContaining({ field: 'nlist' }));
    const idx = IvfIndex.build(data, { nlist: 10 });
    expect(() => idx.search(qs, 0)).toThrow(expect.objectContaining({ field: 'k' }));
    expect(() => idx.search(qs, 5, { nprobe: 0 })).toThrow(expect.objectContaining({ field: 'nprobe' }));
    expect(() => idx.search(new Float32Array(5), 5)).toThrow(expect.objectContaining({ field: 'queries' }));
    const ac = new AbortController();
    ac.abort();
    expect(() => IvfIndex.build(data, { signal: ac.signal })).toThrow(CancelledError);
  });
});
