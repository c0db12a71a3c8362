/**
 * Media for the Ximilar, Vize, API Torch and DeepVA conformance servers: what
 * a file is (by its magic bytes, as a service's decoder would tell), an image's
 * size from its header, real PNGs to serve, and a stand-in for the public web.
 *
 * The sandbox has no internet, yet the services fetch `_url`/`image_url`/
 * source URLs themselves. So each server fetches from `state.web`: a map of
 * URL → answer that tests fill, plus the reserved host img.example.com
 * (RFC 2606), which serves a PNG generated from the path for any path the map
 * does not name, and YouTube/Vimeo links, which serve a video. Every other
 * URL is unreachable. Answers therefore depend on the bytes behind a URL,
 * never on the URL's text.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

export interface WebFile {
  status: number;
  body: Uint8Array;
  type: string;
}
export type Web = Map<string, WebFile>;

/** The host that serves a generated image for every path. */
export const IMAGE_HOST = 'img.example.com';
/** A link on IMAGE_HOST that is dead (404), for tests of images a service cannot load. */
export const BROKEN_IMAGE_URL = `https://${IMAGE_HOST}/broken.jpg`;

const enc = new TextEncoder();
export const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  out.set(enc.encode(type), 4);
  out.set(data, 8);
  v.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A valid RGB PNG of `width`×`height`, its pixels drawn from `seed`. */
export function png(width: number, height: number, seed = 0): Uint8Array<ArrayBuffer> {
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = new Uint8Array(height * (1 + width * 3));
  for (let y = 0; y < height; y++) for (let i = 0; i < width * 3; i++) raw[y * (1 + width * 3) + 1 + i] = (seed * 131 + y * 17 + i * 7) & 0xff;
  const parts = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))];
  return new Uint8Array(Buffer.concat(parts));
}

export interface Sniffed {
  type: 'image/jpeg' | 'image/png' | 'video/mp4' | 'video/quicktime' | 'video/mpeg' | 'application/mxf';
  /** From the PNG IHDR or a JPEG SOF segment, when the header has one. */
  width?: number;
  height?: number;
}

function jpegSize(b: Uint8Array): { width?: number; height?: number } {
  for (let i = 2; i + 9 < b.length && b[i] === 0xff; ) {
    const marker = b[i + 1];
    const len = (b[i + 2] << 8) | b[i + 3];
    // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return { height: (b[i + 5] << 8) | b[i + 6], width: (b[i + 7] << 8) | b[i + 8] };
    i += 2 + len;
  }
  return {};
}

/** What `b` is, by its magic bytes; undefined for anything else (text, HTML, empty). */
export function sniff(b: Uint8Array): Sniffed | undefined {
  const at = (i: number, ...xs: number[]) => xs.every((x, k) => b[i + k] === x);
  if (b.length >= 24 && at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) {
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return { type: 'image/png', width: v.getUint32(16), height: v.getUint32(20) };
  }
  // SOI starts every JPEG (the tests' small "JPEGs" carry no SOF, so no size).
  if (b.length >= 4 && at(0, 0xff, 0xd8)) return { type: 'image/jpeg', ...jpegSize(b) };
  if (b.length >= 12 && at(4, 0x66, 0x74, 0x79, 0x70)) return { type: at(8, 0x71, 0x74) ? 'video/quicktime' : 'video/mp4' };
  if (b.length >= 4 && (at(0, 0, 0, 1, 0xba) || at(0, 0, 0, 1, 0xb3))) return { type: 'video/mpeg' };
  if (b.length >= 4 && at(0, 0x06, 0x0e, 0x2b, 0x34)) return { type: 'application/mxf' };
  return undefined;
}

export const isImage = (s: Sniffed | undefined): s is Sniffed => s !== undefined && s.type.startsWith('image/');

/** A minimal MP4 (an `ftyp` box then an empty `mdat`), its brand bytes from `seed`. */
export function mp4(seed: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(32);
  out.set([0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, 0, 0, 2, 0]);
  out.set(enc.encode(sha256(seed).slice(0, 8)), 16);
  out.set([0, 0, 0, 8, 0x6d, 0x64, 0x61, 0x74], 24);
  return out;
}

/** A new stand-in web: BROKEN_IMAGE_URL is dead; tests add what they need. */
export function newWeb(): Web {
  return new Map([[BROKEN_IMAGE_URL, { status: 404, body: enc.encode('<html><body>Not Found</body></html>'), type: 'text/html' }]]);
}

/** Host `body` at `url` on the stand-in web (type from its bytes). */
export function host(web: Web, url: string, body: Uint8Array): void {
  web.set(url, { status: 200, body, type: sniff(body)?.type ?? 'application/octet-stream' });
}

const UNREACHABLE: WebFile = { status: 0, body: new Uint8Array(0), type: '' };

/** GET `url` on the stand-in web; status 0 means it could not be reached at all. */
export function webGet(web: Web, url: string): WebFile {
  const known = web.get(url);
  if (known) return known;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return UNREACHABLE;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return UNREACHABLE;
  if (u.hostname === IMAGE_HOST && u.pathname.length > 1) {
    const h = parseInt(sha256(u.pathname).slice(0, 8), 16);
    return { status: 200, body: png(16 + (h % 48), 16 + ((h >>> 8) % 48), h), type: 'image/png' };
  }
  const video = (/(^|\.)youtube\.com$/.test(u.hostname) && u.pathname === '/watch' && u.searchParams.get('v')) || (u.hostname === 'vimeo.com' && /^\/\d+$/.test(u.pathname));
  if (video) return { status: 200, body: mp4(url), type: 'video/mp4' };
  return UNREACHABLE;
}

/** Load the media behind a URL: the bytes and what they are, or why not (as a service would say it). */
export function loadUrl(web: Web, url: string): { bytes: Uint8Array; media: Sniffed | undefined } | { error: string } {
  const got = webGet(web, url);
  if (got.status === 0) return { error: 'the URL could not be reached' };
  if (got.status !== 200) return { error: `downloading the URL answered HTTP ${got.status}` };
  return { bytes: got.body, media: sniff(got.body) };
}

/** Decode strict base64 (what Python's b64decode(validate=True) takes); undefined when it is not. */
export function decodeBase64(s: string): Uint8Array | undefined {
  const t = s.replace(/\s+/g, '');
  if (t.length === 0 || t.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(t)) return undefined;
  return new Uint8Array(Buffer.from(t, 'base64'));
}
