import { describe, expect, it } from 'vitest';
import { fitTranslator, recallAt1, translate } from '../../../../src/core/learn/index.js';
import { solveSpd } from '../../../../src/core/linalg/index.js';
import { normalizeRows, Rng, type VectorSet } from '../../../../src/core/base/index.js';
import { CancelledError, ValidationError } from '../../../../src/contract/errors.js';

function gaussian(rng: Rng, n: number, dim: number): VectorSet {
  return normalizeRows({ data: Float32Array.from({ length: n * dim }, () => rng.normal()), n, dim });
}

/** Outputs = a fixed random linear map of the inputs plus noise, normalised. */
function pairs(rng: Rng, n: number, inDim: number, outDim: number, map: Float32Array, noise: number) {
  const input = gaussian(rng, n, inDim);
  const out = new Float32Array(n * outDim);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < outDim; j++) {
      let s = 0;
      for (let k = 0; k < inDim; k++) s += input.data[i * inDim + k] * map[k * outDim + j];
      out[i * outDim + j] = s + noise * rng.normal();
    }
  return { input, output: normalizeRows({ data: out, n, dim: outDim }), target: Int32Array.from({ length: n }, (_, i) => i) };
}

describe('solveSpd', () => {
  it('solves a small SPD system exactly', () => {
    // A = [[4,2],[2,3]], x = [1,-1] → b = [2,-1]
    const x = solveSpd(Float64Array.from([4, 2, 2, 3]), 2, Float64Array.from([2, -1]), 1);
    expect(x[0]).toBeCloseTo(1, 10);
    expect(x[1]).toBeCloseTo(-1, 10);
  });
  it('refuses a matrix that is not positive definite', () => {
    expect(() => solveSpd(Float64Array.from([1, 2, 2, 1]), 2, Float64Array.from([1, 1]), 1)).toThrow(ValidationError);
  });
});

describe('fitTranslator', () => {
  it('learns a map between two spaces of different dimension and beats chance by far', async () => {
    const rng = new Rng(5);
    const map = Float32Array.from({ length: 24 * 16 }, () => rng.normal());
    const train = pairs(rng, 200, 24, 16, map, 0.05);
    const val = pairs(rng, 60, 24, 16, map, 0.05);
    const fit = await fitTranslator(train, val);
    expect(fit.identityRecallAt1).toBeNull(); // 24 → 16: no identity
    expect(fit.translator.kind).toBe('ridge');
    expect(fit.recallAt1).toBeGreaterThan(0.9);
    // The reported recall is what translate() gives on the validation pairs.
    expect(recallAt1(translate(fit.translator, val.input), val.output, val.target)).toBe(fit.recallAt1);
    const t = translate(fit.translator, val.input);
    expect(t.dim).toBe(16);
    expect(Math.hypot(...t.data.subarray(0, 16))).toBeCloseTo(1, 5);
  });

  it('keeps the identity when the spaces already agree (the map cannot beat it)', async () => {
    const rng = new Rng(9);
    const eye = Float32Array.from({ length: 16 * 16 }, (_, i) => (i % 17 === 0 ? 1 : 0));
    const fit = await fitTranslator(pairs(rng, 30, 16, 16, eye, 0), pairs(rng, 40, 16, 16, eye, 0));
    expect(fit.identityRecallAt1).toBe(1);
    expect(fit.translator.kind).toBe('identity');
  });

  it('beats the identity when the same space is rotated', async () => {
    const rng = new Rng(11);
    // A permutation with sign flips: identity R@1 near chance, a linear map recovers it.
    const perm = Array.from({ length: 16 }, (_, i) => (i * 5 + 3) % 16);
    const rot = new Float32Array(16 * 16);
    perm.forEach((p, i) => (rot[i * 16 + p] = i % 2 ? -1 : 1));
    const fit = await fitTranslator(pairs(rng, 120, 16, 16, rot, 0.02), pairs(rng, 50, 16, 16, rot, 0.02));
    expect(fit.identityRecallAt1!).toBeLessThan(0.2);
    expect(fit.recallAt1).toBeGreaterThan(0.9);
    expect(fit.translator.kind).toBe('ridge');
  });

  it('refuses bad pairs by field and stops when cancelled', async () => {
    const rng = new Rng(1);
    const a = gaussian(rng, 5, 4);
    await expect(fitTranslator({ input: a, output: a, target: new Int32Array(4) }, { input: a, output: a, target: new Int32Array(5) })).rejects.toThrow(/train.target/);
    await expect(fitTranslator({ input: a, output: a, target: Int32Array.from([0, 1, 2, 3, 9]) }, { input: a, output: a, target: new Int32Array(5) })).rejects.toThrow(ValidationError);
    await expect(fitTranslator({ input: a, output: a, target: new Int32Array(5) }, { input: gaussian(rng, 5, 3), output: a, target: new Int32Array(5) })).rejects.toThrow(/validation/);
    const ac = new AbortController();
    ac.abort();
    await expect(fitTranslator({ input: a, output: a, target: new Int32Array(5) }, { input: a, output: a, target: new Int32Array(5) }, { signal: ac.signal })).rejects.toThrow(CancelledError);
  });
});
