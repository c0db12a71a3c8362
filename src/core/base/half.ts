/**
 * float32 ↔ float16 (IEEE 754 binary16, round to nearest even). Stored vectors
 * are half precision: half the bytes to write and read, and for unit vectors
 * the cosine moves by ~1e-5, far below any decision threshold. Uses the
 * native Float16Array where the platform has one.
 */

type F16Ctor = new (src: ArrayLike<number> | ArrayBufferLike, offset?: number, length?: number) => ArrayLike<number> & { buffer: ArrayBufferLike };
const NativeF16 = (globalThis as { Float16Array?: F16Ctor }).Float16Array;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** One float32 → binary16 bits. */
export function halfBits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 255) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++;
  return sign | half;
}

/** binary16 bits → number. */
export function halfValue(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Encode a Float32Array as binary16 bits. */
export function toHalf(src: Float32Array, useNative = true): Uint16Array {
  if (NativeF16 && useNative) {
    const h = new NativeF16(src);
    return new Uint16Array(h.buffer);
  }
  const out = new Uint16Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = halfBits(src[i]);
  return out;
}

let table: Float32Array | undefined;

/** Decode binary16 bits into `out` at `offset` (allocates when `out` is omitted). */
export function fromHalf(src: Uint16Array, out?: Float32Array, offset = 0, useNative = true): Float32Array {
  const dst = out ?? new Float32Array(src.length);
  if (NativeF16 && useNative) {
    dst.set(new NativeF16(src.buffer, src.byteOffset, src.length) as unknown as ArrayLike<number>, offset);
    return dst;
  }
  if (!table) {
    table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) table[h] = halfValue(h);
  }
  for (let i = 0; i < src.length; i++) dst[offset + i] = table[src[i]];
  return dst;
}
