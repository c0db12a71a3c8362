import { describe, expect, it } from 'vitest';
import { calibrateRelevance, relevanceScores, type RelevanceModel } from '../../../../src/core/rank/relevance.js';
import { blobs } from './fixtures.js';
import { Rng } from '../../../../src/core/base/random.js';
import type { VectorSet } from '../../../../src/core/base/matrix.js';

/**
 * Archive of 300 rows in one embedding cluster with 6 ordinary pixel statistics;
 * 20 in-domain items drawn the same way; 20 off-domain items *inside* the
 * embedding cluster but with 2 statistics far off (a kind the embedding
 * places among the archive, as flags among emoji with the default model).
 */
function setup(seed = 1) {
  const all = blobs({ sizes: [340], dim: 16, sigma: 0.3, seed, unit: true });
  const rng = new Rng(seed + 50);
  const F = 6;
  const stats = (n: number, off: boolean) => Float32Array.from({ length: n * F }, (_, j) => (off && j % F < 2 ? 4 : 0) + rng.normal());
  const part = (a: number, b: number): VectorSet => ({ data: all.vs.data.slice(a * 16, b * 16), n: b - a, dim: 16 });
  return {
    archive: part(0, 300), archiveStats: { data: stats(300, false), n: 300, dim: F },
    good: part(300, 320), goodStats: { data: stats(20, false), n: 20, dim: F },
    odd: part(320, 340), oddStats: { data: stats(20, true), n: 20, dim: F },
  };
}
const auroc = (neg: ArrayLike<number>, pos: ArrayLike<number>) => {
  let s = 0;
  for (const p of Array.from(pos)) for (const q of Array.from(neg)) s += p > q ? 1 : p === q ? 0.5 : 0;
  return s / (pos.length * neg.length);
};

describe('relevance with the archive pixel region', () => {
  it('finds off-domain items the embedding distance cannot, and stores the region as JSON', async () => {
    const s = setup();
    const model = await calibrateRelevance(s.archive, { stats: s.archiveStats, seed: 2 });
    expect(model.pixel?.dim).toBe(6);
    const json = JSON.parse(JSON.stringify(model)) as RelevanceModel;
    const good = await relevanceScores(json, s.archive, s.good, { itemStats: s.goodStats });
    const odd = await relevanceScores(json, s.archive, s.odd, { itemStats: s.oddStats });
    // Distance alone: no separation; joint evidence: clear, and higher evidence = less relevant.
    expect(auroc(good.distance, odd.distance)).toBeLessThan(0.75);
    expect(auroc(good.evidence!, odd.evidence!)).toBeGreaterThan(0.95);
    expect(auroc(odd.score, good.score)).toBeGreaterThan(0.95);
    expect(Array.from(odd.irrelevant).filter(Boolean).length).toBeGreaterThan(10);
    expect(Array.from(good.irrelevant).filter(Boolean).length).toBeLessThanOrEqual(1);
  });

  it('older models (no region) and items without statistics score on distance alone', async () => {
    const s = setup(3);
    const model = await calibrateRelevance(s.archive, { stats: s.archiveStats });
    const { pixel: _drop, ...old } = model;
    const a = await relevanceScores(old as RelevanceModel, s.archive, s.odd, { itemStats: s.oddStats });
    const b = await relevanceScores(model, s.archive, s.odd);
    expect(a.evidence).toBeNull();
    expect(b.evidence).toBeNull();
    expect(Array.from(a.score)).toEqual(Array.from(b.score));
    // Items with more statistics than calibrated (19 vs 11 after an upgrade) use the calibrated prefix.
    const wide = { data: Float32Array.from({ length: 20 * 8 }, (_, j) => s.oddStats.data[Math.floor(j / 8) * 6 + Math.min(j % 8, 5)]), n: 20, dim: 8 };
    const c = await relevanceScores(model, s.archive, s.odd, { itemStats: wide });
    expect(c.evidence).not.toBeNull();
  });

  it('uncalibrated: learns the region on the fly from archiveStats; validates the statistics', async () => {
    const s = setup(4);
    const r = await relevanceScores(null, s.archive, s.odd, { itemStats: s.oddStats, archiveStats: s.archiveStats });
    expect(r.model?.pixel).toBeDefined();
    expect(r.evidence).not.toBeNull();
    await expect(relevanceScores(null, s.archive, s.odd, { itemStats: { data: s.goodStats.data.slice(0, 18), n: 3, dim: 6 } })).rejects.toMatchObject({ field: 'options.itemStats' });
    await expect(calibrateRelevance(s.archive, { stats: { data: s.archiveStats.data.slice(0, 60), n: 10, dim: 6 } })).rejects.toMatchObject({ field: 'options.stats' });
    const model = await calibrateRelevance(s.archive, { stats: s.archiveStats });
    const broken = { ...model, pixel: { ...model.pixel!, scale: [0] } } as RelevanceModel;
    await expect(relevanceScores(broken, s.archive, s.odd)).rejects.toMatchObject({ field: 'model' });
  });
});
