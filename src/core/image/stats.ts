/**
 * A small pixel-statistics vector from the same decode as the embedding.
 * Off-topic images often differ from a collection in plain colour statistics
 * (flags among clip-art: flat saturated fields, hard edges) where the
 * embedding alone barely separates them; inliers_outliers blends these in.
 */
import { ValidationError } from '../../contract/errors.js';
import { LAYOUT_STAT_NAMES, layoutStats } from './layout.js';
import { vectorSet, type VectorSet } from '../base/index.js';

/** Names of the colour statistics (the first 11 entries; contents indexed before the layout entries existed store only these). */
export const COLOUR_STAT_NAMES = [
  'meanR', 'meanG', 'meanB', 'stdR', 'stdG', 'stdB',
  'whiteFraction', 'darkFraction', 'meanSaturation', 'stdSaturation', 'edgeDensity',
] as const;

/** Names of the entries of {@link pixelStats}, in order: colour statistics, then layout (image/layout.ts). */
export const PIXEL_STAT_NAMES = [...COLOUR_STAT_NAMES, ...LAYOUT_STAT_NAMES] as const;

/** Luma step between neighbours counted as an edge (0..255). */
export const EDGE_STEP = 48;

/**
 * 19 statistics of an RGBA image (alpha flattened on white). The 11 colour
 * statistics, each in 0..1: mean and std of R, G, B; fraction of near-white
 * and near-black pixels; mean and std of HSV saturation; fraction of pixels
 * with a luma step ≥ EDGE_STEP to the right or below. Then the 8 layout
 * statistics of {@link layoutStats} (bounding box, background, colour count,
 * edge orientation).
 * @throws ValidationError('width/height' | 'rgba') for a malformed buffer
 */
export function pixelStats(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): Float32Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new ValidationError('width/height', 'positive integers');
  if (rgba.length !== width * height * 4) throw new ValidationError('rgba', `length width × height × 4 = ${width * height * 4}`);
  const n = width * height;
  const luma = new Float32Array(n);
  const R = new Float32Array(n), G = new Float32Array(n), B = new Float32Array(n);
  const sum = [0, 0, 0], sq = [0, 0, 0];
  let white = 0, dark = 0, sat = 0, sat2 = 0;
  for (let p = 0; p < n; p++) {
    const a = rgba[p * 4 + 3] / 255;
    const r = rgba[p * 4] * a + 255 * (1 - a);
    const g = rgba[p * 4 + 1] * a + 255 * (1 - a);
    const b = rgba[p * 4 + 2] * a + 255 * (1 - a);
    sum[0] += r; sum[1] += g; sum[2] += b;
    sq[0] += r * r; sq[1] += g * g; sq[2] += b * b;
    const max = Math.max(r, g, b), min = Math.min(r, g, b);
    if (min > 240) white++;
    if (max < 30) dark++;
    const s = max > 0 ? (max - min) / max : 0;
    sat += s;
    sat2 += s * s;
    luma[p] = 0.299 * r + 0.587 * g + 0.114 * b;
    R[p] = r; G[p] = g; B[p] = b;
  }
  let edges = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if ((x + 1 < width && Math.abs(luma[p] - luma[p + 1]) >= EDGE_STEP) || (y + 1 < height && Math.abs(luma[p] - luma[p + width]) >= EDGE_STEP)) edges++;
    }
  }
  const out = new Float32Array(PIXEL_STAT_NAMES.length);
  for (let c = 0; c < 3; c++) {
    const mean = sum[c] / n;
    out[c] = mean / 255;
    out[3 + c] = Math.sqrt(Math.max(0, sq[c] / n - mean * mean)) / 255;
  }
  out[6] = white / n;
  out[7] = dark / n;
  out[8] = sat / n;
  out[9] = Math.sqrt(Math.max(0, sat2 / n - (sat / n) ** 2));
  out[10] = edges / n;
  out.set(layoutStats(R, G, B, luma, width, height), COLOUR_STAT_NAMES.length);
  return out;
}

/**
 * Pixel statistics of every row as one matrix, or null when a row has none
 * (vectors given directly). Contents indexed before the layout statistics
 * existed store only the first 11 (colour) entries: rows are cut to the
 * shortest, so a mixed archive still uses the statistics all rows share.
 */
export function statsMatrix(rows: (readonly number[] | undefined | null)[]): VectorSet | null {
  if (!rows.length || !rows.every((r) => r && r.length)) return null;
  const dim = rows.reduce((m, r) => Math.min(m, r!.length), Infinity);
  const data = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => {
    for (let c = 0; c < dim; c++) data[i * dim + c] = r![c];
  });
  return vectorSet(data, dim);
}
