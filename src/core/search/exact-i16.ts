/**
 * Exact single-query top-k by filter-then-refine: one streaming pass over i16
 * copies of the rows (half the bytes of f32, the pass is memory-bound), then
 * an exact f32 re-rank of the rows whose quantized score could still reach
 * the k-th best. The result equals the f32 scan: with B bounding
 * |q·r − q̃·r̃| for every row (quantize.ts), the k rows with the best
 * quantized scores have true scores ≥ T − B (T: the k-th best quantized
 * score), so every true top-k row has a quantized score ≥ T − 2B and is
 * re-ranked.
 */
import { maxQuantLevel } from '../kernels/index.js';
import { TopKRows } from '../base/index.js';
import type { Arena } from '../kernels/index.js';
import { MANY_R, paddedDimI16 } from '../kernels/index.js';

/** Candidates re-ranked per f32Gather call. */
const BLOCK = 4096;
/** Margin for the f32 rounding of the exact scores the re-rank compares (dim ≤ a few thousand). */
const F32_SLACK = 1e-5;

/** Arena bytes for n rows of `dim` (rows, query, scores, candidate block; 32-byte alignment of 5 regions). */
export function quantizedBytes(dim: number, n: number): number {
  const nPad = Math.ceil(Math.max(n, 1) / MANY_R) * MANY_R;
  return paddedDimI16(dim) * 2 * (nPad + 1) + nPad * 4 + 2 * BLOCK * 4 + 5 * 32;
}

/** i16 copies of an index's rows and the scan that uses them. */
export class QuantizedRows16 {
  private readonly rowsOff: number;
  private readonly qOff: number;
  private readonly scoreOff: number;
  private readonly idxOff: number;
  private readonly outOff: number;
  /** Integer units per unit of the row values. */
  private readonly scale: number;
  /** max over rows of ‖r̃‖₁, in original units. */
  private readonly maxL1q: number;
  private readonly level: number;

  /** Quantizes rows [0, n) of `data` (dim wide) into `arena` (which must have {@link quantizedBytes} free). */
  constructor(private readonly arena: Arena, data: Float32Array, private readonly n: number) {
    const dim = arena.dim, s = arena.strideI16;
    const nPad = Math.ceil(Math.max(n, 1) / MANY_R) * MANY_R;
    this.rowsOff = arena.alloc(arena.i16Bytes(nPad));
    this.qOff = arena.alloc(arena.i16Bytes(1));
    this.scoreOff = arena.alloc(nPad * 4);
    this.idxOff = arena.alloc(BLOCK * 4);
    this.outOff = arena.alloc(BLOCK * 4);
    this.level = maxQuantLevel(dim);
    let maxAbs = 0;
    for (let i = 0; i < n * dim; i++) maxAbs = Math.max(maxAbs, Math.abs(data[i]));
    this.scale = maxAbs > 0 ? this.level / maxAbs : 1;
    // Branch-free rounding (see quantize.ts): 1.5·2^52 added and subtracted.
    const ROUND = 6755399441055744, sc = this.scale, i16 = arena.i16;
    let maxL1 = 0;
    for (let r = 0; r < n; r++) {
      const o = (this.rowsOff >> 1) + r * s;
      let l1 = 0;
      for (let d = 0; d < dim; d++) {
        const v = data[r * dim + d] * sc + ROUND - ROUND;
        i16[o + d] = v;
        l1 += Math.abs(v);
      }
      maxL1 = Math.max(maxL1, l1);
    }
    this.maxL1q = maxL1 / sc;
  }

  /**
   * Exact top-k (`top`, one row of k; ties to the smaller index) of the f32
   * query already in the arena at `qF32Off` (values `q`) against rows at
   * `rowsF32Off`. Returns false (nothing done) for an all-zero query.
   */
  topK(q: Float32Array, qF32Off: number, rowsF32Off: number, top: TopKRows): boolean {
    const { arena, n } = this;
    let qMax = 0, qL1 = 0;
    for (let d = 0; d < q.length; d++) {
      qMax = Math.max(qMax, Math.abs(q[d]));
      qL1 += Math.abs(q[d]);
    }
    if (qMax === 0) return false;
    const qs = this.level / qMax;
    const i16 = arena.i16, q0 = this.qOff >> 1;
    for (let d = 0; d < q.length; d++) i16[q0 + d] = Math.round(q[d] * qs);
    arena.k.i16Many(this.qOff, this.rowsOff, Math.ceil(n / MANY_R) * MANY_R, this.scoreOff);

    // k-th best quantized score, in integer units.
    const k = top.k, i32 = arena.i32, so = this.scoreOff >> 2;
    const best = new TopKRows(1, k);
    let floor = -Infinity;
    for (let j = 0; j < n; j++) {
      if (i32[so + j] >= floor) {
        best.push(0, j, i32[so + j]);
        floor = best.floor[0];
      }
    }
    const units = qs * this.scale;
    const bound = qL1 / (2 * this.scale) + this.maxL1q / (2 * qs) + F32_SLACK;
    // best.scores holds f32 copies of i32 sums (off by ≤ 128 units below 2^31): 256 units of slack.
    const cut = best.scores[k - 1] - 256 - 2 * bound * units;

    // Exact re-rank of every row that could still be in the top k.
    const io = this.idxOff >> 2, oo = this.outOff >> 2, f32 = arena.f32;
    let m = 0;
    const flush = () => {
      arena.k.f32Gather(qF32Off, rowsF32Off, this.idxOff, m, this.outOff);
      for (let t = 0; t < m; t++) if (f32[oo + t] >= top.floor[0]) top.push(0, i32[io + t], f32[oo + t]);
      m = 0;
    };
    for (let j = 0; j < n; j++) {
      if (i32[so + j] < cut) continue;
      i32[io + m++] = j;
      if (m === BLOCK) flush();
    }
    flush();
    return true;
  }
}
