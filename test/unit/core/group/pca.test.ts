import { describe, expect, it } from 'vitest';
import { fitPca, pca, pcaTransform } from '../../../../src/core/linalg/pca.js';
import { symmetricEigen } from '../../../../src/core/linalg/eigen.js';
import { ValidationError, CancelledError } from '../../../../src/contract/errors.js';
import { Rng } from '../../../../src/core/base/random.js';
import type { VectorSet } from '../../../../src/core/base/matrix.js';

/** Rows with independent Gaussian coordinates of the given std devs, then a seeded random rotation. */
function anisotropic(n: number, sds: number[], seed: number): VectorSet {
  const d = sds.length, rng = new Rng(seed);
  // random orthogonal matrix by Gram–Schmidt of a Gaussian matrix
  const Q: number[][] = [];
  while (Q.length < d) {
    const v = Array.from({ length: d }, () => rng.normal());
    for (const q of Q) {
      const s = q.reduce((a, x, i) => a + x * v[i], 0);
      for (let i = 0; i < d; i++) v[i] -= s * q[i];
    }
    const norm = Math.hypot(...v);
    Q.push(v.map((x) => x / norm));
  }
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const z = sds.map((s) => s * rng.normal());
    for (let k = 0; k < d; k++) data[i * d + k] = 3 + z.reduce((a, zj, j) => a + zj * Q[j][k], 0);
  }
  return { data, n, dim: d };
}

/** Independent reference: cyclic Jacobi eigenvalues of the sample covariance, descending. */
function jacobiCovariance(vs: VectorSet): { values: number[]; vectors: number[][] } {
  const { n, dim: d, data } = vs;
  const mean = Array.from({ length: d }, (_, k) => Array.from({ length: n }, (_, i) => data[i * d + k]).reduce((a, b) => a + b, 0) / n);
  const A = Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (data[i * d + a] - mean[a]) * (data[i * d + b] - mean[b]);
    return s / (n - 1);
  }));
  const V: number[][] = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += A[p][q] ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < d; p++)
      for (let q = p + 1; q < d; q++) {
        if (Math.abs(A[p][q]) < 1e-300) continue;
        const theta = (A[q][q] - A[p][p]) / (2 * A[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = A[k][p], akq = A[k][q];
          A[k][p] = c * akp - s * akq;
          A[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = A[p][k], aqk = A[q][k];
          A[p][k] = c * apk - s * aqk;
          A[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = V[k][p], vkq = V[k][q];
          V[k][p] = c * vkp - s * vkq;
          V[k][q] = s * vkp + c * vkq;
        }
      }
  }
  const idx = Array.from({ length: d }, (_, i) => i).sort((x, y) => A[y][y] - A[x][x]);
  return { values: idx.map((i) => A[i][i]), vectors: idx.map((i) => V.map((row) => row[i])) };
}

const rowDot = (a: Float32Array, i: number, j: number, d: number) => {
  let s = 0;
  for (let k = 0; k < d; k++) s += a[i * d + k] * a[j * d + k];
  return s;
};

describe('pca', () => {
  it('matches a Jacobi reference on small data (exact path)', async () => {
    const vs = anisotropic(80, [5, 3, 2, 1.5, 1, 0.5, 0.3, 0.1], 1);
    const ref = jacobiCovariance(vs);
    const m = await fitPca(vs, 8);
    expect(m.method).toBe('exact');
    for (let j = 0; j < 8; j++) {
      expect(m.explainedVariance[j]).toBeCloseTo(ref.values[j], 4);
      if (j > 0) expect(m.explainedVariance[j]).toBeLessThanOrEqual(m.explainedVariance[j - 1]);
      let dot = 0;
      for (let k = 0; k < 8; k++) dot += m.components[j * 8 + k] * ref.vectors[j][k];
      expect(Math.abs(dot)).toBeCloseTo(1, 4);
      for (let l = 0; l < 8; l++) expect(rowDot(m.components, j, l, 8)).toBeCloseTo(j === l ? 1 : 0, 5);
    }
    const ratio = m.explainedVarianceRatio.reduce((a, b) => a + b, 0);
    expect(ratio).toBeCloseTo(1, 6);
  });

  it('projects to uncorrelated coordinates whose variances are the explained variances', async () => {
    const vs = anisotropic(200, [4, 2, 1, 0.5, 0.25], 2);
    const { model, projected } = await pca(vs, 3);
    expect(projected.dim).toBe(3);
    for (let a = 0; a < 3; a++) {
      let mean = 0;
      for (let i = 0; i < vs.n; i++) mean += projected.data[i * 3 + a] / vs.n;
      expect(Math.abs(mean)).toBeLessThan(1e-4);
      for (let b = 0; b < 3; b++) {
        let s = 0;
        for (let i = 0; i < vs.n; i++) s += projected.data[i * 3 + a] * projected.data[i * 3 + b];
        s /= vs.n - 1;
        if (a === b) expect(s).toBeCloseTo(model.explainedVariance[a], 3);
        else expect(Math.abs(s)).toBeLessThan(1e-3);
      }
    }
  });

  it('randomized path agrees with the exact path on a decaying spectrum', async () => {
    const sds = Array.from({ length: 120 }, (_, i) => 10 * Math.pow(0.8, i));
    const vs = anisotropic(600, sds, 3);
    const exact = await fitPca(vs, 5, { method: 'exact' });
    const rand = await fitPca(vs, 5, { method: 'randomized', seed: 4 });
    expect(rand.method).toBe('randomized');
    for (let j = 0; j < 5; j++) {
      expect(rand.explainedVariance[j] / exact.explainedVariance[j]).toBeCloseTo(1, 3);
      expect(Math.abs(rowDot(Float32Array.from([...rand.components.subarray(j * 120, (j + 1) * 120), ...exact.components.subarray(j * 120, (j + 1) * 120)]), 0, 1, 120))).toBeCloseTo(1, 3);
    }
    const auto = await fitPca(vs, 5);
    expect(auto.method).toBe('randomized'); // 5 + 10 ≤ min(600, 120) / 4
  });

  it('uses the Gram matrix when n < dim and completes the basis up to any dimension', async () => {
    const rng = new Rng(6);
    const vs: VectorSet = { data: new Float32Array(6 * 20).map(() => rng.normal()), n: 6, dim: 20 };
    const ref = jacobiCovariance(vs);
    const m = await fitPca(vs, 20);
    for (let j = 0; j < 5; j++) expect(m.explainedVariance[j]).toBeCloseTo(ref.values[j], 4);
    for (let j = 5; j < 20; j++) expect(m.explainedVariance[j]).toBe(0); // rank n − 1 = 5
    for (let j = 0; j < 20; j++) for (let l = 0; l < 20; l++) expect(rowDot(m.components, j, l, 20)).toBeCloseTo(j === l ? 1 : 0, 5);
  });

  it('is deterministic and sign-normalised', async () => {
    const vs = anisotropic(300, Array.from({ length: 60 }, (_, i) => 5 / (i + 1)), 7);
    const a = await fitPca(vs, 2, { seed: 1 }), b = await fitPca(vs, 2, { seed: 1 });
    expect(Array.from(a.components)).toEqual(Array.from(b.components));
    for (let j = 0; j < 2; j++) {
      const row = Array.from(a.components.subarray(j * 60, (j + 1) * 60));
      const big = row.reduce((m, v) => (Math.abs(v) > Math.abs(m) ? v : m), 0);
      expect(big).toBeGreaterThan(0);
    }
  });

  it('validates nr_of_dimensions and dims, and cancels', async () => {
    const vs = anisotropic(20, [1, 1, 1], 8);
    await expect(fitPca(vs, 0)).rejects.toMatchObject({ field: 'nComponents' });
    await expect(fitPca(vs, 4)).rejects.toMatchObject({ field: 'nComponents', rule: 'int in [1, 3]' });
    await expect(fitPca(vs, 1.5)).rejects.toBeInstanceOf(ValidationError);
    await expect(fitPca({ data: new Float32Array(0), n: 0, dim: 3 }, 1)).rejects.toBeInstanceOf(ValidationError);
    const m = await fitPca(vs, 2);
    expect(() => pcaTransform(m, { data: new Float32Array(4), n: 1, dim: 4 })).toThrow(ValidationError);
    const ac = new AbortController();
    ac.abort();
    await expect(fitPca(vs, 2, { signal: ac.signal })).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('symmetricEigen', () => {
  it('decomposes A = V Λ Vᵀ with orthonormal rows', () => {
    const n = 30, rng = new Rng(9), A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) A[i * n + j] = A[j * n + i] = rng.normal();
    const { values, vectors } = symmetricEigen(A, n);
    for (let q = 0; q < n; q++) {
      if (q > 0) expect(values[q]).toBeLessThanOrEqual(values[q - 1]);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += A[i * n + j] * vectors[q * n + j];
        expect(s).toBeCloseTo(values[q] * vectors[q * n + i], 10);
      }
    }
  });
});
