/**
 * `calibrate_similarity`: learn what "similar" means for an archive from
 * example pairs named `<pair id>_<file>` (the cloud API's convention), as a
 * global cosine threshold (max F1 of the pairs against sampled cross-pair
 * negatives) and as the context-aware duplicate rule of dedupe/rule.ts.
 */
import { ValidationError } from '../../contract/errors.js';
import { fitThreshold, parsePairNames, type ThresholdFit } from './pairs.js';
import { DEFAULT_DUPLICATE_RULE, type DuplicateRule } from '../dedupe/index.js';
import type { VectorSet } from '../base/index.js';
import { Rng } from '../base/index.js';
import { archiveNegatives, hardNegatives, itemComponents, type LabelledPair } from './negatives.js';
import { evaluateRule, f1Tolerance, fitRule, neighbourhoodReference } from './rule-fit.js';
import { guardLooserRule, type GuardReport } from './rule-guard.js';
import { searchExact } from '../search/index.js';
import type { RunOptions } from '../base/index.js';
import { checkInt, checkNumber, checkSameDim, checkVectorSet } from '../base/index.js';

/** Nearest items of other pairs added per item as hard negatives for the rule fit. */
export const HARD_NEGATIVES_PER_ITEM = 5;

export { fitThreshold, MAX_CALIBRATION_PAIRS, MIN_CALIBRATION_PAIRS, parsePairNames, type ThresholdFit } from './pairs.js';

export interface CalibrationOptions extends RunOptions {
  /** Seed of the negative sampling. @defaultValue 1 */
  seed?: number;
  /** Negatives sampled per positive pair (capped by the number of cross-pair combinations). @defaultValue 10 */
  negativesPerPair?: number;
  /** Archive vectors giving the neighbourhood context of the rule (what the rule will see at index time). @defaultValue none: the calibration set alone */
  context?: VectorSet | null;
  /** Neighbourhood size k of the rule. @defaultValue DEFAULT_DUPLICATE_RULE.k */
  k?: number;
  /** Least neighbourhood reference of the rule (DuplicateRule.floor; -1 = none). @defaultValue DEFAULT_DUPLICATE_RULE.floor */
  floor?: number;
  /**
   * How far the fitted rule may move from DEFAULT_DUPLICATE_RULE.
   * - 'stricter': only stricter (high, low, margin each ≥ the default's).
   * - 'guarded': looser too, when the looser rule fits the pairs clearly
   *   better (F1 beyond the tie tolerance), keeps the in-sample precision
   *   against hard negatives from the archive within PRECISION_SLACK of the
   *   default's, and passes the archive guard (rule-guard.ts); needs `context`
   *   with at least GUARDED_MIN_CONTEXT rows, otherwise it acts as 'stricter'.
   * - 'free': any rule (for experiments: calibration pairs cannot show how
   *   crowded an archive is; an unguarded fit cut F1 from 0.97 to 0.29 in
   *   bench:quality).
   * @defaultValue 'guarded'
   */
  ruleBounds?: 'stricter' | 'guarded' | 'free';
}

export interface SimilarityCalibration extends ThresholdFit {
  nrPairs: number;
  nrNegatives: number;
  /** The context-aware rule fitted on the same pairs. */
  rule: DuplicateRule;
  /** In-sample precision/recall/F1 of the rule on the positives vs random and hard negatives. */
  ruleFit: { precision: number; recall: number; f1: number };
  /** Whether the rule is looser than the default somewhere (only under 'guarded' or 'free'). */
  loosened: boolean;
  /** Under 'guarded', when a looser rule was considered: what the archive guard saw and why it was kept or refused. */
  guard?: GuardReport & { candidate_rule: DuplicateRule; precision: { prior: number; candidate: number } };
}

/** Hard negatives taken from the archive per calibration row under 'guarded'. */
export const ARCHIVE_NEGATIVES_PER_ITEM = 5;
/** 'guarded' needs at least this many archive rows to judge a looser rule. */
export const GUARDED_MIN_CONTEXT = 50;
/** A looser rule may cost at most this much in-sample precision against the default. */
export const PRECISION_SLACK = 0.1;

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
  const floor = options.floor ?? DEFAULT_DUPLICATE_RULE.floor;
  checkNumber(floor, 'floor', -1, 1);
  const bounds = options.ruleBounds ?? 'guarded';
  if (bounds !== 'stricter' && bounds !== 'guarded' && bounds !== 'free') throw new ValidationError('ruleBounds', "'stricter', 'guarded' or 'free'");
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
  const component = await itemComponents(vectors, pairs, { signal: options.signal });
  // Cross-pair negatives: one member of each of two different pairs showing different items.
  const rng = new Rng(seed);
  const wanted = Math.min(perPair * P, 2 * P * (P - 1));
  const seen = new Set<number>();
  const neg: LabelledPair[] = [];
  for (let tries = 0; neg.length < wanted && tries < wanted * 20; tries++) {
    const p = rng.int(P);
    let q = rng.int(P - 1);
    if (q >= p) q++;
    const i = pairs[p][rng.int(2)], j = pairs[q][rng.int(2)];
    const key = Math.min(i, j) * names.length + Math.max(i, j);
    if (seen.has(key) || component[i] === component[j]) continue;
    seen.add(key);
    neg.push({ i, j, sim: dot(i, j) });
  }
  const fit = fitThreshold(pos.map((p) => p.sim), neg.map((n) => n.sim));
  const context = options.context && options.context.n > 0 ? options.context : null;
  // Inner steps get the signal only; progress is reported here, per step, so it never goes back.
  const inner = { signal: options.signal };
  const progress = options.onProgress ?? (() => undefined);
  progress(0.1);
  // The calibration rows' nearest archive rows, searched once: the rule's context and the archive negatives.
  const near = context ? await searchExact(context, vectors, Math.min(Math.max(k, ARCHIVE_NEGATIVES_PER_ITEM), context.n), inner) : null;
  // Fitted on the references the rule will see (at least `floor`, as nearDuplicates applies them).
  const ref = (await neighbourhoodReference(vectors, near, k, inner)).map((r) => Math.max(r, floor));
  // The rule also sees each item's nearest items of other pairs (hard negatives), which random
  // cross-pair sampling almost never draws and an archive is full of.
  const hard = (await hardNegatives(vectors, component, HARD_NEGATIVES_PER_ITEM, inner)).filter((x) => !seen.has(x.i * names.length + x.j));
  const prior: DuplicateRule = { ...DEFAULT_DUPLICATE_RULE, k, floor };
  const result = (r: ReturnType<typeof fitRule>, extra: Partial<SimilarityCalibration> = {}): SimilarityCalibration => {
    progress(1);
    return { ...fit, nrPairs: P, nrNegatives: neg.length, rule: r.rule, ruleFit: r.quality, loosened: isLooser(r.rule, prior), ...extra };
  };
  progress(0.4);
  if (bounds === 'free') return result(fitRule(pos, [...neg, ...hard], ref, k, { prior }));
  const strict = fitRule(pos, [...neg, ...hard], ref, k, { floor: prior, prior });
  if (bounds === 'stricter' || !context || context.n < GUARDED_MIN_CONTEXT) return result(strict);
  // Guarded: judge every rule also on the archive items nearest to the calibration items.
  const arch = await archiveNegatives(vectors, context, near!, ARCHIVE_NEGATIVES_PER_ITEM, k, inner);
  progress(0.6);
  const refAll = new Float32Array(vectors.n + context.n).fill(-1);
  refAll.set(ref);
  for (const [row, r] of arch.reference) refAll[row] = Math.max(r, floor);
  const negatives = [...neg, ...hard, ...arch.negatives];
  // Only rules looser everywhere (so recall can only rise) or stricter everywhere: never a mix.
  const loose = fitRule(pos, negatives, refAll, k, { ceiling: prior, prior });
  // Archive neighbours may be unlabelled duplicates of calibration items, so they only ever argue against loosening.
  const strictAll = evaluateRule(strict.rule, pos, negatives, refAll);
  if (!isLooser(loose.rule, prior) || loose.quality.f1 <= strictAll.f1 + f1Tolerance(P)) return result(strict);
  const priorQ = evaluateRule(prior, pos, negatives, refAll);
  progress(0.7);
  const report = await guardLooserRule(context, prior, loose.rule, inner);
  const guard = { ...report, candidate_rule: loose.rule, precision: { prior: priorQ.precision, candidate: loose.quality.precision } };
  guard.passed = report.passed && loose.quality.precision >= priorQ.precision - PRECISION_SLACK;
  return guard.passed ? result(loose, { guard }) : result(strict, { guard });
}

/** Whether `r` accepts some pair that `prior` rejects (a lower high, low or margin). */
function isLooser(r: DuplicateRule, prior: DuplicateRule): boolean {
  return r.high < prior.high - 1e-9 || (r.low < prior.low - 1e-9 && r.margin < 2) || (r.margin < prior.margin - 1e-9 && r.low < r.high);
}
