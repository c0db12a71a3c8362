/**
 * Threshold refinement from a person's answers: show a handful of pairs near
 * the current threshold ({@link pairsNearThreshold}), ask "same or not
 * same?", and move the threshold ({@link calibrateFromAnswers}).
 *
 * With 3–20 answers a free logistic fit is ill-posed (separable answers send
 * the slope to infinity), so the fit is a MAP estimate of the threshold t
 * only: p(same | s) = σ(slope·(s − t)) with a fixed slope and a Gaussian
 * prior on t centred at the current threshold. The log-posterior is concave
 * in t, so its derivative has one root, found by bisection. With consistent answers
 * t lands between the closest disagreeing answers, pulled toward the prior
 * in proportion to how few answers there are.
 */
import { ValidationError } from '../../contract/errors.js';
import { checkInt, checkNumber } from '../base/index.js';

export interface SimilarityAnswer {
  /** Cosine similarity of the pair shown. */
  similarity: number;
  /** The person's answer: the two are the same (redundant). */
  same: boolean;
}

export interface ThresholdPrior {
  /** Current threshold (centre of the prior). */
  threshold: number;
  /** Prior standard deviation of the threshold. @defaultValue 0.05 */
  sd?: number;
  /** Logistic slope per unit of cosine similarity: 40 puts p = 0.27…0.73 within ±0.025 of t. @defaultValue 40 */
  slope?: number;
}

export interface AnswerFit {
  threshold: number;
  nrAnswers: number;
  /** Fraction of answers on the side of the new threshold they voted for. */
  agreement: number;
}

/**
 * MAP threshold from answers (see module doc).
 * @throws ValidationError for non-finite similarities, missing `same`, or prior fields out of range.
 */
export function calibrateFromAnswers(answers: readonly SimilarityAnswer[], prior: ThresholdPrior): AnswerFit {
  if (!Array.isArray(answers)) throw new ValidationError('answers', 'array of {similarity, same}');
  answers.forEach((a, i) => {
    checkNumber(a?.similarity, `answers[${i}].similarity`, -1.0001, 1.0001);
    if (typeof a.same !== 'boolean') throw new ValidationError(`answers[${i}].same`, 'boolean');
  });
  checkNumber(prior?.threshold, 'prior.threshold', -1, 1.0001);
  const sd = prior.sd ?? 0.05;
  const slope = prior.slope ?? 40;
  checkNumber(sd, 'prior.sd', 1e-6, 10);
  checkNumber(slope, 'prior.slope', 1e-3, 1e4);
  const t0 = prior.threshold;
  // d/dt of the log-posterior; strictly decreasing (concave posterior), so bisection finds its root.
  const grad = (t: number) => {
    let g = -(t - t0) / (sd * sd);
    for (const a of answers) {
      const y = a.same ? 1 : -1;
      const p = 1 / (1 + Math.exp(-y * slope * (a.similarity - t)));
      g -= (1 - p) * y * slope;
    }
    return g;
  };
  let lo = -2, hi = 2;
  for (let it = 0; it < 80; it++) {
    const mid = (lo + hi) / 2;
    if (grad(mid) > 0) lo = mid;
    else hi = mid;
  }
  const t = (lo + hi) / 2;
  const agree = answers.filter((a) => (a.similarity >= t) === a.same).length;
  return { threshold: t, nrAnswers: answers.length, agreement: answers.length ? agree / answers.length : 1 };
}

/** A candidate pair to ask about. */
export interface CandidatePair {
  a: number;
  b: number;
  sim: number;
}

/**
 * Up to `count` pairs to ask about: the closest to `threshold`, alternating
 * above and below it (so answers bracket the boundary), each item used at
 * most once (so one odd image does not dominate). Returns positions in `pairs`.
 * @throws ValidationError for a non-finite threshold or count not an int >= 1.
 */
export function pairsNearThreshold(pairs: { a: ArrayLike<number>; b: ArrayLike<number>; sim: ArrayLike<number> }, threshold: number, count: number): number[] {
  checkNumber(threshold, 'threshold', -1, 1.0001);
  checkInt(count, 'count', 1);
  if (pairs.a.length !== pairs.b.length || pairs.a.length !== pairs.sim.length) throw new ValidationError('pairs', 'a, b and sim of equal length');
  const n = pairs.sim.length;
  const above: number[] = [], below: number[] = [];
  for (let x = 0; x < n; x++) (pairs.sim[x] >= threshold ? above : below).push(x);
  const dist = (x: number) => Math.abs(pairs.sim[x] - threshold);
  above.sort((x, y) => dist(x) - dist(y) || x - y);
  below.sort((x, y) => dist(x) - dist(y) || x - y);
  const used = new Set<number>();
  const out: number[] = [];
  let ia = 0, ib = 0;
  for (let turn = 0; out.length < count && (ia < above.length || ib < below.length); turn++) {
    const fromAbove = (turn % 2 === 0 && ia < above.length) || ib >= below.length;
    const list = fromAbove ? above : below;
    let idx = fromAbove ? ia : ib;
    while (idx < list.length && (used.has(pairs.a[list[idx]]) || used.has(pairs.b[list[idx]]))) idx++;
    if (idx < list.length) {
      const x = list[idx];
      out.push(x);
      used.add(pairs.a[x]);
      used.add(pairs.b[x]);
      idx++;
    }
    if (fromAbove) ia = idx;
    else ib = idx;
  }
  return out;
}
