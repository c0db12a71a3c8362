/**
 * Fitting the duplicate rule (dedupe/rule.ts) to labelled pairs: exhaustive over
 * a (low, margin) grid, and for each grid point the best `high` by one sweep
 * over the pairs sorted by similarity, so the search is exact on `high` and
 * costs O(grid × pairs).
 *
 * The caller supplies the negatives (random, hard and archive ones: see
 * calibration-negatives.ts) and the bounds; F1 differences within
 * {@link f1Tolerance} are ties, and ties keep the prior or go to the tying
 * rule nearest to it, so a fit moves the rule only as far as the pairs demand.
 */
import { DEFAULT_DUPLICATE_RULE, type DuplicateRule } from '../dedupe/index.js';
import type { LabelledPair } from './negatives.js';
import type { VectorSet } from '../base/index.js';
import { neighborsAndPairs } from '../search/index.js';
import type { SearchResult } from '../search/index.js';
import type { RunOptions } from '../base/index.js';

/** F1 within this of the best counts as a tie. */
export const F1_TOLERANCE = 0.002;

/** F1 differences below this are noise for `nPos` positive pairs: F1_TOLERANCE, or one pair's worth (0.005 with 200 pairs). */
export function f1Tolerance(nPos: number): number {
  return Math.max(F1_TOLERANCE, 1 / nPos);
}
/** The fitted `high` never exceeds this: near-identical embeddings are duplicates whatever the calibration pairs show. */
export const MAX_FITTED_HIGH = 0.98;

/**
 * r_i = similarity of row i to its k-th nearest neighbour among the other rows
 * and the context rows; `ctx` is each row's nearest context rows, best first
 * (a search of the context with the rows as queries, at least k deep where
 * the context has k rows), or null without context.
 */
export async function neighbourhoodReference(vs: VectorSet, ctx: SearchResult | null, k: number, opts: RunOptions = {}): Promise<Float32Array> {
  const own = (await neighborsAndPairs(vs, k, null, { signal: opts.signal, exactTopK: false })).graph;
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

/** Where the fit may search (each of high, low, margin between floor's and ceiling's) and the rule it stays close to. */
export interface RuleBounds {
  /** Only rules at least this strict. @defaultValue none */
  floor?: DuplicateRule | null;
  /** Only rules at most this strict. @defaultValue none */
  ceiling?: DuplicateRule | null;
  /** Kept when its F1 ties the best; otherwise the nearest tying rule wins. @defaultValue DEFAULT_DUPLICATE_RULE */
  prior?: DuplicateRule | null;
}

/**
 * Grids, most conservative first so that F1 ties keep the simpler rule:
 * margin Infinity switches the band off (the rule is then a plain threshold),
 * then decreasing margins and decreasing lower bounds.
 */
const LOWS = Array.from({ length: 40 }, (_, x) => 0.98 - 0.02 * x);
const MARGINS = [Infinity, ...Array.from({ length: 26 }, (_, x) => 0.5 - 0.02 * x)];

/**
 * Best rule for the labelled pairs (F1, given per-row references) within
 * `bounds`. F1 differences below max(F1_TOLERANCE, one positive pair) are
 * noise: the prior is kept when it ties the best, otherwise the tying rule
 * nearest to it wins, so calibration moves the rule only as far as the pairs
 * demand.
 */
export function fitRule(pos: LabelledPair[], neg: LabelledPair[], ref: Float32Array, k: number, bounds: RuleBounds = {}): { rule: DuplicateRule; quality: { precision: number; recall: number; f1: number }; moved: boolean } {
  const { floor = null, ceiling = null, prior = null } = bounds;
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
  const inside = (v: number, field: 'low' | 'margin') => (!floor || v >= floor[field] - 1e-9) && (!ceiling || v <= ceiling[field] + 1e-9);
  const maxHigh = ceiling ? ceiling.high : Infinity;
  for (const margin of MARGINS.filter((m) => inside(m, 'margin'))) {
    for (const low of margin === Infinity ? [1] : LOWS.filter((l) => inside(l, 'low'))) {
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
      if (maxHigh > 1) consider(tp + fp > 0 ? (2 * tp) / (2 * tp + fp + (nPos - tp)) : 0, 1.0001);
      for (let x = 0; x < N; x++) {
        if (!cond[x]) {
          if (y[x]) tp++;
          else fp++;
        }
        if (x + 1 < N && sim[x + 1] === sim[x]) continue;
        const high = x + 1 < N ? (sim[x] + sim[x + 1]) / 2 : sim[x] - 1e-6;
        // The sweep goes down in `high`: past the floor nothing more is allowed.
        if (high < minHigh) break;
        if (high > maxHigh) continue;
        consider((2 * tp) / (2 * tp + fp + (nPos - tp)), high);
      }
      perPoint.push(best);
    }
  }
  const top = Math.max(...perPoint.map((c) => c.f1));
  const tol = f1Tolerance(nPos);
  const pr = prior ?? { ...DEFAULT_DUPLICATE_RULE, k };
  const priorQ = ruleQuality(pr, sim, rel, y, nPos);
  if (priorQ.f1 >= top - tol) return { rule: { ...pr, k }, quality: priorQ, moved: false };
  // Among near-best rules, the one closest to the prior: calibration moves the rule only as far as the pairs demand.
  const dist = (c: Cand) => Math.abs(Math.min(c.high, MAX_FITTED_HIGH) - pr.high) + Math.abs((c.margin === Infinity ? c.high : c.low) - pr.low) + Math.abs((c.margin === Infinity ? 1 : c.margin) - pr.margin);
  const best = perPoint.filter((c) => c.f1 >= top - tol).sort((a, b) => dist(a) - dist(b))[0];
  const high = Math.min(best.high, MAX_FITTED_HIGH);
  const rule: DuplicateRule = {
    ...DEFAULT_DUPLICATE_RULE,
    floor: pr.floor,
    k,
    high,
    low: best.margin === Infinity ? high : Math.min(best.low, high),
    margin: best.margin === Infinity ? 2 : best.margin,
    mutual: 0,
  };
  return { rule, quality: { precision: best.tp + best.fp > 0 ? best.tp / (best.tp + best.fp) : 0, recall: best.tp / nPos, f1: best.f1 }, moved: true };
}

/** In-sample precision/recall/F1 of one rule over pairs given as parallel arrays. */
function ruleQuality(r: DuplicateRule, sim: Float64Array, rel: Float64Array, y: Uint8Array, nPos: number): { precision: number; recall: number; f1: number } {
  let tp = 0, fp = 0;
  for (let x = 0; x < sim.length; x++) {
    const acc = sim[x] >= r.high || (sim[x] >= r.low && rel[x] >= r.margin);
    if (!acc) continue;
    if (y[x]) tp++;
    else fp++;
  }
  return { precision: tp + fp > 0 ? tp / (tp + fp) : 0, recall: tp / nPos, f1: (2 * tp) / (2 * tp + fp + (nPos - tp)) };
}

/** In-sample precision/recall/F1 of `rule` on labelled pairs, with per-row references `ref`. */
export function evaluateRule(rule: DuplicateRule, pos: LabelledPair[], neg: LabelledPair[], ref: Float32Array): { precision: number; recall: number; f1: number } {
  const all = [...pos, ...neg];
  return ruleQuality(
    rule,
    Float64Array.from(all, (p) => p.sim),
    Float64Array.from(all, (p) => p.sim - (ref[p.i] + ref[p.j]) / 2),
    Uint8Array.from(all, (_, x) => (x < pos.length ? 1 : 0)),
    pos.length,
  );
}
