import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../src/contract/errors.js';
import { calibrateFromAnswers, pairsNearThreshold } from '../../../../src/core/calibrate/answers.js';
import { normalizeRows, type VectorSet } from '../../../../src/core/base/matrix.js';
import { nearDuplicates } from '../../../../src/core/dedupe/neardup.js';
import { DEFAULT_DUPLICATE_RULE } from '../../../../src/core/dedupe/rule.js';
import { Rng } from '../../../../src/core/base/random.js';
import { calibrateSimilarity, fitThreshold, parsePairNames } from '../../../../src/core/calibrate/similarity.js';
import { hardNegatives } from '../../../../src/core/calibrate/negatives.js';

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf). */
function phi(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

describe('fitThreshold', () => {
  it('finds the population F1 optimum of two Gaussian blobs', async () => {
    const r = new Rng(3);
    const [mp, mn, sd, nP, nN] = [0.8, 0.55, 0.05, 4000, 40000];
    const pos = Array.from({ length: nP }, () => mp + sd * r.normal());
    const neg = Array.from({ length: nN }, () => mn + sd * r.normal());
    let bestT = 0, bestF = 0;
    for (let t = 0.5; t <= 0.9; t += 0.0005) {
      const tp = nP * (1 - phi((t - mp) / sd)), fp = nN * (1 - phi((t - mn) / sd));
      const f = (2 * tp) / (2 * tp + fp + nP - tp);
      if (f > bestF) [bestT, bestF] = [t, f];
    }
    const fit = fitThreshold(pos, neg);
    expect(Math.abs(fit.threshold - bestT)).toBeLessThan(0.01);
    expect(Math.abs(fit.f1 - bestF)).toBeLessThan(0.01);
    expect(fit.precision).toBeGreaterThan(0.8);
    // The reported numbers are those of the threshold on the samples.
    const tp = pos.filter((s) => s >= fit.threshold).length, fp = neg.filter((s) => s >= fit.threshold).length;
    expect(fit.recall).toBeCloseTo(tp / nP, 10);
    expect(fit.precision).toBeCloseTo(tp / (tp + fp), 10);
  });

  it('separable scores give F1 = 1 with the threshold halfway between', async () => {
    expect(fitThreshold([0.9, 0.8], [0.5, 0.6])).toEqual({ threshold: 0.7, precision: 1, recall: 1, f1: 1 });
  });
});

/** `nCrowd` pairs of near-identical copies inside one dense cluster, `nFar` isolated pairs of far copies. */
function pairSet(nCrowd: number, nFar: number, seed: number, dim = 96): { vs: VectorSet; names: string[] } {
  const r = new Rng(seed);
  const rows: Float32Array[] = [];
  const unit = (v: Float32Array) => {
    let s = 0;
    for (const x of v) s += x * x;
    return v.map((x) => x / Math.sqrt(s));
  };
  const rand = () => unit(Float32Array.from({ length: dim }, () => r.normal()));
  const near = (x: Float32Array, noise: number) => unit(x.map((v) => v + (r.normal() * noise) / Math.sqrt(dim)));
  const centre = rand();
  for (let p = 0; p < nCrowd; p++) {
    const x = near(centre, 0.45);
    rows.push(x, near(x, 0.15));
  }
  for (let p = 0; p < nFar; p++) {
    const x = rand();
    rows.push(x, near(x, 0.9));
  }
  const data = new Float32Array(rows.length * dim);
  rows.forEach((row, i) => data.set(row, i * dim));
  const names = rows.map((_, i) => `${Math.floor(i / 2) + 1}_img${i}.jpg`);
  return { vs: normalizeRows({ data, n: rows.length, dim }), names };
}

describe('calibrateSimilarity', () => {
  it('fits threshold and a context-aware rule that beats it where copies and crowds overlap', async () => {
    const { vs, names } = pairSet(120, 120, 5);
    // Synthetic background at cosine ≈ 0: the reference floor (for real models) is off.
    const cal = await calibrateSimilarity(vs, names, { floor: -1 });
    expect(cal.nrPairs).toBe(240);
    expect(cal.nrNegatives).toBe(2400);
    expect(cal.f1).toBeLessThan(0.93);
    expect(cal.ruleFit.f1).toBeGreaterThan(0.98);
    expect(cal.ruleFit.f1).toBeGreaterThan(cal.f1 + 0.05);
    expect(cal.rule.low).toBeLessThan(cal.rule.high);
    // The fitted rule, applied by nearDuplicates, recovers the pairs.
    const nd = await nearDuplicates(vs, cal.rule);
    const hit = Array.from({ length: 240 }, (_, p) => nd.groups.some((g) => g.includes(2 * p) && g.includes(2 * p + 1))).filter(Boolean).length;
    expect(hit).toBeGreaterThan(230);
    expect(nd.groups.every((g) => g.length <= 4)).toBe(true);
  });

  it('is deterministic for a seed and samples differently for another', async () => {
    const { vs, names } = pairSet(150, 60, 8);
    const a = await calibrateSimilarity(vs, names, { seed: 7 });
    expect(await calibrateSimilarity(vs, names, { seed: 7 })).toEqual(a);
    const b = await calibrateSimilarity(vs, names, { seed: 8, negativesPerPair: 3 });
    expect(b.nrNegatives).toBe(630);
    expect(b.threshold).not.toBe(a.threshold);
  });

  it('uses archive context for the neighbourhood reference when given', async () => {
    const { vs, names } = pairSet(100, 110, 9);
    const ctx = pairSet(0, 300, 10).vs;
    const cal = await calibrateSimilarity(vs, names, { context: ctx });
    expect(cal.ruleFit.f1).toBeGreaterThanOrEqual(cal.f1);
    await expect(calibrateSimilarity(vs, names, { context: { data: new Float32Array(8), n: 1, dim: 8 } })).rejects.toThrow(expect.objectContaining({ field: 'context' }));
  });

  it('validates pair names and counts, naming the field and rule', async () => {
    const { vs, names } = pairSet(199, 0, 1, 8);
    await expect(calibrateSimilarity(vs, names)).rejects.toThrow(expect.objectContaining({ field: 'names', rule: 'between 200 and 10000 pairs' }));
    const many = Array.from({ length: 20002 }, (_, i) => `${Math.floor(i / 2)}_f${i}`);
    expect(() => parsePairNames(many)).toThrow(expect.objectContaining({ rule: 'between 200 and 10000 pairs' }));
    expect(parsePairNames(many.slice(0, 20000)).length).toBe(10000);
    const bad = Array.from({ length: 400 }, (_, i) => `${Math.floor(i / 2)}_f${i}`);
    bad[3] = 'nounderscore.jpg';
    bad[8] = '_x.jpg';
    try {
      parsePairNames(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).rule).toBe('each name is <pair id>_<file name>');
      expect((e as Error).message).toContain('"nounderscore.jpg"');
      expect((e as Error).message).toContain('"_x.jpg"');
    }
    const three = Array.from({ length: 401 }, (_, i) => `${Math.floor(i / 2)}_f${i}`);
    expect(() => parsePairNames(three)).toThrow(expect.objectContaining({ rule: 'exactly 2 files per pair id', message: expect.stringContaining('200: 200_f400') }));
    await expect(calibrateSimilarity(vs, names.slice(1))).rejects.toThrow(expect.objectContaining({ field: 'vectors', rule: 'one row per name' }));
  });
});

describe('hard negatives', () => {
  it('are each row\'s nearest rows other than its partner, deduplicated, with exact similarity', async () => {
    const { vs } = pairSet(30, 30, 12, 32);
    const partner = Int32Array.from({ length: vs.n }, (_, i) => i >> 1);
    const hard = await hardNegatives(vs, partner, 3);
    const keys = new Set(hard.map((h) => `${h.i}-${h.j}`));
    expect(keys.size).toBe(hard.length);
    for (const h of hard) {
      expect(h.i).toBeLessThan(h.j);
      expect(partner[h.i]).not.toBe(partner[h.j]);
      let s = 0;
      for (let d = 0; d < 32; d++) s += vs.data[h.i * 32 + d] * vs.data[h.j * 32 + d];
      expect(h.sim).toBeCloseTo(s, 5);
    }
    // Every row contributes its 3 nearest non-partners (as i or j).
    for (let i = 0; i < vs.n; i++) expect(hard.filter((h) => h.i === i || h.j === i).length).toBeGreaterThanOrEqual(3);
  });

  it('with the default bounds, a fit on mostly-isolated pairs does not merge a crowd of distinct items', async () => {
    // 10 pairs in a crowd, 230 isolated far copies: the calibration set cannot show how crowded an archive is.
    const { vs, names } = pairSet(10, 230, 13);
    const crowd = pairSet(75, 0, 13).vs; // 75 true pairs among 150 crowd items
    const wrong = async (rule: Parameters<typeof nearDuplicates>[1]) => {
      const nd = await nearDuplicates(crowd, rule);
      return nd.groups.flat().filter((i) => !nd.groups.some((g) => g.length === 2 && g.includes(i) && g.includes(i ^ 1))).length;
    };
    const safe = await calibrateSimilarity(vs, names, { floor: -1 });
    expect(safe.rule.high).toBeGreaterThanOrEqual(0.92);
    expect(safe.rule.margin).toBeGreaterThanOrEqual(DEFAULT_DUPLICATE_RULE.margin);
    expect(await wrong(safe.rule)).toBeLessThan(10);
    // With the crowd as archive context the guard sees what a looser rule would do and refuses it.
    const guarded = await calibrateSimilarity(vs, names, { context: crowd, floor: -1 });
    expect(guarded.loosened).toBe(false);
    expect(await wrong(guarded.rule)).toBeLessThan(10);
    await expect(calibrateSimilarity(vs, names, { ruleBounds: 'x' as never })).rejects.toThrow(expect.objectContaining({ field: 'ruleBounds' }));
  });
});

describe('calibrateFromAnswers', () => {
  it('keeps the prior without answers and moves between disagreeing answers with them', async () => {
    expect(calibrateFromAnswers([], { threshold: 0.8 }).threshold).toBeCloseTo(0.8, 10);
    const answers = [
      { similarity: 0.7, same: true },
      { similarity: 0.72, same: true },
      { similarity: 0.66, same: false },
      { similarity: 0.64, same: false },
    ];
    const few = calibrateFromAnswers(answers, { threshold: 0.8 });
    expect(few.threshold).toBeGreaterThan(0.66);
    expect(few.threshold).toBeLessThan(0.8);
    // Many consistent answers: the prior fades and t settles between 0.66 and 0.70.
    const many = calibrateFromAnswers(Array.from({ length: 30 }, () => answers).flat(), { threshold: 0.8 });
    expect(many.threshold).toBeGreaterThan(0.66);
    expect(many.threshold).toBeLessThan(0.7);
    expect(many.agreement).toBe(1);
    expect(Math.abs(many.threshold - 0.68)).toBeLessThan(Math.abs(few.threshold - 0.68));
    // A confident prior barely moves.
    expect(calibrateFromAnswers(answers, { threshold: 0.8, sd: 0.001 }).threshold).toBeCloseTo(0.8, 2);
  });

  it('validates answers and prior', async () => {
    expect(() => calibrateFromAnswers([{ similarity: NaN, same: true }], { threshold: 0.5 })).toThrow(expect.objectContaining({ field: 'answers[0].similarity' }));
    expect(() => calibrateFromAnswers([{ similarity: 0.5 } as never], { threshold: 0.5 })).toThrow(expect.objectContaining({ field: 'answers[0].same' }));
    expect(() => calibrateFromAnswers([], { threshold: 0.5, sd: 0 })).toThrow(expect.objectContaining({ field: 'prior.sd' }));
  });
});

describe('pairsNearThreshold', () => {
  it('alternates above/below the threshold, nearest first, each item once', async () => {
    const pairs = {
      a: [0, 1, 2, 3, 0, 5, 6],
      b: [10, 11, 12, 13, 14, 15, 16],
      sim: [0.81, 0.79, 0.9, 0.6, 0.805, 0.78, 0.801],
    };
    expect(pairsNearThreshold(pairs, 0.8, 4)).toEqual([6, 1, 4, 5]);
    // Pair 0 shares item 0 with pair 4, so it is never asked.
    expect(pairsNearThreshold(pairs, 0.8, 100)).toEqual([6, 1, 4, 5, 2, 3]);
    expect(() => pairsNearThreshold(pairs, 0.8, 0)).toThrow(expect.objectContaining({ field: 'count' }));
  });
});
