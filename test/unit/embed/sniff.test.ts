/** The header sniffer: JPEG size behind large APP segments, EXIF orientation, the other formats' fixed fields. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { shownSize, sniffImage } from '../../../src/embed/sniff.js';

const seg = (marker: number, payload: number[] | Uint8Array) => [0xff, marker, ((payload.length + 2) >> 8) & 0xff, (payload.length + 2) & 0xff, ...payload];
const sof = (w: number, h: number) => seg(0xc0, [8, h >> 8, h & 0xff, w >> 8, w & 0xff, 3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]);
/** An APP1 Exif payload with one IFD0 entry: orientation (tag 0x0112, SHORT). */
function exif(orientation: number, little: boolean): number[] {
  const u16 = (v: number) => (little ? [v & 0xff, v >> 8] : [v >> 8, v & 0xff]);
  const u32 = (v: number) => (little ? [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24] : [v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff]);
  return [...'Exif'].map((c) => c.charCodeAt(0)).concat([0, 0], little ? [0x49, 0x49] : [0x4d, 0x4d], u16(42), u32(8), u16(1), u16(0x0112), u16(3), u32(1), u16(orientation), [0, 0], u32(0));
}
const jpeg = (...segments: number[][]) => new Uint8Array([0xff, 0xd8, ...segments.flat(), 0xff, 0xd9]);

describe('sniffImage: JPEG', () => {
  it('reads the size from the SOF segment', () => {
    expect(sniffImage(jpeg(seg(0xe0, new Array(14).fill(0)), sof(4000, 3000)))).toEqual({ format: 'jpeg', width: 4000, height: 3000, orientation: 1 });
  });

  it('finds the SOF behind more than 64 KiB of APP segments (an embedded preview, an ICC profile)', () => {
    const big = new Uint8Array(65000);
    const r = sniffImage(jpeg(seg(0xe1, big), seg(0xe2, big), sof(12000, 12000)))!;
    expect([r.width, r.height]).toEqual([12000, 12000]);
  });

  it('reads the EXIF orientation, both byte orders; 5–8 swap the shown size', () => {
    for (const little of [true, false]) {
      for (const o of [1, 3, 6, 8]) {
        const r = sniffImage(jpeg(seg(0xe1, exif(o, little)), sof(4000, 3000)))!;
        expect(r.orientation).toBe(o);
        expect(shownSize(r)).toEqual(o >= 5 ? [3000, 4000] : [4000, 3000]);
      }
    }
  });

  it('takes orientation 1 for a missing, foreign or out-of-range EXIF entry', () => {
    expect(sniffImage(jpeg(seg(0xe1, [...'http://ns.adobe.com/xap/1.0/'].map((c) => c.charCodeAt(0))), sof(10, 20)))!.orientation).toBe(1);
    expect(sniffImage(jpeg(seg(0xe1, exif(9, true)), sof(10, 20)))!.orientation).toBe(1);
    expect(sniffImage(jpeg(seg(0xe1, exif(6, true).slice(0, 12)), sof(10, 20)))!.orientation).toBe(1);
  });

  it('gives size 0 (the decoder decides) when no SOF is found, and null for non-images', () => {
    expect(sniffImage(jpeg(seg(0xe0, [1, 2, 3])))).toMatchObject({ format: 'jpeg', width: 0, height: 0 });
    expect(sniffImage(new TextEncoder().encode('not an image at all'))).toBeNull();
  });
});

describe('sniffImage: other formats', () => {
  it('PNG IHDR and GIF screen size, orientation 1', () => {
    const png = new Uint8Array(33);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0x07, 0x80, 0, 0, 0x04, 0x38]);
    expect(sniffImage(png)).toEqual({ format: 'png', width: 1920, height: 1080, orientation: 1 });
    const gif = new Uint8Array([...'GIF89a'].map((c) => c.charCodeAt(0)).concat([0x40, 0x01, 0xf0, 0x00]));
    expect(sniffImage(gif)).toEqual({ format: 'gif', width: 320, height: 240, orientation: 1 });
  });
});

describe('sniffImage: AVIF (avifenc output in test/fixtures/avif)', () => {
  const file = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/avif/${name}`, import.meta.url)));

  it('reads the primary image size from ispe, and irot as the EXIF orientation with the same effect', () => {
    expect(sniffImage(file('gradient-96x64.avif'))).toEqual({ format: 'avif', width: 96, height: 64, orientation: 1 });
    const turned = sniffImage(file('gradient-96x64-irot90.avif'))!;
    expect(turned.orientation).toBe(8);
    expect(shownSize(turned)).toEqual([64, 96]);
  });

  it('gives size 0 (the decoder decides) when the boxes are cut short or malformed', () => {
    const b = file('gradient-96x64.avif');
    expect(sniffImage(b.subarray(0, 40))).toMatchObject({ format: 'avif', width: 0, height: 0 });
    const bad = b.slice();
    new DataView(bad.buffer).setUint32(0, 0xffff); // ftyp claims more bytes than the file has
    expect(sniffImage(bad)).toMatchObject({ format: 'avif', width: 0, height: 0 });
  });
});

describe('sniffImage: PNG eXIf', () => {
  const chunk = (type: string, data: number[]) => [0, 0, data.length >> 8, data.length & 0xff, ...[...type].map((c) => c.charCodeAt(0)), ...data, 0, 0, 0, 0];
  const ihdr = chunk('IHDR', [0, 0, 0, 200, 0, 0, 0, 100, 8, 2, 0, 0, 0]);
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  const tiff = (o: number) => [0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, o, 0, 0, 0, 0, 0, 0, 0];

  it('reads the orientation of an eXIf chunk before the image data (the crc is not checked)', () => {
    const png = new Uint8Array([...sig, ...ihdr, ...chunk('eXIf', tiff(6)), ...chunk('IDAT', [1, 2]), ...chunk('IEND', [])]);
    const s = sniffImage(png)!;
    expect(s).toEqual({ format: 'png', width: 200, height: 100, orientation: 6 });
    expect(shownSize(s)).toEqual([100, 200]);
  });

  it('ignores an eXIf after the image data, and a cut-short one', () => {
    expect(sniffImage(new Uint8Array([...sig, ...ihdr, ...chunk('IDAT', [1, 2]), ...chunk('eXIf', tiff(6))]))!.orientation).toBe(1);
    expect(sniffImage(new Uint8Array([...sig, ...ihdr, ...chunk('eXIf', tiff(6)).slice(0, 20)]))!.orientation).toBe(1);
  });
});
