/**
 * Read an image's format and size from its first bytes, before decoding it:
 * so that non-images and images too large to decode safely fail fast with a
 * reason instead of a browser decode error (or an out-of-memory worker).
 */

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp' | 'avif';

export interface SniffResult {
  format: ImageFormat;
  /** 0 when the header does not state it (the decoder will tell). */
  width: number;
  height: number;
}

/** Bytes needed to sniff every supported format (JPEG may need more; see sniffJpegSize). */
export const SNIFF_BYTES = 64 * 1024;

function ascii(b: Uint8Array, o: number, n: number): string {
  return String.fromCharCode(...b.subarray(o, o + n));
}

function jpegSize(b: Uint8Array): [number, number] {
  // Walk the marker segments to the first SOFn (not DHT/DAC/JPG), which holds height then width.
  let o = 2;
  while (o + 9 < b.length) {
    if (b[o] !== 0xff) return [0, 0];
    const marker = b[o + 1];
    if (marker === 0xff) {
      o++;
      continue;
    }
    const len = (b[o + 2] << 8) | b[o + 3];
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return [(b[o + 7] << 8) | b[o + 8], (b[o + 5] << 8) | b[o + 6]];
    o += 2 + len;
  }
  return [0, 0];
}

/** Identify the format and dimensions; null when the bytes are not an image we decode. */
export function sniffImage(b: Uint8Array): SniffResult | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    const [width, height] = jpegSize(b);
    return { format: 'jpeg', width, height };
  }
  if (b.length >= 24 && b[0] === 0x89 && ascii(b, 1, 3) === 'PNG') {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return { format: 'png', width: dv.getUint32(16), height: dv.getUint32(20) };
  }
  if (b.length >= 10 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) {
    return { format: 'gif', width: b[6] | (b[7] << 8), height: b[8] | (b[9] << 8) };
  }
  if (b.length >= 30 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') {
    const kind = ascii(b, 12, 4);
    if (kind === 'VP8X') return { format: 'webp', width: 1 + (b[24] | (b[25] << 8) | (b[26] << 16)), height: 1 + (b[27] | (b[28] << 8) | (b[29] << 16)) };
    if (kind === 'VP8L') {
      const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
      return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
    if (kind === 'VP8 ') return { format: 'webp', width: (b[26] | (b[27] << 8)) & 0x3fff, height: (b[28] | (b[29] << 8)) & 0x3fff };
    return { format: 'webp', width: 0, height: 0 };
  }
  if (b.length >= 26 && b[0] === 0x42 && b[1] === 0x4d) {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return { format: 'bmp', width: Math.abs(dv.getInt32(18, true)), height: Math.abs(dv.getInt32(22, true)) };
  }
  if (b.length >= 12 && ascii(b, 4, 4) === 'ftyp' && (ascii(b, 8, 4) === 'avif' || ascii(b, 8, 4) === 'avis')) {
    return { format: 'avif', width: 0, height: 0 };
  }
  return null;
}
