/** Synthetic RGBA images for hash and quality tests. */
import { Rng } from '../../../../src/core/base/random.js';

export interface Img { rgba: Uint8ClampedArray; width: number; height: number }

/** Multi-octave value noise (cells of 2..32 px, amplitude ∝ cell size^0.5): a roughly 1/f texture like natural images. */
export function texture(width: number, height: number, seed: number): Float32Array {
  const r = new Rng(seed);
  const out = new Float32Array(width * height);
  for (const cell of [2, 4, 8, 16, 32]) {
    const gw = Math.ceil(width / cell) + 2, gh = Math.ceil(height / cell) + 2;
    const grid = Float32Array.from({ length: gw * gh }, () => r.next() - 0.5);
    const amp = 30 * Math.sqrt(cell);
    for (let y = 0; y < height; y++) {
      const gy = y / cell, y0 = Math.floor(gy), fy = gy - y0;
      for (let x = 0; x < width; x++) {
        const gx = x / cell, x0 = Math.floor(gx), fx = gx - x0;
        const v = (grid[y0 * gw + x0] * (1 - fx) + grid[y0 * gw + x0 + 1] * fx) * (1 - fy) + (grid[(y0 + 1) * gw + x0] * (1 - fx) + grid[(y0 + 1) * gw + x0 + 1] * fx) * fy;
        out[y * width + x] += amp * v;
      }
    }
  }
  return out;
}

/** A "photo": colour gradients, a few sinusoids, random filled shapes and a 1/f texture. */
export function synthPhoto(width: number, height: number, seed: number): Img {
  const r = new Rng(seed);
  const tex = texture(width, height, seed + 1000);
  const waves = Array.from({ length: 4 }, () => ({ fx: r.next() * 0.08, fy: r.next() * 0.08, ph: r.next() * 6.28, amp: 20 + r.next() * 40, ch: r.int(3) }));
  const shapes = Array.from({ length: 6 }, () => ({ x: r.next() * width, y: r.next() * height, rad: (0.05 + r.next() * 0.2) * Math.min(width, height), col: [r.int(256), r.int(256), r.int(256)] }));
  const base = [r.int(200), r.int(200), r.int(200)];
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = tex[y * width + x];
      const c = [base[0] + (x / width) * 50 + t, base[1] + (y / height) * 50 + t, base[2] + t];
      for (const w of waves) c[w.ch] += w.amp * Math.sin(w.fx * x + w.fy * y + w.ph);
      for (const s of shapes) if ((x - s.x) ** 2 + (y - s.y) ** 2 < s.rad ** 2) for (let k = 0; k < 3; k++) c[k] = c[k] * 0.3 + s.col[k] * 0.7;
      const o = (y * width + x) * 4;
      rgba[o] = c[0];
      rgba[o + 1] = c[1];
      rgba[o + 2] = c[2];
      rgba[o + 3] = 255;
    }
  }
  return { rgba, width, height };
}

/** Add Gaussian noise of standard deviation `sd` to every channel (JPEG-like error). */
export function addNoise(img: Img, sd: number, seed: number): Img {
  const r = new Rng(seed);
  const rgba = new Uint8ClampedArray(img.rgba);
  for (let o = 0; o < rgba.length; o += 4) for (let k = 0; k < 3; k++) rgba[o + k] = img.rgba[o + k] + r.normal() * sd;
  return { ...img, rgba };
}

/** 8×8 block quantisation of each channel to multiples of `step` around the block mean (blocky JPEG artefacts). */
export function blockify(img: Img, step: number): Img {
  const { width, height } = img;
  const rgba = new Uint8ClampedArray(img.rgba);
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      for (let k = 0; k < 3; k++) {
        let s = 0, n = 0;
        for (let y = by; y < Math.min(height, by + 8); y++) for (let x = bx; x < Math.min(width, bx + 8); x++) { s += img.rgba[(y * width + x) * 4 + k]; n++; }
        const m = s / n;
        for (let y = by; y < Math.min(height, by + 8); y++) for (let x = bx; x < Math.min(width, bx + 8); x++) {
          const o = (y * width + x) * 4 + k;
          rgba[o] = m + Math.round((img.rgba[o] - m) / step) * step;
        }
      }
    }
  }
  return { ...img, rgba };
}

/** Box blur of radius `rad` (separable), `passes` times (≈ Gaussian). */
export function blur(img: Img, rad: number, passes = 2): Img {
  const { width, height } = img;
  let cur = new Float32Array(img.rgba);
  for (let p = 0; p < passes; p++) {
    for (const horiz of [true, false]) {
      const next = new Float32Array(cur.length);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          for (let k = 0; k < 4; k++) {
            let s = 0, n = 0;
            for (let d = -rad; d <= rad; d++) {
              const xx = horiz ? x + d : x, yy = horiz ? y : y + d;
              if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
              s += cur[(yy * width + xx) * 4 + k];
              n++;
            }
            next[(y * width + x) * 4 + k] = s / n;
          }
        }
      }
      cur = next;
    }
  }
  return { ...img, rgba: new Uint8ClampedArray(cur) };
}

/** Bilinear resize to tw×th. */
export function resize(img: Img, tw: number, th: number): Img {
  const { width, height } = img;
  const rgba = new Uint8ClampedArray(tw * th * 4);
  for (let y = 0; y < th; y++) {
    const sy = Math.min(height - 1, Math.max(0, ((y + 0.5) * height) / th - 0.5));
    const y0 = Math.floor(sy), y1 = Math.min(height - 1, y0 + 1), fy = sy - y0;
    for (let x = 0; x < tw; x++) {
      const sx = Math.min(width - 1, Math.max(0, ((x + 0.5) * width) / tw - 0.5));
      const x0 = Math.floor(sx), x1 = Math.min(width - 1, x0 + 1), fx = sx - x0;
      for (let k = 0; k < 4; k++) {
        const v = (a: number, b: number) => img.rgba[(a * width + b) * 4 + k];
        rgba[(y * tw + x) * 4 + k] = (v(y0, x0) * (1 - fx) + v(y0, x1) * fx) * (1 - fy) + (v(y1, x0) * (1 - fx) + v(y1, x1) * fx) * fy;
      }
    }
  }
  return { rgba, width: tw, height: th };
}

/** A flat image of one colour. */
export function flat(width: number, height: number, rgb: [number, number, number], alpha = 255): Img {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let o = 0; o < rgba.length; o += 4) {
    rgba[o] = rgb[0];
    rgba[o + 1] = rgb[1];
    rgba[o + 2] = rgb[2];
    rgba[o + 3] = alpha;
  }
  return { rgba, width, height };
}

/** Multiply brightness by `f` and add `add`. */
export function adjust(img: Img, f: number, add = 0): Img {
  const rgba = new Uint8ClampedArray(img.rgba);
  for (let o = 0; o < rgba.length; o += 4) for (let k = 0; k < 3; k++) rgba[o + k] = img.rgba[o + k] * f + add;
  return { ...img, rgba };
}

/** Luma-only copy (R=G=B). */
export function grayscale(img: Img): Img {
  const rgba = new Uint8ClampedArray(img.rgba);
  for (let o = 0; o < rgba.length; o += 4) {
    const y = 0.299 * img.rgba[o] + 0.587 * img.rgba[o + 1] + 0.114 * img.rgba[o + 2];
    rgba[o] = rgba[o + 1] = rgba[o + 2] = y;
  }
  return { ...img, rgba };
}
