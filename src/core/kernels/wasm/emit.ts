/**
 * A minimal WebAssembly binary writer, just enough to emit the SIMD dot-product
 * kernels of core/ at run time. Kernels are generated rather than shipped as a
 * .wasm file so that they can be specialised to the row stride (constant load
 * offsets instead of per-row address arithmetic) and so that core/ stays one
 * plain ESM package with no asset to locate in Node, workers or bundlers.
 */

/** Value types. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

/** Scalar opcodes used by the kernels. */
export const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  f32Load: 0x2a,
  i32Store: 0x36,
  f32Store: 0x38,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32LtU: 0x49,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  f32Add: 0x92,
} as const;

/** SIMD opcodes (after the 0xfd prefix). */
export const simd = {
  load: 0x00,
  store: 0x0b,
  i32x4Splat: 0x11,
  i32x4ExtractLane: 0x1b,
  i32x4GeS: 0x3f,
  v128Or: 0x50,
  v128AnyTrue: 0x53,
  f32x4ExtractLane: 0x1f,
  i16x8ExtendLowI8x16U: 0x89,
  i16x8ExtendHighI8x16U: 0x8a,
  i32x4Add: 0xae,
  i32x4DotI16x8S: 0xba,
  f32x4Add: 0xe4,
  f32x4Mul: 0xe6,
} as const;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (32-bit range). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function str(s: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(s));
  return [...uleb(bytes.length), ...bytes];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/** Body of one function: instruction bytes plus its extra locals (beyond the params). */
export interface FuncDef {
  name: string;
  params: number[];
  results: number[];
  /** Extra locals as [count, type] runs. */
  locals: [number, number][];
  code: number[];
}

/**
 * A module importing one memory as `env.mem` and exporting the given functions.
 * The memory limits are only a lower bound here (minimum 1 page); the caller
 * supplies a Memory of whatever size it needs at instantiation.
 */
export function moduleBytes(funcs: FuncDef[]): Uint8Array {
  const types = funcs.map((f) => [0x60, ...vec(f.params.map((p) => [p])), ...vec(f.results.map((r) => [r]))]);
  const imports = vec([[...str('env'), ...str('mem'), 0x02, 0x00, ...uleb(1)]]);
  const fnSec = vec(funcs.map((_, i) => uleb(i)));
  const exports = vec(funcs.map((f, i) => [...str(f.name), 0x00, ...uleb(i)]));
  const bodies = funcs.map((f) => {
    const body = [...vec(f.locals.map(([c, t]) => [...uleb(c), t])), ...f.code, op.end];
    return [...uleb(body.length), ...body];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, imports),
    ...section(3, fnSec),
    ...section(7, exports),
    ...section(10, vec(bodies)),
  ]);
}

/** Small helpers that read like WAT. */
export const w = {
  get: (i: number) => [op.localGet, ...uleb(i)],
  set: (i: number) => [op.localSet, ...uleb(i)],
  tee: (i: number) => [op.localTee, ...uleb(i)],
  i32: (v: number) => [op.i32Const, ...sleb(v | 0)],
  simd: (code: number, ...imm: number[]) => [0xfd, ...uleb(code), ...imm],
  /** v128.load with alignment hint 16 bytes and a constant offset. */
  v128Load: (offset: number) => [0xfd, ...uleb(simd.load), 4, ...uleb(offset)],
  f32Load: (offset: number) => [op.f32Load, 2, ...uleb(offset)],
  f32Store: (offset: number) => [op.f32Store, 2, ...uleb(offset)],
  i32Load: (offset: number) => [op.i32Load, 2, ...uleb(offset)],
  i32Store: (offset: number) => [op.i32Store, 2, ...uleb(offset)],
};
