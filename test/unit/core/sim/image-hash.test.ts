import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../src/contract/errors.js';
import { dhash, hamming64, hashToHex, hexToHash, phash, pixelHash, popcount32 } from '../../../../src/core/image/hash.js';
import { addNoise, adjust, blockify, blur, flat, resize, synthPhoto } from './images.js';

const photos = [1, 2, 3, 4, 5, 6].map((s) => synthPhoto(160, 120, s));

describe('perceptual hashes', () => {
  it.each([
    ['pHash', phash, 10],
    ['dHash', dhash, 12],
  ] as const)('%s is stable under noise, block artefacts, blur, resize and brightness, and differs across images', (_n, fn, radius) => {
    for (const [i, img] of photos.entries()) {
      const h = fn(img.rgba, img.width, img.height);
      const variants = [
        addNoise(img, 8, i),
        blockify(addNoise(img, 4, i + 10), 12),
        blur(img, 1),
        resize(img, 150, 112),
        resize(img, 320, 240),
        adjust(img, 1.1, 10),
      ];
      for (const v of variants) expect(hamming64(h, fn(v.rgba, v.width, v.height))).toBeLessThanOrEqual(radius);
    }
    for (let i = 0; i < photos.length; i++) {
      for (let j = i + 1; j < photos.length; j++) {
        const a = photos[i], b = photos[j];
        expect(hamming64(fn(a.rgba, a.width, a.height), fn(b.rgba, b.width, b.height))).toBeGreaterThan(radius + 4);
      }
    }
  });

  it('pHash sets 32 of 64 bits on a textured image (median split) and is deterministic', () => {
    const h = phash(photos[0].rgba, 160, 120);
    expect(popcount32(Number(h & 0xffffffffn)) + popcount32(Number(h >> 32n))).toBe(32);
    expect(phash(photos[0].rgba, 160, 120)).toBe(h);
  });

  it('accepts Uint8Array hashes and round-trips hex', () => {
    const h = 0x0123456789abcdefn;
    expect(hashToHex(h)).toBe('0123456789abcdef');
    expect(hexToHash('0123456789abcdef')).toBe(h);
    const bytes = new Uint8Array([0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01]);
    expect(hamming64(bytes, h)).toBe(0);
    expect(hamming64(0n, (1n << 64n) - 1n)).toBe(64);
    expect(hamming64(5n, 6n)).toBe(2);
    expect(() => hamming64(-1n, 0n)).toThrow(expect.objectContaining({ field: 'a' }));
    expect(() => hamming64(new Uint8Array(7), 0n)).toThrow(ValidationError);
    expect(() => hexToHash('xyz')).toThrow(expect.objectContaining({ field: 'hex' }));
  });

  it('validates the pixel buffer', () => {
    expect(() => phash(new Uint8ClampedArray(10), 2, 2)).toThrow(expect.objectContaining({ field: 'rgba' }));
    expect(() => phash(new Uint8ClampedArray(16), 0, 2)).toThrow(expect.objectContaining({ field: 'width' }));
    expect(() => dhash(new Uint8ClampedArray(16), 2, 2.5)).toThrow(expect.objectContaining({ field: 'height' }));
  });
});

describe('pixelHash', () => {
  it('is equal for equal pixels and different for one changed value, size or layout', () => {
    const a = photos[0];
    expect(pixelHash(a.rgba, 160, 120)).toBe(pixelHash(new Uint8ClampedArray(a.rgba), 160, 120));
    expect(pixelHash(a.rgba, 160, 120)).toMatch(/^[0-9a-f]{16}$/);
    const b = new Uint8ClampedArray(a.rgba);
    b[12345] ^= 1;
    expect(pixelHash(b, 160, 120)).not.toBe(pixelHash(a.rgba, 160, 120));
    expect(pixelHash(a.rgba, 120, 160)).not.toBe(pixelHash(a.rgba, 160, 120));
    const f = flat(4, 4, [0, 0, 0]);
    expect(pixelHash(f.rgba, 4, 4)).not.toBe(pixelHash(flat(2, 8, [0, 0, 0]).rgba, 2, 8));
  });

  it('hashes an unaligned view the same as an aligned copy', () => {
    const buf = new Uint8ClampedArray(4 * 9 + 1);
    buf.set(flat(3, 3, [10, 20, 30]).rgba, 1);
    const view = buf.subarray(1);
    expect(pixelHash(view, 3, 3)).toBe(pixelHash(flat(3, 3, [10, 20, 30]).rgba, 3, 3));
  });

  it('has no collisions over many small random images', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const img = new Uint8ClampedArray(16);
      img[0] = i & 255;
      img[5] = i >> 8;
      seen.add(pixelHash(img, 2, 2));
    }
    expect(seen.size).toBe(2000);
  });
});
