/**
 * Pixel helpers for scripts/prepare-photos.ts (Node, no native deps): decode JPEG (jpeg-js) and
 * 8-bit non-interlaced PNG (node:zlib), area-average downscale, JPEG encode.
 */
import { inflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';

export type Rgba = { data: Uint8Array; width: number; height: number };

/** Decode a PNG of bit depth 8, colour type 0/2/4/6, not interlaced; throws on anything else. */
export function decodePng(buf: Buffer): Rgba {
  let o = 8, width = 0, height = 0, type = 0;
  const idat: Buffer[] = [];
  while (o < buf.length) {
    const len = buf.readUInt32BE(o), kind = buf.toString('latin1', o + 4, o + 8), body = buf.subarray(o + 8, o + 8 + len);
    if (kind === 'IHDR') {
      width = body.readUInt32BE(0); height = body.readUInt32BE(4); type = body[9];
      if (body[8] !== 8 || body[12] !== 0 || ![0, 2, 4, 6].includes(type)) throw new Error(`png: unsupported depth ${body[8]} type ${type} interlace ${body[12]}`);
    } else if (kind === 'IDAT') idat.push(body);
    else if (kind === 'IEND') break;
    o += 12 + len;
  }
  const ch = { 0: 1, 2: 3, 4: 2, 6: 4 }[type] as number, stride = width * ch;
  const raw = inflateSync(Buffer.concat(idat)), px = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)], src = y * (stride + 1) + 1, dst = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= ch ? px[dst + x - ch] : 0, b = y > 0 ? px[dst - stride + x] : 0, c = x >= ch && y > 0 ? px[dst - stride + x - ch] : 0;
      let p = raw[src + x];
      if (f === 1) p += a; else if (f === 2) p += b; else if (f === 3) p += (a + b) >> 1;
      else if (f === 4) { const q = a + b - c, pa = Math.abs(q - a), pb = Math.abs(q - b), pc = Math.abs(q - c); p += pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      px[dst + x] = p & 255;
    }
  }
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const s = i * ch, alpha = ch === 4 ? px[s + 3] : ch === 2 ? px[s + 1] : 255;
    for (let c = 0; c < 3; c++) {
      const v = ch >= 3 ? px[s + c] : px[s];
      data[i * 4 + c] = Math.round((v * alpha + 255 * (255 - alpha)) / 255); // flatten on white
    }
    data[i * 4 + 3] = 255;
  }
  return { data, width, height };
}

export function decodeAny(buf: Buffer): Rgba {
  if (buf[0] === 0x89 && buf[1] === 0x50) return decodePng(buf);
  const img = jpeg.decode(buf, { useTArray: true, maxResolutionInMP: 200, maxMemoryUsageInMB: 2048 });
  return { data: img.data, width: img.width, height: img.height };
}

/** Area-average resize to an exact size (downscale; also fine for mild upscale). */
export function resizeTo(img: Rgba, width: number, height: number): Rgba {
  const data = new Uint8Array(width * height * 4), sx = img.width / width, sy = img.height / height;
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor(y * sy), y1 = Math.max(y0 + 1, Math.floor((y + 1) * sy));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor(x * sx), x1 = Math.max(x0 + 1, Math.floor((x + 1) * sx));
      let r = 0, g = 0, b = 0, n = 0;
      for (let yy = y0; yy < Math.min(y1, img.height); yy++) {
        for (let xx = x0; xx < Math.min(x1, img.width); xx++) {
          const o = (yy * img.width + xx) * 4;
          r += img.data[o]; g += img.data[o + 1]; b += img.data[o + 2]; n++;
        }
      }
      const d = (y * width + x) * 4;
      data[d] = r / n; data[d + 1] = g / n; data[d + 2] = b / n; data[d + 3] = 255;
    }
  }
  return { data, width, height };
}

/** Downscale so the long side is at most `long` px (never upscales). */
export function fitLong(img: Rgba, long: number): Rgba {
  const s = Math.min(1, long / Math.max(img.width, img.height));
  return s === 1 ? img : resizeTo(img, Math.max(1, Math.round(img.width * s)), Math.max(1, Math.round(img.height * s)));
}

export function encodeJpeg(img: Rgba, quality: number): Buffer {
  return jpeg.encode({ data: Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), width: img.width, height: img.height }, quality).data;
}
