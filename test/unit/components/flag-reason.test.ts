import { describe, expect, it } from 'vitest';
import { flagReason } from '../../../src/components/shared/flags.js';
import type { QualityScores } from '../../../src/contract/views.js';

const base: QualityScores = { brightness: 210, sharpness: 100, entropy: 6, colorSpread: 30, minSide: 200, aspect: 1, flags: ['bright'] };

describe('flagReason for "bright" names the test that fired and its values', () => {
  it('blown highlights', () => {
    expect(flagReason('bright', { ...base, exposure: { mean: 190, median: 205, clipped: 0.3, region: 'all' } })).toBe('30 % of the picture blown to white, median 205 of 255 (bright from 5 % with median ≥ 160)');
  });
  it('washed out', () => {
    expect(flagReason('bright', { ...base, exposure: { mean: 193, median: 202, clipped: 0, region: 'all' } })).toBe('the picture is washed out: median 202, mean 193 of 255 (bright from median 200 and mean 180)');
  });
  it('a pale drawing on a plain background', () => {
    expect(flagReason('bright', { ...base, exposure: { mean: 221, median: 215, clipped: 0, region: 'foreground' } })).toBe('the drawing (its plain background left out) averages 221 of 255 (bright above 220)');
  });
  it('items stored before exposure existed: the mean alone', () => {
    expect(flagReason('bright', base)).toBe('mean brightness 210 of 255');
  });
});
