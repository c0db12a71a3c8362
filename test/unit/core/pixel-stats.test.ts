import { describe, expect, it } from 'vitest';
import { PIXEL_STAT_NAMES, pixelStats } from '../../../src/core/pixel-stats.js';

function image(w: number, h: number, fn: (x: number, y: number) => [number, number, number, number]): Uint8ClampedArray {
  const d = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) d.set(fn(x, y), (y * w + x) * 4);
  return d;
}
const at = (s: Float32Array, name: (typeof PIXEL_STAT_NAMES)[number]) => s[PIXEL_STAT_NAMES.indexOf(name)];

describe('pixelStats', () => {
  it('describes a flat white image', () => {
    const s = pixelStats(image(8, 8, () => [255, 255, 255, 255]), 8, 8);
    expect(Array.from(s.slice(0, 3))).toEqual([1, 1, 1]);
    expect(at(s, 'whiteFraction')).toBe(1);
    expect(at(s, 'edgeDensity')).toBe(0);
    expect(at(s, 'meanSaturation')).toBe(0);
  });

  it('flattens transparency on white', () => {
    const s = pixelStats(image(4, 4, () => [0, 0, 0, 0]), 4, 4);
    expect(at(s, 'whiteFraction')).toBe(1);
    expect(at(s, 'darkFraction')).toBe(0);
  });

  it('sees saturated stripes as saturated and edgy, unlike a smooth gray ramp', () => {
    const stripes = pixelStats(image(16, 16, (x) => (x % 4 < 2 ? [240, 240, 40, 255] : [20, 20, 220, 255])), 16, 16);
    const ramp = pixelStats(image(16, 16, (x) => [x * 8, x * 8, x * 8, 255]), 16, 16);
    expect(at(stripes, 'meanSaturation')).toBeGreaterThan(0.8);
    expect(at(ramp, 'meanSaturation')).toBe(0);
    expect(at(stripes, 'edgeDensity')).toBeGreaterThan(0.4);
    expect(at(ramp, 'edgeDensity')).toBe(0);
    expect(at(ramp, 'stdR')).toBeGreaterThan(0.1);
  });

  it('validates its input', () => {
    expect(() => pixelStats(new Uint8ClampedArray(10), 2, 2)).toThrow(/rgba/);
    expect(() => pixelStats(new Uint8ClampedArray(0), 0, 2)).toThrow(/width/);
  });
});
