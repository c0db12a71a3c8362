/**
 * One pass over all pairs that yields, exactly, every row's top-k neighbours
 * and every pair at or above a similarity threshold — the input of the
 * near-duplicate rules. Filter-then-refine: an i16 tile pass (twice the f32
 * throughput) keeps candidates whose quantized score could reach the target
 * given the proven error bound (quantize.ts); survivors are re-scored in f32.
 * Rows whose kept list cannot prove it holds the true top-k are re-scanned
 * exactly, so the result always equals the f32 brute force.
 */
import { Ticker } from '../base/index.js';
import type { KnnGraph } from './knn.js';
import type { VectorSet } from '../base/index.js';
import { quantizeRows, rowErrorBounds } from '../kernels/index.js';
import { RB, TILE_BYTES, selfTiles } from '../kernels/index.js';
import { type RunOptions } from '../base/index.js';
import { TopKRows } from '../base/index.js';
import { type PairBuf, TileFilter, filterBytes } from './neighbors-filter.js';
import { Arena } from '../kernels/index.js';
import { MANY_R, paddedDim, paddedDimI16 } from '../kernels/index.js';

/** Pairs (a < b) with their exact similarity, sorted by a then b. */
export interface SimilarPairs {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly sim: Float32Array;
}

export interface NeighborPass {
  /** Exact top-k graph (k clamped to n-1), distances = 1 - similarity. */
  readonly graph: KnnGraph;
  /** Exact pairs with similarity >= threshold (empty when threshold is null). */
  readonly pairs: SimilarPairs;
  /** Rows that needed an exact re-scan (a diagnostic; always 0 without `exactTopK`). */
  readonly rescanned: number;
}

/**
 * Candidate list length kept per row in the filter pass, for k wanted: room
 * to prove exactness, or (unproven mode) a few spares for re-ordering after
 * the exact re-scoring.
 */
function keptFor(k: number, exact: boolean): number {
  return k === 0 ? 0 : exact ? 2 * k + 8 : k + 4;
}

/**
 * Top-k neighbours of every row and all pairs with similarity >= `threshold`
 * (null: none). Inputs are assumed validated (finite, n ≥ 0).
 *
 * Pairs are always exact. With `exactTopK` (default) so is the graph; without
 * it, rows whose list cannot be proven are not re-scanned: their scores are
 * still exact f32 scores, but a neighbour whose similarity lies within the
 * quantization bound (≈ 0.01) of the k-th may be missing — fine for a
 * neighbourhood statistic, and much faster on data with flat neighbourhoods.
 *
 * Asynchronous and time-sliced (base/ticker.ts Ticker): rejects with
 * CancelledError soon after `opts.signal` aborts; progress is non-decreasing.
 */
export async function neighborsAndPairs(vs: VectorSet, k: number, threshold: number | null, opts: RunOptions & { exactTopK?: boolean } = {}): Promise<NeighborPass> {
  const { n, dim } = vs;
  const kk = Math.min(k, Math.max(0, n - 1));
  const empty = { a: new Int32Array(0), b: new Int32Array(0), sim: new Float32Array(0) };
  if (n < 2) return { graph: { k: kk, n, indices: new Int32Array(0), distances: new Float32Array(0) }, pairs: empty, rescanned: 0 };

  const ticker = new Ticker(opts.signal, opts.onProgress);
  const q = quantizeRows(vs);
  const bound = rowErrorBounds(q);
  const s2 = q.scale * q.scale;
  const nPad = Math.ceil(n / RB) * RB;
  const sF = paddedDim(dim), sI = paddedDimI16(dim);
  const arena = new Arena(dim, nPad * (sF * 4 + sI * 2) + TILE_BYTES + nPad * 8 + filterBytes(n) + 64);
  const fOff = arena.alloc(nPad * sF * 4);
  const iOff = arena.alloc(nPad * sI * 2);
  const out = arena.alloc(TILE_BYTES);
  const idxOff = arena.alloc(nPad * 4);
  const scoreOff = arena.alloc(nPad * 4);
  arena.putF32(fOff, vs.data, 0, n);
  const i16 = arena.i16;
  for (let r = 0; r < n; r++) i16.set(q.data.subarray(r * dim, (r + 1) * dim), (iOff >> 1) + r * sI);

  const kept = keptFor(kk, opts.exactTopK !== false);
  // Integer threshold per row: keep a pair when its quantized score could reach `threshold`.
  const tInt = new Float64Array(n).fill(Infinity);
  if (threshold !== null) for (let i = 0; i < n; i++) tInt[i] = Math.ceil((threshold - bound[i]) * s2);
  const filter = new TileFilter(arena, n, tInt, kept, 1 / s2);
  const { top, cand } = filter;
  await selfTiles<Int32Array>({ arena, kind: 'i16', off: iOff, n, out }, filter.visit, ticker.sub(0, 0.9));

  const f32 = arena.f32, i32 = arena.i32;
  const rowBytes = sF * 4;
  /** Exact scores of row i against the listed rows (written to arena at scoreOff). */
  const gather = (i: number, ids: ArrayLike<number>, from: number, count: number) => {
    for (let t = 0; t < count; t++) i32[(idxOff >> 2) + t] = ids[from + t];
    arena.k.f32Gather(fOff + i * rowBytes, fOff, idxOff, count, scoreOff);
  };

  // Refine threshold candidates, grouped by first row (counting sort keeps b ascending within a).
  const pairs = await refinePairs(cand, n, threshold ?? Infinity, gather, f32, scoreOff >> 2, ticker);

  // Refine top-k lists; re-scan rows whose kept list cannot prove exactness.
  const indices = new Int32Array(n * kk);
  const distances = new Float32Array(n * kk);
  let rescanned = 0;
  const exact = new TopKRows(1, kk);
  // Exact scores of each row's kept list. Most pairs sit in both rows' lists and
  // f32Gather is symmetric bit for bit, so a pair (j < i) already scored for row j
  // is copied rather than gathered again (halves the random-access row reads).
  const refined = new Float32Array(n * kept);
  const slot = new Int32Array(kept);
  const so = scoreOff >> 2, io = idxOff >> 2;
  for (let i = 0; i < n && kk > 0; i++) {
    if ((i & 255) === 0) {
      const p = ticker.tick();
      if (p) await p;
      ticker.progress(0.9 + (0.1 * i) / n);
    }
    const c = top.count[i];
    const base = i * kept;
    const full = c === kept;
    const provable = opts.exactTopK === false || !full || top.scores[base + kept - 1] < top.scores[base + kk - 1] - 2 * bound[i];
    exact.count[0] = 0;
    exact.floor[0] = -Infinity;
    if (provable) {
      let m = 0;
      for (let t = 0; t < c; t++) {
        const j = top.ids[base + t];
        const u = j < i ? indexOf(top.ids, j * kept, top.count[j], i) : -1;
        if (u >= 0) refined[base + t] = refined[j * kept + u];
        else {
          i32[io + m] = j;
          slot[m++] = t;
        }
      }
      arena.k.f32Gather(fOff + i * rowBytes, fOff, idxOff, m, scoreOff);
      for (let x = 0; x < m; x++) refined[base + slot[x]] = f32[so + x];
      for (let t = 0; t < c; t++) exact.push(0, top.ids[base + t], refined[base + t]);
    } else {
      rescanned++;
      arena.k.f32Many(fOff + i * rowBytes, fOff, Math.ceil(n / MANY_R) * MANY_R, scoreOff);
      for (let j = 0; j < n; j++) if (j !== i && f32[so + j] >= exact.floor[0]) exact.push(0, j, f32[so + j]);
      for (let t = 0; t < c; t++) refined[base + t] = f32[so + top.ids[base + t]];
    }
    indices.set(exact.ids.subarray(0, kk), i * kk);
    for (let t = 0; t < kk; t++) distances[i * kk + t] = 1 - exact.scores[t];
  }
  ticker.progress(1);
  return { graph: { k: kk, n, indices, distances }, pairs, rescanned };
}

/** Position of `id` in ids[from, from+count), or -1. */
function indexOf(ids: Int32Array, from: number, count: number, id: number): number {
  for (let t = 0; t < count; t++) if (ids[from + t] === id) return t;
  return -1;
}

async function refinePairs(
  cand: PairBuf, n: number, threshold: number,
  gather: (i: number, ids: ArrayLike<number>, from: number, count: number) => void,
  f32: Float32Array, so: number, ticker: Ticker,
): Promise<SimilarPairs> {
  const start = new Int32Array(n + 1);
  for (let t = 0; t < cand.n; t++) start[cand.a[t] + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const byA = new Int32Array(cand.n);
  for (let t = 0; t < cand.n; t++) byA[fill[cand.a[t]]++] = cand.b[t];
  const a: number[] = [], b: number[] = [], sim: number[] = [];
  for (let i = 0; i < n; i++) {
    // Candidate lists can be long (a low threshold): keep yielding.
    if ((i & 255) === 0) {
      const p = ticker.tick();
      if (p) await p;
    }
    const c = start[i + 1] - start[i];
    if (c === 0) continue;
    // Within a row, b arrive in increasing j-block order, but a block's pairs may interleave; sort.
    const ids = byA.subarray(start[i], start[i + 1]).sort();
    gather(i, ids, 0, c);
    for (let t = 0; t < c; t++) {
      const v = f32[so + t];
      if (v >= threshold) {
        a.push(i);
        b.push(ids[t]);
        sim.push(v);
      }
    }
  }
  return { a: Int32Array.from(a), b: Int32Array.from(b), sim: Float32Array.from(sim) };
}
