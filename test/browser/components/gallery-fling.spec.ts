/**
 * A fling shows placeholders for tiles whose image was never shown, and fills every
 * visible tile with its own image once the scroll settles (nothing stays a placeholder).
 */
import { test, expect } from '@playwright/test';
import { mount, openComponents, shot } from './helpers.js';

test('gallery fling: placeholders while fast, every visible tile shows its image after it settles', async ({ page }) => {
  const { errors } = await openComponents(page);
  await page.evaluate(async () => {
    const w = window as any;
    w.curator = await w.curatekit.createCurator({ dbName: `fling-${Math.random().toString(36).slice(2)}` });
    // Enough tiles to scroll past the virtualizer's 1000 px overhang: 4 tinted copies of each sample, small.
    const index = await (await fetch('/samples/index.json')).json();
    const bitmaps = await Promise.all(index.entries.map(async (e: any) => createImageBitmap(await (await fetch(`/samples/${e.file}`)).blob())));
    const files: File[] = [];
    for (let t = 0; t < 4; t++) {
      for (const [i, bmp] of bitmaps.entries()) {
        const cv = new OffscreenCanvas(96, 96);
        const ctx = cv.getContext('2d')!;
        ctx.drawImage(bmp, 0, 0, 96, 96);
        ctx.fillStyle = `hsla(${t * 90}, 80%, 50%, 0.3)`;
        ctx.fillRect(0, 0, 96, 96);
        files.push(new File([await cv.convertToBlob({ type: 'image/jpeg', quality: 0.8 })], `t${t}-${i}.jpg`));
      }
    }
    await w.curator.run('create_archive', { name: 'samples', content_type: 'Image' });
    await w.curator.run('index', { archive: 'samples', files, check_for_redundancy_within_batch: false });
  });
  await page.setViewportSize({ width: 900, height: 700 });
  await mount(page, '<curate-gallery style="--curate-gallery-height: 320px"></curate-gallery>');
  const gallery = page.locator('curate-gallery');
  await expect(gallery.locator('[role=option] img').first()).toBeVisible();
  // One big jump per frame, as a fling does: tiles never shown come in as placeholders.
  const during = await gallery.evaluate(async (el) => {
    const v = el.shadowRoot!.querySelector('lit-virtualizer') as HTMLElement;
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    let pendingSeen = 0, flinging = false;
    for (let i = 1; i <= 12; i++) {
      v.scrollTop = i * 400;
      await frame();
      await frame();
      flinging ||= (el as any).flinging;
      pendingSeen = Math.max(pendingSeen, v.querySelectorAll('.thumb.pending').length);
    }
    return { pendingSeen, flinging, max: v.scrollHeight - v.clientHeight };
  });
  // What a fling looks like (placeholders, if the picture is taken before the scroll settles).
  await gallery.evaluate((el) => {
    const v = el.shadowRoot!.querySelector('lit-virtualizer') as HTMLElement;
    v.scrollTop += 2000;
  });
  await shot(gallery, 'gallery-fling');
  expect(during.max).toBeGreaterThan(4800);
  expect(during.flinging).toBe(true);
  expect(during.pendingSeen).toBeGreaterThan(0);
  // Settled: no placeholder left, and each visible tile shows the image of its own item.
  await expect.poll(() => gallery.evaluate((el) => el.shadowRoot!.querySelectorAll('.thumb.pending').length)).toBe(0);
  expect(await gallery.evaluate((el) => (el as any).flinging)).toBe(false);
  const tiles = await gallery.evaluate(async (el) => {
    const w = window as any;
    const byId = new Map<number, Blob>((await w.curator.contents('samples')).map((c: any) => [c.id, c.thumbnail]));
    const v = el.shadowRoot!.querySelector('lit-virtualizer') as HTMLElement;
    const box = v.getBoundingClientRect();
    const visible = [...v.querySelectorAll<HTMLElement>('[role=option]')].filter((t) => {
      const r = t.getBoundingClientRect();
      return r.bottom > box.top && r.top < box.bottom;
    });
    const same = await Promise.all(visible.map(async (t) => {
      const img = t.querySelector('img');
      if (!img) return false;
      const [a, b] = await Promise.all([fetch(img.src).then((r) => r.arrayBuffer()), byId.get(Number(t.dataset.id))!.arrayBuffer()]);
      return a.byteLength === b.byteLength && new Uint8Array(a).every((x, i) => x === new Uint8Array(b)[i]);
    }));
    return { n: visible.length, same: same.filter(Boolean).length };
  });
  expect(tiles.n).toBeGreaterThan(4);
  expect(tiles.same).toBe(tiles.n);
  expect(errors).toEqual([]);
});
