/**
 * Curation from what any client offers (contents + vectors), used by the
 * elements when the client has no `duplicates` / `scores` / `map` /
 * `calibrationPairs` / `calibrateFromAnswers` of its own (an older engine, or a
 * remote one). Exact and O(n²): meant for archives of a few thousand items; the
 * engine's methods are preferred whenever the client has them.
 */
import type { ContentView, VectorsView } from '../../contract/views.js';
import type { CuratorLike } from './curator-like.js';
import type { AnswerFitSummary, ArchiveScores } from '../../contract/views.js';
import type { CalibrationPair, DuplicateGroup, DuplicatePair, DuplicateStage, MapLayout } from '../../contract/views.js';
import { chooseKeeper, referenceGroups } from '../../core/dedupe/index.js';
import { unusualness } from '../../core/rank/index.js';

/** Cosine similarity at or above which two embeddings count as duplicates. @defaultValue 0.92 (the engine's default rule) */
export const DEFAULT_DUPLICATE_SIMILARITY = 0.92;

interface Data {
  contents: ContentView[];
  v: VectorsView;
  row: Map<number, number>;
}

async function load(curator: CuratorLike, archive: string): Promise<Data> {
  const [contents, v] = await Promise.all([curator.contents(archive), curator.vectors(archive)]);
  const row = new Map<number, number>();
  v.ids.forEach((id, i) => row.set(id, i));
  return { contents, v, row };
}

function cosine(v: VectorsView, i: number, j: number): number {
  let s = 0, a = 0, b = 0;
  const d = v.dim, x = i * d, y = j * d;
  for (let k = 0; k < d; k++) {
    s += v.data[x + k] * v.data[y + k];
    a += v.data[x + k] ** 2;
    b += v.data[y + k] ** 2;
  }
  return s / (Math.sqrt(a * b) || 1);
}

function hamming(a: string, b: string): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 8) {
    let x = (parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16)) >>> 0;
    for (; x; x &= x - 1) n++;
  }
  return n;
}

/** The cheapest evidence that two contents are the same image, or null. */
function evidence(c1: ContentView, c2: ContentView, sim: number, threshold: number): { stage: DuplicateStage; similarity: number } | null {
  if (c1.byte_hash && c1.byte_hash === c2.byte_hash) return { stage: 'bytes', similarity: 1 };
  if (c1.pixel_hash && c1.pixel_hash === c2.pixel_hash) return { stage: 'pixels', similarity: 1 };
  if (c1.phash && c2.phash && c1.phash.length === c2.phash.length && hamming(c1.phash, c2.phash) <= 4) return { stage: 'phash', similarity: 1 - hamming(c1.phash, c2.phash) / (c1.phash.length * 4) };
  return sim >= threshold ? { stage: 'embedding', similarity: sim } : null;
}

function allPairs(d: Data): { a: number; b: number; sim: number }[] {
  const out: { a: number; b: number; sim: number }[] = [];
  const ids = d.contents.map((c) => c.id).filter((id) => d.row.has(id));
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) out.push({ a: ids[i], b: ids[j], sim: cosine(d.v, d.row.get(ids[i])!, d.row.get(ids[j])!) });
  return out;
}

/** Reference groups (keeper + direct matches, no chaining) of the pairs with evidence, as the engine forms them. */
function group(d: Data, pairs: { a: number; b: number; sim: number }[], threshold: number): DuplicateGroup[] {
  const byId = new Map(d.contents.map((c) => [c.id, c]));
  const ids = d.contents.map((c) => c.id);
  const rowOf = new Map(ids.map((id, i) => [id, i]));
  const edges: DuplicatePair[] = [];
  for (const p of pairs) {
    const ev = evidence(byId.get(p.a)!, byId.get(p.b)!, p.sim, threshold);
    if (ev) edges.push({ a: Math.min(p.a, p.b), b: Math.max(p.a, p.b), ...ev });
  }
  const rows = edges.map((e) => [rowOf.get(e.a)!, rowOf.get(e.b)!].sort((x, y) => x - y));
  const reasons = new Map<number, string>();
  const rank = (candidates: number[]) => {
    const facts = candidates.map((r) => ({ width: d.contents[r].width, height: d.contents[r].height, bytes: d.contents[r].size, type: d.contents[r].source.type, sharpness: d.contents[r].quality?.sharpness }));
    const c = chooseKeeper(facts);
    reasons.set(candidates[c.keep], c.reason);
    return [candidates[c.keep], ...candidates.filter((_, i) => i !== c.keep)];
  };
  const g = referenceGroups(ids.length, { a: Int32Array.from(rows, (r) => r[0]), b: Int32Array.from(rows, (r) => r[1]), sim: Float32Array.from(edges, (e) => e.similarity) }, { rank });
  const edgeOf = (x: number, y: number) => edges.find((e) => e.a === Math.min(x, y) && e.b === Math.max(x, y))!;
  return g.groups.map((gr) => {
    const member = new Set([gr.keeper, ...gr.members]);
    return {
      ids: [...member].map((r) => ids[r]).sort((x, y) => x - y),
      keep: ids[gr.keeper],
      keep_reason: reasons.get(gr.keeper) ?? '',
      pairs: gr.members.map((m) => edgeOf(ids[gr.keeper], ids[m])),
      related: g.related.map((t) => edges[t]).filter((e) => member.has(rowOf.get(e.a)!) || member.has(rowOf.get(e.b)!)),
    };
  });
}

export async function duplicatesFallback(curator: CuratorLike, archive: string, threshold = DEFAULT_DUPLICATE_SIMILARITY): Promise<DuplicateGroup[]> {
  const d = await load(curator, archive);
  return group(d, allPairs(d), threshold);
}

/** Pairs whose similarity is closest to the threshold: the ones worth asking a person about. */
export async function calibrationPairsFallback(curator: CuratorLike, archive: string, count = 8, threshold = DEFAULT_DUPLICATE_SIMILARITY): Promise<CalibrationPair[]> {
  const pairs = allPairs(await load(curator, archive));
  return pairs
    .sort((x, y) => Math.abs(x.sim - threshold) - Math.abs(y.sim - threshold))
    .slice(0, count)
    .map((p) => ({ a: p.a, b: p.b, similarity: p.sim }));
}

/** Threshold that agrees best with the answers (midpoint between the classes), and the group counts it changes. */
export async function calibrateFallback(curator: CuratorLike, archive: string, answers: { a: number; b: number; same: boolean }[], before = DEFAULT_DUPLICATE_SIMILARITY): Promise<AnswerFitSummary> {
  const d = await load(curator, archive);
  const sims = answers.map((ans) => ({ same: ans.same, sim: cosine(d.v, d.row.get(ans.a)!, d.row.get(ans.b)!) }));
  const candidates = [...new Set(sims.map((s) => s.sim)), before].sort((x, y) => x - y);
  let best = before, bestErr = Infinity;
  for (let i = 0; i < candidates.length; i++) {
    const t = i + 1 < candidates.length ? (candidates[i] + candidates[i + 1]) / 2 : candidates[i] + 1e-6;
    const err = sims.filter((s) => (s.sim >= t) !== s.same).length;
    if (err < bestErr || (err === bestErr && Math.abs(t - before) < Math.abs(best - before))) {
      best = t;
      bestErr = err;
    }
  }
  const pairs = allPairs(d);
  const groupsBefore = group(d, pairs, before).length, groupsAfter = group(d, pairs, best).length;
  return { thresholdBefore: before, threshold: best, groupsBefore, groupsAfter, answers: answers.length, summary: `threshold ${before.toFixed(3)} → ${best.toFixed(3)} from ${answers.length} answers; ${groupsBefore} groups → ${groupsAfter}` };
}

/** Rank of each value among all, scaled to 0..1 (robust to the scale of distances). */
function ranks(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  order.forEach(([, i], r) => (out[i] = values.length > 1 ? r / (values.length - 1) : 0.5));
  return out;
}

export async function scoresFallback(curator: CuratorLike, archive: string, k = 5): Promise<ArchiveScores> {
  const d = await load(curator, archive);
  const ids = [...d.v.ids];
  const n = ids.length;
  const near = ids.map(() => [] as [number, number][]);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    const dist = 1 - cosine(d.v, i, j);
    near[i].push([ids[j], dist]);
    near[j].push([ids[i], dist]);
  }
  for (const ds of near) ds.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  const kk = Math.max(1, Math.min(k, n - 1));
  const knnMean = near.map((ds) => ds.slice(0, kk).reduce((s, x) => s + x[1], 0) / kk || 0);
  const nn1 = near.map((ds) => ds[0]?.[1] ?? 0);
  const outlier = ranks(knnMean);
  const u = unusualness(knnMean);
  return {
    ids,
    uniqueness: ranks(nn1),
    representativeness: outlier.map((o) => 1 - o),
    outlier,
    unusual: Array.from(u.z),
    unusualCut: u.cut,
    typicalDistance: u.typical,
    neighbourDistance: knnMean,
    nearest: near.map((ds) => ds.slice(0, 3)),
  };
}

/** 2-D PCA by power iteration with deflation (enough for a map of a few thousand points). */
export async function mapFallback(curator: CuratorLike, archive: string): Promise<MapLayout> {
  const v = await curator.vectors(archive);
  const n = v.ids.length, dim = v.dim;
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let k = 0; k < dim; k++) mean[k] += v.data[i * dim + k] / n;
  const comps: Float64Array[] = [];
  const proj = [new Float32Array(n), new Float32Array(n)];
  for (let c = 0; c < 2; c++) {
    let w: Float64Array = new Float64Array(dim).map((_, k) => Math.sin(k * 12.9898 + c) + 0.1);
    for (let it = 0; it < 50; it++) {
      const next = new Float64Array(dim);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < dim; k++) s += (v.data[i * dim + k] - mean[k]) * w[k];
        for (let k = 0; k < dim; k++) next[k] += s * (v.data[i * dim + k] - mean[k]);
      }
      for (const p of comps) {
        let dot = 0;
        for (let k = 0; k < dim; k++) dot += next[k] * p[k];
        for (let k = 0; k < dim; k++) next[k] -= dot * p[k];
      }
      const norm = Math.hypot(...next) || 1;
      w = next.map((x) => x / norm);
    }
    comps.push(w);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < dim; k++) s += (v.data[i * dim + k] - mean[k]) * w[k];
      proj[c][i] = s;
    }
  }
  return { ids: [...v.ids], x: proj[0], y: proj[1] };
}
