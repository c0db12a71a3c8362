import { describe, expect, it } from 'vitest';
import { maxQuantLevel, quantizeRows, rowErrorBounds } from '../../../../src/core/kernels/quantize.js';
import { neighborsAndPairs } from '../../../../src/core/search/neighbors.js';
import { normalizeRows } from '../../../../src/core/base/matrix.js';
import { Rng } from '../../../../src/core/base/random.js';
import { bruteTopK, clustered, dotRows, randomUnit } from './helpers.js';

describe('i16 quantization', () => {
  it('never lets an i32 dot product overflow', async () => {
    for (const dim of [1, 7, 64, 1792, 4096]) {
      const q = maxQuantLevel(dim);
      expect(dim * q * q).toBeLessThan(2 ** 31);
      expect(q).toBeLessThanOrEqual(32767);
    }
  });

  it('keeps |x·y − x̃·ỹ| within the per-row bound, on dense and on spiky vectors', async () => {
    const r = new Rng(5);
    const spiky = new Float32Array(50 * 300);
    for (let i = 0; i < spiky.length; i++) spiky[i] = r.next() < 0.05 ? r.normal() * 5 : r.normal() * 0.01;
    for (const vs of [randomUnit(50, 300, 1), normalizeRows({ data: spiky, n: 50, dim: 300 })]) {
      const q = quantizeRows(vs);
      const bound = rowErrorBounds(q);
      let worst = 0;
      for (let i = 0; i < vs.n; i++) {
        for (let j = 0; j < vs.n; j++) {
          let qd = 0;
          for (let d = 0; d < vs.dim; d++) qd += q.data[i * vs.dim + d] * q.data[j * vs.dim + d];
          const err = Math.abs(dotRows(vs, i, vs, j) - qd / (q.scale * q.scale));
          expect(err).toBeLessThanOrEqual(bound[i]);
          worst = Math.max(worst, err / bound[i]);
        }
      }
      // The bound is worst-case but not absurdly loose.
      expect(worst).toBeGreaterThan(0.01);
    }
  });
});

describe('neighborsAndPairs without exactTopK', () => {
  it('never re-scans, keeps exact scores, and misses only near-ties', async () => {
    const vs = clustered(400, 1792, { clusters: 3, spread: 0.05, dupFrac: 0.3, dupNoise: 0.01, seed: 3 });
    const fast = await neighborsAndPairs(vs, 6, null, { exactTopK: false });
    expect(fast.rescanned).toBe(0);
    const bound = rowErrorBounds(quantizeRows(vs));
    for (let i = 0; i < vs.n; i += 13) {
      const ref = bruteTopK(vs, i, vs, 6, undefined, i);
      for (let t = 0; t < 6; t++) {
        const j = fast.graph.indices[i * 6 + t];
        expect(1 - fast.graph.distances[i * 6 + t]).toBeCloseTo(dotRows(vs, i, vs, j), 5);
        // Each listed neighbour is within twice the bound of the true t-th similarity.
        expect(dotRows(vs, i, vs, j)).toBeGreaterThanOrEqual(ref.sims[t] - 2 * bound[i] - 1e-6);
      }
    }
  });
});
