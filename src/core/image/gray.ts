/**
 * Decoded-pixel helpers shared by hashing and pixel quality: RGBA → luma with
 * alpha flattened on white (the same convention as the embedding model's
 * preprocessing, so a transparent PNG hashes like it embeds), and an exact
 * area-average (box) downscale to any target size.
 */
import { ValidationError } from '../../contract/errors.js';

/** Checks a decoded RGBA buffer; `field` names it in errors. */
export function checkRgba(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number, field = 'rgba'): void {
  if (!(rgba instanceof Uint8ClampedArray || rgba instanceof Uint8Array)) throw new ValidationError(field, 'Uint8ClampedArray of RGBA pixels');
  if (!Number.isInteger(width) || width <= 0) throw new ValidationError('width', 'int > 0');
  if (!Number.isInteger(height) || height <= 0) throw new ValidationError('height', 'int > 0');
  if (rgba.length !== width * height * 4) throw new ValidationError(field, 'length width*height*4', `${field}: length ${rgba.length} is not width*height*4 = ${width * height * 4}`);
}

/** Luma (BT.601 weights, 0..255) of every pixel, alpha composited over white. */
export function toLuma(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): Float32Array {
  const n = width * height;
  const out = new Float32Array(n);
  for (let p = 0, o = 0; p < n; p++, o += 4) {
    const a = rgba[o + 3] / 255;
    const y = 0.299 * rgba[o] + 0.587 * rgba[o + 1] + 0.114 * rgba[o + 2];
    out[p] = y * a + 255 * (1 - a);
  }
  return out;
}

/**
 * Area-average resample of a single-channel image to tw×th: each target pixel
 * is the exact mean of the source area it covers (fractional edges weighted),
 * so downscaling averages noise away instead of aliasing it. Also upsamples
 * (then it is nearest-area).
 */
export function areaResize(src: Float32Array, w: number, h: number, tw: number, th: number): Float32Array {
  const xs = axisWeights(w, tw);
  const ys = axisWeights(h, th);
  // Horizontal pass: h × tw, then vertical: th × tw.
  const tmp = new Float32Array(h * tw);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let t = 0; t < tw; t++) {
      let s = 0;
      for (let q = xs.start[t]; q < xs.start[t + 1]; q++) s += src[row + xs.idx[q]] * xs.wt[q];
      tmp[y * tw + t] = s;
    }
  }
  const out = new Float32Array(th * tw);
  for (let t = 0; t < th; t++) {
    for (let q = ys.start[t]; q < ys.start[t + 1]; q++) {
      const wt = ys.wt[q], r = ys.idx[q] * tw;
      for (let x = 0; x < tw; x++) out[t * tw + x] += tmp[r + x] * wt;
    }
  }
  return out;
}

/** For each target cell along one axis: source indices and weights (summing to 1). */
function axisWeights(n: number, m: number): { start: Int32Array; idx: Int32Array; wt: Float32Array } {
  const scale = n / m;
  const start = new Int32Array(m + 1);
  const idx: number[] = [];
  const wt: number[] = [];
  for (let t = 0; t < m; t++) {
    const a = t * scale, b = (t + 1) * scale;
    start[t] = idx.length;
    for (let s = Math.floor(a); s < Math.min(n, Math.ceil(b)); s++) {
      const cover = Math.min(b, s + 1) - Math.max(a, s);
      if (cover > 0) {
        idx.push(s);
        wt.push(cover / scale);
      }
    }
  }
  start[m] = idx.length;
  return { start, idx: Int32Array.from(idx), wt: Float32Array.from(wt) };
}
