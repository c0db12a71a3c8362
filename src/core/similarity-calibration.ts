/**
 * `calibrate_similarity`: learn what "similar" means for an archive from
 * example pairs named `<pair id>_<file>` (the cloud API's convention), as a
 * global cosine threshold (max F1 of the pairs against sampled cross-pair
 * negatives) and as the context-aware duplicate rule of dup-rule.ts.
 */
import { ValidationError } from '../errors.js';
import { DEFAULT_DUPLICATE_RULE, type DuplicateRule } from './dup-rule.js';
import type { VectorSet } from './matrix.js';
import { Rng } from './random.js';
import { fitRule, hardNegatives, neighbourhoodReference } from './rule-fit.js';
import type { RunOptions } from './tiles.js';
import { checkInt, checkSameDim, checkVectorSet } from './vector-checks.js';

/** Nearest items of other pairs added per item as hard negatives for the rule fit. */
export const HARD_NEGATIVES_PER_ITEM = 5;

/** The cloud API's limits on a similarity dataset. */
export const MIN_CALIBRATION_PAIRS = 200;
export const MAX_CALIBRATION_PAIRS = 10000;

/** Row pairs from names `<id>_<rest>`: exactly two names per id. Throws ValidationError listing offending examples. */
export function parsePairNames(names: readonly string[], field = 'names'): [number, number][] {
  if (!Array.isArray(names)) throw new ValidationError(field, 'array of strings');
  const bad: string[] = [];
  const groups = new Map<string, number[]>();
  names.forEach((name, i) => {
    const m = typeof name === 'string' ? /^([^_]+)_(.+)$/.exec(name) : null;
    if (!m) {
      bad.push(JSON.stringify(name));
      return;
    }
    const g = groups.get(m[1]);
    if (g) g.push(i);
    else groups.set(m[1], [i]);
  });
  if (bad.length) {
    throw new ValidationError(field, 'each name is <pair id>_<file name>', `${field}: each name must be <pair id>_<file name>, e.g. 1_a.jpg 1_b.jpg; malformed: ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ` and ${bad.length - 5} more` : ''}`);
  }
  const wrong = [...groups].filter(([, g]) => g.length !== 2);
  if (wrong.length) {
    const ex = wrong.slice(0, 5).map(([id, g]) => `${id}: ${g.map((i) => names[i]).join(', ')}`);
    throw new ValidationError(field, 'exactly 2 files per pair id', `${field}: exactly 2 files per pair id; offending ids: ${ex.join('; ')}${wrong.length > 5 ? ` and ${wrong.length - 5} more` : ''}`);
  }
  const pairs = [...groups.values()].map((g) => [g[0], g[1]] as [number, number]);
  if (pairs.length < MIN_CALIBRATION_PAIRS || pairs.length > MAX_CALIBRATION_PAIRS) {
    throw new ValidationError(field, `between ${MIN_CALIBRATION_PAIRS} and ${MAX_CALIBRATION_PAIRS} pairs`, `${field}: between ${MIN_CALIBRATION_PAIRS} and ${MAX_CALIBRATION_PAIRS} pairs, got ${pairs.length}`);
  }
  return pairs;
}

/** Quality of a threshold decision. */
export interface ThresholdFit {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Threshold maximising F1 of `positives` against `negatives` (accept ⇔ score ≥ threshold).
 * The threshold is the midpoint between the lowest accepted and the highest
 * rejected score, the choice that generalises best between the samples.
 */
export function fitThreshold(positives: ArrayLike<number>, negatives: ArrayLike<number>): ThresholdFit {
  const nPos = positives.length;
  if (nPos === 0) throw new ValidationError('positives', 'at least one score');
  const all = new Float64Array(nPos + negatives.length);
  const lab = new Uint8Array(all.length);
  for (let i = 0; i < nPos; i++) all[i] = positives[i];
  for (let i = 0; i < negatives.length; i++) all[nPos + i] = negatives[i];
  lab.fill(1, 0, nPos);
  const order = Array.from(all.keys()).sort((a, b) => all[b] - all[a]);
  let tp = 0, fp = 0;
  let best = { f1: -1, at: -1, tp: 0, fp: 0 };
  for (let x = 0; x < order.length; x++) {
    if (lab[order[x]]) tp++;
    else fp++;
    // Only cut between distinct scores.
    if (x + 1 < order.length && all[order[x + 1]] === all[order[x]]) continue;
    const f1 = (2 * tp) / (2 * tp + fp + (nPos - tp));
    if (f1 > best.f1) best = { f1, at: x, tp, fp };
  }
  const lo = all[order[best.at]];
  const hi = best.at + 1 < order.length ? all[order[best.at + 1]] : lo - 1e-6;
  return { threshold: (lo + hi) / 2, precision: best.tp / (best.tp + best.fp), recall: best.tp / nPos, f1: best.f1 };
}

export interface CalibrationOptions extends RunOptions {
  /** Seed of the negative sampling. @defaultValue 1 */
  seed?: number;
  /** Negatives sampled per positive pair (capped by the number of cross-pair combinations). @defaultValue 10 */
  negativesPerPair?: number;
  /** Archive vectors giving the neighbourhood context of the rule (what the rule will see at index time). @defaultValue none: the calibration set alone */
  context?: VectorSet | null;
  /** Neighbourhood size k of the rule. @defaultValue DEFAULT_DUPLICATE_RULE.k */
  k?: number;
  /**
   * 'stricter': the fitted rule may only be stricter than DEFAULT_DUPLICATE_RULE
   * (high, low, margin each ≥ the default's); 'free': any rule. Calibration
   * pairs cannot show how crowded an archive is, and the engine's quality
   * benchmark measured a free fit at F1 0.29 against 0.966 for the defaults,
   * hence the safe default.
   * @defaultValue 'stricter'
   */
  ruleBounds?: 'stricter' | 'free';
}

export interface SimilarityCalibration extends ThresholdFit {
  nrPairs: number;
  nrNegatives: number;
  /** The context-aware rule fitted on the same pairs. */
  rule: DuplicateRule;
  /** In-sample precision/recall/F1 of the rule on the positives vs random and hard negatives. */
  ruleFit: { precision: number; recall: number; f1: number };
}

/**
 * Fit the similarity threshold and the duplicate rule from named pairs.
 * `vectors` row i belongs to `names[i]`; rows should be L2-normalised.
 *
 * @throws ValidationError naming `names` (malformed names, not 2 per id, pair count outside 200–10000) or `vectors`.
 * @throws CancelledError when `options.signal` aborts (rejects mid-call).
 */
export async function calibrateSimilarity(vectors: VectorSet, names: readonly string[], options: CalibrationOptions = {}): Promise<SimilarityCalibration> {
  checkVectorSet(vectors, 'vectors');
  if (!Array.isArray(names) || vectors.n !== names.length) throw new ValidationError('vectors', 'one row per name');
  const pairs = parsePairNames(names);
  const seed = options.seed ?? 1;
  const perPair = options.negativesPerPair ?? 10;
  checkInt(perPair, 'negativesPerPair', 1, 1000);
  const k = options.k ?? DEFAULT_DUPLICATE_RULE.k;
  checkInt(k, 'k', 1, 1000);
  if (options.context) {
    checkVectorSet(options.context, 'context');
    checkSameDim(options.context, vectors, 'context');
  }
  const P = pairs.length;
  const dot = (i: number, j: number) => {
    let s = 0;
    const { data, dim } = vectors;
    for (let d = 0; d < dim; d++) s += data[i * dim + d] * data[j * dim + d];
    return s;
  };
  const pos = pairs.map(([i, j]) => ({ i, j, sim: dot(i, j) }));
  // Cross-pair negatives: one member of each of two different pairs, distinct combinations.
  const rng = new Rng(seed);
  const wanted = Math.min(perPair * P, 2 * P * (P - 1));
  const seen = new Set<number>();
  const neg: { i: number; j: number; sim: number }[] = [];
  for (let tries = 0; neg.length < wanted && tries < wanted * 20; tries++) {
    const p = rng.int(P);
    let q = rng.int(P - 1);
    if (q >= p) q++;
    const i = pairs[p][rng.int(2)], j = pairs[q][rng.int(2)];
    const key = Math.min(i, j) * names.length + Math.max(i, j);
    if (seen.has(key)) continue;
    seen.add(key);
    neg.push({ i, j, sim: dot(i, j) });
  }
  const fit = fitThreshold(pos.map((p) => p.sim), neg.map((n) => n.sim));
  const ref = await neighbourhoodReference(vectors, options.context ?? null, k, options);
  // The rule also sees each item's nearest items of other pairs (hard negatives), which random
  // cross-pair sampling almost never draws and an archive is full of.
  const partner = new Int32Array(names.length).fill(-1);
  for (const [i, j] of pairs) [partner[i], partner[j]] = [j, i];
  const seenNeg = new Set(neg.map((x) => Math.min(x.i, x.j) * names.length + Math.max(x.i, x.j)));
  const hard = (await hardNegatives(vectors, partner, HARD_NEGATIVES_PER_ITEM, options)).filter((x) => !seenNeg.has(x.i * names.length + x.j));
  const bounds = options.ruleBounds ?? 'stricter';
  if (bounds !== 'stricter' && bounds !== 'free') throw new ValidationError('ruleBounds', "'stricter' or 'free'");
  const { rule, quality } = fitRule(pos, [...neg, ...hard], ref, k, bounds === 'stricter' ? { ...DEFAULT_DUPLICATE_RULE, k } : null);
  return { ...fit, nrPairs: P, nrNegatives: neg.length, rule, ruleFit: quality };
}
