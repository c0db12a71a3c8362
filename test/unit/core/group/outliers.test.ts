import { describe, expect, it } from 'vitest';
import { findOutliers } from '../../../../src/core/rank/outliers.js';
import { meanPairwiseCosineDistance } from '../../../../src/core/rank/knn-scores.js';
import { ValidationError } from '../../../../src/contract/errors.js';
import { Rng } from '../../../../src/core/base/random.js';
import { auroc, blobs, normalise } from './fixtures.js';
import type { VectorSet } from '../../../../src/core/base/matrix.js';

/**
 * A dense cluster (σ 0.03), a sparse one (σ 0.25) and 8 planted outliers just
 * outside the dense cluster (σ 0.1): absolutely closer to their neighbours
 * than sparse-cluster rows are, but far sparser than their neighbourhood.
 */
function variedDensity(seed: number): { vs: VectorSet; planted: boolean[] } {
  const dim = 16, rng = new Rng(seed);
  const unit = (c: number[]) => c.map((x) => x / Math.hypot(...c));
  const c1 = unit(Array.from({ length: dim }, () => rng.normal()));
  const c2 = unit(Array.from({ length: dim }, () => rng.normal()));
  const rows: number[][] = [], planted: boolean[] = [];
  for (let i = 0; i < 150; i++) {
    rows.push(c1.map((x) => x + 0.03 * rng.normal()));
    planted.push(false);
  }
  for (let i = 0; i < 150; i++) {
    rows.push(c2.map((x) => x + 0.25 * rng.normal()));
    planted.push(false);
  }
  for (let i = 0; i < 8; i++) {
    rows.push(c1.map((x) => x + 0.1 * rng.normal()));
    planted.push(true);
  }
  const data = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => data.set(r, i * dim));
  return { vs: normalise({ data, n: rows.length, dim }), planted };
}

describe('findOutliers', () => {
  it('LOF finds outliers next to a dense cluster where plain kNN distance cannot', async () => {
    for (const seed of [1, 2, 3]) {
      const { vs, planted } = variedDensity(seed);
      const lof = await findOutliers(vs, { method: 'lof' });
      const knn = await findOutliers(vs, { method: 'knn' });
      const aLof = auroc(lof.score, (i) => planted[i]);
      const aKnn = auroc(knn.score, (i) => planted[i]);
      expect(aLof).toBeGreaterThan(0.95);
      expect(aLof).toBeGreaterThan(aKnn + 0.3);
      // the planted rows top the outlier list
      const top = Array.from(lof.outliers.slice(0, 10));
      expect(top.filter((i) => planted[i]).length).toBeGreaterThanOrEqual(6);
    }
  });

  it('kNN distance (default) finds isolated rows among clusters of similar density', async () => {
    const { vs } = blobs({ sizes: [100, 100, 100, 6], dim: 16, spread: 3, sigma: [0.2, 0.2, 0.2, 3], seed: 4, unit: true });
    const r = await findOutliers(vs);
    expect(auroc(r.score, (i) => i >= 300)).toBeGreaterThan(0.97);
    expect(r.k).toBe(10);
    expect(Array.from(r.inliers).reverse()).toEqual(Array.from(r.outliers));
    expect(new Set(r.inliers).size).toBe(vs.n);
  });

  it('preference weights move rows near a weighted row the right way', async () => {
    const { vs, labels } = blobs({ sizes: [60, 60, 60], dim: 12, spread: 2, sigma: [0.3, 0.5, 0.8], seed: 6, unit: true });
    const base = await findOutliers(vs);
    const posOf = (order: Int32Array) => {
      const p = new Int32Array(order.length);
      order.forEach((row, i) => (p[row] = i));
      return p;
    };
    const meanPos = (order: Int32Array, cluster: number) => {
      const p = posOf(order);
      let s = 0, m = 0;
      for (let i = 0; i < vs.n; i++) {
        if (labels[i] !== cluster) continue;
        s += p[i];
        m++;
      }
      return s / m;
    };
    const target = 120; // a row of cluster 2 (the loosest: naturally near the outlier end)
    const liked = await findOutliers(vs, { preferenceWeights: { [target]: 5 } });
    const disliked = await findOutliers(vs, { preferenceWeights: new Map([[target, -5]]) });
    expect(meanPos(liked.inliers, 2)).toBeLessThan(meanPos(base.inliers, 2) - 20);
    expect(meanPos(disliked.inliers, 2)).toBeGreaterThan(meanPos(base.inliers, 2));
    expect(posOf(liked.inliers)[target]).toBeLessThan(posOf(base.inliers)[target]);
    // rows far from the weighted one barely move relative to each other
    const far = Array.from(base.inliers).filter((i) => labels[i] === 0);
    const farLiked = Array.from(liked.inliers).filter((i) => labels[i] === 0);
    expect(farLiked).toEqual(far);
  });

  it('blends extra per-row features: outliers invisible in the embedding become visible', async () => {
    const { vs } = blobs({ sizes: [200], dim: 16, sigma: 0.3, seed: 7, unit: true });
    const rng = new Rng(8);
    const F = 4, feats = new Float32Array(vs.n * F);
    const odd = new Set([3, 50, 99, 150, 180]);
    for (let i = 0; i < vs.n; i++) for (let f = 0; f < F; f++) feats[i * F + f] = rng.normal() * 0.2 + (odd.has(i) ? 3 : 0);
    const extra = { data: feats, n: vs.n, dim: F };
    const plain = await findOutliers(vs);
    const blended = await findOutliers(vs, { extraFeatures: extra });
    const aPlain = auroc(plain.score, (i) => odd.has(i));
    const aBlend = auroc(blended.score, (i) => odd.has(i));
    expect(aPlain).toBeLessThan(0.8);
    expect(aBlend).toBeGreaterThan(aPlain + 0.15);
    const featuresOnly = await findOutliers(vs, { extraFeatures: extra, embeddingWeight: 0 });
    expect(auroc(featuresOnly.score, (i) => odd.has(i))).toBeGreaterThan(0.98);
    const rankFeaturesOnly = await findOutliers(vs, { extraFeatures: extra, fusion: 'rank-blend', extraFeatureWeight: 1 });
    expect(auroc(rankFeaturesOnly.score, (i) => odd.has(i))).toBeGreaterThan(0.98);
    const none = await findOutliers(vs, { extraFeatures: extra, fusion: 'rank-blend', extraFeatureWeight: 0 });
    expect(Array.from(none.inliers)).toEqual(Array.from(plain.inliers));
  });

  /**
   * An off-topic *group*: 12 rows typical in the embedding, shifted together
   * by 3.5 σ in 2 of 8 features and tight among themselves there, so in a feature kNN
   * they are each other's neighbours. The robust per-archive z model (median/MAD)
   * still ranks them above the inliers; the rank blend at weight 0.5 does not
   * reach the same.
   */
  it('robust-z fusion ranks a planted off-topic group above the inliers, where the rank blend dilutes it', async () => {
    const { vs } = blobs({ sizes: [240], dim: 16, sigma: 0.3, seed: 11, unit: true });
    const rng = new Rng(12);
    const F = 8, feats = new Float32Array(vs.n * F);
    const odd = new Set(Array.from({ length: 12 }, (_, j) => j * 20 + 3));
    for (let i = 0; i < vs.n; i++) {
      for (let f = 0; f < F; f++) feats[i * F + f] = odd.has(i) && f < 2 ? 3.5 + 0.05 * rng.normal() : rng.normal();
    }
    const extra = { data: feats, n: vs.n, dim: F };
    const fused = await findOutliers(vs, { extraFeatures: extra });
    const blend = await findOutliers(vs, { extraFeatures: extra, fusion: 'rank-blend' });
    const aFused = auroc(fused.score, (i) => odd.has(i));
    expect(aFused).toBeGreaterThan(0.95);
    expect(aFused).toBeGreaterThan(auroc(blend.score, (i) => odd.has(i)) + 0.05);
    // Direction: outliers first in `outliers`, last in `inliers`; higher score = more outlying.
    expect(odd.has(fused.outliers[0])).toBe(true);
    expect(fused.score[fused.outliers[0]]).toBeGreaterThan(fused.score[fused.inliers[0]]);
  });

  it('robust-z fusion keeps an embedding outlier that the features do not see', async () => {
    const { vs } = blobs({ sizes: [200], dim: 16, sigma: 0.1, seed: 13, unit: true });
    const rng = new Rng(14);
    // Row 0 becomes a far embedding outlier (a random direction); its features are ordinary.
    const far = Array.from({ length: 16 }, () => rng.normal());
    const nf = Math.hypot(...far);
    far.forEach((x, d) => (vs.data[d] = x / nf));
    const feats = Float32Array.from({ length: vs.n * 6 }, () => rng.normal());
    const r = await findOutliers(vs, { extraFeatures: { data: feats, n: vs.n, dim: 6 } });
    const rankOf0 = Array.from(r.outliers).indexOf(0);
    expect(rankOf0).toBeLessThan(10);
  });

  it('reports mean_distance as the mean cosine distance over all pairs', async () => {
    const { vs } = blobs({ sizes: [30, 20], dim: 8, seed: 9, unit: true });
    let s = 0, c = 0;
    for (let i = 0; i < vs.n; i++)
      for (let j = 0; j < vs.n; j++) {
        if (i === j) continue;
        let dot = 0;
        for (let d = 0; d < vs.dim; d++) dot += vs.data[i * vs.dim + d] * vs.data[j * vs.dim + d];
        s += 1 - dot;
        c++;
      }
    const r = await findOutliers(vs);
    expect(r.meanDistance).toBeCloseTo(s / c, 6);
    expect(meanPairwiseCosineDistance({ data: vs.data.slice(0, 8), n: 1, dim: 8 })).toBe(0);
  });

  it('handles one row and validates', async () => {
    const one = normalise({ data: new Float32Array([1, 2, 3]), n: 1, dim: 3 });
    const r = await findOutliers(one);
    expect(Array.from(r.inliers)).toEqual([0]);
    const { vs } = blobs({ sizes: [20], dim: 4, unit: true });
    await expect(findOutliers(vs, { preferenceWeights: { 20: 1 } })).rejects.toMatchObject({ field: 'options.preferenceWeights[20]' });
    await expect(findOutliers(vs, { preferenceWeights: { 2: NaN } })).rejects.toBeInstanceOf(ValidationError);
    await expect(findOutliers(vs, { extraFeatures: { data: new Float32Array(3), n: 1, dim: 3 } })).rejects.toMatchObject({ field: 'options.extraFeatures' });
    await expect(findOutliers(vs, { fusion: 'max' as never })).rejects.toMatchObject({ field: 'options.fusion' });
    await expect(findOutliers(vs, { zClip: 0 })).rejects.toMatchObject({ field: 'options.zClip' });
    await expect(findOutliers(vs, { embeddingWeight: -1 })).rejects.toMatchObject({ field: 'options.embeddingWeight' });
    await expect(findOutliers(vs, { method: 'iforest' as never })).rejects.toMatchObject({ field: 'options.method' });
    await expect(findOutliers(blobs({ sizes: [5], dim: 3 }).vs)).rejects.toMatchObject({ rule: 'L2-normalised rows' });
  });
});
