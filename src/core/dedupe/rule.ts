/**
 * The near-duplicate decision rule. One global cosine threshold cannot
 * separate near-duplicates from distinct-but-similar images: a rotated or
 * 60 %-cropped copy can sit below the similarity of two different emoji in
 * the same style. What separates them is context — a copy stands out from
 * everything else around its original, while similar distinct items sit in
 * a crowd. So in the band [low, high) a pair must also stand out from both
 * items' neighbourhoods (density-normalised similarity, CSLS-style):
 *
 *   duplicate(i, j) ⇔ cos ≥ high
 *                    ∨ (cos ≥ low ∧ cos − (r_i + r_j)/2 ≥ margin ∧ mutual-rank condition)
 *
 * where r_i is i's similarity to its k-th nearest neighbour (a quantile, so
 * a duplicate group smaller than k does not raise its own reference), but at
 * least `floor`: a neighbourhood sparser than a real collection's typical one
 * (the item is alone among things of another kind) proves nothing.
 *
 * Defaults were chosen on real MobileNetV2-1.4 embeddings of two sets with
 * opposite failure modes (bench/core/neardup-real.ts, bench/core/photos-set.ts):
 * 9 photos × 6 edits among 60 distinct emoji (a crowd of similar drawings:
 * a low margin admits emoji pairs) and 63 real wallpapers × 7 edits with
 * look-alikes (a high margin loses crops, letterboxes and low-quality
 * re-encodes). A grid over k ∈ {10, 20, 30} × margin 0.14–0.22 × mutual
 * {0, 2, 3, 5} × high {0.90, 0.92}, scored by the worse of the two sets'
 * reference-group pair F1: k 20, margin 0.18 gives emoji 0.956, photos 0.888,
 * against 0.931 / 0.860 for the former k 30, margin 0.22 (the mutual-rank
 * condition never helped); the reference floor (0.64) then costs 0.937 / 0.882
 * and keeps distinct items of a sparse kind apart (see `floor`). `npm run bench:dups` reports the photo set. A rule
 * fitted per archive by `calibrate_similarity` replaces them.
 */
import { ValidationError } from '../../contract/errors.js';
import { checkInt, checkNumber } from '../base/index.js';

export interface DuplicateRule {
  /**
   * Pairs at or above this cosine similarity are duplicates whatever their context.
   * @defaultValue 0.92
   */
  high: number;
  /**
   * Pairs below this cosine similarity are never duplicates.
   * @defaultValue 0.5
   */
  low: number;
  /**
   * Neighbourhood reference: r_i is the similarity to the k-th nearest
   * neighbour. Larger than a typical duplicate group (original + a few edits),
   * so a group does not raise its own reference.
   * @defaultValue 20
   */
  k: number;
  /**
   * In [low, high): required excess of cos over the mean neighbourhood reference (r_i + r_j)/2.
   * @defaultValue 0.18
   */
  margin: number;
  /**
   * In [low, high): also require i and j to be within each other's `mutual`
   * nearest neighbours (0 turns the condition off).
   * @defaultValue 0
   */
  mutual: number;
  /**
   * Least neighbourhood reference: r_i is at least this. Where even the k-th neighbour is
   * farther, the item sits among things of another kind (a few photos among drawings, a
   * folder of distinct wallpapers) and its neighbourhood says nothing about what a copy looks
   * like; without the floor any pair of its kind would "stand out". -1 turns it off.
   * @defaultValue 0.64 (see SPARSE_REFERENCE in neardup.ts for the measurements)
   */
  floor: number;
}

/** Defaults (see each field). Fitted on MobileNetV2-1.4 embeddings; `calibrate_similarity` refits them per archive. */
export const DEFAULT_DUPLICATE_RULE: Readonly<DuplicateRule> = Object.freeze({ high: 0.92, low: 0.5, k: 20, margin: 0.18, mutual: 0, floor: 0.64 });

/** Defaults merged with `partial`, validated (field names prefixed with `field`). */
export function resolveRule(partial: Partial<DuplicateRule> | undefined, field = 'rule'): DuplicateRule {
  const r = { ...DEFAULT_DUPLICATE_RULE, ...(partial ?? {}) };
  checkNumber(r.high, `${field}.high`, -1, 1.0001);
  checkNumber(r.low, `${field}.low`, -1, 1.0001);
  if (r.low > r.high) throw new ValidationError(`${field}.low`, 'number <= high');
  checkInt(r.k, `${field}.k`, 1, 1000);
  checkNumber(r.margin, `${field}.margin`, -2, 2);
  checkInt(r.mutual, `${field}.mutual`, 0, 1000);
  checkNumber(r.floor, `${field}.floor`, -1, 1);
  return r;
}

/** Everything the rule looks at for one pair. */
export interface PairContext {
  /** cosine similarity of the pair */
  sim: number;
  /** reference similarities r_i and r_j (k-th neighbour similarity; -1 when an item has fewer than k neighbours) */
  refA: number;
  refB: number;
  /** 1-based rank of b among a's neighbours and of a among b's (Infinity when unknown/absent) */
  rankAB: number;
  rankBA: number;
}

/** Whether the pair is a near-duplicate under `rule`. */
export function isDuplicate(rule: DuplicateRule, c: PairContext): boolean {
  if (c.sim >= rule.high) return true;
  if (c.sim < rule.low) return false;
  if (c.sim - (c.refA + c.refB) / 2 < rule.margin) return false;
  return rule.mutual === 0 || (c.rankAB <= rule.mutual && c.rankBA <= rule.mutual);
}

/**
 * The rule under a threshold `t` set by a person or by calibration: no pair
 * below `t` is a duplicate, and the context evidence only tightens — pairs in
 * [t, high) still need the margin. Raising `t` never adds a pair.
 */
export function atThreshold(rule: DuplicateRule, t: number): DuplicateRule {
  checkNumber(t, 'threshold', 0, 1);
  return { ...rule, low: Math.max(rule.low, t), high: Math.max(rule.high, t) };
}
