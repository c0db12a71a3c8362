/**
 * The function bodies of the generated kernels (kernels.ts compiles them):
 * register-blocked tiles, single-query scans, the gathered re-rank and the
 * u8-code scan, written as wasm opcodes through emit.ts.
 */
import { I32, V128, op, simd, w, type FuncDef } from './emit.js';
import { LANES_F32, MANY_R } from './layout.js';

// Parameter/local numbering helpers keep the generated code readable.
function hsumF32(acc: number): number[] {
  return [
    ...w.get(acc), ...w.simd(simd.f32x4ExtractLane, 0),
    ...w.get(acc), ...w.simd(simd.f32x4ExtractLane, 1), op.f32Add,
    ...w.get(acc), ...w.simd(simd.f32x4ExtractLane, 2), op.f32Add,
    ...w.get(acc), ...w.simd(simd.f32x4ExtractLane, 3), op.f32Add,
  ];
}

function hsumI32(acc: number): number[] {
  return [
    ...w.get(acc), ...w.simd(simd.i32x4ExtractLane, 0),
    ...w.get(acc), ...w.simd(simd.i32x4ExtractLane, 1), op.i32Add,
    ...w.get(acc), ...w.simd(simd.i32x4ExtractLane, 2), op.i32Add,
    ...w.get(acc), ...w.simd(simd.i32x4ExtractLane, 3), op.i32Add,
  ];
}

const zeroV128 = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];

/** acc = acc + x*y (f32x4), with x, y already on the stack as locals. */
function madd(acc: number, x: number, y: number): number[] {
  return [...w.get(acc), ...w.get(x), ...w.get(y), ...w.simd(simd.f32x4Mul), ...w.simd(simd.f32x4Add), ...w.set(acc)];
}

/** acc = acc + dot_i16x8(x, y) (i32x4). */
function dotAdd(acc: number, x: number, y: number): number[] {
  return [...w.get(acc), ...w.get(x), ...w.get(y), ...w.simd(simd.i32x4DotI16x8S), ...w.simd(simd.i32x4Add), ...w.set(acc)];
}

/**
 * `loop { body; pr += prStep; pq += pqStep } while (pq < pqEnd)`: the walk
 * along one padded row (query at pq, base row(s) at pr) that every kernel
 * runs inside its per-row loop.
 */
function laneLoop(body: number[], pr: number, prStep: number, pq: number, pqStep: number, pqEnd: number): number[] {
  return [
    op.loop, 0x40,
    ...body,
    ...w.get(pr), ...w.i32(prStep), op.i32Add, ...w.set(pr),
    ...w.get(pq), ...w.i32(pqStep), op.i32Add, ...w.tee(pq),
    ...w.get(pqEnd), op.i32LtU, op.brIf, 0,
    op.end,
  ];
}

/** The A×B register-blocked tile (see module doc). */
export function tileFn(name: string, stride: number, A: number, B: number, kind: 'f32' | 'i16'): FuncDef {
  const mac = kind === 'f32' ? madd : dotAdd;
  const hsum = kind === 'f32' ? hsumF32 : hsumI32;
  const st = kind === 'f32' ? w.f32Store : w.i32Store;
  // params: 0 q, 1 nq, 2 r, 3 nr, 4 out, 5 ldo
  const [Q, NQ, R, NR, OUT, LDO] = [0, 1, 2, 3, 4, 5];
  // i32 locals
  const qEnd = 6, rj = 7, rEnd = 8, pq = 9, pr = 10, pqEnd = 11, o = 12, outRow = 13, ldoB = 14;
  const v0 = 15; // v128 locals: A*B accumulators, A query operands, 1 row operand
  const acc = (a: number, b: number) => v0 + a * B + b;
  const qv = (a: number) => v0 + A * B + a;
  const rv = v0 + A * B + A;
  const steps = (LANES_F32 * 4) / 16; // v128 steps per unrolled iteration
  const inner: number[] = [];
  for (let s = 0; s < steps; s++) {
    for (let a = 0; a < A; a++) inner.push(...w.get(pq), ...w.v128Load(a * stride + s * 16), ...w.set(qv(a)));
    for (let b = 0; b < B; b++) {
      inner.push(...w.get(pr), ...w.v128Load(b * stride + s * 16), ...w.set(rv));
      for (let a = 0; a < A; a++) inner.push(...mac(acc(a, b), qv(a), rv));
    }
  }
  const zero: number[] = [];
  for (let a = 0; a < A; a++) for (let b = 0; b < B; b++) zero.push(...zeroV128, ...w.set(acc(a, b)));
  const store: number[] = [];
  for (let a = 0; a < A; a++) {
    for (let b = 0; b < B; b++) {
      // address o + a*ldoB, constant offset b*4
      store.push(...w.get(o));
      for (let t = 0; t < a; t++) store.push(...w.get(ldoB), op.i32Add);
      store.push(...hsum(acc(a, b)), ...st(b * 4));
    }
  }
  const code = [
    ...w.get(LDO), ...w.i32(2), op.i32Shl, ...w.set(ldoB),
    ...w.get(Q), ...w.get(NQ), ...w.i32(stride), op.i32Mul, op.i32Add, ...w.set(qEnd),
    ...w.get(R), ...w.get(NR), ...w.i32(stride), op.i32Mul, op.i32Add, ...w.set(rEnd),
    ...w.get(OUT), ...w.set(outRow),
    op.loop, 0x40, // over query blocks
    ...w.get(R), ...w.set(rj),
    ...w.get(outRow), ...w.set(o),
    op.loop, 0x40, // over row blocks
    ...zero,
    ...w.get(Q), ...w.tee(pq), ...w.i32(stride), op.i32Add, ...w.set(pqEnd),
    ...w.get(rj), ...w.set(pr),
    ...laneLoop(inner, pr, LANES_F32 * 4, pq, LANES_F32 * 4, pqEnd), // over dimensions
    ...store,
    ...w.get(o), ...w.i32(B * 4), op.i32Add, ...w.set(o),
    ...w.get(rj), ...w.i32(B * stride), op.i32Add, ...w.tee(rj),
    ...w.get(rEnd), op.i32LtU, op.brIf, 0,
    op.end,
    ...w.get(outRow), ...w.get(ldoB), ...w.i32(A), op.i32Mul, op.i32Add, ...w.set(outRow),
    ...w.get(Q), ...w.i32(A * stride), op.i32Add, ...w.tee(Q),
    ...w.get(qEnd), op.i32LtU, op.brIf, 0,
    op.end,
  ];
  return {
    name, params: [I32, I32, I32, I32, I32, I32], results: [],
    locals: [[v0 - 6, I32], [A * B + A + 1, V128]], code,
  };
}

/** One query against MANY_R rows per step (memory-bound scans); f32 rows, or i16 rows with exact i32 sums. */
export function manyFn(name: string, stride: number, kind: 'f32' | 'i16'): FuncDef {
  const mac = kind === 'f32' ? madd : dotAdd;
  const [Q, R, NR, OUT] = [0, 1, 2, 3];
  const rEnd = 4, pq = 5, pr = 6, pqEnd = 7;
  const v0 = 8;
  const acc = (b: number) => v0 + b;
  const qv = v0 + MANY_R;
  const rv = qv + 1;
  const steps = (LANES_F32 * 4) / 16;
  const inner: number[] = [];
  for (let s = 0; s < steps; s++) {
    inner.push(...w.get(pq), ...w.v128Load(s * 16), ...w.set(qv));
    for (let b = 0; b < MANY_R; b++) inner.push(...w.get(pr), ...w.v128Load(b * stride + s * 16), ...w.set(rv), ...mac(acc(b), qv, rv));
  }
  const zero: number[] = [];
  const store: number[] = [];
  for (let b = 0; b < MANY_R; b++) {
    zero.push(...zeroV128, ...w.set(acc(b)));
    store.push(...w.get(OUT), ...(kind === 'f32' ? [...hsumF32(acc(b)), ...w.f32Store(b * 4)] : [...hsumI32(acc(b)), ...w.i32Store(b * 4)]));
  }
  const code = [
    ...w.get(R), ...w.get(NR), ...w.i32(stride), op.i32Mul, op.i32Add, ...w.set(rEnd),
    ...w.get(Q), ...w.i32(stride), op.i32Add, ...w.set(pqEnd),
    op.loop, 0x40,
    ...zero,
    ...w.get(Q), ...w.set(pq), ...w.get(R), ...w.set(pr),
    ...laneLoop(inner, pr, LANES_F32 * 4, pq, LANES_F32 * 4, pqEnd),
    ...store,
    ...w.get(OUT), ...w.i32(MANY_R * 4), op.i32Add, ...w.set(OUT),
    ...w.get(R), ...w.i32(MANY_R * stride), op.i32Add, ...w.tee(R),
    ...w.get(rEnd), op.i32LtU, op.brIf, 0,
    op.end,
  ];
  return { name, params: [I32, I32, I32, I32], results: [], locals: [[4, I32], [MANY_R + 2, V128]], code };
}

/** One query against rows picked by index (re-ranking a shortlist). */
export function f32GatherFn(stride: number): FuncDef {
  const [Q, BASE, IDX, COUNT, OUT] = [0, 1, 2, 3, 4];
  const idxEnd = 5, pq = 6, pr = 7, pqEnd = 8;
  const a0 = 9, a1 = 10, qv = 11, rv = 12;
  const code = [
    op.block, 0x40,
    ...w.get(COUNT), op.i32Eqz, op.brIf, 0,
    ...w.get(IDX), ...w.get(COUNT), ...w.i32(2), op.i32Shl, op.i32Add, ...w.set(idxEnd),
    ...w.get(Q), ...w.i32(stride), op.i32Add, ...w.set(pqEnd),
    op.loop, 0x40,
    ...zeroV128, ...w.set(a0), ...zeroV128, ...w.set(a1),
    ...w.get(Q), ...w.set(pq),
    ...w.get(BASE), ...w.get(IDX), ...w.i32Load(0), ...w.i32(stride), op.i32Mul, op.i32Add, ...w.set(pr),
    ...laneLoop([
      ...w.get(pq), ...w.v128Load(0), ...w.set(qv), ...w.get(pr), ...w.v128Load(0), ...w.set(rv), ...madd(a0, qv, rv),
      ...w.get(pq), ...w.v128Load(16), ...w.set(qv), ...w.get(pr), ...w.v128Load(16), ...w.set(rv), ...madd(a1, qv, rv),
    ], pr, 32, pq, 32, pqEnd),
    ...w.get(OUT), ...w.get(a0), ...w.get(a1), ...w.simd(simd.f32x4Add), ...w.set(a0), ...hsumF32(a0), ...w.f32Store(0),
    ...w.get(OUT), ...w.i32(4), op.i32Add, ...w.set(OUT),
    ...w.get(IDX), ...w.i32(4), op.i32Add, ...w.tee(IDX),
    ...w.get(idxEnd), op.i32LtU, op.brIf, 0,
    op.end,
    op.end,
  ];
  return { name: 'f32Gather', params: [I32, I32, I32, I32, I32], results: [], locals: [[4, I32], [4, V128]], code };
}

/** One i16 query against MANY_R u8 code rows per step, i32 accumulation (i32x4.dot_i16x8_s). */
export function u8ManyFn(codeStride: number): FuncDef {
  const [Q, R, NR, OUT] = [0, 1, 2, 3];
  const rEnd = 4, pq = 5, pr = 6, pqEnd = 7;
  const v0 = 8;
  const acc = (b: number) => v0 + b;
  const qlo = v0 + MANY_R, qhi = qlo + 1, cv = qhi + 1;
  const inner: number[] = [...w.get(pq), ...w.v128Load(0), ...w.set(qlo), ...w.get(pq), ...w.v128Load(16), ...w.set(qhi)];
  for (let b = 0; b < MANY_R; b++) {
    inner.push(
      ...w.get(pr), ...w.v128Load(b * codeStride), ...w.set(cv),
      ...w.get(acc(b)),
      ...w.get(cv), ...w.simd(simd.i16x8ExtendLowI8x16U), ...w.get(qlo), ...w.simd(simd.i32x4DotI16x8S), ...w.simd(simd.i32x4Add),
      ...w.get(cv), ...w.simd(simd.i16x8ExtendHighI8x16U), ...w.get(qhi), ...w.simd(simd.i32x4DotI16x8S), ...w.simd(simd.i32x4Add),
      ...w.set(acc(b)),
    );
  }
  const zero: number[] = [];
  const store: number[] = [];
  for (let b = 0; b < MANY_R; b++) {
    zero.push(...zeroV128, ...w.set(acc(b)));
    store.push(...w.get(OUT), ...hsumI32(acc(b)), ...w.i32Store(b * 4));
  }
  const code = [
    ...w.get(R), ...w.get(NR), ...w.i32(codeStride), op.i32Mul, op.i32Add, ...w.set(rEnd),
    ...w.get(Q), ...w.i32(codeStride * 2), op.i32Add, ...w.set(pqEnd),
    op.block, 0x40,
    ...w.get(NR), op.i32Eqz, op.brIf, 0,
    op.loop, 0x40,
    ...zero,
    ...w.get(Q), ...w.set(pq), ...w.get(R), ...w.set(pr),
    ...laneLoop(inner, pr, 16, pq, 32, pqEnd),
    ...store,
    ...w.get(OUT), ...w.i32(MANY_R * 4), op.i32Add, ...w.set(OUT),
    ...w.get(R), ...w.i32(MANY_R * codeStride), op.i32Add, ...w.tee(R),
    ...w.get(rEnd), op.i32LtU, op.brIf, 0,
    op.end,
    op.end,
  ];
  return { name: 'u8Many', params: [I32, I32, I32, I32], results: [], locals: [[4, I32], [MANY_R + 3, V128]], code };
}
