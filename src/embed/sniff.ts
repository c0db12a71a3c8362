/**
 * Read an image's format and size from its first bytes, before decoding it:
 * so that non-images and images too large to decode safely fail fast with a
 * reason instead of a browser decode error (or an out-of-memory worker).
 */

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp' | 'avif';

export interface SniffResult {
  format: ImageFormat;
  /** As stored (before EXIF orientation); 0 when the header does not state it (the decoder will tell). */
  width: number;
  height: number;
  /** EXIF orientation 1–8 (JPEG, PNG eXIf; AVIF's irot as its equivalent); 1 when absent. 5–8 turn the picture by 90°: shown width and height swap. */
  orientation: number;
}

/** Width and height as the picture is shown (EXIF orientation applied). */
export function shownSize(s: SniffResult): [number, number] {
  return s.orientation >= 5 && s.orientation <= 8 ? [s.height, s.width] : [s.width, s.height];
}

function ascii(b: Uint8Array, o: number, n: number): string {
  return String.fromCharCode(...b.subarray(o, o + n));
}

/** EXIF orientation from an APP1 segment's payload ("Exif\0\0" + TIFF), or 1. */
function exifOrientation(b: Uint8Array, start: number, end: number): number {
  if (end - start < 14 || ascii(b, start, 4) !== 'Exif') return 1;
  return tiffOrientation(b, start + 6, end);
}

/** The orientation entry of IFD0 of a TIFF structure at `t` (EXIF's payload), or 1. */
function tiffOrientation(b: Uint8Array, t: number, end: number): number {
  if (end - t < 8) return 1;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const little = ascii(b, t, 2) === 'II';
  if (!little && ascii(b, t, 2) !== 'MM') return 1;
  const ifd = t + dv.getUint32(t + 4, little);
  if (ifd + 2 > end) return 1;
  const entries = dv.getUint16(ifd, little);
  for (let k = 0; k < entries; k++) {
    const e = ifd + 2 + 12 * k;
    if (e + 12 > end) return 1;
    if (dv.getUint16(e, little) === 0x0112) {
      const v = dv.getUint16(e + 8, little);
      return v >= 1 && v <= 8 ? v : 1;
    }
  }
  return 1;
}

/**
 * Walk the marker segments to the first SOFn (not DHT/DAC/JPG), which holds
 * height then width, reading the EXIF orientation on the way. Only segment
 * headers are touched, so the whole file can be given: an SOF behind large
 * APP segments (an embedded preview, an ICC profile) is still found.
 */
function jpegHeader(b: Uint8Array): { width: number; height: number; orientation: number } {
  let o = 2, orientation = 1;
  while (o + 9 < b.length) {
    if (b[o] !== 0xff) break;
    const marker = b[o + 1];
    if (marker === 0xff) {
      o++;
      continue;
    }
    const len = (b[o + 2] << 8) | b[o + 3];
    if (marker === 0xe1 && orientation === 1) orientation = exifOrientation(b, o + 4, Math.min(b.length, o + 2 + len));
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { width: (b[o + 7] << 8) | b[o + 8], height: (b[o + 5] << 8) | b[o + 6], orientation };
    o += 2 + len;
  }
  return { width: 0, height: 0, orientation };
}

/**
 * The orientation of a PNG's eXIf chunk (raw TIFF; before the image data, as the
 * PNG spec asks), which Chromium applies when decoding; 1 without one. A WebP's
 * EXIF chunk is not read: Chromium shows WebP as stored whatever it says (checked
 * in Chromium 150), and the stored size must be the size shown.
 */
function pngOrientation(b: Uint8Array, dv: DataView): number {
  let o = 8;
  while (o + 12 <= b.length) {
    const len = dv.getUint32(o);
    const type = ascii(b, o + 4, 4);
    if (type === 'IDAT' || type === 'IEND' || o + 12 + len > b.length) return 1;
    if (type === 'eXIf') return tiffOrientation(b, o + 8, o + 8 + len);
    o += 12 + len;
  }
  return 1;
}

/**
 * AVIF (HEIF) image size from the item properties: meta → iprp → ipco holds an
 * `ispe` (width, height) per image item; the largest is the primary image (the
 * others are alpha planes or thumbnails). An `irot` of 90° or 270° turns the
 * shown picture, reported as the EXIF orientation with the same effect (6 / 8).
 */
function avifHeader(b: Uint8Array): { width: number; height: number; orientation: number } {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let width = 0, height = 0, orientation = 1;
  const walk = (start: number, end: number, depth: number) => {
    let o = start;
    while (o + 8 <= end && depth < 6) {
      let size = dv.getUint32(o);
      const type = ascii(b, o + 4, 4);
      let header = 8;
      if (size === 1) {
        if (o + 16 > end) return;
        size = dv.getUint32(o + 8) * 2 ** 32 + dv.getUint32(o + 12);
        header = 16;
      } else if (size === 0) size = end - o;
      if (size < header || o + size > end) return;
      const body = o + header;
      if (type === 'meta') walk(body + 4, o + size, depth + 1); // a full box: version and flags first
      else if (type === 'iprp' || type === 'ipco') walk(body, o + size, depth + 1);
      else if (type === 'ispe' && body + 12 <= o + size) {
        const w = dv.getUint32(body + 4), h = dv.getUint32(body + 8);
        if (w * h > width * height) [width, height] = [w, h];
      } else if (type === 'irot' && body < o + size) {
        const angle = b[body] & 3; // anti-clockwise, in quarter turns
        orientation = angle === 1 ? 8 : angle === 3 ? 6 : angle === 2 ? 3 : 1;
      }
      o += size;
    }
  };
  walk(0, b.length, 0);
  return { width, height, orientation };
}

/** Identify the format, stored dimensions and orientation from the file's bytes (all of them for JPEG); null when they are not an image we decode. */
export function sniffImage(b: Uint8Array): SniffResult | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { format: 'jpeg', ...jpegHeader(b) };
  if (b.length >= 24 && b[0] === 0x89 && ascii(b, 1, 3) === 'PNG') {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return { format: 'png', width: dv.getUint32(16), height: dv.getUint32(20), orientation: pngOrientation(b, dv) };
  }
  if (b.length >= 10 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) {
    return { format: 'gif', width: b[6] | (b[7] << 8), height: b[8] | (b[9] << 8), orientation: 1 };
  }
  if (b.length >= 30 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') {
    const kind = ascii(b, 12, 4);
    if (kind === 'VP8X') return { format: 'webp', width: 1 + (b[24] | (b[25] << 8) | (b[26] << 16)), height: 1 + (b[27] | (b[28] << 8) | (b[29] << 16)), orientation: 1 };
    if (kind === 'VP8L') {
      const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
      return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1, orientation: 1 };
    }
    if (kind === 'VP8 ') return { format: 'webp', width: (b[26] | (b[27] << 8)) & 0x3fff, height: (b[28] | (b[29] << 8)) & 0x3fff, orientation: 1 };
    return { format: 'webp', width: 0, height: 0, orientation: 1 };
  }
  if (b.length >= 26 && b[0] === 0x42 && b[1] === 0x4d) {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return { format: 'bmp', width: Math.abs(dv.getInt32(18, true)), height: Math.abs(dv.getInt32(22, true)), orientation: 1 };
  }
  if (b.length >= 12 && ascii(b, 4, 4) === 'ftyp' && (ascii(b, 8, 4) === 'avif' || ascii(b, 8, 4) === 'avis')) {
    return { format: 'avif', ...avifHeader(b) };
  }
  return null;
}
