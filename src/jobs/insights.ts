/**
 * Per-archive views the UI needs beyond the cloud job API: duplicate groups
 * with evidence, per-content scores, a 2-D map, and the "same / not same"
 * calibration loop. Engine-side; exposed through the client.
 */
import type { AnswerFitSummary, PairAnswer } from '../contract/views.js';
import { ValidationError } from '../contract/errors.js';
import { calibrateFromAnswers as fitAnswers, pairsNearThreshold } from '../core/calibrate/index.js';
import { resolveRule } from '../core/dedupe/index.js';
import { similarPairs } from '../core/dedupe/index.js';
import { findOutliers, UNUSUAL_CUT } from '../core/rank/index.js';
import { statsMatrix } from '../core/image/index.js';
import { pca } from '../core/linalg/index.js';
import { contentScores } from '../core/rank/index.js';
import type { ArchiveStore } from '../store/store.js';
import { vectorSet } from '../core/base/index.js';
import { duplicateGroups } from './duplicates.js';
import { answerPairs, checkAnswers, decisionsOf } from './decisions.js';

export { duplicateGroups, duplicatePreview } from './duplicates.js';
export { answerPairs, decisionsOf, forgetAnswers, forgetKeeper, setKeeper } from './decisions.js';
import { archiveRule } from './curation-hooks.js';
import { checkInt } from '../contract/validate.js';

export interface InsightOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/** `space` 'instance': where near-duplicates are judged (a fine-tuned default's base), see ArchiveStore.instanceVectorizer. */
async function load(store: ArchiveStore, archive: string, space: 'default' | 'instance' = 'default') {
  const a = await store.getArchive(archive);
  const v = a.parameters.default_vectorizer;
  const loaded = await store.loadVectors(a.id, space === 'instance' ? store.instanceVectorizer(v) : v);
  const contents = await store.getContents(a.id, null, { thumbnails: false });
  const byId = new Map(contents.map((c) => [c.id, c]));
  return { a, loaded, byId, vs: vectorSet(loaded.data, loaded.dim || 1) };
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
  const ids = Array.from(loaded.ids);
  if (vs.n < 2) {
    const zeros = () => Array<number>(vs.n).fill(0);
    return { ids, uniqueness: zeros(), representativeness: zeros(), outlier: zeros(), unusual: zeros(), unusualCut: UNUSUAL_CUT, typicalDistance: 0, neighbourDistance: zeros(), nearest: ids.map(() => []) };
  }
  const k = options.k ?? 10;
  const s = await contentScores(vs, { k, signal: options.signal });
  options.onProgress?.(0.5);
  // The same evidence as the inliers_outliers job: pixel statistics join when every content has them.
  const extraFeatures = statsMatrix(Array.from(loaded.ids, (id) => byId.get(id)?.quality?.stats));
  const o = await findOutliers(vs, { k, extraFeatures, signal: options.signal });
  options.onProgress?.(1);
  const { knn, unusual } = o;
  const nearest = ids.map((_, i) => Array.from({ length: Math.min(3, knn.k) }, (_, j): [number, number] => [ids[knn.indices[i * knn.k + j]], knn.distances[i * knn.k + j]]));
  return {
    ids,
    uniqueness: Array.from(s.uniqueness),
    representativeness: Array.from(s.representativeness),
    outlier: ranks(o.score),
    unusual: Array.from(unusual.z),
    unusualCut: unusual.cut,
    typicalDistance: unusual.typical,
    neighbourDistance: Array.from(o.knnDistance),
    nearest,
  };
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
  const { a, loaded, vs } = await load(store, archive, 'instance');
  const count = options.count ?? 12;
  checkInt(count, 'options.count', 1, 200);
  const threshold = resolveRule(archiveRule(a, loaded.vectorizer)).high;
  const pairs = await similarPairs(vs, Math.max(0, threshold - 0.2));
  return pairsNearThreshold(pairs, threshold, count).map((x) => ({ a: loaded.ids[pairs.a[x]], b: loaded.ids[pairs.b[x]], similarity: pairs.sim[x] }));
}

/**
 * Store a person's answers, then refit the rule's threshold from every stored answer
 * (not only this round's) and report what changed.
 */
export async function calibrateFromAnswers(store: ArchiveStore, archive: string, answers: PairAnswer[], field = 'answers'): Promise<AnswerFitSummary> {
  const a0 = await store.getArchive(archive);
  await checkAnswers(store, a0, answers, field);
  const groupsBefore = (await duplicateGroups(store, archive)).length;
  await answerPairs(store, archive, answers);
  const { a, loaded, vs } = await load(store, archive, 'instance');
  const row = new Map(Array.from(loaded.ids, (id, r) => [id, r]));
  const stored = decisionsOf(a).pairs.filter((p) => row.has(p.a) && row.has(p.b));
  const sims = stored.map((ans) => {
    const ra = row.get(ans.a)!, rb = row.get(ans.b)!;
    let s = 0;
    for (let d = 0; d < vs.dim; d++) s += vs.data[ra * vs.dim + d] * vs.data[rb * vs.dim + d];
    return { similarity: s, same: ans.same };
  });
  const before = resolveRule(archiveRule(a, loaded.vectorizer));
  const fit = fitAnswers(sims, { threshold: before.high });
  const rule = { ...before, high: fit.threshold, low: Math.min(before.low, fit.threshold) };
  await store.updateArchive(archive, (x) => ({
    ...x,
    calibrations: { ...x.calibrations, similarity: { ...(x.calibrations.similarity ?? {}), threshold: fit.threshold, rule, vectorizer: store.instanceVectorizer(x.parameters.default_vectorizer), source: 'answers', answers: stored.length, fitted_at: Date.now() } },
  }));
  const groupsAfter = (await duplicateGroups(store, archive)).length;
  const change = groupsAfter === groupsBefore ? `${groupsAfter} groups, unchanged` : `${groupsBefore} groups → ${groupsAfter}`;
  return {
    thresholdBefore: before.high, threshold: fit.threshold, groupsBefore, groupsAfter, answers: stored.length,
    summary: `threshold ${before.high.toFixed(3)} → ${fit.threshold.toFixed(3)} from ${stored.length} answers; ${change}`,
  };
}
