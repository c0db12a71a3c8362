import { describe, expect, it } from 'vitest';
import { auroc, nmi, purity } from '../../bench/quality-metrics.js';

describe('bench quality metrics', () => {
  it('auroc: perfect, inverted, chance and ties', () => {
    expect(auroc([[1, false], [2, false], [3, true], [4, true]])).toBe(1);
    expect(auroc([[1, true], [2, true], [3, false], [4, false]])).toBe(0);
    expect(auroc([[1, true], [1, false]])).toBe(0.5);
    expect(auroc([[1, false], [2, true], [3, false], [4, true]])).toBe(0.75);
    expect(auroc([[1, true]])).toBeNaN();
  });
  it('nmi and purity: identical partitions, relabelled, and independent', () => {
    const same: [string, number][] = [['a', 0], ['a', 0], ['b', 1], ['b', 1]];
    expect(nmi(same)).toBeCloseTo(1, 10);
    expect(nmi([['a', 5], ['a', 5], ['b', 2], ['b', 2]])).toBeCloseTo(1, 10);
    const indep: [string, number][] = [['a', 0], ['a', 1], ['b', 0], ['b', 1]];
    expect(nmi(indep)).toBeCloseTo(0, 10);
    expect(purity(same)).toBe(1);
    expect(purity(indep)).toBe(0.5);
  });
});
