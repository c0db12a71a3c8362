import { describe, expect, it } from 'vitest';
import { blendProbabilities, findLabelErrors, neighbourLabelProbabilities } from '../../../../src/core/learn/index.js';

describe('label-error evidence', () => {
  it('neighbour probabilities are the share of each label among the k neighbours (missing ones skipped)', () => {
    // 4 rows, k = 2; row 3 has one neighbour only.
    const graph = { n: 4, k: 2, indices: Int32Array.from([1, 2, 0, 2, 0, 1, 0, -1]), distances: new Float32Array(8) };
    const given = [0, 0, 1, 1];
    const p = neighbourLabelProbabilities(graph, given, 2);
    expect(Array.from(p)).toEqual([0.5, 0.5, 0.5, 0.5, 1, 0, 1, 0]);
  });

  it('blends element-wise with the given weight', () => {
    expect(Array.from(blendProbabilities([1, 0], [0, 1], 0.25))).toEqual([0.75, 0.25]);
  });

  it('flags only rows where another label is strictly more probable, lowest own probability first', () => {
    const probs = [
      0.9, 0.1, // row 0, given 0: fine
      0.4, 0.6, // row 1, given 0: issue (own 0.4)
      0.5, 0.5, // row 2, given 0: a tie keeps the label
      0.8, 0.2, // row 3, given 1: issue (own 0.2)
    ];
    const f = findLabelErrors(probs, [0, 0, 0, 1], 2);
    expect(f.issues.map((i) => [i.row, i.suggested])).toEqual([[3, 0], [1, 1]]);
    expect(f.thresholds[0]).toBeCloseTo((0.9 + 0.4 + 0.5) / 3);
    expect(f.thresholds[1]).toBeCloseTo(0.2);
  });
});
