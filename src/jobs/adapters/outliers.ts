/**
 * `inliers_outliers` in its documented shape: content ids in and out,
 * `id_to_preference_weight` keyed by content id.
 */
import { ValidationError } from '../../contract/errors.js';
import type { InliersOutliersResults } from '../../contract/jobs.js';
import type { VectorSet } from '../../core/base/index.js';
import { findOutliers, type OutlierOptions, type OutlierResult } from '../../core/rank/index.js';

/** The job's JSON plus the per-row scores for a UI. */
export interface InliersOutliersOutput {
  results: InliersOutliersResults;
  detail: OutlierResult;
}

/**
 * Rank the rows (content `ids[i]` for row i) from inlier to outlier.
 * @throws ValidationError('inputs.id_to_preference_weight.<id>', ...) for a weight on an id not among `ids`, or a non-finite weight
 */
export async function inliersOutliers(
  vs: VectorSet,
  ids: ArrayLike<number>,
  idToPreferenceWeight: Readonly<Record<number, number>> | null | undefined,
  options: Omit<OutlierOptions, 'preferenceWeights'> = {},
): Promise<InliersOutliersOutput> {
  if (ids.length !== vs.n) throw new ValidationError('ids', 'one id per row');
  const rowOf = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) rowOf.set(ids[i], i);
  const weights = new Map<number, number>();
  if (idToPreferenceWeight !== null && idToPreferenceWeight !== undefined) {
    if (typeof idToPreferenceWeight !== 'object') throw new ValidationError('inputs.id_to_preference_weight', 'dict of int to int or None');
    for (const [key, w] of Object.entries(idToPreferenceWeight)) {
      const field = `inputs.id_to_preference_weight.${key}`;
      const row = rowOf.get(Number(key));
      if (row === undefined) throw new ValidationError(field, 'id of a content in the archive subset');
      if (typeof w !== 'number' || !Number.isFinite(w)) throw new ValidationError(field, 'finite number');
      weights.set(row, w);
    }
  }
  const detail = await findOutliers(vs, { ...options, preferenceWeights: weights });
  return {
    results: {
      content_ids_sorted_by_inliers: Array.from(detail.inliers, (r) => ids[r]),
      content_ids_sorted_by_outliers: Array.from(detail.outliers, (r) => ids[r]),
      mean_distance: detail.meanDistance,
    },
    detail,
  };
}
