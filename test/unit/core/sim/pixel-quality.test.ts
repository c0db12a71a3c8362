import { describe, expect, it } from 'vitest';
import { BLUR_EFFECT, pixelQuality } from '../../../../src/core/image/quality.js';
import { addNoise, adjust, blur, flat, grayscale, resize, synthPhoto } from './images.js';

const photo = addNoise(synthPhoto(320, 240, 7), 3, 1);
const q = (img: { rgba: Uint8ClampedArray; width: number; height: number }) => pixelQuality(img.rgba, img.width, img.height);

describe('pixelQuality', () => {
  it('a normal colour photo raises no flag', () => {
    const r = q(photo);
    expect(Object.values(r.flags).some(Boolean), JSON.stringify(r)).toBe(false);
    expect(r.entropy).toBeGreaterThan(5);
  });

  it('dark / bright both ways', () => {
    expect(q(adjust(photo, 0.15)).flags.dark).toBe(true);
    expect(q(adjust(photo, 0.15)).flags.bright).toBe(false);
    expect(q(adjust(photo, 0.2, 225)).flags.bright).toBe(true);
    expect(q(adjust(photo, 0.2, 225)).flags.dark).toBe(false);
    expect(q(photo).brightness).toBeGreaterThan(40);
  });

  it('bright judges the content: a drawing on a white page is not bright, a washed-out or blown photo is', () => {
    // A mid-grey textured drawing on a white page: 75 % of the pixels are white, the drawing is not.
    const page = flat(200, 200, [255, 255, 255]);
    const drawing = adjust(photo, 1);
    for (let y = 0; y < 100; y++) for (let x = 0; x < 100; x++) for (let c = 0; c < 4; c++) page.rgba[((y + 50) * 200 + x + 50) * 4 + c] = drawing.rgba[(y * drawing.width + x) * 4 + c];
    const g = q(page);
    expect(g.brightness).toBeGreaterThan(180);
    expect(g.exposure.region).toBe('foreground');
    expect(g.flags.bright, JSON.stringify(g.exposure)).toBe(false);
    // The same photo washed out (everything lifted), and blown (a fifth clipped white, median high).
    const washed = q(adjust(photo, 0.3, 190));
    expect(washed.exposure.region).toBe('all');
    expect(washed.flags.bright, JSON.stringify(washed.exposure)).toBe(true);
    const blown = adjust(photo, 1.6, 60);
    const b = q(blown);
    expect(b.exposure.clipped).toBeGreaterThan(0.05);
    expect(b.flags.bright, JSON.stringify(b.exposure)).toBe(true);
    expect(q(photo).flags.bright).toBe(false);
  });

  it('dark judges the content too: a light drawing on a black page is not dark, a dim one is', () => {
    const onBlack = (img: { rgba: Uint8ClampedArray; width: number }) => {
      const page = flat(200, 200, [0, 0, 0]);
      for (let y = 0; y < 70; y++) for (let x = 0; x < 70; x++) for (let c = 0; c < 4; c++) page.rgba[((y + 65) * 200 + x + 65) * 4 + c] = img.rgba[(y * img.width + x) * 4 + c];
      return q(page);
    };
    const lit = onBlack(adjust(photo, 1.2, 70));
    // 12 % of the page is drawing: the mean of every pixel is under the dark cut, the drawing's is not.
    expect(lit.brightness).toBeLessThan(20);
    expect(lit.exposure.region).toBe('foreground');
    expect(lit.flags.dark, JSON.stringify({ ...lit.exposure, highlights: lit.highlights })).toBe(false);
    expect(onBlack(adjust(photo, 0.15)).flags.dark).toBe(true);
  });

  it('dark judges the highlights: a night scene with lights is not dark, a dim picture with nothing lit is', () => {
    // A night scene: mean ~30, but 4 % of it is lights at 250 (4×4 px spots).
    const night = adjust(photo, 0.2);
    for (let y = 0; y < night.height; y++) for (let x = 0; x < night.width; x++) if (x % 20 < 4 && y % 20 < 4) night.rgba.set([250, 240, 200], (y * night.width + x) * 4);
    const n = q(night);
    expect(n.brightness).toBeLessThan(40);
    expect(n.highlights).toBeGreaterThan(200);
    expect(n.flags.dark).toBe(false);
    // A dim picture: mean ~90, but the brightest 1 % stay under 140 (nothing is lit).
    const dim = adjust(photo, 0.4, 30);
    const d = q(dim);
    expect(d.brightness).toBeGreaterThan(40);
    expect(d.highlights).toBeLessThan(140);
    expect(d.flags.dark).toBe(true);
    // The level the brightest 1 % reach, from the histogram.
    const half = flat(100, 100, [30, 30, 30]);
    for (let p = 0; p < 100; p++) half.rgba.set([200, 200, 200], p * 4);
    expect(q(half).highlights).toBe(200);
    expect(q(flat(100, 100, [30, 30, 30])).highlights).toBe(30);
    expect(pixelQuality(dim.rgba, dim.width, dim.height, { thresholds: { darkHighlights: 0, darkMean: 0 } }).flags.dark).toBe(false);
  });

  it('blurry both ways, independent of resolution', () => {
    const soft = blur(photo, 4, 3);
    expect(q(soft).flags.blurry).toBe(true);
    expect(q(soft).blur).toBeGreaterThanOrEqual(BLUR_EFFECT);
    expect(q(photo).blur).toBeLessThan(BLUR_EFFECT);
    expect(q(photo).flags.blurry).toBe(false);
    // A sharp photo is sharp at any resolution once normalised, and its blurred copy is not.
    const big = synthPhoto(960, 720, 8);
    expect(q(big).flags.blurry).toBe(false);
    expect(q(resize(big, 480, 360)).flags.blurry).toBe(false);
    expect(q(blur(big, 8, 2)).flags.blurry).toBe(true);
  });

  it('a smooth image (a sky gradient) is not blurry: nothing to judge is not soft', () => {
    const w = 320, h = 240, rgba = new Uint8ClampedArray(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rgba.set([60 + (y * 120) / h, 110 + (y * 90) / h, 200, 255], (y * w + x) * 4);
    const r = pixelQuality(rgba, w, h);
    expect(r.blur).toBeNull();
    expect(r.flags.blurry).toBe(false);
  });

  it('low information both ways', () => {
    const f = q(flat(200, 100, [90, 140, 200]));
    expect(f.flags.lowInformation).toBe(true);
    expect(f.entropy).toBeCloseTo(0, 5);
    expect(q(photo).flags.lowInformation).toBe(false);
  });

  it('grayscale both ways (transparent areas count as white, not colour)', () => {
    expect(q(grayscale(photo)).flags.grayscale).toBe(true);
    expect(q(addNoise(grayscale(photo), 1, 3)).flags.grayscale).toBe(true);
    expect(q(photo).flags.grayscale).toBe(false);
    expect(q(flat(10, 10, [255, 0, 0], 0)).flags.grayscale).toBe(true);
    expect(q(flat(10, 10, [255, 0, 0], 0)).brightness).toBeCloseTo(255, 3);
  });

  it('tiny and odd aspect both ways', () => {
    expect(q(resize(photo, 48, 36)).flags.tiny).toBe(true);
    expect(q(resize(photo, 96, 72)).flags.tiny).toBe(false);
    const banner = resize(photo, 640, 120);
    expect(q(banner).flags.oddAspect).toBe(true);
    expect(q(banner).aspect).toBeCloseTo(640 / 120, 6);
    expect(q(resize(photo, 300, 120)).flags.oddAspect).toBe(false);
    expect(q(resize(photo, 120, 400)).flags.oddAspect).toBe(true);
  });

  it('thresholds are overridable and validated', () => {
    const r = pixelQuality(photo.rgba, 320, 240, { thresholds: { darkMean: 250 } });
    expect(r.flags.dark).toBe(true);
    expect(() => pixelQuality(photo.rgba, 320, 240, { thresholds: { lowEntropyBits: 9 } })).toThrow(expect.objectContaining({ field: 'thresholds.lowEntropyBits' }));
    expect(() => pixelQuality(photo.rgba, 321, 240)).toThrow(expect.objectContaining({ field: 'rgba' }));
  });
});
