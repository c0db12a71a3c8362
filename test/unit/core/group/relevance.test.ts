import { describe, expect, it } from 'vitest';
import { calibrateRelevance, relevanceScores, type RelevanceModel } from '../../../../src/core/rank/relevance.js';
import { ValidationError } from '../../../../src/contract/errors.js';
import { blobs, normalise } from './fixtures.js';
import { Rng } from '../../../../src/core/base/random.js';
import type { VectorSet } from '../../../../src/core/base/matrix.js';

/** Archive: 3 clusters; in-domain items: fresh draws from the same clusters; off-topic: random directions. */
function setup(seed = 1) {
  const all = blobs({ sizes: [130, 130, 130], dim: 24, spread: 2, sigma: 0.25, seed, unit: true });
  const dim = 24;
  const archiveRows: number[] = [], inRows: number[] = [];
  for (let i = 0; i < all.vs.n; i++) (i % 130 < 120 ? archiveRows : inRows).push(i); // last 10 of each cluster are new
  const pick = (rows: number[]): VectorSet => {
    const data = new Float32Array(rows.length * dim);
    rows.forEach((r, j) => data.set(all.vs.data.subarray(r * dim, (r + 1) * dim), j * dim));
    return { data, n: rows.length, dim };
  };
  const rng = new Rng(seed + 100);
  const off = normalise({ data: new Float32Array(20 * dim).map(() => rng.normal()), n: 20, dim });
  return { archive: pick(archiveRows), inDomain: pick(inRows), off };
}

describe('relevance', () => {
  it('calibrates a small JSON model and flags off-topic items only', async () => {
    const { archive, inDomain, off } = setup();
    const model = await calibrateRelevance(archive, { seed: 3 });
    const json = JSON.parse(JSON.stringify(model)) as RelevanceModel;
    expect(json).toEqual(model);
    expect(JSON.stringify(model).length).toBeLessThan(1000);
    expect(model.sampleSize).toBe(360);
    expect(model.threshold).toBeGreaterThan(model.quantiles.distance[6]); // beyond Q3
    const good = await relevanceScores(json, archive, inDomain);
    const bad = await relevanceScores(json, archive, off);
    expect(Array.from(good.irrelevant).filter(Boolean).length).toBe(0);
    expect(Array.from(bad.irrelevant).every((f) => f === 1)).toBe(true);
    expect(Math.min(...good.score)).toBeGreaterThan(Math.max(...bad.score));
    for (const s of [...good.score, ...bad.score]) expect(s >= 0 && s <= 1).toBe(true);
  });

  it('scores closer items higher (score decreases with distance)', async () => {
    const { archive, inDomain, off } = setup(2);
    const r = await relevanceScores(null, archive, { data: Float32Array.from([...inDomain.data, ...off.data]), n: inDomain.n + off.n, dim: 24 });
    const order = Array.from({ length: r.distance.length }, (_, i) => i).sort((a, b) => r.distance[a] - r.distance[b]);
    for (let j = 1; j < order.length; j++) expect(r.score[order[j]]).toBeLessThanOrEqual(r.score[order[j - 1]]);
    expect(r.model).not.toBeNull(); // uncalibrated: calibrated on the fly
  });

  it('without a model and with a tiny archive everything is relevant', async () => {
    const { off } = setup();
    const r = await relevanceScores(null, { data: off.data.slice(0, 24), n: 1, dim: 24 }, off);
    expect(r.model).toBeNull();
    expect(Array.from(r.irrelevant).every((f) => f === 0)).toBe(true);
    expect(Array.from(r.score).every((s) => s === 1)).toBe(true);
  });

  it('validates model, rows and dims', async () => {
    const { archive, off } = setup();
    const model = await calibrateRelevance(archive, { maxSample: 50 });
    expect(model.sampleSize).toBe(50);
    await expect(relevanceScores({ ...model, version: 2 } as never, archive, off)).rejects.toMatchObject({ field: 'model' });
    await expect(relevanceScores(model, archive, { data: new Float32Array(8).fill(0.5), n: 2, dim: 4 })).rejects.toBeInstanceOf(ValidationError);
    await expect(calibrateRelevance({ data: archive.data.slice(0, 24), n: 1, dim: 24 })).rejects.toMatchObject({ field: 'archive.n' });
    await expect(calibrateRelevance(blobs({ sizes: [5], dim: 3 }).vs)).rejects.toMatchObject({ rule: 'L2-normalised rows' });
  });
});
