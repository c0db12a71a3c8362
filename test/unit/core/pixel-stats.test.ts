import { describe, expect, it } from 'vitest';
import { COLOUR_STAT_NAMES, PIXEL_STAT_NAMES, pixelStats, statsMatrix } from '../../../src/core/image/stats.js';

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

  it('has one value per name: colour statistics first, layout after', () => {
    expect(pixelStats(image(8, 8, () => [10, 200, 30, 255]), 8, 8).length).toBe(PIXEL_STAT_NAMES.length);
    expect(PIXEL_STAT_NAMES.slice(0, COLOUR_STAT_NAMES.length)).toEqual([...COLOUR_STAT_NAMES]);
  });

  it('layout: a wide filled rectangle vs a disc on a transparent background', () => {
    const rect = pixelStats(image(64, 64, (x, y) => (y >= 20 && y < 44 && x >= 4 && x < 60 ? [200, 30, 30, 255] : [0, 0, 0, 0])), 64, 64);
    const disc = pixelStats(image(64, 64, (x, y) => (Math.hypot(x - 31.5, y - 31.5) < 26 ? [200, 30, 30, 255] : [0, 0, 0, 0])), 64, 64);
    expect(at(rect, 'borderUniformity')).toBe(1);
    expect(at(rect, 'bboxFill')).toBeCloseTo(1, 5);
    expect(at(disc, 'bboxFill')).toBeCloseTo(Math.PI / 4, 1);
    expect(at(rect, 'bboxLogAspect')).toBeCloseTo(Math.log(56 / 24), 5);
    expect(Math.abs(at(disc, 'bboxLogAspect'))).toBeLessThan(0.05);
    expect(at(rect, 'bboxArea')).toBeCloseTo((56 * 24) / 4096, 5);
    // Edges of a rectangle run along the axes; a disc's edges turn all ways.
    expect(at(rect, 'axisAlignment')).toBeGreaterThan(0.9);
    expect(at(disc, 'axisAlignment')).toBeLessThan(0.75);
  });

  it('layout: a photo-like image has no uniform border and many colours', () => {
    let s = 1;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    const level = () => Math.floor(rnd() * 4) * 80;
    const noisy = pixelStats(image(32, 32, () => [level(), level(), level(), 255]), 32, 32);
    const flat = pixelStats(image(32, 32, (x, y) => (x > 8 && x < 24 && y > 8 && y < 24 ? [0, 0, 200, 255] : [255, 255, 255, 255])), 32, 32);
    expect(at(noisy, 'borderUniformity')).toBeLessThan(0.3);
    expect(at(flat, 'borderUniformity')).toBe(1);
    expect(at(noisy, 'logColourCount')).toBeGreaterThan(at(flat, 'logColourCount') + 2);
    expect(at(flat, 'foregroundFraction')).toBeCloseTo(225 / 1024, 5);
  });

  it('statsMatrix cuts rows to the shortest (older contents store 11) and needs every row', () => {
    const m = statsMatrix([[1, 2, 3], [4, 5], [6, 7, 8]]);
    expect(m).toMatchObject({ n: 3, dim: 2 });
    expect(Array.from(m!.data)).toEqual([1, 2, 4, 5, 6, 7]);
    expect(statsMatrix([[1, 2], undefined])).toBeNull();
    expect(statsMatrix([])).toBeNull();
  });

  it('validates its input', () => {
    expect(() => pixelStats(new Uint8ClampedArray(10), 2, 2)).toThrow(/rgba/);
    expect(() => pixelStats(new Uint8ClampedArray(0), 0, 2)).toThrow(/width/);
  });
});
