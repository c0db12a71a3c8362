/**
 * Label errors by confident learning (Northcutt et al., 2021): with
 * out-of-sample probabilities from cross-validation, each label gets a
 * threshold, the average probability its own examples receive. An example is
 * a likely error when it is confidently another label (at or above that
 * label's threshold, the most probable such label) and not its own.
 * Ranked by the margin of the suggested label over the given one.
 */
export interface LabelErrorFinding {
  /** Row indices of likely errors, most likely first, with the suggested class. */
  issues: { row: number; given: number; suggested: number; givenProbability: number; suggestedProbability: number }[];
  /** Per class, the threshold (mean self-probability of its rows). */
  thresholds: number[];
}

/**
 * @param probs row-major n × c out-of-fold probabilities
 * @param given the given class of each row
 */
export function findLabelErrors(probs: ArrayLike<number>, given: ArrayLike<number>, c: number): LabelErrorFinding {
  const n = given.length;
  const sum = new Float64Array(c);
  const cnt = new Float64Array(c);
  for (let i = 0; i < n; i++) {
    sum[given[i]] += probs[i * c + given[i]];
    cnt[given[i]]++;
  }
  // A class with no rows can never be confidently suggested.
  const thresholds = Array.from(sum, (s, j) => (cnt[j] > 0 ? s / cnt[j] : Infinity));
  const issues: LabelErrorFinding['issues'] = [];
  for (let i = 0; i < n; i++) {
    let best = -1;
    for (let j = 0; j < c; j++) {
      const p = probs[i * c + j];
      if (p >= thresholds[j] && (best < 0 || p > probs[i * c + best])) best = j;
    }
    if (best < 0 || best === given[i]) continue;
    issues.push({ row: i, given: given[i], suggested: best, givenProbability: probs[i * c + given[i]], suggestedProbability: probs[i * c + best] });
  }
  issues.sort((a, b) => b.suggestedProbability - b.givenProbability - (a.suggestedProbability - a.givenProbability) || a.row - b.row);
  return { issues, thresholds };
}
