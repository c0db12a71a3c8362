/**
 * Pixel-level quality checks from the decode the engine already has. Each
 * check gives a score and a flag; thresholds are the exported constants
 * (documented with why), overridable per call.
 *
 * Scores are computed on a normalised-size luma image (longest side
 * {@link QUALITY_SIDE}, area-averaged), so a blur or entropy score means the
 * same thing for a 640 px and a 6000 px photo.
 */
import { areaResize, checkRgba, toLuma } from './gray.js';
import { checkNumber } from '../base/index.js';
import { blurEffect, type BlurEffect } from './blur.js';
import { contentExposure } from './exposure.js';

const round1 = (x: number) => Math.round(x * 10) / 10;
import type { QualityFlag, QualityScores } from '../../contract/views.js';

/** Longest side of the normalised luma image the scores are measured on (the model sees 224). */
export const QUALITY_SIDE = 256;
/** Mean luma (0..255) of the content (the foreground when the border is uniform, else every pixel) below which an image is dark whatever its highlights: ~8 % grey, near black. */
export const DARK_MEAN = 20;
/**
 * Luma of the brightest 1 % of pixels (0..255) below which an image is dark: nothing in it
 * reaches ~55 % grey — underexposed — while a night scene with lights keeps bright highlights
 * (a mean-only rule cannot tell them apart). Measured (`npm run bench:flags`) on the 63 real
 * photographs of the fixture at 256 px: originals 27–255 (three below: a near-black one and two
 * muted historic prints, flagged), their −2 EV copies 14–136. The copies' brightest pixels are
 * capped at 136 by how the copy is made (255 × ¼^(1/2.2)), so expect fewer of real underexposed
 * shots with a few clipped lights; at 130 the copies flagged drop from 63 to 52. The former rule,
 * mean below 40, flagged 11 of the 63 copies.
 */
export const DARK_HIGHLIGHTS = 140;
/**
 * "bright" judges the content's tones (image/exposure.ts: the foreground when the background is a
 * uniform colour, else every pixel). Bright when washed out — median at or above
 * {@link BRIGHT_MEDIAN} and mean at or above {@link BRIGHT_MEAN} — or blown — at least
 * {@link BRIGHT_CLIPPED} of the content clipped white with the median at or above
 * {@link BRIGHT_CLIPPED_MEDIAN} — or, for a drawing on a clean background, its foreground's
 * mean above {@link BRIGHT_GRAPHIC_MEAN} (light-coloured drawings are a style, not an exposure).
 * Measured (`npm run bench:flags`) on the 63 real photographs of the fixture at 256 px: +2 EV
 * copies flagged 34/63 (33 of the 40 whose original has a mean ≥ 100; a +2 EV copy of a dark
 * wallpaper is normally exposed, and is not flagged), false on originals 2/63 (two pale
 * wallpapers, means 207 and 239), false on the 73 bundled samples 1/73 (emoji on white). The
 * former rule, mean of every pixel above 220, flagged 12/63 copies and 21/73 samples (their
 * white page).
 */
export const BRIGHT_MEAN = 180;
/** Median content luma for "washed out" (see {@link BRIGHT_MEAN}): half the content above ~78 % grey. */
export const BRIGHT_MEDIAN = 200;
/** Share of content clipped white (luma ≥ 250) for "blown" (see {@link BRIGHT_MEAN}). */
export const BRIGHT_CLIPPED = 0.05;
/** Median content luma that "blown" needs too: a sunlit sky in a dark scene is not overexposure. */
export const BRIGHT_CLIPPED_MEDIAN = 160;
/** Foreground mean above which a drawing on a uniform background is bright (see {@link BRIGHT_MEAN}). */
export const BRIGHT_GRAPHIC_MEAN = 220;
/**
 * Blur effect of the sharpest tiles (blur.ts, 0 sharp … 1 soft) at and above
 * which an image is blurry. Measured (`npm run bench:flags`) on the 63 real
 * photographs of the fixture, judged at 448 px as the engine does: sharp
 * originals 0.16–0.57 but for three soft ones (0.59, 0.66, 0.84: flagged);
 * copies blurred with σ = 3 px at 1024 px 0.58–0.95 (one at 0.579 missed).
 * Fitted on that set, so expect a little worse on others.
 * Images without a tile to judge (skies, gradients, flat renders) are never
 * blurry. The previous rule, Laplacian variance < 100, called 16 % of the sharp
 * originals blurry (10 of 63: smooth is not soft).
 */
export const BLUR_EFFECT = 0.58;
/** Shannon entropy (bits, 256-bin luma histogram) below which an image carries little information: the nine reference photos have 4.8–7.1, flat fills and two-tone graphics < 3. */
export const LOW_ENTROPY_BITS = 3;
/** Mean channel spread max(R,G,B)−min(R,G,B) (0..255) below which an image is grayscale: JPEG chroma noise on a true grey image stays under ~3. */
export const GRAYSCALE_SPREAD = 4;
/** Shorter side (px) below which an image is tiny: the model's 224 px input would be upsampled > 3.5×. */
export const TINY_SIDE = 64;
/** Long/short side ratio above which the aspect is odd (banners, panoramas): the model stretches to a square, distorting content > 3×. */
export const ODD_ASPECT = 3;

export interface QualityThresholds {
  /** @defaultValue {@link DARK_MEAN} */ darkMean: number;
  /** @defaultValue {@link DARK_HIGHLIGHTS} */ darkHighlights: number;
  /** @defaultValue {@link BRIGHT_MEAN} */ brightMean: number;
  /** @defaultValue {@link BRIGHT_MEDIAN} */ brightMedian: number;
  /** @defaultValue {@link BRIGHT_CLIPPED} */ brightClipped: number;
  /** @defaultValue {@link BRIGHT_CLIPPED_MEDIAN} */ brightClippedMedian: number;
  /** @defaultValue {@link BRIGHT_GRAPHIC_MEAN} */ brightGraphicMean: number;
  /** @defaultValue {@link BLUR_EFFECT} */ blurEffect: number;
  /** @defaultValue {@link LOW_ENTROPY_BITS} */ lowEntropyBits: number;
  /** @defaultValue {@link GRAYSCALE_SPREAD} */ grayscaleSpread: number;
  /** @defaultValue {@link TINY_SIDE} */ tinySide: number;
  /** @defaultValue {@link ODD_ASPECT} */ oddAspect: number;
}

export const DEFAULT_QUALITY_THRESHOLDS: Readonly<QualityThresholds> = Object.freeze({
  darkMean: DARK_MEAN,
  darkHighlights: DARK_HIGHLIGHTS,
  brightMean: BRIGHT_MEAN,
  brightMedian: BRIGHT_MEDIAN,
  brightClipped: BRIGHT_CLIPPED,
  brightClippedMedian: BRIGHT_CLIPPED_MEDIAN,
  brightGraphicMean: BRIGHT_GRAPHIC_MEAN,
  blurEffect: BLUR_EFFECT,
  lowEntropyBits: LOW_ENTROPY_BITS,
  grayscaleSpread: GRAYSCALE_SPREAD,
  tinySide: TINY_SIDE,
  oddAspect: ODD_ASPECT,
});

/** The scores of {@link QualityScores} with every flag as a boolean. */
export type PixelQuality = Omit<QualityScores, 'flags' | 'stats' | 'exposure'> & { exposure: NonNullable<QualityScores['exposure']>; flags: Record<QualityFlag, boolean> };

/** Options of {@link pixelQuality}. */
export interface PixelQualityOptions {
  /** Thresholds to override. */
  thresholds?: Partial<QualityThresholds>;
  /**
   * The blur effect measured on a larger copy than `rgba` (the engine measures it at
   * its 448 px working size, where a 3 px blur at 1024 px still shows). @defaultValue measured on `rgba` at QUALITY_SIDE
   */
  blur?: BlurEffect;
}

/**
 * Quality scores and flags of a decoded RGBA image.
 * @throws ValidationError for a malformed buffer or thresholds out of range.
 */
export function pixelQuality(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number, options: PixelQualityOptions = {}): PixelQuality {
  checkRgba(rgba, width, height);
  const t = { ...DEFAULT_QUALITY_THRESHOLDS, ...options.thresholds };
  for (const [key, max] of [['darkMean', 255], ['darkHighlights', 255], ['brightMean', 255], ['brightMedian', 255], ['brightClipped', 1], ['brightClippedMedian', 255], ['brightGraphicMean', 255], ['blurEffect', 1], ['lowEntropyBits', 8], ['grayscaleSpread', 255], ['tinySide', 1e6], ['oddAspect', 1e6]] as const) {
    checkNumber(t[key], `thresholds.${key}`, 0, max);
  }
  const luma = toLuma(rgba, width, height);
  const scale = Math.min(1, QUALITY_SIDE / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale)), h = Math.max(1, Math.round(height * scale));
  const g = scale < 1 ? areaResize(luma, width, height, w, h) : luma;

  let sum = 0;
  const hist = new Float64Array(256);
  for (let i = 0; i < g.length; i++) {
    sum += g[i];
    hist[Math.min(255, Math.max(0, Math.round(g[i])))]++;
  }
  const brightness = sum / g.length;
  // The 99th percentile from the histogram: the level the brightest 1 % reach.
  let highlights = 255;
  for (let b = 255, above = 0; b >= 0; b--) {
    above += hist[b];
    if (above >= 0.01 * g.length) {
      highlights = b;
      break;
    }
  }
  let entropy = 0;
  for (let b = 0; b < 256; b++) {
    if (hist[b] === 0) continue;
    const p = hist[b] / g.length;
    entropy -= p * Math.log2(p);
  }
  const sharpness = laplacianVariance(g, w, h);
  const be = options.blur ?? blurEffect(g, w, h);
  // NaN: no tile with structure to judge — never "blurry".
  const blur = Number.isFinite(be.blur) ? be.blur : null;
  let spread = 0;
  for (let o = 0; o < rgba.length; o += 4) {
    const r = rgba[o], gg = rgba[o + 1], b = rgba[o + 2];
    // Weighted by alpha: transparent pixels become white, which has no colour.
    spread += ((Math.max(r, gg, b) - Math.min(r, gg, b)) * rgba[o + 3]) / 255;
  }
  const colorSpread = spread / (width * height);
  const ex = contentExposure(rgba, width, height);
  const exposure = { mean: round1(ex.mean), median: ex.median, clipped: Math.round(ex.clipped * 1e4) / 1e4, region: ex.region };
  const bright = ex.region === 'foreground' && ex.mean > t.brightGraphicMean
    || (ex.region === 'all' && ex.median >= t.brightMedian && ex.mean >= t.brightMean)
    || (ex.clipped >= t.brightClipped && ex.median >= t.brightClippedMedian);
  const minSide = Math.min(width, height);
  const aspect = Math.max(width, height) / minSide;
  return {
    brightness, highlights, exposure, sharpness, blur, entropy, colorSpread, minSide, aspect,
    flags: {
      // Like "bright", the mean is the content's: a light drawing on a black page is not dark.
      dark: (ex.region === 'foreground' ? ex.mean : brightness) < t.darkMean || highlights < t.darkHighlights,
      bright,
      blurry: blur !== null && blur >= t.blurEffect,
      lowInformation: entropy < t.lowEntropyBits,
      grayscale: colorSpread < t.grayscaleSpread,
      tiny: minSide < t.tinySide,
      oddAspect: aspect > t.oddAspect,
    },
  };
}

/** Variance of the 4-neighbour Laplacian over interior pixels (0 for images under 3×3). */
export function laplacianVariance(g: Float32Array, w: number, h: number): number {
  if (w < 3 || h < 3) return 0;
  let s = 0, s2 = 0, n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const l = g[i - 1] + g[i + 1] + g[i - w] + g[i + w] - 4 * g[i];
      s += l;
      s2 += l * l;
      n++;
    }
  }
  const m = s / n;
  return s2 / n - m * m;
}
