/**
 * A fixed-size block of kernel memory (a wasm Memory when SIMD is available,
 * else a plain ArrayBuffer driven by the JS twins) with a bump allocator.
 * Every algorithm lays out what it needs up front (rows, scratch, outputs),
 * so memory never grows and typed-array views never go stale.
 */
import { ValidationError } from '../../../contract/errors.js';
import { instantiateKernels, paddedDim, paddedDimI16, simdSupported, type Kernels } from './kernels.js';
import { jsKernels } from './kernels-js.js';

const PAGE = 65536;
/**
 * Largest arena we ask for. wasm32 allows 4 GiB, but engines differ in what
 * they grant (and 32-bit devices fail earlier); 2 GiB holds 290k f32 rows of
 * 1792 dims, and callers above it stream blocks through a smaller arena.
 */
export const MAX_ARENA_BYTES = 2 ** 31 - PAGE;

/** Which kernel implementation new arenas use: 'auto' picks wasm SIMD when the runtime has it. */
export type KernelChoice = 'auto' | 'wasm' | 'js';
let choice: KernelChoice = 'auto';

/** Force the kernel implementation (tests compare both; 'auto' is the default). */
export function setKernelChoice(c: KernelChoice): void {
  choice = c;
}

/** The implementation new arenas get under the current choice. */
export function activeKernels(): 'wasm' | 'js' {
  if (choice === 'js') return 'js';
  if (choice === 'wasm' || simdSupported()) return 'wasm';
  return 'js';
}

/** A region request: byte size, 32-byte aligned when allocated. */
export class Arena {
  readonly k: Kernels;
  readonly buffer: ArrayBuffer;
  readonly f32: Float32Array;
  readonly i32: Int32Array;
  readonly i16: Int16Array;
  readonly u8: Uint8Array;
  readonly dim: number;
  /** Padded f32 row length in floats. */
  readonly strideF32: number;
  /** Padded i16 row length in elements. */
  readonly strideI16: number;
  private top = 0;

  /** An arena of at least `bytes` bytes for vectors of `dim` dimensions. */
  constructor(dim: number, bytes: number) {
    const size = Math.max(PAGE, Math.ceil((bytes + 64) / PAGE) * PAGE);
    if (size > MAX_ARENA_BYTES) {
      throw new ValidationError('vectors', `at most ${MAX_ARENA_BYTES} bytes of kernel memory`, `needs ${size} bytes of kernel memory; split the work`);
    }
    this.dim = dim;
    this.strideF32 = paddedDim(dim);
    this.strideI16 = paddedDimI16(dim);
    if (activeKernels() === 'wasm') {
      const memory = new WebAssembly.Memory({ initial: size / PAGE });
      this.buffer = memory.buffer as ArrayBuffer;
      this.k = instantiateKernels(dim, memory);
    } else {
      this.buffer = new ArrayBuffer(size);
      this.k = jsKernels(dim, this.buffer);
    }
    this.f32 = new Float32Array(this.buffer);
    this.i32 = new Int32Array(this.buffer);
    this.i16 = new Int16Array(this.buffer);
    this.u8 = new Uint8Array(this.buffer);
  }

  /** Byte offset of a fresh zeroed region of `bytes` bytes. */
  alloc(bytes: number): number {
    const off = this.top;
    const end = off + Math.ceil(bytes / 32) * 32;
    if (end > this.buffer.byteLength) throw new RangeError(`arena overflow: ${end} > ${this.buffer.byteLength}`);
    this.top = end;
    return off;
  }

  /** Bytes of `rows` padded f32 rows. */
  f32Bytes(rows: number): number {
    return rows * this.strideF32 * 4;
  }

  /** Bytes of `rows` padded i16 rows. */
  i16Bytes(rows: number): number {
    return rows * this.strideI16 * 2;
  }

  /** Copy rows [start, start+count) of a row-major `dim`-wide array to padded f32 rows at byte offset `off`. */
  putF32(off: number, data: Float32Array, start: number, count: number): void {
    const { dim, strideF32: s } = this;
    const base = off >> 2;
    if (s === dim) {
      this.f32.set(data.subarray(start * dim, (start + count) * dim), base);
      return;
    }
    for (let r = 0; r < count; r++) this.f32.set(data.subarray((start + r) * dim, (start + r + 1) * dim), base + r * s);
  }

  /** Copy the rows listed in `rows` (row numbers into `data`) to consecutive padded f32 rows at `off`. */
  gatherF32(off: number, data: Float32Array, rows: ArrayLike<number>, from: number, count: number): void {
    const { dim, strideF32: s } = this;
    const base = off >> 2;
    for (let r = 0; r < count; r++) {
      const src = rows[from + r] * dim;
      this.f32.set(data.subarray(src, src + dim), base + r * s);
    }
  }
}
