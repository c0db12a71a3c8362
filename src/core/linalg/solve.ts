/**
 * Symmetric positive-definite solves by Cholesky (A = L·Lᵀ), for ridge
 * regression: small systems (r ≤ a few hundred), so plain loops are enough.
 */
import { ValidationError } from '../../contract/errors.js';

/**
 * Solve A·X = B for X, A n × n SPD (row-major, not modified), B n × m (row-major).
 * @returns X, n × m row-major
 * @throws ValidationError when A is not positive definite (add a ridge)
 */
export function solveSpd(a: Float64Array, n: number, b: Float64Array, m: number): Float64Array {
  if (a.length !== n * n) throw new ValidationError('a', `length n·n = ${n * n}`);
  if (b.length !== n * m) throw new ValidationError('b', `length n·m = ${n * m}`);
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(s > 0)) throw new ValidationError('a', 'positive definite', `a: not positive definite (pivot ${i} is ${s}); add a ridge`);
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j];
    }
  }
  // Forward (L·Y = B), then back (Lᵀ·X = Y), all m columns at once.
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    const row = x.subarray(i * m, (i + 1) * m);
    for (let k = 0; k < i; k++) {
      const f = l[i * n + k];
      if (f === 0) continue;
      const src = x.subarray(k * m, (k + 1) * m);
      for (let c = 0; c < m; c++) row[c] -= f * src[c];
    }
    const d = l[i * n + i];
    for (let c = 0; c < m; c++) row[c] /= d;
  }
  for (let i = n - 1; i >= 0; i--) {
    const row = x.subarray(i * m, (i + 1) * m);
    for (let k = i + 1; k < n; k++) {
      const f = l[k * n + i];
      if (f === 0) continue;
      const src = x.subarray(k * m, (k + 1) * m);
      for (let c = 0; c < m; c++) row[c] -= f * src[c];
    }
    const d = l[i * n + i];
    for (let c = 0; c < m; c++) row[c] /= d;
  }
  return x;
}
