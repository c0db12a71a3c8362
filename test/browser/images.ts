/**
 * Tiny image encoders for tests (Node side): formats the browser cannot
 * produce itself (GIF, BMP), written from their specs.
 */

export type Pixel = (x: number, y: number) => [number, number, number];

/** 24-bit bottom-up BMP. */
export function encodeBmp(w: number, h: number, px: Pixel): Uint8Array {
  const row = Math.ceil((w * 3) / 4) * 4;
  const size = 54 + row * h;
  const b = new Uint8Array(size);
  const dv = new DataView(b.buffer);
  b[0] = 0x42;
  b[1] = 0x4d;
  dv.setUint32(2, size, true);
  dv.setUint32(10, 54, true);
  dv.setUint32(14, 40, true);
  dv.setInt32(18, w, true);
  dv.setInt32(22, h, true);
  dv.setUint16(26, 1, true);
  dv.setUint16(28, 24, true);
  dv.setUint32(34, row * h, true);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [r, g, bl] = px(x, h - 1 - y);
      const o = 54 + y * row + x * 3;
      b[o] = bl;
      b[o + 1] = g;
      b[o + 2] = r;
    }
  }
  return b;
}

/**
 * Animated GIF with a 256-colour palette (3-3-2 RGB). LZW output uses literal
 * codes only, with a clear code before the table would grow past 9 bits.
 */
export function encodeGif(w: number, h: number, frames: Pixel[]): Uint8Array {
  const out: number[] = [];
  const push = (...xs: number[]) => out.push(...xs);
  const u16 = (v: number) => push(v & 255, v >> 8);
  push(...Array.from('GIF89a', (c) => c.charCodeAt(0)));
  u16(w);
  u16(h);
  push(0xf7, 0, 0); // global colour table, 256 entries
  for (let i = 0; i < 256; i++) push(((i >> 5) & 7) * 36, ((i >> 2) & 7) * 36, (i & 3) * 85);
  push(0x21, 0xff, 11, ...Array.from('NETSCAPE2.0', (c) => c.charCodeAt(0)), 3, 1, 0, 0, 0); // loop forever
  for (const px of frames) {
    push(0x21, 0xf9, 4, 0, 10, 0, 0, 0); // graphic control: 100 ms
    push(0x2c);
    u16(0);
    u16(0);
    u16(w);
    u16(h);
    push(0);
    push(8); // LZW minimum code size
    const codes: number[] = [256];
    let sinceClear = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const [r, g, b] = px(x, y);
        codes.push(((Math.round(r / 36) & 7) << 5) | ((Math.round(g / 36) & 7) << 2) | (Math.round(b / 85) & 3));
        if (++sinceClear === 250) {
          codes.push(256);
          sinceClear = 0;
        }
      }
    }
    codes.push(257);
    const bytes: number[] = [];
    let acc = 0, bits = 0;
    for (const c of codes) {
      acc |= c << bits;
      bits += 9;
      while (bits >= 8) {
        bytes.push(acc & 255);
        acc >>= 8;
        bits -= 8;
      }
    }
    if (bits) bytes.push(acc & 255);
    for (let i = 0; i < bytes.length; i += 255) {
      const chunk = bytes.slice(i, i + 255);
      push(chunk.length, ...chunk);
    }
    push(0);
  }
  push(0x3b);
  return Uint8Array.from(out);
}
