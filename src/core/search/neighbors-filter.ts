/**
 * The filter step of neighbors.ts: consumes i16 score tiles and keeps
 * (a) every pair whose quantized score could reach the similarity threshold
 * and (b) each row's best quantized candidates for its top-k list. Thresholds
 * live in kernel memory as i32 so the scanTile kernel tests four scores per
 * instruction; JS sees only the groups it emits, and re-checks each score
 * against the current (exact) state, so thresholds that are stale within a
 * tile (they only rise) cost a few extra checks, never a missed candidate.
 */
import type { Arena } from '../kernels/index.js';
import { SCAN_GROUP } from '../kernels/index.js';
import { CB, QB } from '../kernels/index.js';
import { TopKRows } from '../base/index.js';

/** Growable (a, b) int pair list. */
export class PairBuf {
  a = new Int32Array(1024);
  b = new Int32Array(1024);
  n = 0;
  push(x: number, y: number): void {
    if (this.n === this.a.length) {
      const a = new Int32Array(this.n * 2), b = new Int32Array(this.n * 2);
      a.set(this.a);
      b.set(this.b);
      this.a = a;
      this.b = b;
    }
    this.a[this.n] = x;
    this.b[this.n++] = y;
  }
}

const I32_MIN = -2147483648, I32_MAX = 2147483647;
/** An integer threshold as i32, rounded down (looser) and clamped. */
const toI32 = (t: number) => (t <= I32_MIN ? I32_MIN : t >= I32_MAX ? I32_MAX : Math.floor(t));

/** Arena bytes {@link TileFilter} needs for n rows. */
export function filterBytes(n: number): number {
  return 2 * (n + CB) * 4 + (QB * CB * 4) / SCAN_GROUP + 96;
}

export class TileFilter {
  readonly top: TopKRows;
  readonly cand = new PairBuf();
  /** Each row's top-k floor in integer units, 2 units looser than TopKRows.floor (which rounds scores to f32). */
  private readonly floorQ: Float64Array;
  private readonly rowOff: number;
  private readonly colOff: number;
  private readonly emitOff: number;

  /**
   * @param tInt per-row integer threshold for pairs (Infinity: none)
   * @param kept top-k list length per row (0: none)
   * @param inv score units per integer unit
   */
  constructor(private readonly arena: Arena, private readonly n: number, private readonly tInt: Float64Array, kept: number, private readonly inv: number) {
    this.top = new TopKRows(n, kept);
    this.floorQ = new Float64Array(n).fill(kept > 0 ? -Infinity : Infinity);
    this.rowOff = arena.alloc((n + CB) * 4);
    this.colOff = arena.alloc((n + CB) * 4);
    this.emitOff = arena.alloc((QB * CB * 4) / SCAN_GROUP);
    // Padding columns never pass a column threshold.
    arena.i32.fill(I32_MAX, this.colOff >> 2, (this.colOff >> 2) + n + CB);
    for (let r = 0; r < n; r++) this.sync(r);
  }

  /** Copy row r's thresholds to kernel memory. */
  private sync(r: number): void {
    const f = this.floorQ[r];
    this.arena.i32[(this.rowOff >> 2) + r] = toI32(Math.min(this.tInt[r], f));
    this.arena.i32[(this.colOff >> 2) + r] = toI32(f);
  }

  private offer(r: number, id: number, v: number): void {
    const top = this.top;
    top.push(r, id, v * this.inv);
    const f = top.floor[r] / this.inv - 2;
    if (f !== this.floorQ[r]) {
      this.floorQ[r] = f;
      this.sync(r);
    }
  }

  /** TileVisitor for the upper triangle (pairs j > i) of an i16 self pass. */
  visit = (i0: number, ni: number, j0: number, nj: number, s: Int32Array, o: number, ld: number): void => {
    const { arena, tInt, floorQ, cand, n } = this;
    const count = arena.k.scanTile(o << 2, ni, nj, ld, this.rowOff + i0 * 4, this.colOff + j0 * 4, this.emitOff);
    const em = arena.i32, e0 = this.emitOff >> 2;
    const jEnd = Math.min(j0 + nj, n);
    for (let e = 0; e < count; e++) {
      const p = em[e0 + e];
      const x = (p / ld) | 0;
      const i = i0 + x;
      const c = p - x * ld;
      for (let l = 0; l < SCAN_GROUP; l++) {
        const j = j0 + c + l;
        if (j <= i || j >= jEnd) continue;
        const v = s[o + p + l];
        if (v >= tInt[i]) cand.push(i, j);
        if (v >= floorQ[i]) this.offer(i, j, v);
        if (v >= floorQ[j]) this.offer(j, i, v);
      }
    }
  };
}
