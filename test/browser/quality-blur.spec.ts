/** The blur flag in the real pipeline: judged on the working-size decode, sharp photos are not blurry, a blurred copy is. */
import { test, expect } from './fixtures.js';

test('real photos: sharp originals are not "blurry", their Gaussian-blurred copies are, and the score is stored', async ({ harness: page }) => {
  const out = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    const c = await createCurator({ dbName: 'quality-blur' });
    await c.run('create_archive', { name: 'q', content_type: 'Image' });
    const names = ['photo-nagasaki-boats.jpg', 'photo-french-alpine-landscape.jpg', 'photo-airplane-from-above.jpg'];
    const files: File[] = [];
    for (const n of names) {
      const blob = await (await fetch(`/samples/${n}`)).blob();
      files.push(new File([blob], n, { type: 'image/jpeg' }));
      // σ = 3 px at 1024 px on the long side, as in bench:flags.
      const bmp = await createImageBitmap(blob);
      const s = 1024 / Math.max(bmp.width, bmp.height);
      const cv = new OffscreenCanvas(Math.round(bmp.width * s), Math.round(bmp.height * s));
      const ctx = cv.getContext('2d')!;
      ctx.filter = 'blur(3px)';
      ctx.drawImage(bmp, 0, 0, cv.width, cv.height);
      files.push(new File([await cv.convertToBlob({ type: 'image/jpeg', quality: 0.95 })], `blurred-${n}`, { type: 'image/jpeg' }));
    }
    await c.run('index', { archive: 'q', files, check_for_redundancy_within_batch: false });
    const contents = await c.contents('q');
    await c.run('remove_content', { archive: 'q', delete_archive: true });
    await c.close();
    return contents.map((x: any) => ({ name: x.name, blur: x.quality.blur, blurry: x.quality.flags.includes('blurry') }));
  });
  for (const r of out) {
    expect(typeof r.blur, r.name).toBe('number');
    expect(r.blurry, `${r.name} blur ${r.blur}`).toBe(r.name.startsWith('blurred-'));
  }
});
