/** .pt (safetensors) vectors: the fixtures written by Python's struct (test/fixtures/pt/make.py) read back exactly. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/contract/errors.js';
import { decodeVectorFile, encodeVectorFile, isVectorFileName } from '../../../src/export/index.js';

const D = 1792;
const file = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/pt/${name}`, import.meta.url)));
const expected = (k: number, n = D) => Float32Array.from({ length: n }, (_, d) => Math.sin(1.3 * k + 0.01 * (k + 1) * d));
const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
function refusal(bytes: Uint8Array): ValidationError {
  try {
    decodeVectorFile(bytes, 'inputs.files[2]', '"x.pt"');
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('accepted');
}

describe('.pt vector files', () => {
  it('reads F32, F64, F16 and 1 × d tensors written by another implementation', () => {
    expect(maxDiff(decodeVectorFile(file('v0.pt'), 'f'), expected(0))).toBe(0);
    expect(maxDiff(decodeVectorFile(file('v1.pt'), 'f'), expected(1))).toBe(0); // with __metadata__
    expect(maxDiff(decodeVectorFile(file('v2.pt'), 'f'), expected(2))).toBeLessThan(1e-7);
    expect(maxDiff(decodeVectorFile(file('v3.pt'), 'f'), expected(3))).toBeLessThan(1e-3); // float16 rounding
    expect(decodeVectorFile(file('v4.pt'), 'f')).toHaveLength(D);
  });

  it('refuses what is not one finite 1-D vector, naming the field and the rule', () => {
    expect(refusal(file('two-tensors.pt'))).toMatchObject({ field: 'inputs.files[2]', rule: 'exactly one tensor' });
    expect(refusal(file('matrix.pt')).rule).toBe('one-dimensional');
    expect(refusal(new Uint8Array([1, 2, 3])).rule).toBe('a safetensors file');
    const jpegish = new Uint8Array(64).fill(0xff);
    expect(refusal(jpegish).rule).toBe('a safetensors file');
    const truncated = file('v0.pt').subarray(0, 4000);
    expect(refusal(truncated).rule).toBe('data inside the file');
    const nan = encodeVectorFile(new Float32Array([1, NaN, 3]));
    expect(refusal(nan).message).toMatch(/element 1 is NaN/);
    const i32 = file('short.pt').slice();
    const text = new TextDecoder().decode(i32).replace('"F32"', '"I32"');
    expect(refusal(new TextEncoder().encode(text)).rule).toBe('F32, F64, F16 or BF16');
  });

  it('writes what it reads, with metadata', () => {
    const v = expected(9, 33);
    const bytes = encodeVectorFile(v, { content_id: '12' });
    expect(Array.from(decodeVectorFile(bytes, 'f'))).toEqual(Array.from(v));
    expect(new TextDecoder().decode(bytes.subarray(8, 80))).toContain('"content_id":"12"');
  });

  it('takes .pt and .safetensors names as vectors, nothing else', () => {
    expect(['a.pt', 'B.PT', 'v.safetensors'].every(isVectorFileName)).toBe(true);
    expect(['a.jpg', 'pt', 'a.pt.jpg', 'a.ptx'].some(isVectorFileName)).toBe(false);
  });
});
