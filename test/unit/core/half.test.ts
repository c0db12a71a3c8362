import { describe, expect, it } from 'vitest';
import { fromHalf, halfBits, halfValue, toHalf } from '../../../src/core/base/half.js';

describe('float16 codec', () => {
  it('encodes known values exactly', () => {
    expect(halfBits(0)).toBe(0);
    expect(halfBits(-0)).toBe(0x8000);
    expect(halfBits(1)).toBe(0x3c00);
    expect(halfBits(-2)).toBe(0xc000);
    expect(halfBits(65504)).toBe(0x7bff);
    expect(halfBits(65520)).toBe(0x7c00); // rounds up to infinity
    expect(halfBits(Infinity)).toBe(0x7c00);
    expect(halfBits(NaN) & 0x7c00).toBe(0x7c00);
    expect(halfBits(2 ** -24)).toBe(1); // smallest subnormal
    expect(halfBits(2 ** -26)).toBe(0); // below half of it
    expect(halfBits(1 + 2 ** -11)).toBe(0x3c00); // tie → even
    expect(halfBits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie → even (up)
  });

  it('round-trips every half value', () => {
    for (let h = 0; h < 65536; h++) {
      const v = halfValue(h);
      if (Number.isNaN(v)) continue;
      expect(halfBits(v)).toBe(h);
    }
  });

  it('keeps unit vectors within 1e-3 relative error and cosine within 1e-5', () => {
    const n = 1792;
    const a = new Float32Array(n);
    let s = 0;
    for (let i = 0; i < n; i++) s += (a[i] = Math.abs(Math.sin(i * 12.9898) * 0.3));
    const norm = Math.hypot(...a);
    for (let i = 0; i < n; i++) a[i] /= norm;
    const b = fromHalf(toHalf(a, false), undefined, 0, false);
    let dot = 0;
    for (let i = 0; i < n; i++) {
      if (a[i] > 1e-4) expect(Math.abs(b[i] - a[i]) / a[i]).toBeLessThan(1e-3);
      dot += a[i] * b[i];
    }
    expect(Math.abs(1 - dot)).toBeLessThan(1e-5);
    expect(s).toBeGreaterThan(0);
  });

  it('decodes into an offset of an existing buffer', () => {
    const out = new Float32Array(6).fill(9);
    fromHalf(Uint16Array.from([0x3c00, 0xc000]), out, 2, false);
    expect(Array.from(out)).toEqual([9, 9, 1, -2, 9, 9]);
  });
});
