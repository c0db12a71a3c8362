/**
 * Near-duplicate detection over one VectorSet: all pairs above a threshold,
 * the decision rule of rule.ts on top, and groups (connected components).
 * One exact all-pairs pass (neighbors.ts: i16 filter + f32 refine, blocked
 * wasm SIMD) gives both the candidate pairs and every row's k nearest
 * neighbours that the rule needs as context.
 */
import type { VectorSet } from '../base/index.js';
import { DEFAULT_DUPLICATE_RULE, isDuplicate, resolveRule, type DuplicateRule } from './rule.js';
import { neighborsAndPairs, type SimilarPairs } from '../search/index.js';
import type { RunOptions } from '../base/index.js';
import { UnionFind } from '../base/index.js';
import { checkNumber, checkVectorSet } from '../base/index.js';
import type { KnnGraph } from '../search/index.js';

export type { SimilarPairs } from '../search/index.js';

/**
 * Every pair (a < b) with cosine similarity >= threshold, exactly, sorted by a then b.
 * @throws ValidationError for malformed/non-finite vectors or a threshold outside [-1, 1].
 * Asynchronous and time-sliced: `options.onProgress` gets the fraction done (non-decreasing).
 * @throws CancelledError when `options.signal` aborts (rejects mid-call).
 */
export async function similarPairs(vs: VectorSet, threshold: number, options: RunOptions = {}): Promise<SimilarPairs> {
  checkVectorSet(vs, 'vectors');
  checkNumber(threshold, 'threshold', -1, 1);
  return (await neighborsAndPairs(vs, 0, threshold, options)).pairs;
}

export interface NearDuplicateResult {
  /** Accepted duplicate pairs (a < b) with their cosine similarity. */
  readonly pairs: SimilarPairs;
  /** Connected components of the accepted pairs (size >= 2), members ascending, ordered by first member. These chain (A~B, B~C joins A and C): act on `referenceGroups` (groups.ts) instead. */
  readonly groups: number[][];
  /** The rule used (defaults filled in). */
  readonly rule: DuplicateRule;
  /** Per-row neighbourhood reference r_i used by the rule. */
  readonly reference: Float32Array;
  /** Per-row cosine similarity to the nearest other row (-1 for a lone row). */
  readonly nearest: Float32Array;
}

/**
 * The default {@link DuplicateRule.floor}: the lower of the median k-th neighbour similarities
 * (k = 20) of the default model on real sets — 0.69 (504 wallpaper photos and edits), 0.64
 * (123 emoji and photos). Measured on the sample collection as the demo loads it (60 emoji,
 * 9 photos and their planted copies): without a floor six distinct photos at cosine 0.53–0.69
 * passed as copies of one crop (a photo's 20th neighbour there is an emoji at 0.43); with 0.55
 * and 0.60 a distinct pair at 0.75 / 0.79 still did; with 0.64 none. Cost on the bench sets
 * (bench:dups; 9 photos × 6 edits among 60 emoji): pair F1 0.888 → 0.882 and 0.956 → 0.937.
 */
export const SPARSE_REFERENCE = DEFAULT_DUPLICATE_RULE.floor;

/** r_i = similarity to the k-th neighbour (the farthest one when there are fewer), at least `floor`. */
export function referenceSimilarities(graph: KnnGraph, k: number, floor: number = DEFAULT_DUPLICATE_RULE.floor): Float32Array {
  const ref = new Float32Array(graph.n).fill(floor);
  const kk = Math.min(k, graph.k);
  if (kk === 0) return ref;
  for (let i = 0; i < graph.n; i++) {
    const r = 1 - graph.distances[i * graph.k + kk - 1];
    ref[i] = Math.max(r, floor);
  }
  return ref;
}

/** 1-based rank of `j` in row i of the graph (Infinity when absent). */
export function rankIn(graph: KnnGraph, i: number, j: number): number {
  const k = graph.k;
  for (let t = 0; t < k; t++) if (graph.indices[i * k + t] === j) return t + 1;
  return Infinity;
}

/**
 * Near-duplicate pairs and groups under `rule` (defaults: DEFAULT_DUPLICATE_RULE).
 * 10k × 1792 vectors take about 4 s on one core. Asynchronous and time-sliced like
 * {@link similarPairs}, so a job can cancel it mid-call.
 *
 * @throws ValidationError for malformed/non-finite vectors or rule fields out of range (field `rule.<name>`).
 * @throws CancelledError when `options.signal` aborts (rejects mid-call).
 */
export async function nearDuplicates(vs: VectorSet, rule?: Partial<DuplicateRule>, options: RunOptions = {}): Promise<NearDuplicateResult> {
  checkVectorSet(vs, 'vectors');
  const r = resolveRule(rule);
  const kNeeded = Math.max(r.k, r.mutual);
  // With margin > 0 a pair below `high` can only pass if one item is in the other's top-k
  // (otherwise sim ≤ r_i and sim ≤ r_j, so sim − (r_i + r_j)/2 ≤ 0): band candidates come
  // from the k-NN lists, and only pairs ≥ high need the all-pairs threshold scan.
  const bandFromGraph = r.margin > 0 && r.k >= 1;
  // The rule's context tolerates a neighbour list exact up to the quantization bound (no re-scans).
  const pass = await neighborsAndPairs(vs, kNeeded, bandFromGraph ? r.high : r.low, { ...options, exactTopK: false });
  const { pairs, graph } = pass;
  const reference = referenceSimilarities(graph, r.k, r.floor);
  const n = vs.n;
  const acc: { key: number; sim: number }[] = [];
  const consider = (i: number, j: number, s: number) => {
    const needRank = r.mutual > 0 && s < r.high;
    const ok = isDuplicate(r, {
      sim: s,
      refA: reference[i],
      refB: reference[j],
      rankAB: needRank ? rankIn(graph, i, j) : Infinity,
      rankBA: needRank ? rankIn(graph, j, i) : Infinity,
    });
    if (ok) acc.push({ key: i * n + j, sim: s });
  };
  const fromPass = new Set<number>();
  for (let t = 0; t < pairs.a.length; t++) {
    fromPass.add(pairs.a[t] * n + pairs.b[t]);
    consider(pairs.a[t], pairs.b[t], pairs.sim[t]);
  }
  if (bandFromGraph) {
    // Each band pair once, without a map over all of them: a pair listed by both rows
    // is taken from the smaller row's list (the same exact score is in both).
    const kLim = Math.min(r.k, graph.k);
    const listed = (i: number, j: number) => {
      const rank = rankIn(graph, i, j);
      return rank <= kLim && 1 - graph.distances[i * graph.k + rank - 1] >= r.low;
    };
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < kLim; t++) {
        const sim = 1 - graph.distances[i * graph.k + t];
        if (sim < r.low) break;
        const j = graph.indices[i * graph.k + t];
        const lo = Math.min(i, j), hi = Math.max(i, j);
        if (fromPass.has(lo * n + hi) || (j < i && listed(j, i))) continue;
        consider(lo, hi, sim);
      }
    }
  }
  acc.sort((x, y) => x.key - y.key);
  const a = new Int32Array(acc.length), b = new Int32Array(acc.length), sim = new Float32Array(acc.length);
  const uf = new UnionFind(n);
  acc.forEach(({ key, sim: s }, t) => {
    a[t] = Math.floor(key / n);
    b[t] = key - a[t] * n;
    sim[t] = s;
    uf.union(a[t], b[t]);
  });
  return {
    pairs: { a, b, sim },
    groups: uf.groups(2),
    rule: r,
    reference,
    nearest: Float32Array.from({ length: n }, (_, i) => (graph.k > 0 ? 1 - graph.distances[i * graph.k] : -1)),
  };
}
