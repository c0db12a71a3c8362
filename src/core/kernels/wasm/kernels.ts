/**
 * Generated WebAssembly SIMD dot-product kernels, specialised per vector
 * dimension. Rows live in a wasm memory padded to a multiple of {@link LANES_F32}
 * floats (f32 rows) or {@link LANES_U8} bytes (u8 codes) with zeros, so a kernel
 * never needs a remainder loop and padding never changes a dot product.
 *
 * Register blocking: the tile kernels compute a TILE_Q×TILE_R block of dot
 * products keeping one accumulator per pair in registers while streaming the
 * rows once per block. 2×2 measured fastest in V8 on x86-64 (f32 14.7 vs 12.6
 * G mul-add/s for 4×2, 12.9 for 4×4; i16 31 vs 27): larger blocks spill.
 *
 * The i16 tile (i32x4.dot_i16x8_s: 8 multiply-adds per instruction) is twice
 * as fast as f32; callers use it as a filter with a proven error bound and
 * re-score the survivors in f32 (see quantize.ts).
 */
import { moduleBytes } from './emit.js';
import { f32GatherFn, manyFn, tileFn, u8ManyFn } from './kernel-fns.js';
import { paddedCodeDim, paddedDim, paddedDimI16, TILE_Q, TILE_R } from './layout.js';
import { scanTileFn } from './scan.js';

export * from './layout.js';

/** The exported kernel functions; every pointer is a byte offset into the memory. */
export interface Kernels {
  /** out[a*ldo + b] (f32, ldo in floats) = q_a · r_b for nq (multiple of TILE_Q) queries × nr (multiple of TILE_R) rows. */
  f32Tile(q: number, nq: number, r: number, nr: number, out: number, ldo: number): void;
  /** Like f32Tile on i16 rows (stride paddedDimI16·2 bytes), writing exact i32 sums. */
  i16Tile(q: number, nq: number, r: number, nr: number, out: number, ldo: number): void;
  /** out[j] = q · r_j for j < nr (multiple of MANY_R) contiguous rows. */
  f32Many(q: number, r: number, nr: number, out: number): void;
  /** Like f32Many on i16 rows and an i16 query, writing exact i32 sums. */
  i16Many(q: number, r: number, nr: number, out: number): void;
  /** out[j] = q · base[idx[j]] (idx: i32 row numbers) for j < count. */
  f32Gather(q: number, base: number, idx: number, count: number, out: number): void;
  /** out[j] (i32) = Σ q16_d · code_jd for j < nr (multiple of MANY_R) contiguous u8 code rows; q16 is i16. */
  u8Many(q16: number, codes: number, nr: number, out: number): void;
  /** Groups of four i32 tile scores at or above a row or column threshold (see scan.ts); returns how many were written. */
  scanTile(tile: number, ni: number, nj: number, ld: number, rowThr: number, colThr: number, emit: number): number;
}

const moduleCache = new Map<number, WebAssembly.Module>();
let simdOk: boolean | undefined;

/** Whether this runtime runs WebAssembly SIMD (all current browsers and Node ≥ 16 do). */
export function simdSupported(): boolean {
  if (simdOk === undefined) {
    try {
      simdOk = typeof WebAssembly === 'object' && WebAssembly.validate(moduleBytes([manyFn('f32Many', 32, 'f32')]) as BufferSource);
    } catch {
      simdOk = false;
    }
  }
  return simdOk;
}

/** Compiled kernels for `dim` (modules cached per dim), bound to `memory`. */
export function instantiateKernels(dim: number, memory: WebAssembly.Memory): Kernels {
  let mod = moduleCache.get(dim);
  if (!mod) {
    // Bounded cache: a worker sees few distinct dimensions (one per vectorizer).
    if (moduleCache.size >= 8) moduleCache.clear();
    const stride = paddedDim(dim) * 4;
    const codeStride = paddedCodeDim(dim);
    mod = new WebAssembly.Module(
      moduleBytes([
        tileFn('f32Tile', stride, TILE_Q, TILE_R, 'f32'),
        tileFn('i16Tile', paddedDimI16(dim) * 2, TILE_Q, TILE_R, 'i16'),
        manyFn('f32Many', stride, 'f32'),
        manyFn('i16Many', paddedDimI16(dim) * 2, 'i16'),
        f32GatherFn(stride),
        u8ManyFn(codeStride),
        scanTileFn(),
      ]) as BufferSource,
    );
    moduleCache.set(dim, mod);
  }
  const inst = new WebAssembly.Instance(mod, { env: { mem: memory } });
  return inst.exports as unknown as Kernels;
}
