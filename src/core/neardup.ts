/**
 * Near-duplicate detection over one VectorSet: all pairs above a threshold,
 * the decision rule of dup-rule.ts on top, and groups (connected components).
 * One exact all-pairs pass (neighbors.ts: i16 filter + f32 refine, blocked
 * wasm SIMD) gives both the candidate pairs and every row's k nearest
 * neighbours that the rule needs as context.
 */
import type { VectorSet } from './matrix.js';
import { isDuplicate, resolveRule, type DuplicateRule } from './dup-rule.js';
import { neighborsAndPairs, type SimilarPairs } from './neighbors.js';
import type { RunOptions } from './tiles.js';
import { UnionFind } from './union-find.js';
import { checkNumber, checkVectorSet } from './vector-checks.js';
import type { KnnGraph } from './knn.js';

export type { SimilarPairs } from './neighbors.js';

/**
 * Every pair (a < b) with cosine similarity >= threshold, exactly, sorted by a then b.
 * @throws ValidationError for malformed/non-finite vectors or a threshold outside [-1, 1].
 * @throws CancelledError when `options.signal` aborts.
 */
export function similarPairs(vs: VectorSet, threshold: number, options: RunOptions = {}): SimilarPairs {
  checkVectorSet(vs, 'vectors');
  checkNumber(threshold, 'threshold', -1, 1);
  return neighborsAndPairs(vs, 0, threshold, options).pairs;
}

export interface NearDuplicateResult {
  /** Accepted duplicate pairs (a < b) with their cosine similarity. */
  readonly pairs: SimilarPairs;
  /** Connected components of the accepted pairs (size >= 2), members ascending, ordered by first member. */
  readonly groups: number[][];
  /** The rule used (defaults filled in). */
  readonly rule: DuplicateRule;
  /** Per-row neighbourhood reference r_i used by the rule. */
  readonly reference: Float32Array;
}

/** r_i = similarity to the min(k, n-1)-th neighbour (-1 for a lone row). */
export function referenceSimilarities(graph: KnnGraph, k: number): Float32Array {
  const ref = new Float32Array(graph.n).fill(-1);
  const kk = Math.min(k, graph.k);
  if (kk === 0) return ref;
  for (let i = 0; i < graph.n; i++) ref[i] = 1 - graph.distances[i * graph.k + kk - 1];
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
 * 10k × 1792 vectors take about 3–4 s on one core.
 *
 * @throws ValidationError for malformed/non-finite vectors or rule fields out of range (field `rule.<name>`).
 * @throws CancelledError when `options.signal` aborts.
 */
export function nearDuplicates(vs: VectorSet, rule?: Partial<DuplicateRule>, options: RunOptions = {}): NearDuplicateResult {
  checkVectorSet(vs, 'vectors');
  const r = resolveRule(rule);
  const kNeeded = Math.max(r.k, r.mutual);
  // With margin > 0 a pair below `high` can only pass if one item is in the other's top-k
  // (otherwise sim ≤ r_i and sim ≤ r_j, so sim − (r_i + r_j)/2 ≤ 0): band candidates come
  // from the k-NN lists, and only pairs ≥ high need the all-pairs threshold scan.
  const bandFromGraph = r.margin > 0 && r.k >= 1;
  // The rule's context tolerates a neighbour list exact up to the quantization bound (no re-scans).
  const pass = neighborsAndPairs(vs, kNeeded, bandFromGraph ? r.high : r.low, { ...options, exactTopK: false });
  const { pairs, graph } = pass;
  const reference = referenceSimilarities(graph, r.k);
  const cand = new Map<number, number>();
  const key = (i: number, j: number) => (i < j ? i * vs.n + j : j * vs.n + i);
  for (let t = 0; t < pairs.a.length; t++) cand.set(key(pairs.a[t], pairs.b[t]), pairs.sim[t]);
  if (bandFromGraph) {
    for (let i = 0; i < vs.n; i++) {
      for (let t = 0; t < Math.min(r.k, graph.k); t++) {
        const sim = 1 - graph.distances[i * graph.k + t];
        if (sim < r.low) break;
        const kk = key(i, graph.indices[i * graph.k + t]);
        if (!cand.has(kk)) cand.set(kk, sim);
      }
    }
  }
  const a: number[] = [], b: number[] = [], sim: number[] = [];
  const uf = new UnionFind(vs.n);
  for (const kk of [...cand.keys()].sort((x, y) => x - y)) {
    const i = Math.floor(kk / vs.n), j = kk - i * vs.n, s = cand.get(kk)!;
    const needRank = r.mutual > 0 && s < r.high;
    const ok = isDuplicate(r, {
      sim: s,
      refA: reference[i],
      refB: reference[j],
      rankAB: needRank ? rankIn(graph, i, j) : Infinity,
      rankBA: needRank ? rankIn(graph, j, i) : Infinity,
    });
    if (!ok) continue;
    a.push(i);
    b.push(j);
    sim.push(s);
    uf.union(i, j);
  }
  return {
    pairs: { a: Int32Array.from(a), b: Int32Array.from(b), sim: Float32Array.from(sim) },
    groups: uf.groups(2),
    rule: r,
    reference,
  };
}
