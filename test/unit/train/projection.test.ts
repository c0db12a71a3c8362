import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { fitProjection, projectRows, PROJECTION_DEFAULTS, type Examples } from '../../../src/train/index.js';
import { CancelledError, ValidationError } from '../../../src/contract/errors.js';
import { normalizeRows, Rng } from '../../../src/core/base/index.js';

/** Unit rows whose label lives in 2 weak dimensions under 30 loud nuisance ones. */
function weakSignal(per: number, seed = 2): Examples {
  const rng = new Rng(seed);
  const dim = 32;
  const labels: string[][] = [];
  const x = new Float32Array(4 * per * dim);
  for (let c = 0; c < 4; c++)
    for (let i = 0; i < per; i++) {
      const r = c * per + i;
      x[r * dim] = 0.6 * (c % 2 ? 1 : -1) + 0.1 * rng.normal();
      x[r * dim + 1] = 0.6 * (c < 2 ? 1 : -1) + 0.1 * rng.normal();
      for (let j = 2; j < dim; j++) x[r * dim + j] = rng.normal();
      labels.push([`c${c}`]);
    }
  normalizeRows({ data: x, n: 4 * per, dim });
  return { x, dim, labels };
}

const quick = { ...PROJECTION_DEFAULTS, rank: 8, maxEpochs: 80, learningRate: 0.01 };

describe('fitProjection (tfjs, Node cpu backend)', () => {
  it('stretches the directions the labels care about: held-back nearest-mean accuracy rises', async () => {
    const ex = weakSignal(60);
    const fit = await fitProjection(tf, ex, quick);
    expect(fit.labels).toEqual(['c0', 'c1', 'c2', 'c3']);
    expect(fit.validation.size).toBe(36); // 15 % of 60 per label
    expect(fit.validation.accuracy).toBeGreaterThan(fit.validation.baseAccuracy + 0.1);
    expect(fit.validation.accuracy).toBeGreaterThan(0.85);
    const z = projectRows(fit.weights, ex.x, ex.labels.length);
    for (let i = 0; i < 5; i++) expect(Math.hypot(...z.subarray(i * 32, (i + 1) * 32))).toBeCloseTo(1, 5);
  });

  it('is the base space while the residual is zero', () => {
    const ex = weakSignal(2);
    const w = { dim: 32, rank: 4, u: new Float32Array(32 * 4).fill(0.3), v: new Float32Array(4 * 32) };
    const z = projectRows(w, ex.x, 8);
    for (let i = 0; i < z.length; i++) expect(z[i]).toBeCloseTo(ex.x[i], 6);
    expect(() => projectRows(w, ex.x.subarray(0, 10), 8)).toThrow(ValidationError);
  });

  it('refuses one label or an unlabelled example, and stops when cancelled', async () => {
    const ex = weakSignal(10);
    await expect(fitProjection(tf, { ...ex, labels: ex.labels.map(() => ['a']) }, quick)).rejects.toThrow(/example_to_labels.*2 distinct/);
    await expect(fitProjection(tf, { ...ex, labels: ex.labels.map((l, i) => (i === 3 ? [] : l)) }, quick)).rejects.toThrow(/example_to_labels\[3\]/);
    const ac = new AbortController();
    ac.abort();
    await expect(fitProjection(tf, ex, quick, { signal: ac.signal })).rejects.toThrow(CancelledError);
  });
});
