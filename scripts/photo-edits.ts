/**
 * The edit kinds of the real-photo fixture set (scripts/prepare-photos.ts). Each is a pure,
 * deterministic function of the original and its index, so the set is the same on every machine.
 */
import { type Rgba, resizeTo } from './photo-codec.js';

export type EditKind = 'lowq' | 'downscale' | 'crop' | 'rotate' | 'colour' | 'overlay' | 'letterbox';
export const EDIT_KINDS: readonly EditKind[] = ['lowq', 'downscale', 'crop', 'rotate', 'colour', 'overlay', 'letterbox'];

/** An edit: pixels plus the JPEG quality to save them at. */
export type Edited = { img: Rgba; quality: number };

const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);

function crop(img: Rgba, x0: number, y0: number, w: number, h: number): Rgba {
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) data.set(img.data.subarray(((y0 + y) * img.width + x0) * 4, ((y0 + y) * img.width + x0 + w) * 4), y * w * 4);
  return { data, width: w, height: h };
}

/** Rotate by `deg` about the centre (bilinear), then crop to the largest centred box with no empty corners. */
function rotate(img: Rgba, deg: number): Rgba {
  const t = (deg * Math.PI) / 180, cos = Math.cos(t), sin = Math.sin(t), W = img.width, H = img.height;
  const out = new Uint8Array(W * H * 4), cx = (W - 1) / 2, cy = (H - 1) / 2;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const sx = cos * (x - cx) + sin * (y - cy) + cx, sy = -sin * (x - cx) + cos * (y - cy) + cy;
      const x0 = Math.min(W - 2, Math.max(0, Math.floor(sx))), y0 = Math.min(H - 2, Math.max(0, Math.floor(sy)));
      const fx = Math.min(1, Math.max(0, sx - x0)), fy = Math.min(1, Math.max(0, sy - y0));
      for (let c = 0; c < 4; c++) {
        const p = (yy: number, xx: number): number => img.data[(yy * W + xx) * 4 + c];
        out[(y * W + x) * 4 + c] = (p(y0, x0) * (1 - fx) + p(y0, x0 + 1) * fx) * (1 - fy) + (p(y0 + 1, x0) * (1 - fx) + p(y0 + 1, x0 + 1) * fx) * fy;
      }
    }
  }
  // Inscribed box of a W×H rectangle rotated by t (small angles): shrink each side by the corner overhang.
  const a = Math.abs(sin), w = Math.floor(W * cos - H * a), h = Math.floor(H * cos - W * a);
  const cw = Math.max(8, Math.min(W, w)), ch = Math.max(8, Math.min(H, h));
  return crop({ data: out, width: W, height: H }, Math.floor((W - cw) / 2), Math.floor((H - ch) / 2), cw, ch);
}

function colour(img: Rgba, i: number): Rgba {
  const data = new Uint8Array(img.data.length), gain = [1.18, 1.05, 0.88], lift = 18 + (i % 3) * 6;
  for (let p = 0; p < data.length; p += 4) {
    for (let c = 0; c < 3; c++) data[p + c] = clamp(img.data[p + c] * gain[(c + i) % 3] + lift);
    data[p + 3] = 255;
  }
  return { data, width: img.width, height: img.height };
}

/** A watermark: a white badge with a coloured mark and two "text" bars, about 22 % of the width, in a corner. */
function overlay(img: Rgba, i: number): Rgba {
  const data = new Uint8Array(img.data), bw = Math.round(img.width * 0.22), bh = Math.round(bw * 0.35);
  const x0 = i % 2 ? 8 : img.width - bw - 8, y0 = img.height - bh - 8;
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      const o = ((y0 + y) * img.width + x0 + x) * 4, r = bh * 0.35, dx = x - bh / 2, dy = y - bh / 2;
      let rgb = [255, 255, 255];
      if (dx * dx + dy * dy < r * r) rgb = [220, 40, 60];
      else if (x > bh && x < bw - 6 && ((y > bh * 0.25 && y < bh * 0.42) || (y > bh * 0.58 && y < bh * 0.75))) rgb = [30, 30, 30];
      for (let c = 0; c < 3; c++) data[o + c] = Math.round(data[o + c] * 0.15 + rgb[c] * 0.85);
    }
  }
  return { data, width: img.width, height: img.height };
}

/** Letterbox: the photo scaled into a 16:9-or-taller black frame with bars of about 12 % each side. */
function letterbox(img: Rgba): Rgba {
  const bar = Math.round(img.height * 0.12), W = img.width, H = img.height + 2 * bar;
  const data = new Uint8Array(W * H * 4);
  for (let p = 3; p < data.length; p += 4) data[p] = 255;
  data.set(img.data, bar * W * 4);
  return { data, width: W, height: H };
}

/** Apply edit `kind` to original number `i` (i varies crop position, colour cast, badge corner, angle sign). */
export function applyEdit(kind: EditKind, img: Rgba, i: number): Edited {
  switch (kind) {
    case 'lowq': return { img, quality: 12 };
    case 'downscale': return { img: resizeTo(img, Math.round(img.width * 0.4), Math.round(img.height * 0.4)), quality: 85 };
    case 'crop': {
      const f = 0.6 + ((i * 7) % 31) / 100; // 60–90 % of each side, off-centre
      const w = Math.round(img.width * f), h = Math.round(img.height * f);
      const ox = [0, 1, 0.5, 0.2][i % 4], oy = [0, 0.5, 1, 0.8][(i >> 1) % 4];
      return { img: crop(img, Math.round((img.width - w) * ox), Math.round((img.height - h) * oy), w, h), quality: 88 };
    }
    case 'rotate': return { img: rotate(img, (i % 2 ? 1 : -1) * (3 + (i % 4))), quality: 88 };
    case 'colour': return { img: colour(img, i), quality: 88 };
    case 'overlay': return { img: overlay(img, i), quality: 88 };
    case 'letterbox': return { img: letterbox(img), quality: 88 };
  }
}
