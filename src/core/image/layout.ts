/**
 * Layout statistics of a decoded image: where its content sits and how it is
 * drawn, independent of what it depicts. Computed from the same alpha-flattened
 * RGB as {@link pixelStats} (image/stats.ts), on the ≤ 256 px analysis copy.
 *
 * Why: an embedding trained on photographs can place a different *kind* of
 * image (a flag, a rendered word, a screenshot) among clip-art as if it were
 * one more clip-art item; the layout differs plainly: the content's bounding
 * box has another shape and fill, edges run along the axes, the background
 * is not uniform (photos) or the foreground is a thin band (text). None of the
 * features names a kind of image; they describe any image.
 *
 * Background = the median colour of the one-pixel border; a pixel is
 * foreground when its colour differs from that by ≥ {@link FG_STEP} (sum of
 * absolute RGB differences).
 */

import { ValidationError } from '../../contract/errors.js';

/** Names of the layout entries, in the order {@link layoutStats} returns them. */
export const LAYOUT_STAT_NAMES = [
  'borderUniformity', 'foregroundFraction', 'bboxFill', 'bboxLogAspect', 'bboxArea', 'logColourCount', 'axisAlignment', 'foregroundEdgeDensity',
] as const;

/** Colour distance (|ΔR|+|ΔG|+|ΔB|, 0..765) from the background colour at which a pixel counts as foreground: above JPEG noise on flat fills. */
export const FG_STEP = 48;
/** Gradient magnitude (luma units, central difference) below which a pixel has no orientation: smooth shading is not an edge. */
const GRAD_MIN = 10;
/** A quantised colour (3 bits a channel) counts when it covers this share of the foreground: ignores anti-aliasing ramps. */
const COLOUR_SHARE = 0.005;
/** Luma step counted as an edge; the same as pixel-stats' EDGE_STEP. */
const EDGE_STEP = 48;

/**
 * 8 layout statistics of alpha-flattened RGB planes (0..255) and their luma:
 * - borderUniformity: share of border pixels within FG_STEP of the border's median colour (1 = clean background, ~0.5 = a photo);
 * - foregroundFraction: share of foreground pixels;
 * - bboxFill: foreground pixels / area of their bounding box (1 = a filled rectangle);
 * - bboxLogAspect: ln(width / height) of that box (0 = square; 0 when there is no foreground);
 * - bboxArea: box area / image area;
 * - logColourCount: ln(1 + number of 3-bit-per-channel colours covering ≥ 0.5 % of the foreground);
 * - axisAlignment: gradient-weighted mean of ||gx|−|gy||/|g| (1 = all edges horizontal or vertical, ~0.36 for random orientations);
 * - foregroundEdgeDensity: pixels with a luma step ≥ 48 to the right or below, per foreground pixel.
 * @throws ValidationError('width/height' | 'planes') for non-positive sizes or planes of another length
 */
export function layoutStats(r: Float32Array, g: Float32Array, b: Float32Array, luma: Float32Array, width: number, height: number): Float32Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new ValidationError('width/height', 'positive integers');
  const n0 = width * height;
  if ([r, g, b, luma].some((p) => !(p instanceof Float32Array) || p.length !== n0)) throw new ValidationError('planes', `four Float32Array planes of width × height = ${n0}`);
  const w = width, h = height;
  const { isFg, uniformity } = background(r, g, b, w, h);

  let fg = 0, x0 = w, x1 = -1, y0 = h, y1 = -1, edges = 0;
  const hist = new Int32Array(512);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = y * w + x;
      if ((x + 1 < w && Math.abs(luma[p] - luma[p + 1]) >= EDGE_STEP) || (y + 1 < h && Math.abs(luma[p] - luma[p + w]) >= EDGE_STEP)) edges++;
      if (!isFg(p)) continue;
      fg++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      hist[((r[p] >> 5) << 6) | ((g[p] >> 5) << 3) | (b[p] >> 5)]++;
    }
  }
  let colours = 0;
  for (let c = 0; c < 512; c++) if (hist[c] > 0 && hist[c] >= COLOUR_SHARE * fg) colours++;
  const bw = fg ? x1 - x0 + 1 : 0, bh = fg ? y1 - y0 + 1 : 0;

  let aligned = 0, total = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const p = y * w + x;
      const gx = (luma[p + 1] - luma[p - 1]) / 2, gy = (luma[p + w] - luma[p - w]) / 2;
      const m = Math.sqrt(gx * gx + gy * gy);
      if (m < GRAD_MIN) continue;
      aligned += Math.abs(Math.abs(gx) - Math.abs(gy));
      total += m;
    }
  }
  const n = w * h;
  return Float32Array.from([
    uniformity,
    fg / n,
    fg ? fg / (bw * bh) : 0,
    fg ? Math.log(bw / bh) : 0,
    (bw * bh) / n,
    Math.log1p(colours),
    total > 0 ? aligned / total : 0,
    edges / Math.max(1, fg),
  ]);
}

/**
 * The background of alpha-flattened RGB planes: the median colour of the one-pixel border.
 * `isFg(p)` tells whether pixel p differs from it by ≥ {@link FG_STEP}; `uniformity` is the
 * share of border pixels that do not (1 = a clean background). Shared with image/exposure.ts.
 */
export function background(r: Float32Array, g: Float32Array, b: Float32Array, w: number, h: number): { isFg: (p: number) => boolean; uniformity: number } {
  const border: number[] = [];
  for (let x = 0; x < w; x++) border.push(x, (h - 1) * w + x);
  for (let y = 1; y < h - 1; y++) border.push(y * w, y * w + w - 1);
  const bg = [medianAt(r, border), medianAt(g, border), medianAt(b, border)];
  const isFg = (p: number) => Math.abs(r[p] - bg[0]) + Math.abs(g[p] - bg[1]) + Math.abs(b[p] - bg[2]) >= FG_STEP;
  let uniform = 0;
  for (const p of border) if (!isFg(p)) uniform++;
  return { isFg, uniformity: uniform / border.length };
}

function medianAt(plane: Float32Array, idx: readonly number[]): number {
  const v = Float32Array.from(idx, (p) => plane[p]).sort();
  return v[v.length >> 1];
}
