import { describe, expect, it } from 'vitest';
import { hardNegatives, itemComponents, SAME_ITEM_SIMILARITY } from '../../../../src/core/calibrate/negatives.js';
import { DEFAULT_DUPLICATE_RULE } from '../../../../src/core/dedupe/rule.js';
import { normalizeRows, type VectorSet } from '../../../../src/core/base/matrix.js';
import { nearDuplicates } from '../../../../src/core/dedupe/neardup.js';
import { Rng } from '../../../../src/core/base/random.js';
import { evaluateRule, fitRule } from '../../../../src/core/calibrate/rule-fit.js';
import { calibrateSimilarity, parsePairNames } from '../../../../src/core/calibrate/similarity.js';

/**
 * `nPairs` (original, noisy copy) pairs. `spread` 1: originals spread over the
 * sphere (a sparse archive); below 1 they crowd around one centre, so distinct
 * items come as close as the copies.
 */
function pairs(nPairs: number, noise: number, spread: number, seed: number, dim = 64): { vs: VectorSet; names: string[] } {
  const r = new Rng(seed);
  const unit = (v: Float32Array) => {
    let s = 0;
    for (const x of v) s += x * x;
    return v.map((x) => x / Math.sqrt(s));
  };
  const centre = unit(Float32Array.from({ length: dim }, () => r.normal()));
  const original = () => unit(centre.map((c) => c * (1 - spread) * 3 + r.normal() / Math.sqrt(dim)));
  const copy = (x: Float32Array) => unit(x.map((v) => v + (r.normal() * noise) / Math.sqrt(dim)));
  const data = new Float32Array(2 * nPairs * dim);
  for (let p = 0; p < nPairs; p++) {
    const x = original();
    data.set(x, 2 * p * dim);
    data.set(copy(x), (2 * p + 1) * dim);
  }
  return { vs: normalizeRows({ data, n: 2 * nPairs, dim }), names: Array.from({ length: 2 * nPairs }, (_, i) => `${(i >> 1) + 1}_img${i}.jpg`) };
}

/** Pairs of the archive (row 2p with 2p+1) found as a group of two, and items in any other group. */
async function score(archive: VectorSet, rule: typeof DEFAULT_DUPLICATE_RULE): Promise<{ hit: number; wrong: number }> {
  let hit = 0, wrong = 0;
  for (const g of (await nearDuplicates(archive, rule)).groups) {
    if (g.length === 2 && (g[0] ^ 1) === g[1]) hit++;
    else wrong += g.length;
  }
  return { hit, wrong };
}

describe("calibrateSimilarity, 'guarded' (default)", () => {
  it('loosens the rule when the pairs demand it and the archive stays clean: more pairs found, hardly any wrong ones', async () => {
    const cal = pairs(220, 1.6, 1, 1), archive = pairs(200, 1.6, 1, 2).vs;
    const fit = await calibrateSimilarity(cal.vs, cal.names, { context: archive });
    expect(fit.loosened).toBe(true);
    expect(fit.guard?.passed).toBe(true);
    expect(fit.rule.high).toBeLessThan(DEFAULT_DUPLICATE_RULE.high);
    const before = await score(archive, DEFAULT_DUPLICATE_RULE), after = await score(archive, fit.rule);
    expect(after.hit).toBeGreaterThan(before.hit + 20);
    expect(after.wrong).toBeLessThan(10);
  });

  it('refuses to loosen in a crowd, where the looser rule chains distinct items into big groups', async () => {
    const cal = pairs(220, 1.3, 0.7, 3), archive = pairs(200, 1.3, 0.7, 4).vs;
    const fit = await calibrateSimilarity(cal.vs, cal.names, { context: archive });
    expect(fit.loosened).toBe(false);
    expect(fit.guard?.passed).toBe(false);
    expect(fit.guard!.candidate.largestGroup).toBeGreaterThan(2 * fit.guard!.prior.largestGroup);
    expect(fit.rule).toEqual({ ...DEFAULT_DUPLICATE_RULE });
    // What the guard prevented: the unguarded fit puts dozens of distinct items into groups.
    const free = await calibrateSimilarity(cal.vs, cal.names, { context: archive, ruleBounds: 'free' });
    expect((await score(archive, free.rule)).wrong).toBeGreaterThan(50);
    // The default rule itself (k 20, margin 0.18) admits a few of this synthetic crowd's pairs (3 of them).
    expect((await score(archive, fit.rule)).wrong).toBeLessThan(5);
  });

  it('without archive context cannot judge a looser rule and fits like stricter', async () => {
    const cal = pairs(220, 1.6, 1, 1);
    const guarded = await calibrateSimilarity(cal.vs, cal.names);
    expect(guarded).toEqual(await calibrateSimilarity(cal.vs, cal.names, { ruleBounds: 'stricter' }));
    expect(guarded.loosened).toBe(false);
    expect(guarded.guard).toBeUndefined();
  });
});

describe('calibration negatives', () => {
  it('treat an original reused in several pairs as one item, never as its own negative', async () => {
    // Pairs 2p and 2p+1 share their original (identical rows), each with a different copy.
    const base = pairs(240, 1.0, 1, 5);
    const dim = base.vs.dim;
    const data = new Float32Array(base.vs.data);
    for (let p = 0; p < 240; p += 2) data.copyWithin((2 * (p + 1)) * dim, 2 * p * dim, (2 * p + 1) * dim);
    const vs = { data, n: base.vs.n, dim };
    const comp = await itemComponents(vs, parsePairNames(base.names));
    for (let p = 0; p < 240; p += 2) {
      expect(comp[2 * p]).toBe(comp[2 * p + 2]);
      expect(comp[2 * p + 1]).toBe(comp[2 * p + 3]); // the two copies of one original
      expect(comp[2 * p]).not.toBe(comp[2 * p + 4]);
    }
    for (const h of await hardNegatives(vs, comp, 5)) {
      expect(comp[h.i]).not.toBe(comp[h.j]);
      expect(h.sim).toBeLessThan(SAME_ITEM_SIMILARITY);
    }
  });
});

describe('fitRule', () => {
  it('keeps the prior when nothing beats it by more than one pair of F1, and moves to the nearest better rule otherwise', async () => {
    const ref = new Float32Array(400).fill(0.2);
    const pos = Array.from({ length: 100 }, (_, x) => ({ i: 2 * x, j: 2 * x + 1, sim: 0.95 }));
    const neg = Array.from({ length: 100 }, (_, x) => ({ i: 200 + x, j: 300 + x, sim: 0.3 }));
    // Separable at any rule between: the default already has F1 1 and is kept.
    const kept = fitRule(pos, neg, ref, DEFAULT_DUPLICATE_RULE.k);
    expect(kept.moved).toBe(false);
    expect(kept.rule).toEqual({ ...DEFAULT_DUPLICATE_RULE });
    // Half the positives at 0.45 (below the default's low 0.5) with negatives far below: the fit must lower `low`, and only as far as needed.
    const lowPos = pos.map((p, x) => (x % 2 ? { ...p, sim: 0.45 } : p));
    const moved = fitRule(lowPos, neg, ref, DEFAULT_DUPLICATE_RULE.k);
    expect(moved.moved).toBe(true);
    expect(moved.rule.low).toBeLessThanOrEqual(0.45);
    expect(moved.rule.low).toBeGreaterThan(0.3);
    expect(evaluateRule(moved.rule, lowPos, neg, ref).f1).toBe(1);
    expect(evaluateRule(DEFAULT_DUPLICATE_RULE, lowPos, neg, ref).recall).toBe(0.5);
    // A ceiling/floor keeps the search on one side of the prior.
    expect(fitRule(lowPos, neg, ref, DEFAULT_DUPLICATE_RULE.k, { floor: DEFAULT_DUPLICATE_RULE }).rule.low).toBeGreaterThanOrEqual(0.5);
  });
});

describe('calibrateSimilarity progress', () => {
  it('reports non-decreasing progress ending at 1, guard included', async () => {
    const cal = pairs(220, 1.6, 1, 1), archive = pairs(200, 1.6, 1, 2).vs;
    const seen: number[] = [];
    await calibrateSimilarity(cal.vs, cal.names, { context: archive, onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.every((f, i) => i === 0 || f >= seen[i - 1])).toBe(true);
    expect(seen.at(-1)).toBe(1);
  });
});
