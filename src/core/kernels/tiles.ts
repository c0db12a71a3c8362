/**
 * Blocked score tiles: the matrix-multiply skeleton shared by kNN, exact
 * search and near-duplicate detection. Rows sit in kernel memory; the kernel
 * computes a block of queries against RB rows at a time (RB rows stay in L2
 * while query pairs stream past), and a visitor consumes each tile of scores
 * (top-k updates, threshold tests) while it is still in cache.
 */
import { throwIfAborted } from '../../contract/errors.js';
import { type Ticker, type RunOptions } from '../base/index.js';
import { Arena } from './wasm/arena.js';
import { TILE_Q, TILE_R, paddedDim, paddedDimI16 } from './wasm/kernels.js';
import type { VectorSet } from '../base/index.js';

/** Queries per kernel call. */
export const QB = 256;
/** Base rows per kernel call: 32 rows of 1792 f32 = 229 KB, inside a 512 KB L2. */
export const RB = 32;
/** Columns per visited tile: several RB kernel calls fill one QB×CB tile so visitors run long inner loops. */
export const CB = 256;
/** Base rows copied per chunk when streaming a base that is not resident. */
const CHUNK = 4096;

/**
 * Receives one tile: score(i, j) = s[o + (i - i0) * ld + (j - j0)] for
 * i in [i0, i0+ni), j in [j0, j0+nj). Views are valid only during the call.
 */
export type TileVisitor<S extends Float32Array | Int32Array> = (
  i0: number, ni: number, j0: number, nj: number, s: S, o: number, ld: number,
) => void;

const roundUp = (x: number, m: number) => Math.ceil(x / m) * m;
/** Bytes of one visited score tile. */
export const TILE_BYTES = QB * CB * 4;

/** Rows of a set in kernel memory, either f32 (exact) or i16 (quantized filter). */
export interface ResidentRows {
  arena: Arena;
  kind: 'f32' | 'i16';
  off: number;
  n: number;
}

/** Copy all rows of `vs` to a fresh arena (padded to whole tiles), with room for one QB×RB score tile. */
export function residentF32(vs: VectorSet, extraBytes = 0): ResidentRows & { out: number } {
  const nPad = roundUp(Math.max(vs.n, 1), RB);
  const arena = new Arena(vs.dim, nPad * paddedDim(vs.dim) * 4 + TILE_BYTES + extraBytes);
  const off = arena.alloc(arena.f32Bytes(nPad));
  arena.putF32(off, vs.data, 0, vs.n);
  return { arena, kind: 'f32', off, n: vs.n, out: arena.alloc(TILE_BYTES) };
}

/** Copy quantized i16 rows (row stride = dim) to a fresh arena, with room for one score tile. */
export function residentI16(rows: Int16Array, n: number, dim: number): ResidentRows & { out: number } {
  const nPad = roundUp(Math.max(n, 1), RB);
  const arena = new Arena(dim, nPad * paddedDimI16(dim) * 2 + TILE_BYTES);
  const off = arena.alloc(arena.i16Bytes(nPad));
  const s = arena.strideI16;
  const base = off >> 1;
  if (s === dim) arena.i16.set(rows.subarray(0, n * dim), base);
  else for (let r = 0; r < n; r++) arena.i16.set(rows.subarray(r * dim, (r + 1) * dim), base + r * s);
  return { arena, kind: 'i16', off, n, out: arena.alloc(TILE_BYTES) };
}

function rowBytes(r: ResidentRows): number {
  return r.kind === 'f32' ? r.arena.strideF32 * 4 : r.arena.strideI16 * 2;
}

/**
 * Visit every tile with j-block ≥ i-block of the rows against themselves
 * (diagonal tiles include j ≤ i pairs; visitors skip what they do not need).
 * Work per query block is proportional to the rows after it; progress follows.
 * Yields to the event loop every time slice of `ticker` (so an abort can
 * arrive) and rejects with CancelledError once its signal is aborted.
 */
export async function selfTiles<S extends Float32Array | Int32Array>(
  res: ResidentRows & { out: number }, visit: TileVisitor<S>, ticker: Ticker,
): Promise<void> {
  const { arena, off, n, out } = res;
  const rb = rowBytes(res);
  const kernel = res.kind === 'f32' ? arena.k.f32Tile : arena.k.i16Tile;
  const view = (res.kind === 'f32' ? arena.f32 : arena.i32) as S;
  const total = (n * (n + 1)) / 2;
  let done = 0;
  for (let i0 = 0; i0 < n; i0 += QB) {
    const ni = Math.min(QB, n - i0);
    const nq = roundUp(ni, TILE_Q);
    for (let j0 = i0 - (i0 % RB); j0 < n; j0 += CB) {
      const p = ticker.tick();
      if (p) await p;
      const nj = Math.min(CB, n - j0);
      for (let jj = 0; jj < nj; jj += RB) {
        kernel(off + i0 * rb, nq, off + (j0 + jj) * rb, roundUp(Math.min(RB, nj - jj), TILE_R), out + jj * 4, CB);
      }
      visit(i0, ni, j0, nj, view, out >> 2, CB);
    }
    done += ni * (n - i0) - (ni * (ni - 1)) / 2;
    ticker.progress(done / total);
  }
}

/**
 * Visit every tile of f32 queries against f32 base rows. The base is either
 * resident (`base` is ResidentRows) or a VectorSet streamed through the arena
 * in chunks (optionally only the rows in `subset`; then j numbers positions
 * in `subset`). Queries must be resident in the same arena as `q`. Yields
 * after every tile: -1, or the fraction done after each query block.
 */
function* crossSteps(q: CrossQueries, base: CrossBase, visit: TileVisitor<Float32Array>): Generator<number> {
  const { arena, out } = q;
  const rb = arena.strideF32 * 4;
  const nBase = 'resident' in base ? base.resident.n : base.subset ? base.subset.length : base.vs.n;
  const chunk = 'resident' in base ? Math.max(nBase, 1) : CHUNK;
  for (let c0 = 0; c0 < nBase; c0 += chunk) {
    const nc = Math.min(chunk, nBase - c0);
    let rOff: number;
    if ('resident' in base) rOff = base.resident.off;
    else {
      rOff = base.chunkOff;
      if (base.subset) arena.gatherF32(rOff, base.vs.data, base.subset, c0, nc);
      else arena.putF32(rOff, base.vs.data, c0, nc);
    }
    for (let i0 = 0; i0 < q.n; i0 += QB) {
      const ni = Math.min(QB, q.n - i0);
      const nq = roundUp(ni, TILE_Q);
      for (let j = 0; j < nc; j += CB) {
        const nj = Math.min(CB, nc - j);
        for (let jj = 0; jj < nj; jj += RB) {
          arena.k.f32Tile(q.off + i0 * rb, nq, rOff + (j + jj) * rb, roundUp(Math.min(RB, nj - jj), TILE_R), out + jj * 4, CB);
        }
        visit(i0, ni, c0 + j, nj, arena.f32, out >> 2, CB);
        yield -1;
      }
      yield Math.min(1, (c0 + (nc * (i0 + ni)) / q.n) / nBase);
    }
  }
}

/** Queries resident in an arena, with room for one score tile at `out`. */
export interface CrossQueries {
  arena: Arena;
  off: number;
  n: number;
  out: number;
}
/** Base rows: resident in the same arena, or streamed from a VectorSet through `chunkOff`. */
export type CrossBase = { resident: ResidentRows } | { vs: VectorSet; subset?: Int32Array; chunkOff: number };

/** {@link crossSteps} run to the end at once (short calls: abort checked between tiles). */
export function crossTiles(q: CrossQueries, base: CrossBase, visit: TileVisitor<Float32Array>, opts: RunOptions = {}): void {
  throwIfAborted(opts.signal);
  for (const f of crossSteps(q, base, visit)) {
    throwIfAborted(opts.signal);
    if (f >= 0) opts.onProgress?.(f);
  }
}

/** {@link crossSteps} time-sliced by `ticker` (yields, CancelledError, progress): for long calls. */
export async function crossTilesAsync(q: CrossQueries, base: CrossBase, visit: TileVisitor<Float32Array>, ticker: Ticker): Promise<void> {
  for (const f of crossSteps(q, base, visit)) {
    if (f >= 0) ticker.progress(f);
    const p = ticker.tick();
    if (p) await p;
  }
}

/** Arena bytes a streamed base chunk needs for vectors of `dim` dimensions. */
export function chunkBytes(dim: number): number {
  return (CHUNK + CB) * paddedDim(dim) * 4;
}
