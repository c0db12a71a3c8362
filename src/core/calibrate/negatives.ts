/**
 * Negatives for fitting the duplicate rule. Random cross-pair combinations are
 * almost all easy; an archive is full of hard ones (distinct items that look
 * alike). These helpers find the hard ones without labelling a true
 * duplicate as a negative: rows showing the same item share a component.
 */
import { select, type VectorSet } from '../base/index.js';
import { neighborsAndPairs } from '../search/index.js';
import { searchExact, type SearchResult } from '../search/index.js';
import type { RunOptions } from '../base/index.js';
import { UnionFind } from '../base/index.js';

/**
 * Rows at or above this cosine similarity show the same image (identical
 * bytes give 1 up to float16 storage error, ~1e-5): a dataset may reuse one
 * original in several pairs (`1_a.jpg 1_a-crop.jpg 2_a.jpg 2_a-rot.jpg`), and
 * such rows must never serve as each other's negatives.
 */
export const SAME_ITEM_SIMILARITY = 0.999;

export interface LabelledPair {
  i: number;
  j: number;
  sim: number;
}

/**
 * Component label per row: the two rows of a pair, and rows showing the same
 * image (similarity ≥ SAME_ITEM_SIMILARITY), share one. Rows of different
 * components are known to show different items.
 */
export async function itemComponents(vectors: VectorSet, pairs: readonly [number, number][], options: RunOptions = {}): Promise<Int32Array> {
  const uf = new UnionFind(vectors.n);
  for (const [i, j] of pairs) uf.union(i, j);
  const same = (await neighborsAndPairs(vectors, 0, SAME_ITEM_SIMILARITY, { signal: options.signal })).pairs;
  for (let t = 0; t < same.a.length; t++) uf.union(same.a[t], same.b[t]);
  return Int32Array.from({ length: vectors.n }, (_, i) => uf.find(i));
}

/**
 * Hard negatives: for every row, its `m` nearest rows of another component,
 * as deduplicated (i < j) pairs with exact similarity.
 */
export async function hardNegatives(vs: VectorSet, component: Int32Array, m: number, opts: RunOptions = {}): Promise<LabelledPair[]> {
  const size = new Map<number, number>();
  for (const c of component) size.set(c, (size.get(c) ?? 0) + 1);
  // Enough neighbours to skip a whole component of the largest size and still take m.
  const largest = Math.max(1, ...size.values());
  const g = (await neighborsAndPairs(vs, Math.min(m + largest - 1, Math.max(0, vs.n - 1)), null, { signal: opts.signal })).graph;
  const seen = new Set<number>();
  const out: LabelledPair[] = [];
  for (let i = 0; i < vs.n; i++) {
    let taken = 0;
    for (let t = 0; t < g.k && taken < m; t++) {
      const j = g.indices[i * g.k + t];
      if (component[j] === component[i]) continue;
      taken++;
      const key = Math.min(i, j) * vs.n + Math.max(i, j);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ i: Math.min(i, j), j: Math.max(i, j), sim: 1 - g.distances[i * g.k + t] });
    }
  }
  return out;
}

/**
 * Archive negatives: each calibration row's `m` nearest archive rows (`near`:
 * the archive searched with the calibration rows, at least m deep; skipping
 * copies of it, ≥ SAME_ITEM_SIMILARITY), numbered `vs.n + archive row`, with
 * the archive rows' own neighbourhood reference (similarity to their k-th
 * neighbour in the archive) so the rule can be evaluated on them. An archive
 * row may be an unlabelled duplicate of a calibration row; counting it as a
 * negative errs towards a stricter rule.
 */
export async function archiveNegatives(vs: VectorSet, archive: VectorSet, near: SearchResult, m: number, k: number, opts: RunOptions = {}): Promise<{ negatives: LabelledPair[]; reference: Map<number, number> }> {
  const mm = Math.min(m, near.k);
  const negatives: LabelledPair[] = [];
  const rows = new Set<number>();
  for (let i = 0; i < vs.n; i++) {
    for (let t = 0; t < mm; t++) {
      const sim = 1 - near.distances[i * near.k + t];
      if (sim >= SAME_ITEM_SIMILARITY) continue;
      const j = near.indices[i * near.k + t];
      rows.add(j);
      negatives.push({ i, j: vs.n + j, sim });
    }
  }
  const picked = [...rows];
  const reference = new Map<number, number>();
  if (picked.length === 0) return { negatives, reference };
  // k + 1: the row finds itself first.
  const kk = Math.min(k + 1, archive.n);
  const refs = await searchExact(archive, select(archive, picked), kk, { signal: opts.signal });
  picked.forEach((r, x) => reference.set(vs.n + r, kk > 1 ? 1 - refs.distances[x * kk + kk - 1] : -1));
  return { negatives, reference };
}
