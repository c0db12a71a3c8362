/**
 * Image hashes for the redundancy cascade, computed from decoded RGBA:
 *
 * - {@link pixelHash}: a fast non-cryptographic 64-bit hash of the exact
 *   decoded pixels (and size): equal for re-encodings that decode to the same
 *   pixels (PNG vs lossless WebP, metadata edits) where byte hashes differ.
 * - {@link phash}: the DCT perceptual hash (32×32 area-averaged luma → 2-D
 *   DCT-II → the 8×8 lowest frequencies without the DC row/column → one bit
 *   per coefficient above their median). Robust to resize, recompression,
 *   mild noise/blur and brightness changes; compare with Hamming distance.
 * - {@link dhash}: the difference hash (9×8 luma, bit = left < right), cheaper
 *   and a little less robust.
 *
 * Hashes are 64-bit bigints; {@link hashToHex}/{@link hexToHash} convert for storage.
 */
import { ValidationError } from '../../contract/errors.js';
import { areaResize, checkRgba, toLuma } from './gray.js';

const N = 32;
/** cos table of the 32-point DCT-II: C[u*N + x] = cos((2x+1)uπ / 2N), rows 0..8 only (we need u ≤ 8). */
const DCT = (() => {
  const c = new Float64Array(9 * N);
  for (let u = 0; u < 9; u++) for (let x = 0; x < N; x++) c[u * N + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * N));
  return c;
})();

/** 64-bit DCT perceptual hash of an RGBA image. */
export function phash(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): bigint {
  checkRgba(rgba, width, height);
  const g = areaResize(toLuma(rgba, width, height), width, height, N, N);
  // Separable DCT restricted to the 9 lowest frequencies per axis: rows first (N×9), then columns (9×9).
  const rows = new Float64Array(N * 9);
  for (let y = 0; y < N; y++) {
    for (let u = 1; u < 9; u++) {
      let s = 0;
      for (let x = 0; x < N; x++) s += g[y * N + x] * DCT[u * N + x];
      rows[y * 9 + u] = s;
    }
  }
  const coef = new Float64Array(64);
  for (let v = 1; v < 9; v++) {
    for (let u = 1; u < 9; u++) {
      let s = 0;
      for (let y = 0; y < N; y++) s += rows[y * 9 + u] * DCT[v * N + y];
      coef[(v - 1) * 8 + (u - 1)] = s;
    }
  }
  const sorted = Float64Array.from(coef).sort();
  const median = (sorted[31] + sorted[32]) / 2;
  let h = 0n;
  for (let i = 0; i < 64; i++) if (coef[i] > median) h |= 1n << BigInt(i);
  return h;
}

/** 64-bit difference hash of an RGBA image. */
export function dhash(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): bigint {
  checkRgba(rgba, width, height);
  const g = areaResize(toLuma(rgba, width, height), width, height, 9, 8);
  let h = 0n;
  for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) if (g[y * 9 + x] < g[y * 9 + x + 1]) h |= 1n << BigInt(y * 8 + x);
  return h;
}

/** Bits set in a 32-bit integer. */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** A 64-bit hash as a bigint, or 8 bytes (little-endian). */
export type Hash64 = bigint | Uint8Array;

/** The two 32-bit halves (lo, hi) of a 64-bit hash. */
export function hashHalves(h: Hash64, field = 'hash'): [number, number] {
  if (typeof h === 'bigint') {
    if (h < 0n || h >= 1n << 64n) throw new ValidationError(field, 'unsigned 64-bit');
    return [Number(h & 0xffffffffn) >>> 0, Number(h >> 32n) >>> 0];
  }
  if (!(h instanceof Uint8Array) || h.length !== 8) throw new ValidationError(field, 'bigint or 8-byte Uint8Array');
  const lo = (h[0] | (h[1] << 8) | (h[2] << 16) | (h[3] << 24)) >>> 0;
  const hi = (h[4] | (h[5] << 8) | (h[6] << 16) | (h[7] << 24)) >>> 0;
  return [lo, hi];
}

/** Hamming distance between two 64-bit hashes (0..64). */
export function hamming64(a: Hash64, b: Hash64): number {
  const [al, ah] = hashHalves(a, 'a');
  const [bl, bh] = hashHalves(b, 'b');
  return popcount32(al ^ bl) + popcount32(ah ^ bh);
}

/** 16 lowercase hex digits. */
export function hashToHex(h: Hash64): string {
  const [lo, hi] = hashHalves(h);
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/** Inverse of {@link hashToHex}. */
export function hexToHash(hex: string): bigint {
  if (!/^[0-9a-f]{16}$/i.test(hex)) throw new ValidationError('hex', '16 hex digits');
  return BigInt('0x' + hex);
}

/**
 * 64-bit hash (16 hex digits) of the decoded pixels and the size: two
 * independent 32-bit multiply-xorshift lanes (murmur3 finalizer constants)
 * over the RGBA words. Not cryptographic: use for exact-pixel equality only.
 * Runs at several hundred MB/s.
 */
export function pixelHash(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): string {
  checkRgba(rgba, width, height);
  const words = rgba.byteOffset % 4 === 0 ? new Uint32Array(rgba.buffer, rgba.byteOffset, width * height) : new Uint32Array(Uint8Array.from(rgba).buffer);
  let h1 = (0x9747b28c ^ width) >>> 0;
  let h2 = (0x5bd1e995 ^ height) >>> 0;
  for (let i = 0; i < words.length; i++) {
    let k = Math.imul(words[i], 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h1 ^= k;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    h2 = Math.imul(h2 ^ words[i] ^ i, 0x85ebca6b);
    h2 ^= h2 >>> 13;
  }
  const fin = (h: number, len: number) => {
    h ^= len;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  };
  const a = fin(h1, words.length), b = fin(h2 ^ a, width * 65536 + height);
  return b.toString(16).padStart(8, '0') + a.toString(16).padStart(8, '0');
}
