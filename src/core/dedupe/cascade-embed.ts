/**
 * The embedding stage of the cascade: exact neighbours of the batch items
 * among every item with a vector (archive and batch: the context of the
 * density-normalised rule), then the rule of rule.ts on each candidate.
 */
import type { CascadeItem, ItemRef } from './cascade-types.js';
import { isDuplicate, type DuplicateRule } from './rule.js';
import { select, type VectorSet } from '../base/index.js';
import { searchExact } from '../search/index.js';
import type { RunOptions } from '../base/index.js';

/** Extra neighbours fetched beyond what the rule's context needs, so several matches above `low` are seen. */
const EXTRA_NEIGHBOURS = 16;

interface Neighbour {
  pos: number; // pool position
  sim: number;
}

/** Accepted matches per pending batch index, closest first, at most `limit` each (among the nearest kCtx + 1 + EXTRA_NEIGHBOURS). */
export async function embeddingMatches(
  batch: CascadeItem[], archive: CascadeItem[], pending: number[], vectors: VectorSet, rule: DuplicateRule,
  opts: RunOptions & { withinBatch: boolean; againstArchive: boolean; limit?: number },
): Promise<Map<number, { ref: ItemRef; sim: number }[]>> {
  const limit = opts.limit ?? 1;
  // Pool: every item with a vector; rows may be shared by several items.
  const pool: ItemRef[] = [];
  const rowOf: number[] = [];
  const rowItems = new Map<number, number[]>();
  const add = (ref: ItemRef, row: number | null | undefined) => {
    if (row === null || row === undefined) return -1;
    const pos = pool.length;
    pool.push(ref);
    rowOf.push(row);
    const list = rowItems.get(row);
    if (list) list.push(pos);
    else rowItems.set(row, [pos]);
    return pos;
  };
  archive.forEach((it, i) => add({ in: 'archive', index: i }, it.vector));
  const batchPos = batch.map((it, i) => add({ in: 'batch', index: i }, it.vector));
  const subset = Int32Array.from(rowItems.keys());
  const kCtx = Math.max(rule.k, rule.mutual);
  const kq = Math.min(subset.length, Math.max(kCtx, limit) + 1 + EXTRA_NEIGHBOURS);

  /** Neighbour lists (by pool position, self excluded) of the given pool positions. */
  const neighbours = async (positions: number[], progress?: (f: number) => void): Promise<Map<number, Neighbour[]>> => {
    const rows = [...new Set(positions.map((p) => rowOf[p]))];
    const res = await searchExact(vectors, select(vectors, rows), kq, { subset, signal: opts.signal, onProgress: progress });
    const byRow = new Map<number, number>(rows.map((r, q) => [r, q]));
    const out = new Map<number, Neighbour[]>();
    for (const p of positions) {
      const q = byRow.get(rowOf[p])!;
      const list: Neighbour[] = [];
      for (let t = 0; t < res.k; t++) {
        const sim = 1 - res.distances[q * res.k + t];
        for (const other of rowItems.get(res.indices[q * res.k + t])!) if (other !== p) list.push({ pos: other, sim });
      }
      out.set(p, list);
    }
    return out;
  };
  const reference = (list: Neighbour[]) => (list.length === 0 ? -1 : list[Math.min(rule.k, list.length) - 1].sim);
  const rankOf = (list: Neighbour[] | undefined, pos: number) => {
    const at = list ? list.findIndex((nb) => nb.pos === pos) : -1;
    return at < 0 ? Infinity : at + 1;
  };
  const allowed = (i: number, ref: ItemRef) => (ref.in === 'archive' ? opts.againstArchive : opts.withinBatch && ref.index < i);

  // Phase 1: every batch item with a vector (pending ones, and earlier ones as match context).
  const batchPositions = batchPos.filter((p) => p >= 0);
  const lists = await neighbours(batchPositions, opts.onProgress && ((f) => opts.onProgress!(0.8 * f)));
  // Phase 2: context of archive items that are candidates in the rule's band.
  const needCtx = new Set<number>();
  for (const i of pending) {
    for (const nb of lists.get(batchPos[i])!) {
      const ref = pool[nb.pos];
      if (nb.sim >= rule.low && nb.sim < rule.high && ref.in === 'archive' && allowed(i, ref)) needCtx.add(nb.pos);
    }
  }
  if (needCtx.size > 0) for (const [p, l] of await neighbours([...needCtx])) lists.set(p, l);
  opts.onProgress?.(1);

  const out = new Map<number, { ref: ItemRef; sim: number }[]>();
  for (const i of pending) {
    const me = batchPos[i];
    const mine = lists.get(me)!;
    const refA = reference(mine);
    const accepted: { ref: ItemRef; sim: number }[] = [];
    for (const [rank, nb] of mine.entries()) {
      if (nb.sim < rule.low || accepted.length >= limit) break;
      const ref = pool[nb.pos];
      if (!allowed(i, ref)) continue;
      const theirs = lists.get(nb.pos);
      const ok = isDuplicate(rule, {
        sim: nb.sim,
        refA,
        refB: theirs ? reference(theirs) : refA,
        rankAB: rank + 1,
        rankBA: rankOf(theirs, me),
      });
      if (ok) accepted.push({ ref, sim: nb.sim });
    }
    // Lists are sorted by similarity: the first accepted match is the closest.
    if (accepted.length) out.set(i, accepted);
  }
  return out;
}
