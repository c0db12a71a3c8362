import { describe, expect, it } from 'vitest';
import { referenceGroups } from '../../../../src/core/dedupe/groups.js';
import { chooseKeeper } from '../../../../src/core/dedupe/keeper.js';
import { atThreshold, resolveRule } from '../../../../src/core/dedupe/rule.js';
import { nearDuplicates } from '../../../../src/core/dedupe/neardup.js';
import { normalizeRows } from '../../../../src/core/base/matrix.js';
import { Rng } from '../../../../src/core/base/random.js';

const pairs = (list: [number, number, number][]) => ({ a: Int32Array.from(list, (p) => p[0]), b: Int32Array.from(list, (p) => p[1]), sim: Float32Array.from(list, (p) => p[2]) });

describe('referenceGroups', () => {
  it('does not chain: A~B, B~C with A and C unrelated never puts A and C in one group through a member', () => {
    const g = referenceGroups(3, pairs([[0, 1, 0.95], [1, 2, 0.95]]));
    expect(g.groups).toHaveLength(1);
    const [grp] = g.groups;
    // The hub B is the keeper; A and C are each directly its duplicates.
    expect(grp.keeper).toBe(1);
    expect(grp.members).toEqual([0, 2]);
  });

  it('every member is a direct match of its keeper; links to other groups are related, an item is in one group', () => {
    // Two stars (0: 1,2,3) and (4: 5,6) joined by a weak 3~5 link.
    const g = referenceGroups(7, pairs([[0, 1, 0.99], [0, 2, 0.98], [0, 3, 0.97], [4, 5, 0.99], [4, 6, 0.98], [3, 5, 0.93]]));
    expect(g.groups.map((x) => [x.keeper, x.members])).toEqual([[0, [1, 2, 3]], [4, [5, 6]]]);
    expect(g.related).toEqual([5]);
    const seen = g.groups.flatMap((x) => [x.keeper, ...x.members]);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('a chosen keeper keeps its group; rank picks among members matching everyone', () => {
    const triangle = pairs([[0, 1, 0.99], [0, 2, 0.99], [1, 2, 0.99]]);
    expect(referenceGroups(3, triangle, { keepers: [2] }).groups[0].keeper).toBe(2);
    expect(referenceGroups(3, triangle, { rank: (c) => [...c].sort((x, y) => y - x) }).groups[0].keeper).toBe(2);
    expect(() => referenceGroups(2, pairs([[0, 5, 1]]))).toThrow(RangeError);
  });
});

describe('atThreshold (property over random archives)', () => {
  it('no pair below the threshold, and raising it never adds a pair', async () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 6; trial++) {
      const n = 60 + trial * 10, dim = 16, data = new Float32Array(n * dim);
      // Clusters of near copies among random items, so every part of the rule is exercised.
      for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) data[i * dim + d] = i % 3 === 0 || i < 2 ? rng.normal() : data[(i - 1) * dim + d] + 0.35 * rng.normal();
      const vs = normalizeRows({ data, n, dim });
      let prev: Set<string> | null = null;
      for (const t of [0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99]) {
        const r = await nearDuplicates(vs, atThreshold(resolveRule({}), t));
        const now = new Set(Array.from(r.pairs.a, (a, k) => `${a}:${r.pairs.b[k]}`));
        for (const s of r.pairs.sim) expect(s).toBeGreaterThanOrEqual(t - 1e-6);
        if (prev) for (const key of now) expect(prev.has(key)).toBe(true);
        // Groups act only on those pairs: every member is a direct match of its keeper.
        for (const g of referenceGroups(n, r.pairs).groups) for (const m of g.members) expect(now.has(`${Math.min(m, g.keeper)}:${Math.max(m, g.keeper)}`)).toBe(true);
        prev = now;
      }
    }
    expect(() => atThreshold(resolveRule({}), Number.NaN)).toThrow(expect.objectContaining({ field: 'threshold' }));
    expect(() => atThreshold(resolveRule({}), 1.5)).toThrow(expect.objectContaining({ field: 'threshold' }));
  });
});

describe('chooseKeeper', () => {
  const base = { width: 1280, height: 800, bytes: 300_000, type: 'image/jpeg', sharpness: 900, clipped: 0.01, contentShare: 1 };
  it('prefers more content pixels, and says so', () => {
    const c = chooseKeeper([{ ...base, width: 640, height: 400, bytes: 90_000 }, base]);
    expect(c.keep).toBe(1);
    expect(c.reason).toContain('1280×800 vs 640×400');
  });
  it('a letterboxed copy has more pixels but not more picture', () => {
    const c = chooseKeeper([{ ...base, height: 992, contentShare: 0.8 }, base]);
    expect(c.keep).toBe(1);
  });
  it('a contrast-boosted copy (sharper, clipped) loses to its original', () => {
    const c = chooseKeeper([{ ...base, sharpness: 1400, clipped: 0.08, bytes: 340_000 }, base]);
    expect(c.keep).toBe(1);
    expect(c.reason).toContain('fewer clipped pixels');
  });
  it('with three or more, the one that contains the others wins among equals; ties go to the first added', () => {
    expect(chooseKeeper([{ ...base, centrality: 0.90 }, { ...base, centrality: 0.95 }, { ...base, centrality: 0.91 }]).keep).toBe(1);
    expect(chooseKeeper([base, base]).keep).toBe(0);
    expect(() => chooseKeeper([])).toThrow(RangeError);
  });
});
