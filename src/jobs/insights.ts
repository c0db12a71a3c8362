/**
 * Per-archive views the UI needs beyond the cloud job API: duplicate groups
 * with evidence, per-content scores, a 2-D map, and the "same / not same"
 * calibration loop. Engine-side; exposed through the client.
 */
import type { DuplicateGroup, DuplicatePair } from '../contract/views.js';
import { ValidationError } from '../contract/errors.js';
import { calibrateFromAnswers as fitAnswers, pairsNearThreshold } from '../core/calibrate/index.js';
import { cascade } from '../core/dedupe/index.js';
import { DEFAULT_DUPLICATE_RULE, resolveRule, type DuplicateRule } from '../core/dedupe/index.js';
import { hexToHash } from '../core/image/index.js';
import { similarPairs } from '../core/dedupe/index.js';
import { findOutliers } from '../core/rank/index.js';
import { statsMatrix } from '../core/image/index.js';
import { pca } from '../core/linalg/index.js';
import { contentScores } from '../core/rank/index.js';
import type { ArchiveStore } from '../store/store.js';
import type { ContentRecord } from '../store/schema.js';
import { UnionFind, vectorSet } from '../core/base/index.js';
import { archiveRule } from './curation-hooks.js';
import { checkInt } from '../contract/validate.js';

export interface InsightOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

async function load(store: ArchiveStore, archive: string) {
  const a = await store.getArchive(archive);
  const loaded = await store.loadVectors(a.id, a.parameters.default_vectorizer);
  const contents = await store.getContents(a.id, null, { thumbnails: false });
  const byId = new Map(contents.map((c) => [c.id, c]));
  return { a, loaded, byId, vs: vectorSet(loaded.data, loaded.dim || 1) };
}

function better(x: ContentRecord, y: ContentRecord): ContentRecord {
  const px = x.width * x.height, py = y.width * y.height;
  if (px !== py) return px > py ? x : y;
  const sx = x.quality?.sharpness ?? 0, sy = y.quality?.sharpness ?? 0;
  if (sx !== sy) return sx > sy ? x : y;
  return x.id < y.id ? x : y;
}

/** Duplicate groups of an archive, each pair with the cascade stage that linked it. */
export async function duplicateGroups(store: ArchiveStore, archive: string, options: InsightOptions & { threshold?: number } = {}): Promise<DuplicateGroup[]> {
  const { a, loaded, byId, vs } = await load(store, archive);
  if (options.threshold !== undefined && !(options.threshold > 0 && options.threshold <= 1)) throw new ValidationError('options.threshold', 'a cosine similarity in (0, 1]');
  const rule: Partial<DuplicateRule> = { ...archiveRule(a) };
  if (options.threshold !== undefined) {
    rule.high = options.threshold;
    rule.low = Math.min(rule.low ?? DEFAULT_DUPLICATE_RULE.low, options.threshold);
  }
  const items = Array.from(loaded.ids, (id, row) => {
    const c = byId.get(id);
    return { byteHash: c?.byte_hash ?? null, pixelHash: c?.pixel_hash ?? null, phash: c?.phash ? hexToHash(c.phash) : null, vector: row };
  });
  const r = await cascade(items, [], { withinBatch: true, againstArchive: false, vectors: vs, rule, signal: options.signal });
  options.onProgress?.(0.9);
  // Union the matched rows into groups.
  const uf = new UnionFind(loaded.ids.length);
  const pairsByRoot = new Map<number, DuplicatePair[]>();
  const pairs = r.redundant.map((m) => {
    uf.union(m.index, m.matched.index);
    const x = loaded.ids[m.index], y = loaded.ids[m.matched.index];
    return { row: m.index, pair: { a: Math.min(x, y), b: Math.max(x, y), stage: m.stage, similarity: m.similarity } };
  });
  for (const { row, pair } of pairs) {
    const root = uf.find(row);
    const list = pairsByRoot.get(root);
    if (list) list.push(pair);
    else pairsByRoot.set(root, [pair]);
  }
  const out: DuplicateGroup[] = uf.groups(2).map((rows) => {
    const ids = rows.map((row) => loaded.ids[row]).sort((x, y) => x - y);
    return { ids, keep: ids.map((id) => byId.get(id)!).reduce(better).id, pairs: pairsByRoot.get(uf.find(rows[0])) ?? [] };
  });
  options.onProgress?.(1);
  return out.sort((x, y) => y.ids.length - x.ids.length || x.ids[0] - y.ids[0]);
}

/** Rank-normalise to 0..1 (ties share a rank). */
function ranks(xs: ArrayLike<number>): number[] {
  const order = Array.from({ length: xs.length }, (_, i) => i).sort((i, j) => xs[i] - xs[j]);
  const out = new Array<number>(xs.length);
  order.forEach((i, r) => (out[i] = xs.length > 1 ? r / (xs.length - 1) : 0));
  return out;
}

/** Per-content scores, each 0..1: uniqueness (high = unlike the rest), representativeness (high = centre of a dense group), outlier. */
export async function archiveScores(store: ArchiveStore, archive: string, options: InsightOptions & { k?: number } = {}) {
  const { loaded, vs, byId } = await load(store, archive);
  if (vs.n < 2) return { ids: Array.from(loaded.ids), uniqueness: Array(vs.n).fill(0), representativeness: Array(vs.n).fill(0), outlier: Array(vs.n).fill(0) };
  const k = options.k ?? 10;
  const s = await contentScores(vs, { k, signal: options.signal });
  options.onProgress?.(0.5);
  // The same evidence as the inliers_outliers job: pixel statistics join when every content has them.
  const extraFeatures = statsMatrix(Array.from(loaded.ids, (id) => byId.get(id)?.quality?.stats));
  const o = await findOutliers(vs, { k, extraFeatures, signal: options.signal });
  options.onProgress?.(1);
  return { ids: Array.from(loaded.ids), uniqueness: Array.from(s.uniqueness), representativeness: Array.from(s.representativeness), outlier: ranks(o.score) };
}

/** A 2-D layout of the archive: UMAP (default; PCA below 16 items) or PCA. */
export async function archiveMap(store: ArchiveStore, archive: string, options: InsightOptions & { method?: 'umap' | 'pca' } = {}) {
  const { loaded, vs } = await load(store, archive);
  const method = options.method ?? 'umap';
  if (method !== 'umap' && method !== 'pca') throw new ValidationError('options.method', 'umap or pca');
  const x = new Float32Array(vs.n), y = new Float32Array(vs.n);
  if (vs.n >= 3) {
    const layout = method === 'umap' && vs.n >= 16 ? await umapLayout(vs, options) : (await pca(vs, 2, { signal: options.signal, onProgress: options.onProgress })).projected.data;
    for (let i = 0; i < vs.n; i++) {
      x[i] = layout[2 * i];
      y[i] = layout[2 * i + 1];
    }
  }
  return { ids: Array.from(loaded.ids), x, y, method: method === 'umap' && vs.n >= 16 ? 'umap' : 'pca' };
}

async function umapLayout(vs: ReturnType<typeof vectorSet>, options: InsightOptions): Promise<Float32Array> {
  const { umap } = await import('../core/map/umap.js');
  return (await umap(vs, { nComponents: 2, signal: options.signal, onProgress: options.onProgress })).embedding;
}

/** Pairs near the archive's duplicate threshold, for a person to answer "same / not same". */
export async function calibrationPairs(store: ArchiveStore, archive: string, options: { count?: number } = {}) {
  const { a, loaded, vs } = await load(store, archive);
  const count = options.count ?? 12;
  checkInt(count, 'options.count', 1, 200);
  const threshold = resolveRule(archiveRule(a)).high;
  const pairs = await similarPairs(vs, Math.max(0, threshold - 0.2));
  return pairsNearThreshold(pairs, threshold, count).map((x) => ({ a: loaded.ids[pairs.a[x]], b: loaded.ids[pairs.b[x]], similarity: pairs.sim[x] }));
}

/** Refit the threshold from a person's answers; store it and report how many groups change. */
export async function calibrateFromAnswers(store: ArchiveStore, archive: string, answers: { a: number; b: number; same: boolean }[]) {
  if (!Array.isArray(answers) || answers.length === 0) throw new ValidationError('answers', 'a non-empty list of { a, b, same }');
  const { a, loaded, vs } = await load(store, archive);
  const row = new Map(Array.from(loaded.ids, (id, r) => [id, r]));
  const sims = answers.map((ans, i) => {
    if (typeof ans?.same !== 'boolean') throw new ValidationError(`answers[${i}].same`, 'a boolean');
    const ra = row.get(ans.a), rb = row.get(ans.b);
    if (ra === undefined || rb === undefined) throw new ValidationError(`answers[${i}]`, 'ids of contents with vectors');
    let s = 0;
    for (let d = 0; d < vs.dim; d++) s += vs.data[ra * vs.dim + d] * vs.data[rb * vs.dim + d];
    return { similarity: s, same: ans.same };
  });
  const before = resolveRule(archiveRule(a));
  const fit = fitAnswers(sims, { threshold: before.high });
  const groupsBefore = (await duplicateGroups(store, archive)).length;
  const rule = { ...before, high: fit.threshold, low: Math.min(before.low, fit.threshold) };
  await store.updateArchive(archive, (x) => ({
    ...x,
    calibrations: { ...x.calibrations, similarity: { ...(x.calibrations.similarity ?? {}), threshold: fit.threshold, rule, vectorizer: x.parameters.default_vectorizer, source: 'answers', answers: answers.length, fitted_at: Date.now() } },
  }));
  const groupsAfter = (await duplicateGroups(store, archive)).length;
  return { threshold: fit.threshold, groupsBefore, groupsAfter };
}
