/**
 * Fitting the duplicate rule (dup-rule.ts) to labelled pairs: exhaustive over
 * a (low, margin) grid, and for each grid point the best `high` by one sweep
 * over the pairs sorted by similarity, so the search is exact on `high` and
 * costs O(grid × pairs).
 */
import { DEFAULT_DUPLICATE_RULE, type DuplicateRule } from './dup-rule.js';
import type { VectorSet } from './matrix.js';
import { neighborsAndPairs } from './neighbors.js';
import { searchExact } from './search.js';
import type { RunOptions } from './tiles.js';

/** r_i = similarity of row i to its k-th nearest neighbour among the other rows and the `context` rows. */
export function neighbourhoodReference(vs: VectorSet, context: VectorSet | null, k: number, opts: RunOptions = {}): Float32Array {
  const own = neighborsAndPairs(vs, k, null, { signal: opts.signal, exactTopK: false }).graph;
  const ctx = context && context.n > 0 ? searchExact(context, vs, Math.min(k, context.n), { signal: opts.signal }) : null;
  const ref = new Float32Array(vs.n).fill(-1);
  for (let i = 0; i < vs.n; i++) {
    // Merge the two descending lists up to the k-th element.
    let a = 0, b = 0, last = -1;
    for (let t = 0; t < k; t++) {
      const sa = a < own.k ? 1 - own.distances[i * own.k + a] : -Infinity;
      const sb = ctx && b < ctx.k ? 1 - ctx.distances[i * ctx.k + b] : -Infinity;
      if (sa === -Infinity && sb === -Infinity) break;
      if (sa >= sb) {
        last = sa;
        a++;
      } else {
        last = sb;
        b++;
      }
    }
    ref[i] = last;
  }
  return ref;
}

interface Labelled {
  i: number;
  j: number;
  sim: number;
}

/**
 * Grids, most conservative first so that F1 ties keep the simpler rule:
 * margin Infinity switches the band off (the rule is then a plain threshold),
 * then decreasing margins and decreasing lower bounds.
 */
const LOWS = Array.from({ length: 40 }, (_, x) => 0.98 - 0.02 * x);
const MARGINS = [Infinity, ...Array.from({ length: 26 }, (_, x) => 0.5 - 0.02 * x)];

/** Best rule (max F1) for positives vs negatives given per-row references; ties keep the more conservative rule. */
export function fitRule(pos: Labelled[], neg: Labelled[], ref: Float32Array, k: number): { rule: DuplicateRule; quality: { precision: number; recall: number; f1: number } } {
  const items = [...pos.map((p) => ({ ...p, y: 1 })), ...neg.map((n) => ({ ...n, y: 0 }))].sort((a, b) => b.sim - a.sim);
  const N = items.length;
  const sim = Float64Array.from(items, (it) => it.sim);
  const rel = Float64Array.from(items, (it) => it.sim - (ref[it.i] + ref[it.j]) / 2);
  const y = Uint8Array.from(items, (it) => it.y);
  const nPos = pos.length;
  let best = { f1: -1, low: 1, margin: Infinity, high: 1.0001, tp: 0, fp: 0 };
  for (const margin of MARGINS) {
    for (const low of margin === Infinity ? [1] : LOWS) {
      let tpC = 0, fpC = 0;
      const cond = new Uint8Array(N);
      for (let x = 0; x < N; x++) {
        if (sim[x] >= low && rel[x] >= margin) {
          cond[x] = 1;
          if (y[x]) tpC++;
          else fpC++;
        }
      }
      // Cut before everything: only the band accepts.
      let tp = tpC, fp = fpC;
      const consider = (f1: number, high: number) => {
        if (f1 > best.f1) best = { f1, low, margin, high, tp, fp };
      };
      consider(tp + fp > 0 ? (2 * tp) / (2 * tp + fp + (nPos - tp)) : 0, 1.0001);
      for (let x = 0; x < N; x++) {
        if (!cond[x]) {
          if (y[x]) tp++;
          else fp++;
        }
        if (x + 1 < N && sim[x + 1] === sim[x]) continue;
        const high = x + 1 < N ? (sim[x] + sim[x + 1]) / 2 : sim[x] - 1e-6;
        consider((2 * tp) / (2 * tp + fp + (nPos - tp)), high);
      }
    }
  }
  const high = Math.min(best.high, 1.0001);
  const rule: DuplicateRule = {
    ...DEFAULT_DUPLICATE_RULE,
    k,
    high,
    low: best.margin === Infinity ? high : Math.min(best.low, high),
    margin: best.margin === Infinity ? 2 : best.margin,
    mutual: 0,
  };
  return { rule, quality: { precision: best.tp + best.fp > 0 ? best.tp / (best.tp + best.fp) : 0, recall: best.tp / nPos, f1: best.f1 } };
}
