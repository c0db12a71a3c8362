/**
 * ExactIndex: base rows resident in kernel memory for repeated exact queries
 * (batched queries as f32 tiles, single queries as a memory-bound scan).
 */
import { ValidationError, throwIfAborted } from '../../contract/errors.js';
import type { VectorSet } from '../base/index.js';
import { QuantizedRows16, quantizedBytes } from './exact-i16.js';
import { Collector, validate, type ExactSearchOptions, type SearchResult } from './collect.js';
import { CB, crossTiles, TILE_BYTES } from '../kernels/index.js';
import { checkVectorSet } from '../base/index.js';
import { Arena, MAX_ARENA_BYTES } from '../kernels/index.js';
import { MANY_R, paddedDim } from '../kernels/index.js';

/** Candidates scored per f32Gather call (index list and scores share the score region). */
const GATHER_BLOCK = 4096;

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
  private readonly n: number;
  readonly dim: number;
  private readonly arena: Arena;
  private readonly rowsOff: number;
  private readonly qOff: number;
  private readonly outOff: number;
  private readonly scoreOff: number;
  private readonly qCap = 256;
  private readonly q16: QuantizedRows16 | null = null;

  /**
   * Copies `vs` (validated) into kernel memory (and its i16 copy, see {@link ExactIndexOptions}).
   * @throws ValidationError for malformed or non-finite vectors, or a non-boolean `options.quantizedFilter`.
   */
  constructor(vs: VectorSet, options: ExactIndexOptions = {}) {
    checkVectorSet(vs, 'vectors');
    if (options.quantizedFilter !== undefined && typeof options.quantizedFilter !== 'boolean') {
      throw new ValidationError('options.quantizedFilter', 'boolean');
    }
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

  /** Number of rows indexed. */
  get size(): number {
    return this.n;
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
