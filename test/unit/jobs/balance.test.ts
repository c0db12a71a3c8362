import { describe, expect, it } from 'vitest';
import { dataBalance } from '../../../src/jobs/adapters/balance.js';
import { ValidationError } from '../../../src/contract/errors.js';
import { Rng } from '../../../src/core/base/random.js';

const KEY = 'clustered_content_ids_sorted_by_decreasing_diversity_with_contents_sorted_by_distance_to_centroid' as const;
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

describe('dataBalance', () => {
  it('removes the most central members of the largest cluster and sources from the small ones', () => {
    // sizes 10, 2, 5, 1 → target round(median 3.5) = 4
    const clusters = [range(100, 110), [200, 201], range(300, 305), [400]];
    const r = dataBalance({ [KEY]: clusters });
    expect(r.prioritized_over_represented_ids_to_remove).toEqual([100, 101, 102, 103, 104, 300, 105]); // at 5 vs 5 the less diverse cluster goes first
    // cluster [400] (size 1, deficit 3, quota 1) first, then [200, 201] (deficit 2, quota 2)
    expect(r.prioritized_under_represented_ids_to_source).toEqual([400, 200, 201]);
  });

  it('interleaves removals so every prefix levels the largest cluster first', () => {
    const clusters = [range(0, 8), range(10, 16), [20, 21], [30, 31], [40, 41]];
    const r = dataBalance({ [KEY]: clusters }); // target 2
    expect(r.prioritized_over_represented_ids_to_remove).toEqual([0, 1, 10, 2, 11, 3, 12, 4, 13, 5]); // 8 vs 6: level to 6, then alternate (ties: the less diverse cluster first)
    expect(r.prioritized_under_represented_ids_to_source).toEqual([]);
  });

  it('puts forbidden ids first, never sources them, and never removes essential ids', () => {
    const clusters = [range(0, 10), [50, 51], [60, 61, 62], [70]];
    const r = dataBalance({
      [KEY]: clusters,
      ids_sorted_by_forbidden_examples: [61, 5, 999],
      ids_sorted_by_essential_examples: [0, 1, 70],
    });
    const rem = r.prioritized_over_represented_ids_to_remove;
    expect(rem.slice(0, 2)).toEqual([61, 5]); // 999 is not clustered: ignored
    expect(rem).not.toContain(0);
    expect(rem).not.toContain(1);
    expect(rem).toContain(2); // next most central non-essential member
    expect(r.prioritized_under_represented_ids_to_source).not.toContain(61);
    expect(r.prioritized_under_represented_ids_to_source[0]).toBe(70);
  });

  it('with an inlier ranking, typical rows go before the cluster outliers', () => {
    const clusters = [[1, 2, 3, 4, 5, 6], [7], [8], [9]]; // target 1
    const r = dataBalance({ [KEY]: clusters, ids_sorted_from_inliers_to_outliers: [6, 5, 4, 3, 2, 1, 7, 8, 9] });
    // cluster order says 1 first, global ranking says 6 first: the blend ties 1..6 → cluster order breaks ties
    expect(r.prioritized_over_represented_ids_to_remove).toHaveLength(5);
    const r2 = dataBalance({ [KEY]: clusters, ids_sorted_from_inliers_to_outliers: [2, 1, 3, 4, 5, 6, 7, 8, 9] });
    expect(r2.prioritized_over_represented_ids_to_remove.slice(0, 2)).toEqual([1, 2]);
    const r3 = dataBalance({ [KEY]: clusters, ids_sorted_from_inliers_to_outliers: [7, 8, 9, 3, 4, 5, 6, 2, 1] });
    expect(r3.prioritized_over_represented_ids_to_remove[0]).toBe(3);
    expect(r3.prioritized_over_represented_ids_to_remove).not.toContain(6); // far from the centroid and an outlier overall: kept
  });

  it('keeps its invariants on random inputs', () => {
    const rng = new Rng(5);
    for (let trial = 0; trial < 200; trial++) {
      const ids = rng.shuffle(range(0, 300)).slice(0, 20 + rng.int(200));
      const clusters: number[][] = [];
      let p = 0;
      while (p < ids.length) {
        const s = 1 + rng.int(Math.min(40, ids.length - p));
        clusters.push(ids.slice(p, p + s));
        p += s;
      }
      const pool = rng.shuffle(range(0, 320));
      const essential = pool.slice(0, rng.int(30));
      const forbidden = pool.slice(30, 30 + rng.int(30));
      const inl = rng.shuffle(ids.slice());
      const r = dataBalance({ [KEY]: clusters, ids_sorted_by_essential_examples: essential, ids_sorted_by_forbidden_examples: forbidden, ids_sorted_from_inliers_to_outliers: inl });
      const rem = r.prioritized_over_represented_ids_to_remove, src = r.prioritized_under_represented_ids_to_source;
      const all = new Set(ids);
      expect(new Set(rem).size).toBe(rem.length);
      expect(new Set(src).size).toBe(src.length);
      for (const id of [...rem, ...src]) expect(all.has(id)).toBe(true);
      for (const id of essential) expect(rem).not.toContain(id);
      for (const id of forbidden) expect(src).not.toContain(id);
      const fClustered = forbidden.filter((id) => all.has(id));
      expect(rem.slice(0, fClustered.length)).toEqual(fClustered);
      for (const id of src) expect(rem).not.toContain(id);
    }
  });

  it('rejects malformed input naming the field', () => {
    const bad = (inputs: unknown) => {
      try {
        dataBalance(inputs as never);
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return (e as ValidationError).field;
      }
      throw new Error('no error');
    };
    expect(bad({ [KEY]: 'x' })).toBe(`inputs.${KEY}`);
    expect(bad({ [KEY]: [[1, 2], 3] })).toBe(`inputs.${KEY}[1]`);
    expect(bad({ [KEY]: [[1, 2.5]] })).toBe(`inputs.${KEY}[0][1]`);
    expect(bad({ [KEY]: [[1, 2], [3, 1]] })).toBe(`inputs.${KEY}[1][1]`);
    expect(bad({ [KEY]: [[1]], ids_sorted_by_essential_examples: [1, 1] })).toBe('inputs.ids_sorted_by_essential_examples[1]');
    expect(bad({ [KEY]: [[1]], ids_sorted_from_inliers_to_outliers: ['a'] })).toBe('inputs.ids_sorted_from_inliers_to_outliers[0]');
    expect(bad({ [KEY]: [[1]], ids_sorted_by_essential_examples: [1], ids_sorted_by_forbidden_examples: [1] })).toBe('inputs.ids_sorted_by_forbidden_examples[0]');
    expect(bad({ [KEY]: [[1]], ids_sorted_by_forbidden_examples: 5 })).toBe('inputs.ids_sorted_by_forbidden_examples');
  });

  it('handles empty input and all-forbidden clusters', () => {
    expect(dataBalance({ [KEY]: [] })).toEqual({ prioritized_over_represented_ids_to_remove: [], prioritized_under_represented_ids_to_source: [] });
    const r = dataBalance({ [KEY]: [[1, 2], [3]], ids_sorted_by_forbidden_examples: [1, 2] });
    expect(r.prioritized_over_represented_ids_to_remove).toEqual([1, 2]);
    expect(r.prioritized_under_represented_ids_to_source).toEqual([]);
  });
});

describe('balanceClusters (core)', () => {
  it('gives the job the same lists and names its own fields', async () => {
    const { balanceClusters } = await import('../../../src/core/rank/index.js');
    const clusters = [[1, 2, 3, 4, 5], [6, 7], [8]];
    const job = dataBalance({ clustered_content_ids_sorted_by_decreasing_diversity_with_contents_sorted_by_distance_to_centroid: clusters, ids_sorted_by_essential_examples: [2] });
    const core = balanceClusters(clusters, { essential: [2] });
    expect(core).toEqual({ remove: job.prioritized_over_represented_ids_to_remove, source: job.prioritized_under_represented_ids_to_source });
    expect(core.remove).not.toContain(2);
    expect(() => balanceClusters([[1], [1]])).toThrow(expect.objectContaining({ field: 'clusters[1][0]' }));
    expect(() => balanceClusters([[1]], { essential: [1], forbidden: [1] })).toThrow(expect.objectContaining({ field: 'options.forbidden[0]' }));
    expect(() => balanceClusters([[1]], { targetSize: 0 })).toThrow(expect.objectContaining({ field: 'options.targetSize', rule: 'int >= 1' }));
  });
});
