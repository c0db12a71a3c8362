/**
 * The tones of an image's content, for the "bright" flag. A drawing or a
 * product shot on a white page is not overexposed: its background is a
 * style, so when the border is a uniform colour (a clean background) only
 * the foreground is judged; otherwise every pixel is.
 */
import { background } from './layout.js';

/** Share of border pixels that must match the border's median colour for it to count as a background. */
export const BACKGROUND_UNIFORMITY = 0.9;
/** Luma at and above which a pixel is clipped white. */
const CLIP_LEVEL = 250;

export interface ContentExposure {
  /** Mean luma 0..255 of the judged pixels. */
  mean: number;
  /** Median luma 0..255 of the judged pixels. */
  median: number;
  /** Share 0..1 of the judged pixels at luma ≥ 250 (blown highlights). */
  clipped: number;
  /** 'foreground' when a uniform background was left out, else 'all'. */
  region: 'all' | 'foreground';
}

/** Exposure of RGBA pixels (alpha flattened on white), judged on the content as described above. */
export function contentExposure(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): ContentExposure {
  const n = width * height;
  const r = new Float32Array(n), g = new Float32Array(n), b = new Float32Array(n);
  for (let p = 0, o = 0; p < n; p++, o += 4) {
    const a = rgba[o + 3] / 255, white = 255 * (1 - a);
    r[p] = rgba[o] * a + white; g[p] = rgba[o + 1] * a + white; b[p] = rgba[o + 2] * a + white;
  }
  const { isFg, uniformity: uniform } = background(r, g, b, width, height);
  let fg = 0;
  for (let p = 0; p < n; p++) if (isFg(p)) fg++;
  // A foreground under 5 % is a blank page with a speck: judge the page.
  const region = uniform >= BACKGROUND_UNIFORMITY && fg >= 0.05 * n ? 'foreground' : 'all';
  const hist = new Float64Array(256);
  let sum = 0, count = 0;
  for (let p = 0; p < n; p++) {
    if (region === 'foreground' && !isFg(p)) continue;
    const y = 0.299 * r[p] + 0.587 * g[p] + 0.114 * b[p];
    hist[Math.min(255, Math.round(y))]++;
    sum += y;
    count++;
  }
  let med = 255;
  for (let v = 0, below = 0; v < 256; v++) {
    below += hist[v];
    if (below >= count / 2) { med = v; break; }
  }
  let clipped = 0;
  for (let v = CLIP_LEVEL; v < 256; v++) clipped += hist[v];
  return { mean: sum / count, median: med, clipped: clipped / count, region };
}
