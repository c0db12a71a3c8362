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
import { ValidationError } from '../../contract/errors.js';
import type { VectorSet } from '../base/index.js';
import { Ticker } from '../base/index.js';
import { Collector, validate, type ExactSearchOptions, type SearchResult } from './collect.js';
import { chunkBytes, crossTilesAsync, TILE_BYTES } from '../kernels/index.js';
import { checkVectorSet } from '../base/index.js';
import { Arena } from '../kernels/index.js';
import { paddedDim } from '../kernels/index.js';

export { ExactIndex, type ExactIndexOptions } from './exact-index.js';
export type { ExactSearchOptions, SearchResult } from './collect.js';

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
