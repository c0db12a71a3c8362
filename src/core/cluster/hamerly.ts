/**
 * Hamerly's bounds (Hamerly 2010): one lower bound per row (distance to the
 * second-closest centre). O(n) memory; a row is re-examined when its upper
 * bound passes max(lower bound, ½·distance from its centre to the nearest
 * other centre). A re-examined row checks only the centres within twice its
 * distance (triangle inequality, via the sorted centre lists), or joins the
 * blocked all-centre pass when those are many.
 */
import type { Ticker } from '../base/index.js';
import { BLOCK_ROWS, dotRows, nearestTwo } from '../kernels/index.js';
import { countWithin, type CentreGeometry } from './centres.js';
import type { LloydState } from './lloyd.js';

export class HamerlyBounds {
  private readonly lower: Float64Array;
  private readonly d1: Float64Array;
  private readonly d2: Float64Array;
  private readonly best: Int32Array;
  private readonly list: Int32Array;
  private readonly scratch: Float64Array;

  constructor(private readonly s: LloydState) {
    this.lower = new Float64Array(s.n);
    this.d1 = new Float64Array(s.n);
    this.d2 = new Float64Array(s.n);
    this.best = new Int32Array(s.n);
    this.list = new Int32Array(s.n);
    this.scratch = new Float64Array(BLOCK_ROWS * s.k);
  }

  /** Initial assignment: every row against every centre (blocked). */
  async init(ticker: Ticker): Promise<void> {
    const { X, dim, n, xNorms, C, cNorms, k, a, upper } = this.s;
    for (let st = 0; st < n; st += BLOCK_ROWS) {
      const p = ticker.tick();
      if (p) await p;
      nearestTwo(X, dim, xNorms, null, st, Math.min(BLOCK_ROWS, n - st), C, cNorms, k, a, this.d1, this.d2, this.scratch);
    }
    for (let i = 0; i < n; i++) {
      upper[i] = Math.sqrt(this.d1[i]);
      this.lower[i] = Math.sqrt(this.d2[i]);
    }
    this.s.recount();
  }

  invalidate = (i: number): void => {
    this.lower[i] = 0;
  };

  /** One reassignment pass after a centre update. Returns the number of rows that changed cluster. */
  async pass(geo: CentreGeometry, ticker: Ticker): Promise<number> {
    const s = this.s;
    const { X, dim, n, k, a, upper, moved, xNorms, C, cNorms } = s;
    const lower = this.lower;
    let top = -1, m1 = 0, m2 = 0;
    for (let j = 0; j < k; j++) {
      if (moved[j] > m1) {
        m2 = m1;
        m1 = moved[j];
        top = j;
      } else if (moved[j] > m2) m2 = moved[j];
    }
    let count = 0, changes = 0;
    const m = k - 1;
    for (let i = 0; i < n; i++) {
      const ai = a[i];
      upper[i] += moved[ai];
      lower[i] -= ai === top ? m2 : m1;
      const bound = geo.half[ai] > lower[i] ? geo.half[ai] : lower[i];
      if (upper[i] <= bound) continue;
      const u = s.dist(i, ai);
      upper[i] = u;
      if (u <= bound) continue;
      const near = countWithin(geo, ai, k, 2 * u);
      if (near * 4 > k) {
        this.list[count++] = i;
        continue;
      }
      let best = ai, bd = u;
      // Centres beyond the first `near` are at least orderDist − u away (triangle inequality).
      let second = near < m ? geo.orderDist[ai * m + near] - u : Infinity;
      for (let t = 0; t < near; t++) {
        const c = geo.order[ai * m + t];
        const d2 = xNorms[i] + cNorms[c] - 2 * dotRows(X, i, C, c, dim);
        const dc = d2 > 0 ? Math.sqrt(d2) : 0;
        if (dc < bd) {
          if (bd < second) second = bd;
          bd = dc;
          best = c;
        } else if (dc < second) second = dc;
      }
      upper[i] = bd;
      lower[i] = second;
      if (best !== ai) {
        s.move(i, ai, best);
        changes++;
      }
    }
    for (let st = 0; st < count; st += BLOCK_ROWS) {
      const p = ticker.tick();
      if (p) await p;
      const cnt = Math.min(BLOCK_ROWS, count - st);
      nearestTwo(X, dim, xNorms, this.list, st, cnt, C, cNorms, k, this.best, this.d1, this.d2, this.scratch);
      for (let r = 0; r < cnt; r++) {
        const i = this.list[st + r];
        const b = this.best[i];
        upper[i] = Math.sqrt(this.d1[i]);
        lower[i] = Math.sqrt(this.d2[i]);
        if (b !== a[i]) {
          s.move(i, a[i], b);
          changes++;
        }
      }
    }
    return changes;
  }
}
