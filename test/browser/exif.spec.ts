import { test, expect } from './fixtures.js';

/**
 * A photo stored landscape with EXIF orientation 6 (a phone held upright) is
 * portrait everywhere: stored size, thumbnail, and what the model sees. A JPEG
 * whose size marker sits behind 130 KB of APP segments and states 144 MP is
 * refused as too large before any decode.
 */
test('EXIF orientation is honoured in the stored size and thumbnail; a huge JPEG is refused from its header', async ({ harness: page }) => {
  const out = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    // 200 × 100 as stored: left half red, right half blue.
    const cv = new OffscreenCanvas(200, 100);
    const g = cv.getContext('2d')!;
    g.fillStyle = '#f00';
    g.fillRect(0, 0, 100, 100);
    g.fillStyle = '#00f';
    g.fillRect(100, 0, 100, 100);
    const plain = new Uint8Array(await (await cv.convertToBlob({ type: 'image/jpeg', quality: 0.95 })).arrayBuffer());
    // APP1 "Exif" with IFD0 orientation = 6 (rotate 90° clockwise to show), big-endian TIFF.
    const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0];
    const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
    const app1 = [0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload];
    const app0len = (plain[4] << 8) | plain[5];
    const at = 4 + app0len; // after SOI and APP0 (JFIF)
    const rotated = new Uint8Array([...plain.subarray(0, at), ...app1, ...plain.subarray(at)]);
    // A header-only JPEG: two 64 KB APP segments, then an SOF stating 12000 × 12000, then the end marker.
    const big = new Uint8Array(65000);
    const seg = (m: number, p: Uint8Array | number[]) => [0xff, m, (p.length + 2) >> 8, (p.length + 2) & 0xff, ...p];
    const sof = seg(0xc0, [8, 12000 >> 8, 12000 & 0xff, 12000 >> 8, 12000 & 0xff, 3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]);
    const huge = new Uint8Array([0xff, 0xd8, ...seg(0xe1, big), ...seg(0xe2, big), ...sof, 0xff, 0xd9]);

    const c = await createCurator({ dbName: `exif-${Date.now()}` });
    await c.run('create_archive', { name: 'a', content_type: 'Image' });
    const r = (await c.run('index', { archive: 'a', files: [new File([plain], 'plain.jpg'), new File([rotated], 'upright.jpg'), new File([huge], 'huge.jpg')] })).results;
    const contents = await c.contents('a');
    const view = async (name: string) => {
      const item = contents.find((x: any) => x.name === name);
      const bmp = await createImageBitmap(item.thumbnail);
      const t = new OffscreenCanvas(bmp.width, bmp.height).getContext('2d')!;
      t.drawImage(bmp, 0, 0);
      const px = (x: number, y: number) => Array.from(t.getImageData(x, y, 1, 1).data.slice(0, 3));
      return { width: item.width, height: item.height, thumb: [bmp.width, bmp.height], top: px(bmp.width >> 1, 2), bottom: px(bmp.width >> 1, bmp.height - 3) };
    };
    const vecs = await c.vectors('a');
    const row = (name: string) => {
      const id = r.name_to_indexed_content_id[name];
      const k = Array.from(vecs.ids as ArrayLike<number>).indexOf(id);
      return vecs.data.slice(k * vecs.dim, (k + 1) * vecs.dim);
    };
    const a = row('plain.jpg'), b = row('upright.jpg');
    let cos = 0;
    for (let d = 0; d < vecs.dim; d++) cos += a[d] * b[d];
    const out = { plain: await view('plain.jpg'), upright: await view('upright.jpg'), failed: r.failed_vectorization_names, reason: r.failure_reasons?.['huge.jpg'], cos };
    await c.close();
    return out;
  });
  expect(out.plain).toMatchObject({ width: 200, height: 100 });
  expect(out.plain.thumb[0]).toBeGreaterThan(out.plain.thumb[1]);
  // Shown upright: 100 × 200, the stored left (red) half on top.
  expect(out.upright).toMatchObject({ width: 100, height: 200 });
  expect(out.upright.thumb[1]).toBeGreaterThan(out.upright.thumb[0]);
  expect(out.upright.thumb[1] / out.upright.thumb[0]).toBeCloseTo(2, 1);
  expect(out.upright.top[0]).toBeGreaterThan(200);
  expect(out.upright.top[2]).toBeLessThan(60);
  expect(out.upright.bottom[2]).toBeGreaterThan(200);
  // The model saw another picture than the unrotated one (not a squashed copy of it).
  expect(out.cos).toBeLessThan(0.98);
  expect(out.failed).toEqual(['huge.jpg']);
  expect(out.reason).toContain('too large: 12000×12000');
});

/**
 * AVIF (avifenc output, test/fixtures/avif): the size comes from its ispe box, an irot of 90°
 * is shown turned (64 × 96), and an AVIF whose ispe states 144 MP is refused before any decode.
 */
test('AVIF: size from the header, irot honoured, a huge one refused before decoding', async ({ harness: page }) => {
  const out = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    const bytes = async (f: string) => new Uint8Array(await (await fetch(`/test/fixtures/avif/${f}`)).arrayBuffer());
    const plain = await bytes('gradient-96x64.avif');
    const turned = await bytes('gradient-96x64-irot90.avif');
    // The same file with its ispe box rewritten to 12000 × 12000.
    const huge = plain.slice();
    const at = [...huge.keys()].find((i) => String.fromCharCode(...huge.subarray(i, i + 4)) === 'ispe')!;
    const dv = new DataView(huge.buffer);
    dv.setUint32(at + 8, 12000);
    dv.setUint32(at + 12, 12000);
    const c = await createCurator({ dbName: `avif-${Date.now()}` });
    await c.run('create_archive', { name: 'a', content_type: 'Image' });
    const r = (await c.run('index', { archive: 'a', files: [new File([plain], 'plain.avif'), new File([turned], 'turned.avif'), new File([huge], 'huge.avif')] })).results;
    const contents = await c.contents('a');
    const size = async (name: string) => {
      const item = contents.find((x: any) => x.name === name);
      const bmp = await createImageBitmap(item.thumbnail);
      return { width: item.width, height: item.height, thumb: [bmp.width, bmp.height] };
    };
    const res = { plain: await size('plain.avif'), turned: await size('turned.avif'), failed: r.failed_vectorization_names, reason: r.failure_reasons?.['huge.avif'] };
    await c.close();
    return res;
  });
  expect(out.plain).toMatchObject({ width: 96, height: 64 });
  expect(out.turned).toMatchObject({ width: 64, height: 96 });
  expect(out.turned.thumb[1]).toBeGreaterThan(out.turned.thumb[0]);
  expect(out.failed).toEqual(['huge.avif']);
  expect(out.reason).toContain('too large: 12000×12000');
});

/**
 * EXIF outside JPEG: Chromium turns a PNG by its eXIf orientation and shows a WebP as
 * stored whatever its EXIF chunk says; the stored size and the thumbnail follow what is shown.
 */
test('PNG eXIf orientation is honoured; a WebP EXIF orientation is not (as the browser shows it)', async ({ harness: page }) => {
  const out = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    const cv = new OffscreenCanvas(200, 100);
    const g = cv.getContext('2d')!;
    g.fillStyle = '#f00';
    g.fillRect(0, 0, 100, 100);
    g.fillStyle = '#00f';
    g.fillRect(100, 0, 100, 100);
    const png = new Uint8Array(await (await cv.convertToBlob({ type: 'image/png' })).arrayBuffer());
    const webp = new Uint8Array(await (await cv.convertToBlob({ type: 'image/webp', quality: 0.9 })).arrayBuffer());
    // TIFF, big-endian, IFD0 with orientation = 6.
    const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0];
    const table: number[] = [];
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
    const crc = (b: number[]) => {
      let c = 0xffffffff;
      for (const x of b) c = table[(c ^ x) & 255] ^ (c >>> 8);
      return (c ^ 0xffffffff) >>> 0;
    };
    const u32 = (v: number) => [v >>> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255];
    const type = [...'eXIf'].map((ch) => ch.charCodeAt(0));
    // After the signature (8) and IHDR (25): before the image data.
    const pngTurned = new Uint8Array([...png.subarray(0, 33), ...u32(tiff.length), ...type, ...tiff, ...u32(crc([...type, ...tiff])), ...png.subarray(33)]);
    // WebP (VP8X from the canvas): an EXIF chunk at the end, the EXIF flag set, the RIFF size updated.
    const webpExif = new Uint8Array([...webp, ...[...'EXIF'].map((ch) => ch.charCodeAt(0)), tiff.length, 0, 0, 0, ...tiff]);
    webpExif[20] |= 0x08;
    new DataView(webpExif.buffer).setUint32(4, webpExif.length - 8, true);
    const c = await createCurator({ dbName: `exif-other-${Date.now()}` });
    await c.run('create_archive', { name: 'a', content_type: 'Image' });
    await c.run('index', { archive: 'a', files: [new File([pngTurned], 'turned.png'), new File([webpExif], 'exif.webp')] });
    const contents = await c.contents('a');
    const view = async (name: string) => {
      const item = contents.find((x: any) => x.name === name);
      const bmp = await createImageBitmap(item.thumbnail);
      const shown = await createImageBitmap(new Blob([name.endsWith('png') ? pngTurned : webpExif]), { imageOrientation: 'from-image' });
      return { width: item.width, height: item.height, thumb: [bmp.width, bmp.height], browser: [shown.width, shown.height] };
    };
    const res = { png: await view('turned.png'), webp: await view('exif.webp') };
    await c.close();
    return res;
  });
  expect(out.png.browser).toEqual([100, 200]);
  expect(out.png).toMatchObject({ width: 100, height: 200 });
  expect(out.png.thumb[1]).toBeGreaterThan(out.png.thumb[0]);
  expect(out.webp.browser).toEqual([200, 100]);
  expect(out.webp).toMatchObject({ width: 200, height: 100 });
  expect(out.webp.thumb[0]).toBeGreaterThan(out.webp.thumb[1]);
});
