/**
 * Shared pieces of exact search (search.ts, exact-index.ts): result and option
 * types, input checks, and the collector that turns score tiles into top-k
 * lists or full rankings.
 */
import { ValidationError } from '../../contract/errors.js';
import type { VectorSet } from '../base/index.js';
import type { RunOptions } from '../base/index.js';
import { TopKRows, topKOfArray } from '../base/index.js';
import { checkInt, checkSameDim, checkSubset, checkVectorSet } from '../base/index.js';

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
export function asQueries(queries: VectorSet | Float32Array, dim: number): VectorSet {
  if (queries instanceof Float32Array) {
    if (queries.length !== dim) throw new ValidationError('queries', `length ${dim} (the base dim)`);
    return { data: queries, n: 1, dim };
  }
  return queries;
}

/** Gathers scores into per-query top-k lists (small k) or a full score matrix (large k). */
export class Collector {
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
export function validate(n: number, dim: number, queries: VectorSet | Float32Array, k: number | null, subset: ArrayLike<number> | null | undefined) {
  const qs = asQueries(queries, dim);
  checkVectorSet(qs, 'queries');
  checkSameDim(qs, { data: new Float32Array(0), n: 0, dim }, 'queries');
  if (k !== null) checkInt(k, 'k', 1);
  const map = subset ? checkSubset(subset, n, 'subset') : null;
  const nCand = map ? map.length : n;
  return { qs, map, nCand, kk: Math.min(k ?? nCand, nCand) };
}
