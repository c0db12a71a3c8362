import { describe, expect, it } from 'vitest';
import { fitRobustScale, oneSidedZ2, robustZEvidence } from '../../../src/core/base/robust-z.js';

describe('robust z', () => {
  it('centres on the median and scales by the MAD, so a planted group does not move them', () => {
    // 90 rows around 0 (spread ±1), 10 rows at 50: mean and std would move, median/MAD barely do.
    const col = Float32Array.from({ length: 100 }, (_, i) => (i < 90 ? ((i % 9) - 4) / 4 : 50));
    const s = fitRobustScale({ data: col, n: 100, dim: 1 });
    expect(Math.abs(s.center[0])).toBeLessThan(0.3);
    expect(s.scale[0]).toBeLessThan(2);
    const ev = robustZEvidence({ data: col, n: 100, dim: 1 }, s, 4);
    expect(ev[95]).toBe(16); // clipped at 4² — higher evidence means more outlying
    expect(ev[4]).toBeLessThan(1);
  });

  it('a constant column adds nothing; a mostly constant one falls back to its std', () => {
    const data = Float32Array.from({ length: 20 }, (_, i) => (i % 2 ? 3 : 3));
    const s = fitRobustScale({ data, n: 20, dim: 1 });
    expect(Array.from(robustZEvidence({ data, n: 20, dim: 1 }, s))).toEqual(new Array(20).fill(0));
    const mostly = Float32Array.from({ length: 20 }, (_, i) => (i === 0 ? 1 : 0));
    expect(fitRobustScale({ data: mostly, n: 20, dim: 1 }).scale[0]).toBeGreaterThan(0);
  });

  it('oneSidedZ2 counts only larger-than-usual values and validates dims', () => {
    const ref = Array.from({ length: 50 }, (_, i) => i / 50);
    const z = oneSidedZ2([0, 0.5, 10], ref, 4);
    expect(z[0]).toBe(0);
    expect(z[1]).toBeLessThan(0.01);
    expect(z[2]).toBe(16);
    expect(() => robustZEvidence({ data: new Float32Array(4), n: 2, dim: 2 }, { center: [0], scale: [1] })).toThrow(/features.dim/);
  });
});

describe('validation of the robust-z and layout entries', () => {
  it('names the field', async () => {
    const { layoutStats } = await import('../../../src/core/image/layout.js');
    const { evidenceOf, fitPixelRegion } = await import('../../../src/core/rank/relevance-pixel.js');
    const p = new Float32Array(4);
    expect(() => layoutStats(p, p, p, new Float32Array(3), 2, 2)).toThrow(expect.objectContaining({ field: 'planes' }));
    expect(() => layoutStats(p, p, p, p, 0, 2)).toThrow(expect.objectContaining({ field: 'width/height' }));
    expect(() => fitRobustScale({ data: new Float32Array(0), n: 0, dim: 2 })).toThrow(expect.objectContaining({ field: 'features.n' }));
    expect(() => oneSidedZ2([1], [])).toThrow(expect.objectContaining({ field: 'reference' }));
    expect(() => oneSidedZ2([1], [1], 0)).toThrow(expect.objectContaining({ field: 'clip' }));
    const stats = { data: Float32Array.from({ length: 20 }, (_, i) => i), n: 10, dim: 2 };
    expect(() => fitPixelRegion(stats, [0, 11], new Float64Array(2), [0, 1])).toThrow(expect.objectContaining({ field: 'rows[1]' }));
    expect(() => fitPixelRegion(stats, [0, 1], new Float64Array(3), [0, 1])).toThrow(expect.objectContaining({ field: 'sampleDistance' }));
    const region = fitPixelRegion(stats, [0, 1, 2], Float64Array.from([0.1, 0.2, 0.3]), [0, 0.5, 1]);
    expect(() => evidenceOf(region, { data: new Float32Array(2), n: 2, dim: 1 }, [0, 0])).toThrow(expect.objectContaining({ field: 'itemStats.dim' }));
    expect(() => evidenceOf(region, stats, [0])).toThrow(expect.objectContaining({ field: 'distance' }));
  });
});
