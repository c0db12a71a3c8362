/**
 * Fitting the duplicate rule (dup-rule.ts) to labelled pairs: exhaustive over
 * a (low, margin) grid, and for each grid point the best `high` by one sweep
 * over the pairs sorted by similarity, so the search is exact on `high` and
 * costs O(grid × pairs).
 *
 * Two guards against a rule that looks good on the calibration pairs but is
 * too permissive on a real archive (where negatives outnumber positives by
 * orders of magnitude): hard negatives (each item's nearest items of other
 * pairs, see {@link hardNegatives}) join the random ones, and among the grid
 * points within F1_TOLERANCE of the best the most conservative one wins.
 */
import { DEFAULT_DUPLICATE_RULE, type DuplicateRule } from './dup-rule.js';
import type { VectorSet } from './matrix.js';
import { neighborsAndPairs } from './neighbors.js';
import { searchExact } from './search.js';
import type { RunOptions } from './tiles.js';

/** F1 within this of the best counts as a tie; ties go to the more conservative rule. */
export const F1_TOLERANCE = 0.002;
/** The fitted `high` never exceeds this: near-identical embeddings are duplicates whatever the calibration pairs show. */
export const MAX_FITTED_HIGH = 0.98;

/**
 * Hard negatives: for every row, its `m` nearest rows that are not its pair
 * partner (`partner[i]`), as deduplicated (i < j) pairs with exact similarity.
 * By the naming convention rows of different pairs are distinct items, and
 * these are the distinct items most likely to be mistaken for duplicates.
 */
export async function hardNegatives(vs: VectorSet, partner: Int32Array, m: number, opts: RunOptions = {}): Promise<{ i: number; j: number; sim: number }[]> {
  const g = (await neighborsAndPairs(vs, Math.min(m + 1, Math.max(0, vs.n - 1)), null, { signal: opts.signal })).graph;
  const seen = new Set<number>();
  const out: { i: number; j: number; sim: number }[] = [];
  for (let i = 0; i < vs.n; i++) {
    let taken = 0;
    for (let t = 0; t < g.k && taken < m; t++) {
      const j = g.indices[i * g.k + t];
      if (j === partner[i]) continue;
      taken++;
      const key = Math.min(i, j) * vs.n + Math.max(i, j);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ i: Math.min(i, j), j: Math.max(i, j), sim: 1 - g.distances[i * g.k + t] });
    }
  }
  return out;
}

/** r_i = similarity of row i to its k-th nearest neighbour among the other rows and the `context` rows. */
export async function neighbourhoodReference(vs: VectorSet, context: VectorSet | null, k: number, opts: RunOptions = {}): Promise<Float32Array> {
  const own = (await neighborsAndPairs(vs, k, null, { signal: opts.signal, exactTopK: false })).graph;
  const ctx = context && context.n > 0 ? await searchExact(context, vs, Math.min(k, context.n), { signal: opts.signal }) : null;
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

/**
 * Most conservative rule whose F1 (positives vs negatives, given per-row
 * references) is within F1_TOLERANCE of the best, searched only among rules
 * at least as strict as `floor` (each of high, low, margin ≥ floor's) when
 * one is given.
 */
export function fitRule(pos: Labelled[], neg: Labelled[], ref: Float32Array, k: number, floor: DuplicateRule | null = null): { rule: DuplicateRule; quality: { precision: number; recall: number; f1: number } } {
  const items = [...pos.map((p) => ({ ...p, y: 1 })), ...neg.map((n) => ({ ...n, y: 0 }))].sort((a, b) => b.sim - a.sim);
  const N = items.length;
  const sim = Float64Array.from(items, (it) => it.sim);
  const rel = Float64Array.from(items, (it) => it.sim - (ref[it.i] + ref[it.j]) / 2);
  const y = Uint8Array.from(items, (it) => it.y);
  const nPos = pos.length;
  type Cand = { f1: number; low: number; margin: number; high: number; tp: number; fp: number };
  // Best `high` per grid point, in grid order (most conservative first).
  const perPoint: Cand[] = [];
  const minHigh = floor ? floor.high : -Infinity;
  for (const margin of MARGINS.filter((m) => !floor || m >= floor.margin - 1e-9)) {
    for (const low of margin === Infinity ? [1] : LOWS.filter((l) => !floor || l >= floor.low - 1e-9)) {
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
      let best: Cand = { f1: -1, low, margin, high: 1.0001, tp: 0, fp: 0 };
      // Ties on F1 keep the higher `high` (seen first: the sweep goes down).
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
        // The sweep goes down in `high`: past the floor nothing more is allowed.
        if (high < minHigh) break;
        consider((2 * tp) / (2 * tp + fp + (nPos - tp)), high);
      }
      perPoint.push(best);
    }
  }
  const top = Math.max(...perPoint.map((c) => c.f1));
  const best = perPoint.find((c) => c.f1 >= top - F1_TOLERANCE)!;
  const high = Math.min(best.high, MAX_FITTED_HIGH);
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
