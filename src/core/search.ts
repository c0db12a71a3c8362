/**
 * Exact top-k search: one or many query vectors against a VectorSet
 * (optionally a subset of its rows). Representation: exact f32 dot products
 * in wasm SIMD kernels; a single query runs the 1×4-row streaming kernel
 * (memory-bound), several queries run 2×2 register-blocked tiles.
 *
 * Preference weights for several references: the weighted mean of cosine
 * similarities to several queries equals the dot product with their weighted
 * mean vector, so callers combine references with {@link combineQueries} and
 * search once.
 */
import { ValidationError, throwIfAborted } from '../errors.js';
import type { VectorSet } from './matrix.js';
import { Ticker } from './cluster-runtime.js';
import { CB, chunkBytes, crossTiles, crossTilesAsync, TILE_BYTES, type RunOptions } from './tiles.js';
import { TopKRows, topKOfArray } from './topk.js';
import { checkInt, checkSameDim, checkSubset, checkVectorSet } from './vector-checks.js';
import { Arena, MAX_ARENA_BYTES } from './wasm/arena.js';
import { QuantizedRows16, quantizedBytes } from './exact-i16.js';
import { MANY_R, paddedDim } from './wasm/kernels.js';

/** Candidates scored per f32Gather call (index list and scores share the score region). */
const GATHER_BLOCK = 4096;

/** k results per query, row-major nq×k; indices are base row numbers, distances 1 - cos ascending (ties: smaller index). */
export interface SearchResult {
  readonly nq: number;
  readonly k: number;
  readonly indices: Int32Array;
  readonly distances: Float32Array;
}

export interface ExactSearchOptions extends RunOptions {
  /** Only these base rows are candidates (results still name base row numbers). @defaultValue all rows */
  subset?: ArrayLike<number> | null;
}

/** Queries as a set: a VectorSet, or one vector. */
function asQueries(queries: VectorSet | Float32Array, dim: number): VectorSet {
  if (queries instanceof Float32Array) {
    if (queries.length !== dim) throw new ValidationError('queries', `length ${dim} (the base dim)`);
    return { data: queries, n: 1, dim };
  }
  return queries;
}

/**
 * Weighted mean of query vectors (weights default to 1): ranking by its dot
 * product equals ranking by the weighted mean cosine similarity to each query.
 * Weights must be finite and sum to a non-zero value.
 */
export function combineQueries(queries: VectorSet, weights?: ArrayLike<number>): Float32Array {
  checkVectorSet(queries, 'queries');
  if (queries.n === 0) throw new ValidationError('queries', 'at least one vector');
  if (weights && weights.length !== queries.n) throw new ValidationError('weights', `length ${queries.n} (one per query)`);
  const out = new Float32Array(queries.dim);
  let total = 0;
  for (let i = 0; i < queries.n; i++) {
    const wgt = weights ? weights[i] : 1;
    if (!Number.isFinite(wgt)) throw new ValidationError('weights', 'finite numbers');
    total += wgt;
    for (let d = 0; d < queries.dim; d++) out[d] += wgt * queries.data[i * queries.dim + d];
  }
  if (total === 0) throw new ValidationError('weights', 'non-zero sum');
  for (let d = 0; d < out.length; d++) out[d] /= total;
  return out;
}

/** Gathers scores into per-query top-k lists (small k) or a full score matrix (large k). */
class Collector {
  readonly top: TopKRows | null;
  readonly all: Float32Array | null;
  constructor(readonly nq: number, readonly nCand: number, readonly k: number) {
    const full = k * 8 >= nCand;
    this.top = full ? null : new TopKRows(nq, k);
    this.all = full ? new Float32Array(nq * nCand) : null;
  }

  visit = (i0: number, ni: number, j0: number, nj: number, s: Float32Array, o: number, ld: number): void => {
    const { top, all, nCand } = this;
    for (let x = 0; x < ni; x++) {
      const row = o + x * ld - j0;
      const i = i0 + x;
      if (all) {
        all.set(s.subarray(row + j0, row + j0 + nj), i * nCand + j0);
        continue;
      }
      const floor = top!.floor;
      for (let j = j0, end = j0 + nj; j < end; j++) if (s[row + j] >= floor[i]) top!.push(i, j, s[row + j]);
    }
  };

  /** Result with candidate positions mapped through `map` (subset) to base rows. */
  result(map: Int32Array | null): SearchResult {
    const { nq, k, nCand } = this;
    const indices = new Int32Array(nq * k);
    const distances = new Float32Array(nq * k);
    for (let i = 0; i < nq; i++) {
      let ids: Int32Array, sc: Float32Array;
      if (this.all) {
        sc = this.all.subarray(i * nCand, (i + 1) * nCand);
        ids = topKOfArray(sc, nCand, k);
      } else {
        ids = this.top!.ids.subarray(i * k, (i + 1) * k);
        sc = this.top!.scores.subarray(i * k, (i + 1) * k);
      }
      for (let t = 0; t < k; t++) {
        const pos = ids[t];
        indices[i * k + t] = map ? map[pos] : pos;
        distances[i * k + t] = 1 - (this.all ? sc[pos] : sc[t]);
      }
    }
    return { nq, k, indices, distances };
  }
}

/** Checks queries, k and subset against a base of n rows of `dim` dims. */
function validate(n: number, dim: number, queries: VectorSet | Float32Array, k: number | null, subset: ArrayLike<number> | null | undefined) {
  const qs = asQueries(queries, dim);
  checkVectorSet(qs, 'queries');
  checkSameDim(qs, { data: new Float32Array(0), n: 0, dim }, 'queries');
  if (k !== null) checkInt(k, 'k', 1);
  const map = subset ? checkSubset(subset, n, 'subset') : null;
  const nCand = map ? map.length : n;
  return { qs, map, nCand, kk: Math.min(k ?? nCand, nCand) };
}

/**
 * Exact k nearest base rows of each query (k null: all candidates, sorted).
 * The base is streamed through kernel memory in chunks (one copy pass); for
 * repeated queries against the same rows use {@link ExactIndex}.
 *
 * Asynchronous and time-sliced (yields every ~40 ms; progress non-decreasing), so a
 * worker can cancel a large search mid-call.
 *
 * @throws ValidationError for malformed or non-finite input, dim mismatch, k not an int >= 1, subset rows out of range.
 * @throws CancelledError when `options.signal` aborts (rejects at the next time slice).
 */
export async function searchExact(base: VectorSet, queries: VectorSet | Float32Array, k: number | null, options: ExactSearchOptions = {}): Promise<SearchResult> {
  checkVectorSet(base, 'base');
  const { qs, map, nCand, kk } = validate(base.n, base.dim, queries, k, options.subset);
  const col = new Collector(qs.n, nCand, kk);
  if (qs.n === 0 || kk === 0) return col.result(map);
  const qPad = Math.ceil(qs.n / 2) * 2;
  const arena = new Arena(base.dim, qPad * paddedDim(base.dim) * 4 + TILE_BYTES + chunkBytes(base.dim));
  const qOff = arena.alloc(qPad * paddedDim(base.dim) * 4);
  arena.putF32(qOff, qs.data, 0, qs.n);
  const out = arena.alloc(TILE_BYTES);
  const chunkOff = arena.alloc(chunkBytes(base.dim));
  await crossTilesAsync({ arena, off: qOff, n: qs.n, out }, { vs: base, subset: map ?? undefined, chunkOff }, col.visit, new Ticker(options.signal, options.onProgress));
  return col.result(map);
}

export interface ExactIndexOptions {
  /**
   * Also keep i16 copies of the rows (+50 % memory) so that a single query
   * streams half the bytes and re-ranks a shortlist in f32 (results stay
   * exact: exact-i16.ts). Dropped when both copies do not fit one arena.
   * @defaultValue true from 10 000 rows (below that a scan is already short)
   */
  quantizedFilter?: boolean;
}

/**
 * Base rows kept resident in kernel memory for repeated exact queries (one
 * copy at construction). A single query streams all rows once with a
 * memory-bound 1×4 kernel — over i16 copies with an exact f32 re-rank when
 * `quantizedFilter` is on, else over the f32 rows — so its latency is close
 * to the time to read n·dim·2 (or ·4) bytes.
 */
export class ExactIndex {
  readonly n: number;
  readonly dim: number;
  private readonly arena: Arena;
  private readonly rowsOff: number;
  private readonly qOff: number;
  private readonly outOff: number;
  private readonly scoreOff: number;
  private readonly qCap = 256;
  private readonly q16: QuantizedRows16 | null = null;

  /** Copies `vs` (validated) into kernel memory. */
  constructor(vs: VectorSet, options: ExactIndexOptions = {}) {
    checkVectorSet(vs, 'vectors');
    this.n = vs.n;
    this.dim = vs.dim;
    const rowBytes = paddedDim(vs.dim) * 4;
    const nPad = Math.ceil(Math.max(vs.n, 1) / CB) * CB;
    const scoreBytes = Math.max(nPad, 2 * GATHER_BLOCK) * 4;
    const bytes = nPad * rowBytes + this.qCap * rowBytes + TILE_BYTES + scoreBytes;
    const i16Bytes = quantizedBytes(vs.dim, vs.n);
    const filter = (options.quantizedFilter ?? vs.n >= 10_000) && bytes + i16Bytes + 2 ** 16 < MAX_ARENA_BYTES;
    this.arena = new Arena(vs.dim, bytes + (filter ? i16Bytes : 0));
    this.rowsOff = this.arena.alloc(nPad * rowBytes);
    this.qOff = this.arena.alloc(this.qCap * rowBytes);
    this.outOff = this.arena.alloc(TILE_BYTES);
    this.scoreOff = this.arena.alloc(scoreBytes);
    this.arena.putF32(this.rowsOff, vs.data, 0, vs.n);
    if (filter) this.q16 = new QuantizedRows16(this.arena, vs.data, vs.n);
  }

  /** Exact k nearest rows of each query (k null: all); see {@link searchExact} for options and errors. */
  search(queries: VectorSet | Float32Array, k: number | null, options: ExactSearchOptions = {}): SearchResult {
    const { qs, map, nCand, kk } = validate(this.n, this.dim, queries, k, options.subset);
    const col = new Collector(qs.n, nCand, kk);
    if (qs.n === 0 || kk === 0) return col.result(map);
    const { arena } = this;
    const rowBytes = paddedDim(this.dim) * 4;
    if (qs.n === 1) {
      this.single(qs, map, col);
      return col.result(map);
    }
    for (let q0 = 0; q0 < qs.n; q0 += this.qCap) {
      throwIfAborted(options.signal);
      const nq = Math.min(this.qCap, qs.n - q0);
      arena.putF32(this.qOff, qs.data, q0, nq);
      const sub = (i0: number, ni: number, j0: number, nj: number, s: Float32Array, o: number, ld: number) => col.visit(q0 + i0, ni, j0, nj, s, o, ld);
      if (map) {
        // Few candidates: score only them, one query at a time.
        for (let x = 0; x < nq; x++) this.gatherInto(this.qOff + x * rowBytes, map, (j0, nj, s, o) => sub(x, 1, j0, nj, s, o, 0));
      } else {
        crossTiles({ arena, off: this.qOff, n: nq, out: this.outOff }, { resident: { arena, kind: 'f32', off: this.rowsOff, n: this.n } }, sub, {
          signal: options.signal,
        });
      }
      options.onProgress?.((q0 + nq) / qs.n);
    }
    return col.result(map);
  }

  private single(qs: VectorSet, map: Int32Array | null, col: Collector): void {
    const { arena } = this;
    arena.putF32(this.qOff, qs.data, 0, 1);
    if (map) {
      this.gatherInto(this.qOff, map, (j0, nj, s, o) => col.visit(0, 1, j0, nj, s, o, 0));
      return;
    }
    if (this.q16 && col.top && this.q16.topK(qs.data.subarray(0, this.dim), this.qOff, this.rowsOff, col.top)) return;
    arena.k.f32Many(this.qOff, this.rowsOff, Math.ceil(this.n / MANY_R) * MANY_R, this.scoreOff);
    col.visit(0, 1, 0, this.n, arena.f32, this.scoreOff >> 2, 0);
  }

  /** Scores of the query at `qOff` against the rows in `map`, delivered in blocks. */
  private gatherInto(qOff: number, map: Int32Array, visit: (j0: number, nj: number, s: Float32Array, o: number) => void): void {
    const { arena } = this;
    const block = GATHER_BLOCK;
    for (let j0 = 0; j0 < map.length; j0 += block) {
      const nj = Math.min(block, map.length - j0);
      arena.i32.set(map.subarray(j0, j0 + nj), this.scoreOff >> 2);
      const out = this.scoreOff + block * 4;
      arena.k.f32Gather(qOff, this.rowsOff, this.scoreOff, nj, out);
      visit(j0, nj, arena.f32, out >> 2);
    }
  }
}
