/**
 * The similarity dataset of `calibrate_similarity`: pairs named
 * `<pair id>_<file>` (the cloud API's convention and limits), and the plain
 * max-F1 threshold between pair and non-pair similarities.
 */
import { ValidationError } from '../../contract/errors.js';

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

